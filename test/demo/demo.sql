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
\echo 'cannot weigh evidence: the probabilistic matching engine is the next release.'
