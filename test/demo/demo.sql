-- make demo: a tour of customer360 on two source systems of one bank.
-- Run by test/demo/run_demo.sh in a throwaway cluster; psql variable
-- datadir names the folder with the sample CSV files.
\set ON_ERROR_STOP on
\pset footer off
\pset null '∅'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS customer360 CASCADE;

\echo
\echo '=== Two source systems, each with its own idea of a customer ==='
\echo
\echo 'The card system keeps "LAST, FIRST M" in capitals, US dates and one address line:'
CREATE SCHEMA cards;
CREATE TABLE cards.account (
	card_account text PRIMARY KEY, cardholder text, date_of_birth text,
	phone text, email text, billing_address text);
\set file :datadir '/cards.csv'
COPY cards.account FROM :'file' WITH (FORMAT csv, HEADER true);
SELECT card_account, cardholder, date_of_birth, phone, email FROM cards.account ORDER BY 1;

\echo 'The mortgage system splits names and addresses into fields and writes ISO dates:'
CREATE SCHEMA lending;
CREATE TABLE lending.mortgage (
	loan_id text PRIMARY KEY, first_name text, last_name text, birth_date text,
	phone text, email text, street text, city text, state text, zip text);
\set file :datadir '/mortgages.csv'
COPY lending.mortgage FROM :'file' WITH (FORMAT csv, HEADER true);
SELECT loan_id, first_name, last_name, birth_date, phone, email FROM lending.mortgage ORDER BY 1;

\echo
\echo '=== Names: parsed, normalized, nicknames resolved, phonetic codes ==='
\echo
SELECT c.card_account, c.cardholder, (c360.parse_name(c.cardholder)).*,
	   c360.normalize_name(c.cardholder) AS normalized
FROM cards.account c ORDER BY 1;

SELECT m.loan_id, m.first_name, m.last_name,
	   c360.normalize_name(m.first_name || ' ' || m.last_name) AS normalized,
	   c360.nickname_root(m.first_name) AS given_root,
	   c360.double_metaphone(m.last_name) AS family_codes
FROM lending.mortgage m ORDER BY 1;

\echo
\echo '=== Phones in E.164, canonical e-mail, dates: placeholders become NULL ==='
\echo
SELECT card_account, phone, c360.normalize_phone(phone) AS e164,
	   email, c360.normalize_email(email) AS email_key,
	   date_of_birth, c360.parse_date(date_of_birth, 'MM/DD/YYYY') AS dob
FROM cards.account ORDER BY 1;

SELECT loan_id, phone, c360.normalize_phone(phone) AS e164,
	   email, c360.normalize_email(email) AS email_key,
	   birth_date, c360.parse_date(birth_date) AS dob
FROM lending.mortgage ORDER BY 1;

\echo
\echo '=== Addresses to USPS Publication 28 form ==='
\echo
SELECT card_account, billing_address, c360.normalize_address(billing_address) AS normalized
FROM cards.account ORDER BY 1;
SELECT loan_id, street, c360.normalize_address(street) AS normalized_street
FROM lending.mortgage ORDER BY 1;

\echo
\echo '=== Side by side: raw values disagree, normalized ones agree ==='
\echo 'Pairs of a card and a mortgage record sharing a normalized phone or e-mail'
\echo '(the matching engine will score every attribute; this is what it starts from):'
\echo
WITH cards_n AS (
	SELECT card_account, cardholder, billing_address,
		   c360.parse_name(cardholder) AS name,
		   c360.normalize_phone(phone) AS phone, c360.normalize_email(email) AS email,
		   c360.parse_date(date_of_birth, 'MM/DD/YYYY') AS dob
	FROM cards.account),
lending_n AS (
	SELECT loan_id, first_name, last_name, street,
		   c360.normalize_phone(phone) AS phone, c360.normalize_email(email) AS email,
		   c360.parse_date(birth_date) AS dob
	FROM lending.mortgage)
SELECT c.card_account, l.loan_id,
	   c.cardholder, l.first_name || ' ' || l.last_name AS mortgage_name,
	   c360.nickname_root((c.name).given) = c360.nickname_root(split_part(l.first_name, ' ', 1)) AS same_given_root,
	   round(c360.jaro_winkler(c360.normalize_name((c.name).family), c360.normalize_name(l.last_name))::numeric, 3) AS family_jw,
	   c360.damerau_levenshtein(c360.normalize_name((c.name).family), c360.normalize_name(l.last_name), 2) AS family_edits,
	   c.dob = l.dob AS same_dob,
	   c360.normalize_address(c.billing_address) LIKE c360.normalize_address(l.street) || '%' AS same_street
FROM cards_n c JOIN lending_n l ON c.phone = l.phone OR c.email = l.email
ORDER BY 1, 2;

\echo
\echo 'Reading the table:'
\echo ' - 4000-0001 and 4000-0008, father and son, share an address and nearly a phone;'
\echo '   the date of birth and the JR suffix tell them apart. That is the matching engine''s job.'
\echo ' - Pat O Brien: nickname_root gives one root per name, and pat is patricia as often as'
\echo '   patrick, so the roots differ; the matching engine will compare every formal name a'
\echo '   nickname can stand for (docs/design/matching.md).'
\echo ' - 4000-0009: 13/45/1980 is no date, so the dates cannot agree or disagree (NULL).'

\echo
\echo '=== Clustering: records joined by any shared key become one group ==='
\echo 'c360.connected_components (union-find in C) over the links above: every record'
\echo 'lands in exactly one group, named by its smallest record id.'
\echo
CREATE TEMP TABLE demo_record AS
SELECT row_number() OVER (ORDER BY card_account) AS record_id, 'cards' AS source,
	   card_account AS source_key, cardholder AS name,
	   c360.normalize_phone(phone) AS phone, c360.normalize_email(email) AS email
FROM cards.account
UNION ALL
SELECT 100 + row_number() OVER (ORDER BY loan_id), 'mortgages', loan_id,
	   first_name || ' ' || last_name,
	   c360.normalize_phone(phone), c360.normalize_email(email)
FROM lending.mortgage;

SELECT cc.component AS group_id, r.source, r.source_key, r.name
FROM c360.connected_components($$
	SELECT a.record_id, b.record_id
	FROM demo_record a JOIN demo_record b
	  ON a.record_id < b.record_id AND (a.phone = b.phone OR a.email = b.email)
	UNION ALL
	SELECT record_id, NULL FROM demo_record   -- records with no link are groups of one
$$) cc JOIN demo_record r ON r.record_id = cc.node
ORDER BY cc.component, r.record_id;
\echo 'Exact keys alone miss Peggy Johnson (placeholder phone and e-mail on the card) and'
\echo 'cannot weigh evidence.  The matching engine below weighs every attribute.'

\echo
\echo '=== The matching engine: one prepared key per record, compared level by level ==='
\echo
SELECT c360.match_key(full_name => cardholder, birth_date => c360.parse_date(date_of_birth, 'MM/DD/YYYY'),
                      phone => phone, email => email, address => billing_address) AS key_of_card_4000_0001
FROM cards.account WHERE card_account = '4000-0001';
\echo 'Levels per attribute (given, family, birth date, email, phone, street, city, postcode, id;'
\echo '0 = missing, 1 = exact, higher = weaker; docs/reference/matching.md has every ladder)'
\echo 'for the card and mortgage of each person, and for the father and son of one name:'
SELECT c.card_account, l.loan_id, p.who, c.cardholder, l.first_name || ' ' || l.last_name AS mortgage_name,
       c360.match_levels(
         c360.match_key(full_name => c.cardholder, birth_date => c360.parse_date(c.date_of_birth, 'MM/DD/YYYY'),
                        phone => c.phone, email => c.email, address => c.billing_address),
         c360.match_key(given_name => l.first_name, family_name => l.last_name,
                        birth_date => c360.parse_date(l.birth_date), phone => l.phone, email => l.email,
                        street => l.street, city => l.city, postcode => l.zip)) AS levels
FROM (VALUES ('4000-0001', 'M-77001', 'one person'), ('4000-0002', 'M-77002', 'one person'),
             ('4000-0003', 'M-77003', 'one person'), ('4000-0004', 'M-77004', 'one person'),
             ('4000-0005', 'M-77005', 'one person'), ('4000-0006', 'M-77006', 'one person'),
             ('4000-0007', 'M-77007', 'one person'), ('4000-0009', 'M-77008', 'one person'),
             ('4000-0010', 'M-77009', 'one person'), ('4000-0008', 'M-77001', 'son and father')) p(card, loan, who)
JOIN cards.account c ON c.card_account = p.card JOIN lending.mortgage l ON l.loan_id = p.loan
ORDER BY p.who, 1;
\echo 'One person''s two records agree exactly (1) or nearly (Bob is a nickname of Robert: 3;'
\echo 'Mueller is Müller at Jaro-Winkler 0.88: 4), or say nothing (0: Katharina has no phone on'
\echo 'her mortgage, Liz''s card date 13/45/1980 is no date).  The son agrees with his father on'
\echo 'name and address, but not on birth date (5: different) or e-mail (4), and his phone is'
\echo 'one digit off (2).  The model turns each level into a weight and their sum into a'
\echo 'match probability.'

\echo
\echo '=== A bank with five systems: register, resolve, and see whole customers ==='
\echo 'A generated bank (test/gen: 200 people in households, with nicknames, typos, moves,'
\echo 'married names, twins, a father and son of one name, placeholders) keeps them in'
\echo 'five systems, each in its own format.  Ground truth is known, so we can score ourselves.'
\echo
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
\set file :datadir '/bank/cards.csv'
COPY bank.cards FROM :'file' WITH (FORMAT csv, HEADER true);
\set file :datadir '/bank/mortgages.csv'
COPY bank.mortgages FROM :'file' WITH (FORMAT csv, HEADER true);
\set file :datadir '/bank/deposits.csv'
COPY bank.deposits FROM :'file' WITH (FORMAT csv, HEADER true);
\set file :datadir '/bank/insurance.csv'
COPY bank.insurance FROM :'file' WITH (FORMAT csv, HEADER true);
\set file :datadir '/bank/loyalty.csv'
COPY bank.loyalty FROM :'file' WITH (FORMAT csv, HEADER true);
\set file :datadir '/bank/truth.csv'
COPY bank.truth FROM :'file' WITH (FORMAT csv, HEADER true);
\set file :datadir '/bank/cards_transactions.csv'
COPY bank.transactions FROM :'file' WITH (FORMAT csv, HEADER true);
\set file :datadir '/bank/loyalty_transactions.csv'
COPY bank.transactions FROM :'file' WITH (FORMAT csv, HEADER true);
CREATE VIEW bank.mortgage_v AS
SELECT *, concat_ws(' ', street, unit) AS street_line FROM bank.mortgages;

SELECT 'cards' AS system, count(*) AS records FROM bank.cards
UNION ALL SELECT 'mortgages', count(*) FROM bank.mortgages
UNION ALL SELECT 'deposits', count(*) FROM bank.deposits
UNION ALL SELECT 'insurance', count(*) FROM bank.insurance
UNION ALL SELECT 'loyalty', count(*) FROM bank.loyalty;

\echo 'Register each table as it is (a mapping of its columns to standard attributes):'
SELECT c360.add_source('cards', 'bank.cards', 'account_id',
  '{"full_name": "full_name", "birth_date": {"column": "date_of_birth", "format": "MM/DD/YYYY"},
    "phone": "phone", "address": "address", "account_id": "account_id"}', trust => 1) AS cards,
       c360.add_source('mortgages', 'bank.mortgage_v', 'loan_id',
  '{"given_name": "first_name", "middle_name": "middle_name", "family_name": "last_name",
    "name_suffix": "suffix", "birth_date": "birth_date", "national_id": "ssn", "phone": "phone",
    "email": "email", "street": "street_line", "city": "city", "region": "state", "postcode": "zip",
    "account_id": "loan_id"}', trust => 3) AS mortgages,
       c360.add_source('deposits', 'bank.deposits', 'customer_no',
  '{"full_name": "name", "email": "email", "phone": "phone",
    "birth_date": {"column": "date_of_birth", "format": "DD-MON-YYYY"},
    "street": "address_line", "city": "city", "region": "state", "postcode": "postal_code"}', trust => 2) AS deposits,
       c360.add_source('insurance', 'bank.insurance', 'policy_no',
  '{"full_name": "insured_name", "birth_date": "date_of_birth", "national_id": "ssn", "phone": "phone",
    "email": "email", "street": "street_address", "city": "city", "region": "state", "postcode": "zip",
    "account_id": "policy_no"}', trust => 2) AS insurance,
       c360.add_source('loyalty', 'bank.loyalty', 'member_id',
  '{"given_name": "first_name", "family_name": "last_name", "email": "email", "phone": "phone",
    "postcode": "zip"}') AS loyalty;

\echo 'One call resolves them (new, changed and deleted rows; keys; blocking; a model trained'
\echo 'without labels; scoring; clustering with the over-merge guard; stable ids; its last'
\echo 'phase, relate, groups the customers into households: see "Relationships and households"):'
SELECT jsonb_pretty(c360.resolve() - 'run_id' - 'relate') AS summary;

\echo 'How good is it?  Pairwise precision, recall and F1 against the generator''s truth:'
WITH rec AS (SELECT c.record_id, c.customer_id, t.person_id FROM c360.customer_source c
             JOIN bank.truth t USING (source_name, source_key)),
pairs AS (SELECT (a.customer_id = b.customer_id) AS predicted, (a.person_id = b.person_id) AS actual
          FROM rec a JOIN rec b ON a.record_id < b.record_id)
SELECT count(*) FILTER (WHERE predicted AND actual) AS correct_pairs,
       round(count(*) FILTER (WHERE predicted AND actual)::numeric / nullif(count(*) FILTER (WHERE predicted), 0), 3) AS precision,
       round(count(*) FILTER (WHERE predicted AND actual)::numeric / nullif(count(*) FILTER (WHERE actual), 0), 3) AS recall,
       round(2 * count(*) FILTER (WHERE predicted AND actual)::numeric
             / nullif(count(*) FILTER (WHERE predicted) + count(*) FILTER (WHERE actual), 0), 3) AS f1,
       (SELECT count(DISTINCT person_id) FROM bank.truth) AS people,
       (SELECT count(*) FROM c360.customer) AS customers
FROM pairs;

\echo
\echo 'The whole customer at a glance: the customer with the most accounts, in every system:'
SELECT a.customer_id, a.source_name, a.account_id, a.name_on_account
FROM c360.customer_account a
WHERE a.customer_id = (SELECT customer_id FROM c360.customer_account
                       GROUP BY customer_id ORDER BY count(DISTINCT source_name) DESC, count(*) DESC, customer_id LIMIT 1)
ORDER BY a.source_name, a.account_id;
\echo 'Their golden record (each attribute from the most trusted source that has it):'
SELECT customer_id, full_name, birth_date, email, phone, street, city, region, postcode,
       source_count, record_count
FROM c360.customer
WHERE customer_id = (SELECT customer_id FROM c360.customer_account
                     GROUP BY customer_id ORDER BY count(DISTINCT source_name) DESC, count(*) DESC, customer_id LIMIT 1);

\echo
\echo 'Why two records matched, attribute by attribute (c360.match_explain):'
SELECT e->>'attribute' AS attribute, e->>'a' AS card_value, e->>'b' AS other_value,
       e->>'level_name' AS level, round((e->>'weight')::numeric, 1) AS weight,
       round(coalesce((e->'tf'->>'adjustment')::numeric, 0), 1) AS tf_adjustment
FROM (SELECT c360.match_explain(m.model, ra.key, rb.key) AS x
      FROM c360.match_edge ed
      JOIN c360.record ra ON ra.record_id = ed.a JOIN c360.record rb ON rb.record_id = ed.b
      JOIN c360.source sa ON sa.source_id = ra.source_id JOIN c360.source sb ON sb.source_id = rb.source_id
      JOIN c360.model m ON m.active
      WHERE sa.name = 'cards' AND sb.name <> 'cards' AND ed.weight > 10
      ORDER BY ed.weight, ed.a, ed.b LIMIT 1) s,
     jsonb_array_elements(x->'attributes') e;

\echo
\echo 'Pairs a steward should look at (probability between 0.1 and 0.9):'
SELECT source_a, key_a, source_b, key_b, round(match_probability::numeric, 2) AS p
FROM c360.possible_match ORDER BY match_probability DESC, key_a, key_b LIMIT 8;

\echo
\echo '=== Customer value across systems, through the crosswalk ==='
\echo 'RFM per customer (weeks), a BG/NBD and a Gamma-Gamma fit, and the top customers by'
\echo 'expected value over the next year:'
CREATE TEMP TABLE demo_rfm AS
SELECT c.customer_id, (c360.rfm(t.ts, t.amount, timestamptz '2025-01-01', interval '1 week')).*
FROM bank.transactions t JOIN c360.customer_source c USING (source_name, source_key)
GROUP BY c.customer_id;
CREATE TEMP TABLE demo_models AS
SELECT (SELECT c360.bgnbd_fit(frequency, recency, t) FROM demo_rfm) AS bgnbd,
       (SELECT c360.gamma_gamma_fit(frequency, monetary_value) FROM demo_rfm WHERE frequency > 0) AS gg;
SELECT (c360.bgnbd_params(bgnbd)).* FROM demo_models;
SELECT r.customer_id, cu.full_name, r.frequency, round(r.recency::numeric, 1) AS recency,
       round(r.t::numeric, 1) AS t, round(r.total_value, 2) AS total_value,
       round(c360.p_alive(m.bgnbd, r.frequency, r.recency, r.t)::numeric, 2) AS p_alive,
       round(c360.clv(m.bgnbd, m.gg, r.frequency, r.recency, r.t, r.monetary_value, 52, 0.001)::numeric, 2) AS clv_1y
FROM demo_rfm r JOIN c360.customer cu USING (customer_id), demo_models m
ORDER BY clv_1y DESC NULLS LAST, r.customer_id LIMIT 8;
SELECT round(c360.pareto_share(total_value, 0.2)::numeric, 3) AS share_of_top_fifth,
       round(c360.gini(total_value)::numeric, 3) AS gini
FROM demo_rfm;

\echo
\echo '=== Relationships and households ==='
\echo 'The bank''s feeds also say who is related to whom, by record keys of its systems:'
\echo 'mortgage co-borrowers, insurance beneficiaries (with their relation to the insured),'
\echo 'loyalty referrals, and the holders of joint deposit accounts.  Each feed has the bad'
\echo 'rows real feeds have: closed accounts, relations nobody defined, self-referrals, cycles,'
\echo 'and a placeholder account a data migration gave to many customers.'
CREATE TABLE bank.coborrowers (loan_id text, coborrower_customer_no text, relation text);
CREATE TABLE bank.beneficiaries (policy_no text, beneficiary_customer_no text, relation text);
CREATE TABLE bank.referrals (member_id text, referred_by text);
CREATE TABLE bank.deposit_holders (holding_id text, customer_no text, account_no text);
CREATE TABLE bank.households (person_id int, household_id int);
\set file :datadir '/bank/mortgage_coborrowers.csv'
COPY bank.coborrowers FROM :'file' WITH (FORMAT csv, HEADER true);
\set file :datadir '/bank/insurance_beneficiaries.csv'
COPY bank.beneficiaries FROM :'file' WITH (FORMAT csv, HEADER true);
\set file :datadir '/bank/loyalty_referrals.csv'
COPY bank.referrals FROM :'file' WITH (FORMAT csv, HEADER true);
\set file :datadir '/bank/deposit_holders.csv'
COPY bank.deposit_holders FROM :'file' WITH (FORMAT csv, HEADER true);
\set file :datadir '/bank/households.csv'
COPY bank.households FROM :'file' WITH (FORMAT csv, HEADER true);
SELECT * FROM bank.beneficiaries ORDER BY policy_no LIMIT 4;

\echo 'Joint accounts: each holding is a record with the account as its account_id; holders'
\echo 'of one account become joint holders without any declaration.  The feeds are registered'
\echo 'as they are (a kind for every row, or a column with each row''s kind):'
CREATE VIEW bank.deposit_holding AS
SELECT h.holding_id, h.account_no, d.name, d.email, d.phone, d.date_of_birth, d.address_line,
       d.city, d.state, d.postal_code
FROM bank.deposit_holders h JOIN bank.deposits d USING (customer_no);
SELECT c360.add_source('deposit_holdings', 'bank.deposit_holding', 'holding_id',
  '{"full_name": "name", "email": "email", "phone": "phone",
    "birth_date": {"column": "date_of_birth", "format": "DD-MON-YYYY"},
    "street": "address_line", "city": "city", "region": "state", "postcode": "postal_code",
    "account_id": "account_no"}', trust => 2) AS deposit_holdings;
SELECT c360.add_relationship_source('coborrowers', 'bank.coborrowers', 'deposits', 'coborrower_customer_no',
                                    'mortgages', 'loan_id', kind_column => 'relation') AS coborrowers,
       c360.add_relationship_source('beneficiaries', 'bank.beneficiaries', 'deposits', 'beneficiary_customer_no',
                                    'insurance', 'policy_no', kind => 'beneficiary') AS beneficiaries,
       c360.add_relationship_source('beneficiary_relations', 'bank.beneficiaries', 'deposits',
                                    'beneficiary_customer_no', 'insurance', 'policy_no',
                                    kind_column => 'relation') AS beneficiary_relations,
       c360.add_relationship_source('referrals', 'bank.referrals', 'loyalty', 'member_id',
                                    'loyalty', 'referred_by', kind => 'referred_by') AS referrals;
CREATE VIEW bank.card_tx AS SELECT * FROM bank.transactions WHERE source_name = 'cards';
CREATE VIEW bank.loyalty_tx AS SELECT * FROM bank.transactions WHERE source_name = 'loyalty';
SELECT c360.add_transactions('card_tx', 'bank.card_tx', 'cards', 'source_key', 'ts', 'amount') AS card_tx,
       c360.add_transactions('loyalty_tx', 'bank.loyalty_tx', 'loyalty', 'source_key', 'ts', 'amount') AS loyalty_tx;

\echo 'The next resolve maps every row to customers through the crosswalk, stores both'
\echo 'directions with the inverse kind, and finds the households:'
SELECT jsonb_pretty(c360.resolve() -> 'relate') AS relationships_and_households;
\echo 'Rows the feeds could not use, and why (nothing aborts the run):'
SELECT source_name, reason, count(*) AS rows
FROM c360.rejected_relationship GROUP BY 1, 2 ORDER BY 1, 2;

\echo
\echo 'One family: the household with the most members.  Who is who to whom:'
CREATE TEMP TABLE demo_family AS
SELECT household_id FROM c360.household_summary ORDER BY member_count DESC, household_id LIMIT 1;
SELECT a.full_name AS customer, r.kind AS is, b.full_name AS of, r.source_name AS says
FROM c360.relationship r
JOIN c360.household h ON h.customer_id = r.customer_id
JOIN c360.customer a ON a.customer_id = r.customer_id
JOIN c360.customer b ON b.customer_id = r.related_customer_id
WHERE h.household_id = (SELECT household_id FROM demo_family)
ORDER BY a.full_name, r.kind, b.full_name, r.source_name;
\echo 'Its summary, with the combined value of its members across every system:'
SELECT member_count, names, address, round(total_value, 2) AS total_value, round(clv_1y::numeric, 2) AS clv_1y
FROM c360.household_summary WHERE household_id = (SELECT household_id FROM demo_family);
\echo 'The households worth the most:'
SELECT member_count, names, round(total_value, 2) AS total_value, round(clv_1y::numeric, 2) AS clv_1y
FROM c360.household_summary WHERE member_count > 1
ORDER BY clv_1y DESC NULLS LAST, household_id LIMIT 5;

\echo 'How good are the households?  Pairwise precision and recall of "lives with" against the'
\echo 'generator''s households (a person counts in the household of the customer holding most'
\echo 'of their records):'
WITH truth AS (
	SELECT source_name, source_key, person_id FROM bank.truth
	UNION ALL
	SELECT 'deposit_holdings', h.holding_id, t.person_id
	FROM bank.deposit_holders h JOIN bank.truth t ON t.source_name = 'deposits' AND t.source_key = h.customer_no),
pc AS (SELECT DISTINCT ON (t.person_id) t.person_id, c.customer_id
       FROM c360.customer_source c JOIN truth t USING (source_name, source_key)
       GROUP BY t.person_id, c.customer_id ORDER BY t.person_id, count(*) DESC, c.customer_id),
ph AS (SELECT pc.person_id, h.household_id AS predicted, t.household_id AS actual
       FROM pc JOIN c360.household h USING (customer_id) JOIN bank.households t USING (person_id)),
pairs AS (SELECT a.predicted = b.predicted AS p, a.actual = b.actual AS t
          FROM ph a JOIN ph b ON a.person_id < b.person_id)
SELECT count(*) FILTER (WHERE p AND t) AS correct_pairs,
       round(count(*) FILTER (WHERE p AND t)::numeric / nullif(count(*) FILTER (WHERE p), 0), 3) AS precision,
       round(count(*) FILTER (WHERE p AND t)::numeric / nullif(count(*) FILTER (WHERE t), 0), 3) AS recall,
       (SELECT count(DISTINCT household_id) FROM bank.households) AS true_households,
       (SELECT count(*) FROM c360.household_summary) AS households
FROM pairs;

\echo
\echo 'Household ids stay put from run to run, and an id that goes is not lost.  When the'
\echo 'relationships arrived, households joined (a wife still on file at her address before'
\echo 'the marriage, a child named as beneficiary): c360.household_id_history keeps every id'
\echo 'that went (merge, into the household that has most of its members) and every member'
\echo 'who left an id that lives on (split):'
SELECT kind, count(*) AS history_rows FROM c360.household_id_history GROUP BY 1 ORDER BY 1;
\echo 'An id saved before (a CRM export, a campaign list) still finds its household: here every'
\echo 'id that went into the family above, and what c360.current_household_id answers for it:'
SELECT h.old_id AS saved_id, c360.current_household_id(h.old_id) AS household_now, s.member_count, s.names
FROM c360.household_id_history h
JOIN c360.household_summary s ON s.household_id = c360.current_household_id(h.old_id)
WHERE h.kind = 'merge' AND h.new_id = (SELECT household_id FROM demo_family)
ORDER BY 1;

\echo 'Two customers of one household with one given name and one phone number: one person'
\echo 'under two names and two addresses (married, moved) that the matching kept apart?'
CREATE TEMP TABLE demo_same AS
SELECT DISTINCT a.customer_id AS a, b.customer_id AS b
FROM c360.household a
JOIN c360.household b ON b.household_id = a.household_id AND b.customer_id > a.customer_id
JOIN c360.record_customer ca ON ca.customer_id = a.customer_id JOIN c360.record ra ON ra.record_id = ca.record_id
JOIN c360.record_customer cb ON cb.customer_id = b.customer_id JOIN c360.record rb ON rb.record_id = cb.record_id
WHERE rb.phone = ra.phone AND rb.given = ra.given;
SELECT d.a, ca.full_name AS name_a, ca.street AS street_a, d.b, cb.full_name AS name_b, cb.street AS street_b
FROM demo_same d JOIN c360.customer ca ON ca.customer_id = d.a JOIN c360.customer cb ON cb.customer_id = d.b
ORDER BY 1, 4;
\echo 'The generator''s truth says yes: each pair is one woman under her maiden and married'
\echo 'names (Isabella Martinez is Isabella Jones; Bobbie Castillo, who moved, is Bobbie'
\echo 'Redville-Brown).  A steward who agrees says so with c360.merge(a, b); the next resolve'
\echo 'joins every record of both (the older id survives), and every later resolve keeps them'
\echo 'together (docs/reference/resolve.md, Stewardship):'
SELECT count(c360.merge(a, b)::text) AS merges_decided FROM demo_same;
SELECT (s ->> 'customers')::int AS customers_now FROM c360.resolve() s;
SELECT d.a AS kept_id, d.b AS merged_id, c360.current_customer_id(d.b) AS merged_id_answers,
       c.full_name, c.record_count, c.source_count
FROM demo_same d JOIN c360.customer c ON c.customer_id = least(d.a, d.b)
ORDER BY 1;
\echo
\echo '=== Who is this customer to the others?  A neighbourhood, a path, influence, a picture ==='
\echo 'The graph functions read the relationships resolve just stored (both directions).'
\echo 'The customer with the most others within two relationships (c360.neighbourhood: one'
\echo 'index probe per hop, so it costs the same in a table of millions):'
SELECT c.customer_id AS featured
FROM (SELECT DISTINCT customer_id FROM c360.customer_relationship) c
ORDER BY (SELECT count(*) FROM c360.neighbourhood(c.customer_id, 2)) DESC, c.customer_id LIMIT 1 \gset
SELECT n.customer_id, n.hops, n.path, n.kinds, c.full_name
FROM c360.neighbourhood(:featured, 2) n LEFT JOIN c360.customer c USING (customer_id)
ORDER BY n.hops, n.customer_id;
\echo 'How is the farthest of them related to our customer (c360.relationship_path)?'
SELECT p.step, p.customer_id, p.kind, c.full_name
FROM c360.relationship_path(:featured,
       (SELECT customer_id FROM c360.neighbourhood(:featured, 2) ORDER BY hops DESC, customer_id DESC LIMIT 1)) p
LEFT JOIN c360.customer c USING (customer_id)
ORDER BY p.step;
\echo 'Who brings value through the customers they referred (c360.influence, value = total'
\echo 'spend from the RFM table above, halved per hop)?'
SELECT i.customer_id, c.full_name, round(i.own_value::numeric, 2) AS own_value,
       round(i.indirect_value::numeric, 2) AS indirect_value, i.referred_customers
FROM c360.influence('SELECT customer_id, total_value FROM demo_rfm') i
LEFT JOIN c360.customer c USING (customer_id)
ORDER BY i.indirect_value DESC, i.customer_id LIMIT 5;
\echo 'When somebody walks in, who is the most valuable customer close to them?'
SELECT m.customer_id, m.nearby_customer_id, c.full_name AS nearby_name, m.hops,
       round(m.nearby_value::numeric, 2) AS nearby_value, m.kinds
FROM c360.most_valuable_nearby('SELECT customer_id, total_value FROM demo_rfm') m
LEFT JOIN c360.customer c ON c.customer_id = m.nearby_customer_id
ORDER BY m.nearby_value DESC, m.customer_id LIMIT 5;

\echo 'And the picture (c360.graph_dot, Graphviz DOT; make demo renders it): a box per customer'
\echo '(ours in gold), an arrow A -> B labelled k for "A is k of B" (a plain line for the kinds'
\echo 'that read both ways: spouse, partner, joint_holder), a dashed frame around each household.'
\pset format unaligned
\pset tuples_only on
\o :picture_dot
SELECT c360.graph_dot(:featured, 2);
\o
\pset format aligned
\pset tuples_only off
