-- Postal addresses: c360.parse_address, c360.normalize_address.
-- (The extension and pg_trgm are loaded by the harness.)

-- The declarations: immutable, strict, parallel safe; the composite type.
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel,
       pg_catalog.format_type(p.prorettype, NULL) AS returns
FROM pg_catalog.pg_proc p
WHERE p.pronamespace = 'c360'::regnamespace
  AND p.proname IN ('parse_address', 'normalize_address')
ORDER BY p.proname;

SELECT a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = 'c360.address_parts'::regclass AND a.attnum > 0
ORDER BY a.attnum;

-- The specification's reference values.
SELECT * FROM c360.parse_address('123 Main Street Apartment 4, Springfield, IL 62704');
SELECT * FROM c360.parse_address('123 Main St Apt 4 Springfield IL 62704-1234');
SELECT * FROM c360.parse_address('123 MAIN ST APT 4');

SELECT c360.normalize_address('123 Main Street Apartment 4') AS a,
       c360.normalize_address('123 MAIN ST APT 4') AS b,
       c360.normalize_address('123 Main Street Apartment 4')
         = c360.normalize_address('123 MAIN ST APT 4') AS same;
SELECT c360.normalize_address('123 Main Street Apartment 4, Springfield, IL 62704') AS a,
       c360.normalize_address('123 MAIN ST APT 4 SPRINGFIELD IL 62704') AS b,
       c360.normalize_address('123 Main Street Apartment 4, Springfield, IL 62704')
         = c360.normalize_address('123 MAIN ST APT 4 SPRINGFIELD IL 62704') AS same;

-- Units, directionals, house numbers, PO boxes, numbered streets, names made
-- of suffix words, state names, ZIP+4, trailing country.
SELECT input, (c360.parse_address(input)).*, c360.normalize_address(input) AS normalized
FROM (VALUES
  ('123 Main St #4'),
  ('123 Main St Unit 4B'),
  ('123 Main St Apt. 4-B'),
  ('123 Main St Ste 200'),
  ('123 Main St Fl 3'),
  ('3rd Floor, 123 Main St'),
  ('123 Main St, Suite 200, Springfield, IL 62704'),
  ('1600 N. Pennsylvania Ave NW'),
  ('1600 Pennsylvania Avenue Northwest, Washington, D.C. 20500'),
  ('123 North St'),
  ('842 E 1700 S Salt Lake City UT 84111'),
  ('123 1/2 Main St'),
  ('45-67 Queens Blvd'),
  ('PO Box 123'),
  ('P.O. Box 123, Springfield, IL 62704'),
  ('RR 2 Box 152'),
  ('5th Avenue'),
  ('Fifth Avenue'),
  ('123 Park Ave'),
  ('1211 Avenue of the Americas, New York, NY 10036'),
  ('100 Street Rd'),
  ('456 Oak Grove Ave'),
  ('123 Mt Vernon Ave, Ft Worth, TX'),
  ('12345 Hwy 101 N'),
  ('Illinois'),
  ('123 Main St, Springfield, Illinois 62704, USA'),
  ('Springfield IL 62704 1234'),
  ('Los Angeles, Calif. 90012'),
  ('123 Oak Ct'),
  ('123 Main St Hartford CT 06103'),
  ('Palm Beach FL 33480'),
  ('Acme Corp, 123 Main St, Springfield IL')
) AS t(input);

-- Outside the US: defined best effort.
SELECT input, (c360.parse_address(input)).*, c360.normalize_address(input) AS normalized
FROM (VALUES
  ('6 tullaroop street, willaroo, st james 4011 wa'),
  ('Sydney NSW 2000 Australia'),
  ('Toronto ON M5V 2T6 Canada'),
  ('10 Downing St, London SW1A 2AA, United Kingdom'),
  ('Flat 3, 12 High Street, London W1A 1AA, UK'),
  ('Unter den Linden 77, 10117 Berlin, Germany'),
  ('123 Main St, Jordan')
) AS t(input);

-- Non-Latin scripts, emoji, control characters, accents, fullwidth forms.
SELECT input, (c360.parse_address(input)).*, c360.normalize_address(input) AS normalized
FROM (VALUES
  ('東京都千代田区 1-1'),
  ('ул. Тверская 7, Москва'),
  ('Λεωφόρος Αλεξάνδρας 5, Αθήνα 11473'),
  ('12 Rue André-Gide, Québec'),
  ('１２３　Ｍａｉｎ　Ｓｔ'),
  ('123 🏠 Main St 😀'),
  (E'123 Main St\tApt 4\nSpringfield\r\nIL'),
  (E'123 Main St\x01Apt 4'),
  ('123 Ma' || chr(8203) || 'in St')
) AS t(input);

-- Nothing of an address: every field NULL, normalized NULL.
SELECT quote_literal(input) AS input,
       c360.parse_address(input) IS NULL AS all_null,
       (c360.parse_address(input)).street IS NULL AS street_null,
       c360.normalize_address(input) IS NULL AS normalized_null
FROM (VALUES (''), ('   '), ('...,,,;;'), ('#'), ('😀😀'), (E'\x01\x02'), ('—')) AS t(input);

-- NULL in, NULL out (STRICT).
SELECT c360.parse_address(NULL) IS NULL AS parse_null,
       c360.normalize_address(NULL) IS NULL AS normalize_null;

-- Huge input: more than 1024 bytes is not an address, answered at once.
SELECT c360.parse_address(repeat('x', 1000000)) IS NULL AS all_null,
       c360.normalize_address(repeat('x', 1000000)) IS NULL AS normalized_null,
       c360.normalize_address(repeat('a ', 500000)) IS NULL AS million_tokens_null,
       c360.normalize_address('123 Main St' || repeat(' ', 1013)) AS at_the_limit,
       c360.normalize_address('123 Main St' || repeat(' ', 1014)) IS NULL AS one_byte_over;

-- A component longer than 127 bytes is not one either.
SELECT c360.normalize_address(repeat('x', 127)) = repeat('X', 127) AS fits,
       c360.normalize_address(repeat('x', 128)) IS NULL AS too_long;

-- Normalization is a fixed point.
SELECT input, c360.normalize_address(c360.normalize_address(input))
              = c360.normalize_address(input) AS fixed_point
FROM (VALUES
  ('123 Main Street Apartment 4, Springfield, IL 62704'),
  ('6 tullaroop street, willaroo, st james 4011 wa'),
  ('1600 N. Pennsylvania Ave NW #4B, Washington, D.C. 20500, USA'),
  ('Flat 3, 12 High Street, London SW1A 2AA, UK')
) AS t(input);

-- On a table: equal addresses group together, NULL stays NULL.
CREATE TEMP TABLE addresses (id int, address text);
INSERT INTO addresses VALUES
  (1, '123 Main Street Apt 4, Springfield, IL 62704'),
  (2, '123 MAIN ST APARTMENT 4 SPRINGFIELD IL 62704'),
  (3, '124 Main St, Springfield, IL 62704'),
  (4, NULL);
SELECT c360.normalize_address(address) AS normalized, count(*), array_agg(id ORDER BY id) AS ids
FROM addresses GROUP BY 1 ORDER BY 1 NULLS LAST;
DROP TABLE addresses;
