-- The resolution workflow on the generated bank (test/gen/sample: 191
-- people in households, five systems in their own formats, with
-- nicknames, typos, moves, married names, twins, a father and son of one
-- name, placeholders).  Holds a floor on pairwise precision, recall and F1
-- against the generator's truth.
SET client_min_messages = warning;
CREATE SCHEMA bank;
CREATE TABLE bank.cards (account_id text, full_name text, date_of_birth text, phone text, address text);
CREATE TABLE bank.mortgages (loan_id text, first_name text, middle_name text, last_name text, suffix text,
	birth_date text, ssn text, phone text, email text, street text, unit text, city text, state text, zip text);
CREATE TABLE bank.deposits (customer_no text, name text, email text, phone text, date_of_birth text,
	address_line text, city text, state text, postal_code text);
CREATE TABLE bank.insurance (policy_no text, insured_name text, date_of_birth text, ssn text, phone text,
	email text, street_address text, city text, state text, zip text);
CREATE TABLE bank.loyalty (member_id text, first_name text, last_name text, email text, phone text,
	birthday text, zip text);
CREATE TABLE bank.truth (source_name text, source_key text, person_id int);
CREATE TABLE bank.transactions (source_name text, source_key text, ts timestamptz, amount numeric);
\copy bank.cards FROM 'test/gen/sample/cards.csv' WITH (FORMAT csv, HEADER true)
\copy bank.mortgages FROM 'test/gen/sample/mortgages.csv' WITH (FORMAT csv, HEADER true)
\copy bank.deposits FROM 'test/gen/sample/deposits.csv' WITH (FORMAT csv, HEADER true)
\copy bank.insurance FROM 'test/gen/sample/insurance.csv' WITH (FORMAT csv, HEADER true)
\copy bank.loyalty FROM 'test/gen/sample/loyalty.csv' WITH (FORMAT csv, HEADER true)
\copy bank.truth FROM 'test/gen/sample/truth.csv' WITH (FORMAT csv, HEADER true)
\copy bank.transactions FROM 'test/gen/sample/cards_transactions.csv' WITH (FORMAT csv, HEADER true)
\copy bank.transactions FROM 'test/gen/sample/loyalty_transactions.csv' WITH (FORMAT csv, HEADER true)
CREATE VIEW bank.mortgage_v AS
SELECT *, concat_ws(' ', street, unit) AS street_line FROM bank.mortgages;

SELECT c360.add_source('cards', 'bank.cards', 'account_id',
  '{"full_name": "full_name", "birth_date": {"column": "date_of_birth", "format": "MM/DD/YYYY"},
    "phone": "phone", "address": "address", "account_id": "account_id"}', trust => 1) > 0 AS cards,
       c360.add_source('mortgages', 'bank.mortgage_v', 'loan_id',
  '{"given_name": "first_name", "middle_name": "middle_name", "family_name": "last_name",
    "name_suffix": "suffix", "birth_date": "birth_date", "national_id": "ssn", "phone": "phone",
    "email": "email", "street": "street_line", "city": "city", "region": "state", "postcode": "zip",
    "account_id": "loan_id"}', trust => 3) > 0 AS mortgages,
       c360.add_source('deposits', 'bank.deposits', 'customer_no',
  '{"full_name": "name", "email": "email", "phone": "phone",
    "birth_date": {"column": "date_of_birth", "format": "DD-MON-YYYY"},
    "street": "address_line", "city": "city", "region": "state", "postcode": "postal_code"}', trust => 2) > 0 AS deposits,
       c360.add_source('insurance', 'bank.insurance', 'policy_no',
  '{"full_name": "insured_name", "birth_date": "date_of_birth", "national_id": "ssn", "phone": "phone",
    "email": "email", "street": "street_address", "city": "city", "region": "state", "postcode": "zip",
    "account_id": "policy_no"}', trust => 2) > 0 AS insurance,
       c360.add_source('loyalty', 'bank.loyalty', 'member_id',
  '{"given_name": "first_name", "family_name": "last_name", "email": "email", "phone": "phone",
    "postcode": "zip"}') > 0 AS loyalty;

SELECT (s -> 'records')::int AS records, s -> 'records_rejected' AS rejected FROM c360.resolve(retrain => true) s;
WITH rec AS (SELECT c.record_id, c.customer_id, t.person_id FROM c360.customer_source c
             JOIN bank.truth t USING (source_name, source_key)),
pairs AS (SELECT (a.customer_id = b.customer_id) AS predicted, (a.person_id = b.person_id) AS actual
          FROM rec a JOIN rec b ON a.record_id < b.record_id),
counts AS (SELECT count(*) FILTER (WHERE predicted AND actual)::numeric AS tp,
                  count(*) FILTER (WHERE predicted) AS p, count(*) FILTER (WHERE actual) AS t FROM pairs)
SELECT tp / p >= 0.93 AS precision_floor, tp / t >= 0.96 AS recall_floor,
       2 * tp / (p + t) >= 0.95 AS f1_floor
FROM counts;
-- Every record of the truth is in the crosswalk, once.
SELECT count(*) = (SELECT count(*) FROM bank.truth) AS all_records, count(DISTINCT (source_name, source_key)) = count(*) AS once
FROM c360.customer_source;
-- A steward merges the customers the matching kept apart that the truth
-- says are one person (the two holding their records): after the next
-- resolve every record the two customers had is in one customer, however
-- weakly the records of either matched each other.
CREATE TEMP TABLE split_people AS
SELECT t.person_id, array_agg(DISTINCT c.customer_id ORDER BY c.customer_id) AS customers
FROM c360.customer_source c JOIN bank.truth t USING (source_name, source_key)
GROUP BY t.person_id HAVING count(DISTINCT c.customer_id) = 2;
CREATE TEMP TABLE before_merge AS
SELECT p.person_id, c.source_name, c.source_key
FROM split_people p JOIN c360.customer_source c ON c.customer_id = ANY (p.customers);
SELECT count(*) > 0 AS some_people_to_merge FROM split_people;
SELECT bool_and(c360.merge(customers[1], customers[2])::text = '') AS merged
FROM split_people;
SELECT c360.resolve() IS NOT NULL AS resolved;
SELECT count(*) AS merged_but_still_apart FROM (
	SELECT b.person_id FROM before_merge b JOIN c360.customer_source c USING (source_name, source_key)
	GROUP BY b.person_id HAVING count(DISTINCT c.customer_id) > 1) x;
DELETE FROM c360.steward_decision;
-- resolve_record: a new card of a known person joins that person at once;
-- a row that is gone gives NULL; an unknown source is an error.
INSERT INTO bank.cards SELECT '9999000000000001', full_name, date_of_birth, phone, address
FROM bank.cards WHERE account_id = (SELECT min(account_id) FROM bank.cards);
SELECT c360.resolve_record('cards', '9999000000000001')
     = (SELECT customer_id FROM c360.customer_source
        WHERE source_name = 'cards' AND source_key = (SELECT min(account_id) FROM bank.cards)) AS joined_its_person;
SELECT c360.resolve_record('cards', '9999000000000001') IS NOT NULL AS unchanged_keeps_its_id;
DELETE FROM bank.cards WHERE account_id = '9999000000000001';
SELECT c360.resolve_record('cards', '9999000000000001') AS gone;
SELECT c360.resolve_record('cards', NULL) AS null_key;
SELECT c360.resolve_record('no_such_source', 'x');
SELECT c360.drop_source(name) FROM c360.source ORDER BY name;
DROP SCHEMA bank CASCADE;
-- Leave no model behind: the next test trains its own.
DELETE FROM c360.model;
RESET client_min_messages;
