-- c360.normalize_phone, c360.normalize_email, c360.parse_date
\pset null '(null)'
SET datestyle = 'ISO, YMD';

-- ===================================================================
-- normalize_phone(phone text, default_country text DEFAULT 'US')
-- ===================================================================

-- Reference values, default country US
SELECT phone, c360.normalize_phone(phone) AS e164
FROM (VALUES ('(212) 555-0142'), ('212.555.0142'), ('1-212-555-0142'),
             ('+1 212 555 0142'), ('212 555 0142 ext. 12'), ('2125550142'),
             ('+44 20 7946 0958'), ('+44 (0)20 7946 0958'),
             ('011 44 20 7946 0958'), ('00 44 20 7946 0958'),
             ('1-800-FLOWERS'), ('1-800-flowers'), ('1-800-MATTRESS'),
             ('212-555-0142 x12'), ('212-555-0142 #12'),
             ('tel:+1-212-555-0142;ext=12'), ('Tel: (212) 555-0142'),
             ('212-555-0142 home'), ('+852 9123 4567'), ('+233 30 123 4567'),
             ('+800 2468 1357')) AS t(phone);

-- Default countries: trunk and international prefixes, national lengths
SELECT phone, country, c360.normalize_phone(phone, country) AS e164
FROM (VALUES ('020 7946 0958', 'GB'), ('020 7946 0958', 'gb'),
             ('+44 20 7946 0958', 'DE'), ('+1 212 555 0142', 'JP'),
             ('030 1234567', 'DE'), ('089/1234567', 'DE'),
             ('01 42 68 53 00', 'FR'), ('06 12 34 56 78', 'FR'),
             ('06 1 234 5679', 'HU'), ('06 1234 5678', 'IT'),
             ('333 123 4567', 'IT'), ('91 123 45 67', 'ES'),
             ('0412 345 678', 'AU'), ('0011 44 20 7946 0958', 'AU'),
             ('09 123 4567', 'NZ'), ('090-1234-5678', 'JP'),
             ('010 1 212 555 0142', 'JP'), ('138 0013 8000', 'CN'),
             ('9123 4567', 'HK'), ('6123 4567', 'SG'), ('098765 43219', 'IN'),
             ('(11) 98765-4321', 'BR'), ('55 1234 5678', 'MX'),
             ('044 55 1234 5678', 'MX'), ('011 15 4444-5555', 'AR'),
             ('021 123 4567', 'ZA'), ('050-123-4567', 'IL'),
             ('04 123 4567', 'AE'), ('0212 123 45 67', 'TR'),
             ('8 495 123-45-67', 'RU'), ('810 44 20 7946 0958', 'RU'),
             ('010-1234-5678', 'KR'), ('044 668 18 00', 'CH'),
             ('22 33 44 55', 'NO'), ('551 2345', 'IS'), ('01 234 5679', 'IE'),
             ('876 555 0142', 'JM'), ('416-555-0142', 'CA'),
             ('011 44 20 7946 0958', 'GB'), ('1 212 555 0142', 'GB')) AS t(phone, country);

-- Placeholders, impossible NANP numbers, wrong lengths, unparseable
SELECT phone, c360.normalize_phone(phone) AS e164
FROM (VALUES ('(000) 000-0000'), ('5555555555'), ('1111111111'),
             ('1234567890'), ('0987654321'), ('9876543210'),
             ('(112) 555-0142'), ('(212) 155-0142'), ('(911) 555-0142'),
             ('(212) 911-0142'), ('(292) 555-0142'), ('555-0142'),
             ('212 555 01420'), ('+1 212 555 0142 9'), ('+259 1234 5678'),
             ('+233 1234'), ('+0 212 555 0142'), ('++1 212 555 0142'),
             ('212+555+0142'), ('212*555*0142'), ('N/A'), ('unknown'),
             ('x12'), ('+'), (''), ('   ')) AS t(phone);

-- Non-Latin scripts, emoji, full-width and other digits, control characters
SELECT c360.normalize_phone('（２１２）５５５－０１４２') AS fullwidth,
       c360.normalize_phone('＋１ 212 555 0142') AS fullwidth_plus,
       c360.normalize_phone('٠٥٠ ١٢٣ ٤٥٦٧', 'AE') AS arabic_indic,
       c360.normalize_phone('+98 ۹۱۲ ۳۴۵ ۶۷۸۹') AS persian,
       c360.normalize_phone('тел. 8 495 123-45-67', 'RU') AS cyrillic_label,
       c360.normalize_phone('212 555 0142 дом') AS cyrillic_note,
       c360.normalize_phone('📞 212 555 0142') AS emoji_before,
       c360.normalize_phone('212 555 0142 📞') AS emoji_after;
SELECT c360.normalize_phone(E'212\t555\n0142') AS tab_newline,
       c360.normalize_phone('212' || chr(1) || '555' || chr(127) || '0142') AS c0_del,
       c360.normalize_phone(U&'\200E+1 212 555 0142\200F') AS bidi_marks,
       c360.normalize_phone(U&'212\00A0555\20130142') AS nbsp_en_dash;

-- NULL, huge input (refused above 1024 bytes), NULL default country
SELECT c360.normalize_phone(NULL) AS null_phone,
       c360.normalize_phone('212 555 0142', NULL) AS null_country,
       c360.normalize_phone(repeat('x', 1000000)) AS huge_letters,
       c360.normalize_phone(repeat('5', 1000000)) AS huge_digits,
       c360.normalize_phone('212 555 0142' || repeat(' ', 1000000)) AS huge_padding,
       c360.normalize_phone('212 555 0142' || repeat(' ', 1000)) AS padded_1012_bytes;

-- Named argument, and the result is stable under a second pass
SELECT c360.normalize_phone(phone => '020 7946 0958', default_country => 'GB') AS named,
       c360.normalize_phone(c360.normalize_phone('020 7946 0958', 'GB'), 'JP') AS second_pass;

-- Argument errors: unknown default country
SELECT c360.normalize_phone('212 555 0142', 'XX');
SELECT c360.normalize_phone('212 555 0142', 'USA');
SELECT c360.normalize_phone('212 555 0142', '');
SELECT c360.normalize_phone(NULL, 'XX');	-- STRICT: no error for a NULL phone
SELECT c360.normalize_phone('garbage', 'ZZ');	-- checked whatever the number
SELECT c360.normalize_phone('212 555 0142', repeat('Ü', 100));

-- ===================================================================
-- normalize_email(email text)
-- ===================================================================

SELECT email, c360.normalize_email(email) AS canonical
FROM (VALUES (' John.Smith+bank@GMAIL.com '), ('john.smith@googlemail.com'),
             ('John.Smith+bank@Outlook.com'), ('Mary-Jane_O''Neil@Company.DE'),
             ('mailto:John@Company.com'), ('John Smith <John@Company.com>'),
             ('john@company.com.'), ('"John Smith"@Company.com'),
             ('"john"@company.com'), ('"john@home"@company.com'),
             ('José@Bücher.de'), ('JOSÉ@BÜCHER.DE'), ('Иван@Почта.рф'),
             ('用户@例子.公司'), ('user@xn--bcher-kva.de'), ('😀@smile.com'),
             ('smith@smith.com'), ('test@company.com'), ('x@y.com')) AS t(email);

-- Malformed
SELECT email, c360.normalize_email(email) AS canonical
FROM (VALUES ('john'), ('john.company.com'), ('@company.com'), ('john@'),
             ('john@@company.com'), ('john@home@company.com'),
             ('john@localhost'), ('john smith@company.com'),
             ('john@company .com'), ('.john@company.com'), ('jo..hn@company.com'),
             ('john@company..com'), ('john@-company.com'), ('john@comp_any.com'),
             ('john@192.168.0.1'), ('john@[192.168.0.1]'),
             ('john,smith@company.com'), ('"john@company.com'), ('<>'),
             ('+tag@gmail.com'), ('"john smith"@gmail.com'),
             ('user@😀.com'), ('john＠company.com'), (''), ('   ')) AS t(email);

-- Placeholders
SELECT email, c360.normalize_email(email) AS canonical
FROM (VALUES ('none@none.com'), ('test@test.com'), ('noemail@anything.com'),
             ('no.email@bank.com'), ('no@no.com'), ('na@na.com'),
             ('email@email.com'), ('noreply@company.com'),
             ('do-not-reply@company.com'), ('donotreply@company.com'),
             ('unknown@company.com'), ('john@example.com'),
             ('john@example.org'), ('john@company.test'), ('john@test.com'),
             ('john@noemail.com'), ('x@x.com'), ('XXX@xxx.xxx'),
             ('asdf@asdf.com'), ('no.reply+x@gmail.com')) AS t(email);

-- Control characters, lengths, NULL, huge input
SELECT c360.normalize_email(E'\tjohn@company.com\n') AS trimmed_controls,
       c360.normalize_email('jo' || chr(1) || 'hn@company.com') AS inner_control,
       c360.normalize_email(U&'john\200B@company.com') AS zero_width_space,
       c360.normalize_email(U&'john@company\00A0.com') AS nbsp;
SELECT c360.normalize_email(repeat('a', 64) || '@company.com') IS NOT NULL AS local_64_ok,
       c360.normalize_email(repeat('a', 65) || '@company.com') AS local_65,
       c360.normalize_email('john@' || repeat('b', 63) || '.com') IS NOT NULL AS label_63_ok,
       c360.normalize_email('john@' || repeat('b', 64) || '.com') AS label_64,
       length(c360.normalize_email('john@' || repeat(repeat('c', 60) || '.', 4) || 'commx')) AS len_254,
       c360.normalize_email('john@' || repeat(repeat('c', 60) || '.', 4) || 'commxy') AS len_255;
SELECT c360.normalize_email(NULL) AS null_email,
       c360.normalize_email(repeat('x', 1000000)) AS huge,
       c360.normalize_email('john@company.com' || repeat(' ', 1000000)) AS huge_padding,
       c360.normalize_email(c360.normalize_email(' John.Smith+bank@GMAIL.com ')) AS second_pass;

-- ===================================================================
-- parse_date(value text) and parse_date(value text, format text)
-- ===================================================================

SELECT value, c360.parse_date(value) AS parsed
FROM (VALUES ('1980-12-31'), ('  1980-12-31  '), ('1980-12-31T23:59:59Z'),
             ('1980-12-31 23:59:59.123+02'), ('1980-1-5'), ('19801231'),
             ('19801231T120000'), ('12/31/1980'), ('1/5/1980'),
             ('12/31/1980 00:00:00'), ('1980/12/31'), ('1980.12.31'),
             ('31.12.1980'), ('5.1.1980'), ('1970-01-01'), ('1900-01-02'),
             ('2000-02-29'), ('0002-06-15'), ('9999-12-30')) AS t(value);

-- Impossible dates, placeholders, unparseable
SELECT value, c360.parse_date(value) AS parsed
FROM (VALUES ('1980-02-30'), ('1980-13-01'), ('1980-00-10'), ('1980-04-31'),
             ('1981-02-29'), ('1900-02-29'), ('0000-06-15'), ('1900-01-01'),
             ('01/01/1900'), ('0001-01-01'), ('1601-01-01'), ('1753-01-01'),
             ('1800-01-01'), ('1899-12-30'), ('1899-12-31'), ('1901-01-01'),
             ('9999-12-31'), ('31/12/1980'), ('12-31-1980'), ('12/31/80'),
             ('1980-12/31'), ('1980-12-31 garbage'), ('1980-12-31T'),
             ('Dec 31 1980'), ('1980'), ('-1980-12-31'), (''), ('   ')) AS t(value);

-- Formats
SELECT value, format, c360.parse_date(value, format) AS parsed
FROM (VALUES ('31/12/1980', 'DD/MM/YYYY'), ('31/12/1980', 'dd/mm/yyyy'),
             ('1/2/1980', 'DD/MM/YYYY'), ('1/2/1980', 'D/M/YYYY'),
             ('12-31-1980', 'MM-DD-YYYY'), ('31121980', 'DDMMYYYY'),
             ('31 Dec 1980', 'DD MON YYYY'), ('31   DEC 1980', 'DD MON YYYY'),
             ('31-dec-80', 'DD-MON-YY'), ('December 31, 1980', 'MONTH D, YYYY'),
             ('Dec 31, 1980', 'MONTH D, YYYY'), ('Sept 5, 1980', 'MON D, YYYY'),
             ('31 de December de 1980', 'DD "de" MONTH "de" YYYY'),
             ('1980年12月31日', 'YYYY年MM月DD日'),
             ('1980-12-31T10:00', 'YYYY-MM-DD'), ('30/02/1980', 'DD/MM/YYYY'),
             ('01/01/1900', 'DD/MM/YYYY'), ('01/01/00', 'DD/MM/YY'),
             ('31/12/29', 'DD/MM/YY'), ('01/01/30', 'DD/MM/YY'),
             ('31/12/99', 'DD/MM/YY'), ('', 'DD/MM/YYYY')) AS t(value, format);

-- Non-Latin, emoji, full-width, control characters, NULL, huge input
SELECT c360.parse_date('１９８０－１２－３１') AS fullwidth,
       c360.parse_date('۱۹۸۰/۱۲/۳۱') AS persian_digits,
       c360.parse_date('1980-12-31🎂') AS emoji,
       c360.parse_date('31 декабря 1980', 'DD MONTH YYYY') AS cyrillic_month,
       c360.parse_date(E'\t1980-12-31\n') AS trimmed_controls,
       c360.parse_date('1980-' || chr(1) || '12-31') AS inner_control;
SELECT c360.parse_date(NULL) AS null_value,
       c360.parse_date(NULL, 'DD/MM/YYYY') AS null_value_format,
       c360.parse_date('12/31/1980', NULL) AS null_format_detects,
       c360.parse_date(repeat('x', 1000000)) AS huge,
       c360.parse_date(repeat('1', 1000000), 'YYYYMMDD') AS huge_format,
       c360.parse_date('1980-12-31' || repeat(' ', 1000000)) AS huge_padding,
       c360.parse_date(value => '31/12/1980', format => 'DD/MM/YYYY') AS named;

-- Argument errors: invalid formats
SELECT c360.parse_date('31/12/1980', 'DD/MM');
SELECT c360.parse_date('31/12/1980', 'YYYY/DD');
SELECT c360.parse_date('31/12/1980', 'YYYY/MM');
SELECT c360.parse_date('31/12/1980', 'DD/MM/YYYY HH:MI');
SELECT c360.parse_date('31/12/1980', 'YYY-MM-DD');
SELECT c360.parse_date('31/12/1980', 'DD/MM/YYYY/YY');
SELECT c360.parse_date('31/12/1980', 'MMM DD YYYY');
SELECT c360.parse_date('31/12/1980', 'D DD MM YYYY');
SELECT c360.parse_date('31/12/1980', 'DD "de MM YYYY');
SELECT c360.parse_date('31/12/1980', '');
SELECT c360.parse_date('31/12/1980', '   ');
SELECT c360.parse_date('31/12/1980', repeat('DD/MM/YYYY ', 10));
SELECT c360.parse_date('garbage', 'DD/MM');	-- checked whatever the value

-- Every function is IMMUTABLE STRICT PARALLEL SAFE
SELECT p.oid::regprocedure AS function, p.provolatile, p.proisstrict, p.proparallel
FROM pg_proc p JOIN pg_namespace ns ON ns.oid = p.pronamespace
WHERE ns.nspname = 'c360'
  AND p.proname IN ('normalize_phone', 'normalize_email', 'parse_date')
ORDER BY p.oid::regprocedure::text COLLATE "C";
