-- Customer value across systems through the crosswalk: add_transactions,
-- customer_transactions, customer_value_at / customer_value (generated bank
-- sample: cards and loyalty with their transactions).
SET client_min_messages = warning;
CREATE TABLE cards (account_id text, full_name text, date_of_birth text, phone text, address text);
\copy cards FROM 'test/gen/sample/cards.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE loyalty (member_id text, first_name text, last_name text, email text, phone text, birthday text, zip text);
\copy loyalty FROM 'test/gen/sample/loyalty.csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE tx (source_name text, source_key text, ts timestamptz, amount numeric);
\copy tx FROM 'test/gen/sample/cards_transactions.csv' WITH (FORMAT csv, HEADER true)
\copy tx FROM 'test/gen/sample/loyalty_transactions.csv' WITH (FORMAT csv, HEADER true)
CREATE VIEW card_tx AS SELECT * FROM tx WHERE source_name = 'cards';
CREATE VIEW loyalty_tx AS SELECT * FROM tx WHERE source_name = 'loyalty';
SELECT c360.add_source('cards', 'cards', 'account_id', '{"full_name": "full_name", "birth_date": {"column": "date_of_birth", "format": "MM/DD/YYYY"}, "phone": "phone", "address": "address"}') > 0 AS added;
SELECT c360.add_source('loyalty', 'loyalty', 'member_id', '{"given_name": "first_name", "family_name": "last_name", "email": "email", "phone": "phone", "postcode": "zip"}') > 0 AS added;
SELECT c360.resolve() IS NOT NULL;
SELECT c360.add_transactions('card_tx', 'card_tx', 'cards', 'source_key', 'ts', 'amount');
SELECT c360.add_transactions('loyalty_tx', 'loyalty_tx', 'loyalty', 'source_key', 'ts', 'amount');
SELECT c360.add_transactions('x', 'loyalty_tx', 'nope', 'source_key', 'ts', 'amount');
SELECT c360.add_transactions('x', 'loyalty_tx', 'cards', 'source_key', 'source_name', 'amount');
SELECT c360.add_transactions('x', 'loyalty_tx', 'cards', 'source_key', 'ts', 'source_name');
SELECT c360.add_transactions(NULL, 'loyalty_tx', 'cards', 'source_key', 'ts', 'amount');
SELECT c360.add_transactions('x', 'loyalty_tx', 'cards', 'nokey', 'ts', 'amount');
SELECT c360.add_transactions('card_tx', 'loyalty_tx', 'cards', 'source_key', 'ts', 'amount');
SELECT count(*), count(DISTINCT customer_id) FROM c360.customer_transactions();
SELECT round(total_value, 2) AS total, frequency, round(recency::numeric, 1) AS recency, round(t::numeric, 1) AS t,
       round(p_alive::numeric, 3) AS p_alive, round(expected_purchases_1y::numeric, 2) AS exp_1y, round(clv_1y::numeric, 2) AS clv_1y, value_tier, rfm_segment
FROM c360.customer_value_at('2025-01-01') ORDER BY total_value DESC, frequency LIMIT 8;
SELECT value_tier, count(*) FROM c360.customer_value_at('2025-01-01') GROUP BY 1 ORDER BY 1;
SELECT count(*) > 0 FROM c360.customer_value;
-- Deterministic: the same answer twice, whatever the plan.
SELECT (SELECT array_agg(customer_id ORDER BY customer_id) FROM c360.customer_value_at('2025-01-01'))
     = (SELECT array_agg(customer_id ORDER BY customer_id) FROM c360.customer_value_at('2025-01-01')) AS stable;
-- Before any purchase: nobody is valued.
SELECT count(*) AS valued_before_first_purchase FROM c360.customer_value_at('2000-01-01');
RESET client_min_messages;
