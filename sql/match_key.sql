-- c360.match_key, c360.match_levels, c360.match_key_attributes
\pset null '(null)'

-- One record from a card system, in every form it may come.
SELECT c360.match_key(full_name => 'SMITH, JOHN A', birth_date => '1960-04-09',
       email => 'John.Smith@Acme-Mail.COM', phone => '+44 20 7946 0958',
       address => '123 Main St Apt 4, Springfield, IL 62704',
       national_id => '123-45-6780');
SELECT c360.match_key(given_name => 'José', family_name => 'García-López',
       street => '7 Wallaby Place', city => 'Cleveland', postcode => '2119',
       default_country => 'AU', phone => '(02) 9374 4000');

-- The text form reads back into the same key.
WITH k AS (SELECT c360.match_key(full_name => 'Dr Mary-Ann O''Brien Jr',
           birth_date => '2000-02-29', address => '1 Main St, Boston, MA 02110') AS k)
SELECT k::text::c360.match_key::text = k::text AS same_text,
       c360.match_key_send(k) = c360.match_key_send(k::text::c360.match_key) AS same_bytes
FROM k;
SELECT '{"given_name": "ann", "birth_date": "1990-01-02"}'::c360.match_key;

-- Levels: the order of the array and the ladders.
SELECT c360.match_levels(
  c360.match_key(given_name => 'Sam', family_name => 'Green', birth_date => '1956-04-09',
                 street => '7 wallaby place', city => 'cleveland', postcode => '2119',
                 national_id => '1804974', email => 'sgreen@acmemail.com', phone => '212 555 0123'),
  c360.match_key(given_name => 'Samuel', family_name => 'Greene', birth_date => '1956-09-04',
                 street => '7 Wallaby Pl', city => 'Cleevland', postcode => '2191',
                 national_id => '1804947', email => 'sgreen@acmemail.org', phone => '(212) 555-0132'));
SELECT c360.match_levels(c360.match_key(given_name => 'green', family_name => 'mitchell'),
                         c360.match_key(given_name => 'Mitchell', family_name => 'Green')) AS swapped;
SELECT c360.match_levels(c360.match_key(full_name => 'SMITH, JOHN'),
                         c360.match_key(full_name => 'J Smith-Jones')) AS initial;
-- Swapped with a double-barrelled family name: one part of it as the other
-- record's given name counts as that name.  A shared part alone is not a
-- swap: the given names must cross too.
SELECT g1, f1, g2, f2,
       (c360.match_levels(c360.match_key(given_name => g1, family_name => f1),
                          c360.match_key(given_name => g2, family_name => f2)))[1:2] AS names
FROM (VALUES ('Emma', 'Moore-Johnson', 'Moore', 'Emma'),
             ('Emma', 'Moore Johnson', 'Moore Johnson', 'Emma'),
             ('Emma', 'MOORE JOHNSON', 'Johnson', 'Emma'),
             ('Emma', 'Moore-Johnson', 'Olivia', 'Moore'),
             ('Emma', 'Moore-Johnson', 'Johnson', 'Moore'),
             ('Emma', 'Moore-Johnson', 'Emma', 'Moore'),
             ('Дмитрий', 'Иванов-Петров', 'Петров', 'Дмитрий'),
             ('Emma 😀', 'Moore-Johnson', 'Moore', E'Emma\x01')) v(g1, f1, g2, f2);
SELECT (c360.match_levels(c360.match_key(full_name => 'Emma Moore-Johnson'),
                          c360.match_key(full_name => 'EMMA, MOORE')))[1:2] AS full_names;
-- Identical keys: exact on what is present, missing elsewhere.
SELECT c360.match_levels(k, k) FROM (SELECT c360.match_key(given_name => 'Ann', birth_date => '1990-01-02') k) s;

-- Absent values: NULL, empty, placeholders, junk, huge, non-Latin, emoji, control characters.
SELECT c360.match_key();
SELECT c360.match_key_attributes(c360.match_key(given_name => 'UNKNOWN', family_name => 'N/A',
       national_id => '000-00-0000', email => 'none@none.com', phone => '000-000-0000',
       postcode => '00000', street => '!!!', city => ''));
SELECT c360.match_key_attributes(c360.match_key(given_name => repeat('x', 1000000),
       address => repeat('1 Main St ', 100000)));
SELECT c360.match_key(given_name => 'Дмитрий', family_name => 'Ελληνικά');
SELECT c360.match_key(given_name => E'An\tn\u0001', family_name => '😀 Lee');
SELECT c360.match_key(birth_date => 'infinity');
SELECT c360.match_levels(NULL, c360.match_key(given_name => 'x'));

-- Bad arguments and bad text.
SELECT c360.match_key(phone => '555 0100', default_country => 'XX');
SELECT c360.match_key(phone => '555 0100', default_country => 'USA');
SELECT '[1, 2]'::c360.match_key;
SELECT '{"shoe_size": "9"}'::c360.match_key;
SELECT '{"birth_date": "2001-02-29"}'::c360.match_key;
SELECT '{"given_name": 7}'::c360.match_key;
SELECT '{"given_name": {"a": "b"}}'::c360.match_key;
SELECT 'not json'::c360.match_key;

-- ZIP+4 and ZIP: a US postcode 44109-9067 (or 441099067) is kept as its
-- ZIP code 44109, so it agrees with 44109.  default_country is 'US'
-- unless given; NULL is unknown: then only the hyphenated shape, or a US
-- state in region, counts.  Other countries' postcodes are never cut.
SELECT left(pc, 12) AS pc, cc, region, c360.match_key_value(c360.match_key(postcode => pc, region => region,
                                                         default_country => cc), 'postcode') AS kept
FROM (VALUES ('44109-9067', 'US', NULL), ('441099067', 'US', NULL), ('44109 9067', 'US', NULL),
             ('44109', 'US', NULL), ('00901-1234', 'PR', NULL), ('00000-0000', 'US', NULL),
             ('44109-9067', NULL, NULL), ('441099067', NULL, NULL), ('441099067', NULL, 'OH'),
             ('441099067', NULL, 'WA'), ('44109-9067', 'AU', NULL), ('123456789', 'BR', NULL),
             ('SW1A 1AA', 'GB', NULL), ('K1A 0B1', 'CA', NULL), ('1234 AB', 'NL', NULL),
             ('44109-90671', 'US', NULL), (repeat('4', 1000000), 'US', NULL)) v(pc, cc, region);
SELECT c360.match_levels(c360.match_key(postcode => '44109-9067'), c360.match_key(postcode => '44109')) AS zip4_zip,
       c360.match_levels(c360.match_key(address => '406 5th Dr Apt 21, Cleveland, OH 44109-9067'),
                         c360.match_key(street => '406 5th Dr #21', city => 'Cleveland', postcode => '44109')) AS address_zip,
       c360.match_levels(c360.match_key(postcode => '441099067', default_country => 'AU'),
                         c360.match_key(postcode => '44109', default_country => 'AU')) AS not_us;

-- Keys live in tables; levels in parallel queries.
CREATE TABLE match_key_people AS
SELECT i AS id, c360.match_key(given_name => (ARRAY['Ann','Anne','Bob','Robert'])[1 + i % 4],
       family_name => 'Lee', birth_date => date '1990-01-01' + (i % 3)) AS k
FROM generate_series(1, 8) i;
SELECT a.id, b.id, c360.match_levels(a.k, b.k)
FROM match_key_people a JOIN match_key_people b ON a.id < b.id AND a.id <= 2 AND b.id <= 5
ORDER BY 1, 2;
DROP TABLE match_key_people;

-- c360.match_key_value: the normalized value compared for one attribute.
SELECT a, c360.match_key_value(c360.match_key(full_name => 'SMITH, JOHN A', birth_date => '1960-04-09',
       phone => '+44 20 7946 0958', address => '123 Main St Apt 4, Springfield, IL 62704'), a)
FROM unnest(ARRAY['given_name', 'family_name', 'birth_date', 'email', 'phone', 'street',
                  'city', 'postcode', 'national_id', 'house_number', 'street_name', 'unit']) a;
-- The parts of the street of a key without an address, or without a unit.
SELECT c360.match_key_value(c360.match_key(given_name => 'x'), 'house_number') AS no_address,
       c360.match_key_value(c360.match_key(address => '9 Elm Rd, Dover, DE 19901'), 'unit') AS no_unit,
       c360.match_key_value(c360.match_key(street => '9 Elm Rd'), 'street_name') AS street_name;
SELECT c360.match_key_value(c360.match_key(given_name => 'x'), 'shoe_size');

-- c360.record_key(attrs, date_format): the key resolve builds from a
-- record's mapped attributes, the same as c360.match_key with each
-- argument attrs ->> its name and birth_date through c360.parse_date.
CREATE TABLE record_key_cases (id int, attrs jsonb, fmt text);
INSERT INTO record_key_cases VALUES
	(1, '{"full_name": "SMITH, JOHN A", "birth_date": "04/09/1960", "phone": "(216) 555-0100",
	      "address": "123 Main St Apt 4, Springfield, IL 62704", "account_id": "C-1"}', 'MM/DD/YYYY'),
	(2, '{"given_name": "Bob", "family_name": "van der Berg", "middle_name": "J", "email": "Bob.V@Example.com",
	      "street": "9 Elm Rd", "city": "Dover", "region": "DE", "postcode": "19901", "national_id": "123-45-6789"}', NULL),
	(3, '{"birth_date": "1960-04-09"}', NULL),
	(4, '{"birth_date": "09-APR-1960"}', 'DD-MON-YYYY'),
	(5, '{"birth_date": "not a date", "given_name": "Ann"}', 'DD/MM/YYYY'),
	(6, '{"postcode": 44109, "phone": 2165550100, "given_name": true, "family_name": null}', NULL),
	(7, '{"given_name": {"a": 1}, "family_name": ["Lee"]}', NULL),
	(8, '["not", "an", "object"]', NULL),
	(9, '"scalar"', NULL),
	(10, '{}', NULL),
	(11, NULL, NULL),
	(12, jsonb_build_object('given_name', repeat('a', 600), 'family_name', 'Lee'), NULL),
	(13, jsonb_build_object('family_name', repeat('é', 200), 'birth_date', repeat('1', 2000)), 'YYYYMMDD'),
	(14, '{"given_name": "Zoë", "family_name": "Ñúñez", "unknown_attribute": "x"}', NULL);
SELECT id, c360.record_key(attrs, fmt)::text IS NOT DISTINCT FROM
       c360.match_key(given_name => attrs ->> 'given_name', family_name => attrs ->> 'family_name',
                      birth_date => c360.parse_date(attrs ->> 'birth_date', fmt),
                      email => attrs ->> 'email', phone => attrs ->> 'phone',
                      street => attrs ->> 'street', city => attrs ->> 'city',
                      postcode => attrs ->> 'postcode', national_id => attrs ->> 'national_id',
                      full_name => attrs ->> 'full_name', address => attrs ->> 'address',
                      middle_name => attrs ->> 'middle_name', region => attrs ->> 'region')::text AS same,
       c360.match_key_attributes(c360.record_key(attrs, fmt)) AS attributes
FROM record_key_cases ORDER BY id;
SELECT c360.match_key_value(c360.record_key('{"birth_date": "04/09/1960"}', 'MM/DD/YYYY'), 'birth_date') AS us_form,
       c360.match_key_value(c360.record_key('{"birth_date": "04/09/1960"}', 'DD/MM/YYYY'), 'birth_date') AS day_first;
-- A bad format is an error (as parse_date's) when there is a date to read;
-- without one the format is not read.
SELECT c360.record_key('{"birth_date": "04/09/1960"}', 'QQ');
SELECT c360.match_key_attributes(c360.record_key('{"given_name": "Ann"}', 'QQ')) AS no_date_no_error;
DROP TABLE record_key_cases;
