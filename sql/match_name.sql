-- Person names and nicknames: c360.parse_name, c360.normalize_name,
-- c360.nickname_root (docs/reference/names.md).
-- NULL shows as (null), so an absent part cannot pass for an empty string.
\pset null '(null)'

-- The declarations: argument and result types, volatility, strictness.
SELECT p.proname, pg_get_function_arguments(p.oid) AS arguments,
       pg_get_function_result(p.oid) AS result,
       p.provolatile, p.proisstrict, p.proparallel
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'c360' AND p.proname IN ('parse_name', 'normalize_name', 'nickname_root')
 ORDER BY p.proname;
SELECT attname, format_type(atttypid, atttypmod)
  FROM pg_attribute
 WHERE attrelid = 'c360.person_name'::regclass AND attnum > 0
 ORDER BY attnum;

-- parse_name: the reference forms.
SELECT input, (c360.parse_name(input)).*
  FROM (VALUES
    ('SMITH, JOHN A'),
    ('Mr. Bob S. Chen Jr'),
    ('María José García-López'),
    ('Dr John Paul Smith III'),
    ('SMITH JR, JOHN'),
    ('O''Brien, Patrick'),
    ('d''Angelo'),
    ('Maria d''Angelo'),
    ('Ludwig van Beethoven'),
    ('Vincent van der Berg'),
    ('Mary-Jane Watson'),
    ('Madonna'),
    ('  smith ,, john  '),
    ('Mr.'),
    ('王小明'),
    ('Иван Петров')
  ) AS t(input);

-- Titles, suffixes, particles, the comma, initials, case.
SELECT input, (c360.parse_name(input)).*
  FROM (VALUES
    ('Rev. Dr. Martin Luther King Jr.'),
    ('Dr.John Smith'),
    ('MRS JANE DOE'),
    ('Mx Sam Lee'),
    ('Prof. Ada Lovelace'),
    ('Sir Elton John'),
    ('Dame Judi Dench'),
    ('Hon. Jane Roe'),
    ('Sra. Ana López'),
    ('Sr. Juan Pérez'),
    ('John Smith Sr.'),
    ('John Smith Ph.D.'),
    ('John Smith, Jr.'),
    ('Jane Roe Esq'),
    ('Henry Ford II'),
    ('Smith Jr'),
    ('Jr.'),
    ('Mr. Smith'),
    ('Mr. van Beethoven'),
    ('de la Cruz'),
    ('Juan de la Cruz'),
    ('Van Morrison'),
    ('Maria da Silva Santos'),
    ('Ahmed bin Said'),
    ('Mary St. Clair'),
    ('Ian Mac Donald'),
    ('van der Berg, Vincent'),
    ('García López, María José'),
    ('Smith, Dr. John'),
    ('Smith, Mr.'),
    ('Smith Jr, John PhD'),
    ('Smith,John'),
    ('Smith,'),
    ('J. R. R. Tolkien'),
    ('J.R.R. Tolkien'),
    ('JRR Tolkien'),
    ('john smith'),
    ('O’Connor--Smith'),
    ('-John- ''Smith'''),
    ('John (Jack) Smith'),
    ('John 3 Smith')
  ) AS t(input);

-- parse_name: NULL, empty, nothing of a name, emoji, control characters.
SELECT c360.parse_name(NULL) IS NULL AS null_in_null_out;
SELECT input_name, (c360.parse_name(input)).*
  FROM (VALUES
    ('empty', ''),
    ('spaces', '   '),
    ('punctuation', ' ,.;-'' '),
    ('emoji', '😀😁'),
    ('controls', E'\x01\x02\x03\x7f'),
    ('emoji inside', 'John 😀 Smith'),
    ('control inside', E'John\x01Smith'),
    ('tab and newline', E'  John \t\n Smith  '),
    ('zero-width space', E'John\u200BSmith'),
    ('bidi mark', E'Jo\u200Ehn Smith'),
    ('decomposed accent', E'Jose\u0301 Garci\u0301a'),
    ('katakana', 'ジョン・スミス'),
    ('arabic', 'محمد بن سلمان'),
    ('greek', 'Γιώργος Παπαδόπουλος')
  ) AS t(input_name, input);

-- normalize_name: the reference forms and the NULL cases.
SELECT input, c360.normalize_name(input)
  FROM (VALUES
    ('SMITH, JOHN A'),
    ('Mr. Bob S. Chen Jr'),
    ('María José García-López'),
    ('O''Brien, Patrick'),
    ('Dr John Paul Smith III'),
    ('SMITH JR, JOHN'),
    ('  smith ,, john  '),
    ('Smith, John'),
    ('John Smith'),
    ('Vincent van der Berg'),
    ('John Smith Ph.D.'),
    ('Jürgen Groß'),
    ('ŁUKASZ ŻÓŁĆ'),
    ('Иван Петров'),
    ('王小明'),
    ('O’Connor--Smith'),
    ('d''Angelo'),
    ('Mr 123 Smith'),
    (''),
    ('   '),
    ('.,;!?'),
    ('Mr.'),
    ('Mr. Dr.'),
    ('Jr.'),
    ('123'),
    ('😀'),
    (E'\x01\x02'),
    (E'\u0301')
  ) AS t(input);
SELECT c360.normalize_name(NULL) IS NULL AS null_in_null_out;
-- The comparison: two spellings of one person.
SELECT c360.normalize_name('GARCIA-LOPEZ, MARIA JOSE') = c360.normalize_name('María José García López') AS same_person;

-- nickname_root: the reference values, case and accents, formal and unknown names.
SELECT input, c360.nickname_root(input)
  FROM (VALUES
    ('bob'), ('peggy'), ('bill'), ('liz'),
    ('BOB'), ('  Bób. '), ('Peggy'), ('LIZ'),
    ('Robert'), ('William'), ('Margaret'), ('Elizabeth'),
    ('ron'), ('abby'), ('Abigail'), ('chris'), ('Mary'), ('john'), ('jack'),
    ('K.C.'), ('Zyx'), ('Mary-Jane'), ('O''Brien'), ('Иван'), ('王小明'),
    (''), ('  .,- '), ('123'), ('😀'), (E'\x01\x02')
  ) AS t(input);
SELECT c360.nickname_root(NULL) IS NULL AS null_in_null_out;
-- The comparison it is made for.
SELECT c360.nickname_root('Bill') = c360.nickname_root('WILLIAM') AS bill_is_william,
       c360.nickname_root('Peggy') = c360.nickname_root('margaret') AS peggy_is_margaret,
       c360.nickname_root('Bob') = c360.nickname_root('Bill') AS bob_is_not_bill;
-- A root is its own root.
SELECT count(*) AS not_idempotent
  FROM (VALUES ('bob'), ('peggy'), ('bill'), ('liz'), ('ron'), ('abby'), ('jack'), ('molly')) AS t(n)
 WHERE c360.nickname_root(c360.nickname_root(n)) <> c360.nickname_root(n);

-- Huge input: a million characters in one word and in half a million words.
SELECT length((p).given) AS given_len, (p).middle IS NULL AS no_middle, (p).family IS NULL AS no_family
  FROM (SELECT c360.parse_name(repeat('x', 1000000)) AS p) s;
SELECT length(c360.normalize_name(repeat('x', 1000000))) AS normalized_len,
       length(c360.nickname_root(repeat('x', 1000000))) AS root_len;
SELECT (p).title, (p).given, length((p).middle) AS middle_len, (p).family, (p).suffix
  FROM (SELECT c360.parse_name('Dr ' || repeat('a ', 500000) || 'Smith Jr') AS p) s;
SELECT length(c360.normalize_name('Dr ' || repeat('a ', 500000) || 'Smith Jr')) AS normalized_len;
SELECT c360.normalize_name(repeat('😀', 250000)) IS NULL AS emoji_only_null,
       c360.normalize_name(repeat(E'\x01', 1000000)) IS NULL AS controls_only_null,
       c360.nickname_root(repeat(', ', 500000)) IS NULL AS punctuation_only_null;

-- The only error: an input longer than work_mem.
SET work_mem = '64kB';
SELECT c360.normalize_name(repeat('x', 100000));
SELECT c360.parse_name(repeat('x', 100000));
SELECT c360.nickname_root(repeat('x', 100000));
SELECT c360.normalize_name(repeat('x', 60000)) IS NOT NULL AS below_work_mem_ok;
RESET work_mem;
