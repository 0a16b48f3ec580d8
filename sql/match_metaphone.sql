-- c360.double_metaphone(text): Double Metaphone codes {primary, alternate}.
\pset null '(null)'

-- Reference codes, one or more names per rule of the original algorithm
SELECT name, c360.double_metaphone(name) AS codes
FROM (VALUES ('Smith'), ('Schmidt'), ('Thompson'), ('Jose'), ('Xavier'),
             ('Caesar'), ('Chianti'), ('Michael'), ('Gnome'), ('Knight'),
             ('Wright'), ('Phillip'), ('Bacher'), ('Macher'), ('Tichner'),
             ('Schneider'), ('Snider'), ('Cabrillo'), ('Gallegos'),
             ('Jankelowicz'), ('Yankelovich'), ('Womo'), ('Uomo'),
             ('Arnoff'), ('Arnow'), ('Hugh'), ('Rogier'), ('Hochmeier'),
             ('Filipowicz'), ('Breaux'), ('Zhao'), ('Thumbail'), ('McHugh'),
             ('McLaughlin'), ('Mac Caffrey'), ('Mac Gregor'), ('McClellan'),
             ('Czerny'), ('Focaccia'), ('Accident'), ('Succeed'),
             ('Bellocchio'), ('Bacchus'), ('Bertucci'), ('Chemistry'),
             ('Chorus'), ('Chore'), ('Orchestra'), ('Architect'), ('Wachtler'),
             ('Von Bach'), ('Edge'), ('Edgar'), ('Ghislane'), ('Laugh'),
             ('Broughton'), ('Cagney'), ('Agnes'), ('Tagliaro'), ('Gerber'),
             ('Danger'), ('Biaggi'), ('Van Gogh'), ('Bajador'),
             ('San Jacinto'), ('Raj'), ('Dumb'), ('Plumber'), ('Campbell'),
             ('Island'), ('Carlisle'), ('Sugar'), ('Bosheim'), ('Persian'),
             ('Schlesinger'), ('School'), ('Schermerhorn'), ('Schenker'),
             ('Resnais'), ('Artois'), ('Nation'), ('Butcher'), ('Thomas'),
             ('Matthew'), ('Wasserman'), ('Vasserman'), ('Lewinsky'),
             ('Mazzola'), ('Garcia'), ('Psychology'), ('Katherine'),
             ('Catherine'), ('Jennifer'), ('Shawn'), ('Sean'))
     AS t(name)
ORDER BY name COLLATE "C";

-- Case and accents: folded first; Ç encodes as S and Ñ as N
SELECT name, c360.double_metaphone(name) AS codes
FROM (VALUES ('SMITH'), ('smith'), ('Müller'), ('Muller'), ('MÜLLER'),
             (U&'Mu\0308ller'), ('José'), ('Dvořák'), ('Łukasz'), ('Strauß'),
             ('Strauss'), ('Françoise'), ('Francoise'), (U&'Franc\0327oise'),
             ('Çelik'), ('Garçon'), ('Garcon'), ('Muñoz'), ('Nuñez'),
             (U&'Nun\0303ez'), ('Agnes'), ('Agñes'))
     AS t(name)
ORDER BY name COLLATE "C";

-- Words, separators, apostrophes, invisible characters
SELECT name, c360.double_metaphone(name) AS codes
FROM (VALUES ('Mac Caffrey'), ('Mac-Caffrey'), ('  Mac   Caffrey  '),
             (E'Mac\tCaffrey'), ('Mac 2 Caffrey'), ('Mac.Caffrey'),
             ('Mary Ann'), ('Jose Maria'), ('Smith-Jones'), ('Auch-Schwelk'),
             ('O''Brien'), ('OBrien'), ('D’Arcy'), (U&'Smi\200Bth'),
             (E'Sm\x01ith'), ('Smith2'), ('(Smith)'))
     AS t(name)
ORDER BY name COLLATE "C";

-- Letters of other scripts and emoji separate words like punctuation;
-- input with nothing to encode (or only silent letters) gives NULL
SELECT name, c360.double_metaphone(name) AS codes
FROM (VALUES ('Иван Smith'), ('Иван Anna'), ('Smith张伟'), ('Nguyễn'),
             ('Иван'), ('张伟'), ('محمد'), ('Γιώργος'),
             ('😀'), ('Smith 😀'), ('😀 Smith'),
             ('123'), ('--- !!!'), (''), (' '), (E'\x01\x02'), ('H'), ('Hhh'),
             ('W'), ('HJ'), ('Hwow'), ('A'), ('X'))
     AS t(name)
ORDER BY name COLLATE "C";

-- NULL in, NULL out (STRICT)
SELECT c360.double_metaphone(NULL) IS NULL AS null_gives_null;

-- Huge input: linear time, the end of the input still counts
SELECT c360.double_metaphone(repeat('x', 1000000)) AS x_1mb,
       c360.double_metaphone(repeat('a', 1000000)) AS a_1mb,
       c360.double_metaphone(repeat('Smith ', 200000)) AS smith_1mb,
       c360.double_metaphone(repeat('-', 1000000) || 'Cabrillo') AS cabrillo_at_end,
       c360.double_metaphone('Agnes' || repeat(' ', 1000000)) AS agnes,
       c360.double_metaphone('Agnes' || repeat(' ', 1000000) || 'Kowalski') AS agnes_slavic,
       c360.double_metaphone(repeat('😀', 250000)) AS emoji_1mb;

-- Typical use: names that sound alike share a code
SELECT a, b,
       (c360.double_metaphone(a) && c360.double_metaphone(b)) AS sounds_alike
FROM (VALUES ('Smith', 'Schmidt'), ('Snider', 'Schneider'),
             ('Wasserman', 'Vasserman'), ('Arnow', 'Arnoff'),
             ('Womo', 'Uomo'), ('Catherine', 'Katherine'),
             ('Müller', 'Mueller'), ('Smith', 'Jones'))
     AS t(a, b);

-- Declared properties
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel,
       pg_catalog.format_type(p.prorettype, NULL) AS returns
FROM pg_catalog.pg_proc p
WHERE p.pronamespace = 'c360'::regnamespace AND p.proname = 'double_metaphone';
