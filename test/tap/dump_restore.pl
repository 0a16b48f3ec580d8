#!/usr/bin/perl
# pg_dump / pg_restore keep what users decided (issue 4, "Bad input and
# safety"): the registered sources, the steward decisions, the active model,
# the customer and household id histories, the ids and the id sequences survive a
# dump in custom format restored with pg_restore, in directory format
# restored in parallel, and in plain format restored with psql; a resolve
# in a restored database gives the same ids as one in the original, and new
# customers get ids above the old ones.
#
# Runs inside a throwaway cluster (test/run_tests.sh: c360_in_cluster, which
# sets PGHOST, PGPORT, PGUSER, PGPASSWORD) with customer360 installed, from
# the repository root (it reads test/gen/sample).  PG_BINDIR names the
# server's client programs (pg_config --bindir).  Test::More is core Perl.
use strict;
use warnings;
use File::Temp qw(tempdir);
use Test::More;

my $bindir = $ENV{PG_BINDIR} or BAIL_OUT('PG_BINDIR is not set (pg_config --bindir)');
-d 'test/gen/sample' or BAIL_OUT('run from the repository root (test/gen/sample is missing)');
my $tmp = tempdir('c360-dump-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $orig = 'c360_dump_orig';

# Runs a client program; returns (exit status, stdout, stderr).
sub run_cmd
{
	my @cmd = @_;
	my $out = "$tmp/out";
	my $err = "$tmp/err";
	my $pid = fork() // die "fork: $!";
	if ($pid == 0)
	{
		open(STDOUT, '>', $out) or die "stdout: $!";
		open(STDERR, '>', $err) or die "stderr: $!";
		exec { $cmd[0] } @cmd or die "exec $cmd[0]: $!";
	}
	waitpid($pid, 0);
	my $status = $?;
	local $/;
	open(my $fo, '<', $out) or die "$out: $!";
	my $o = <$fo>;
	open(my $fe, '<', $err) or die "$err: $!";
	my $e = <$fe>;
	return ($status, $o // '', $e // '');
}

# Runs SQL in a database (ON_ERROR_STOP, unaligned, tuples only); returns
# its output without the final newline, or bails out with psql's error.
sub psql
{
	my ($db, $sql) = @_;
	my $file = "$tmp/query.sql";
	open(my $fh, '>', $file) or die "$file: $!";
	print $fh $sql;
	close($fh);
	my ($status, $out, $err) = run_cmd("$bindir/psql", '-X', '-q', '-A', '-t',
		'-v', 'ON_ERROR_STOP=1', '-d', $db, '-f', $file);
	if ($status != 0)
	{
		diag("psql in $db failed:\n$err");
		BAIL_OUT("SQL failed in $db");
	}
	chomp $out;
	return $out;
}

# Creates (or recreates) an empty database.
sub fresh_db
{
	my ($db) = @_;
	psql('postgres', "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db TEMPLATE template0;");
}

# ---------------------------------------------------------------------
# The original: the generated bank's five systems and a transaction table,
# resolved, with a merge, a split and a never-match decided and honoured.
# ---------------------------------------------------------------------
fresh_db($orig);
psql($orig, <<'SQL');
SET client_min_messages = warning;
CREATE EXTENSION customer360 CASCADE;
CREATE SCHEMA bank;
CREATE TABLE bank.cards (account_id text PRIMARY KEY, full_name text, date_of_birth text, phone text, address text);
CREATE TABLE bank.mortgages (loan_id text, first_name text, middle_name text, last_name text, suffix text,
	birth_date text, ssn text, phone text, email text, street text, unit text, city text, state text, zip text);
CREATE TABLE bank.deposits (customer_no text, name text, email text, phone text, date_of_birth text,
	address_line text, city text, state text, postal_code text);
CREATE TABLE bank.insurance (policy_no text, insured_name text, date_of_birth text, ssn text, phone text,
	email text, street_address text, city text, state text, zip text);
CREATE TABLE bank.loyalty (member_id text, first_name text, last_name text, email text, phone text,
	birthday text, zip text);
CREATE TABLE bank.transactions (source_name text, source_key text, ts timestamptz, amount numeric);
\copy bank.cards FROM 'test/gen/sample/cards.csv' WITH (FORMAT csv, HEADER true)
\copy bank.mortgages FROM 'test/gen/sample/mortgages.csv' WITH (FORMAT csv, HEADER true)
\copy bank.deposits FROM 'test/gen/sample/deposits.csv' WITH (FORMAT csv, HEADER true)
\copy bank.insurance FROM 'test/gen/sample/insurance.csv' WITH (FORMAT csv, HEADER true)
\copy bank.loyalty FROM 'test/gen/sample/loyalty.csv' WITH (FORMAT csv, HEADER true)
\copy bank.transactions FROM 'test/gen/sample/cards_transactions.csv' WITH (FORMAT csv, HEADER true)
-- A view source (restored after the tables it reads) and a quoted name.
CREATE VIEW bank."Mortgage View" AS
SELECT *, concat_ws(' ', street, unit) AS street_line FROM bank.mortgages;
CREATE VIEW bank.card_transactions AS
SELECT source_key, ts, amount FROM bank.transactions WHERE source_name = 'cards';

SELECT c360.add_source('cards', 'bank.cards', 'account_id',
  '{"full_name": "full_name", "birth_date": {"column": "date_of_birth", "format": "MM/DD/YYYY"},
    "phone": "phone", "address": "address", "account_id": "account_id"}', trust => 1);
SELECT c360.add_source('mortgages', 'bank."Mortgage View"', 'loan_id',
  '{"given_name": "first_name", "middle_name": "middle_name", "family_name": "last_name",
    "name_suffix": "suffix", "birth_date": "birth_date", "national_id": "ssn", "phone": "phone",
    "email": "email", "street": "street_line", "city": "city", "region": "state", "postcode": "zip",
    "account_id": "loan_id"}', trust => 3);
SELECT c360.add_source('deposits', 'bank.deposits', 'customer_no',
  '{"full_name": "name", "email": "email", "phone": "phone",
    "birth_date": {"column": "date_of_birth", "format": "DD-MON-YYYY"},
    "street": "address_line", "city": "city", "region": "state", "postcode": "postal_code"}', trust => 2);
SELECT c360.add_source('insurance', 'bank.insurance', 'policy_no',
  '{"full_name": "insured_name", "birth_date": "date_of_birth", "national_id": "ssn", "phone": "phone",
    "email": "email", "street": "street_address", "city": "city", "region": "state", "postcode": "zip",
    "account_id": "policy_no"}', trust => 2);
SELECT c360.add_source('loyalty', 'bank.loyalty', 'member_id',
  '{"given_name": "first_name", "family_name": "last_name", "email": "email", "phone": "phone",
    "postcode": "zip"}');
SELECT c360.add_transactions('card_spend', 'bank.card_transactions', 'cards', 'source_key', 'ts', 'amount');
SELECT c360.resolve();
SQL

# Steward decisions, chosen from the first run's result so that each
# changes something: merge the customers of the first card and the first
# loyalty member (if they are two); split the last record of the largest
# customer out; never match two records of the next largest customer.
psql($orig, <<'SQL');
SET client_min_messages = warning;
CREATE TEMP VIEW xwalk AS SELECT customer_id, source_name, source_key FROM c360.customer_source;
SELECT c360.merge(a, b) FROM (
	SELECT (SELECT customer_id FROM xwalk WHERE source_name = 'cards' ORDER BY source_key LIMIT 1) AS a,
	       (SELECT customer_id FROM xwalk WHERE source_name = 'loyalty'
	        AND customer_id <> (SELECT customer_id FROM xwalk WHERE source_name = 'cards' ORDER BY source_key LIMIT 1)
	        ORDER BY source_key LIMIT 1) AS b) m;
CREATE TEMP TABLE big AS
SELECT customer_id, row_number() OVER (ORDER BY count(*) DESC, customer_id) AS rank
FROM xwalk GROUP BY customer_id HAVING count(*) >= 2;
SELECT c360.split(source_name, source_key) FROM (
	SELECT source_name, source_key FROM xwalk JOIN big USING (customer_id) WHERE rank = 1
	ORDER BY source_name DESC, source_key DESC LIMIT 1) s;
SELECT c360.never_match(a.source_name, a.source_key, b.source_name, b.source_key)
FROM (SELECT * FROM xwalk JOIN big USING (customer_id) WHERE rank = 2 ORDER BY source_name, source_key LIMIT 1) a,
     (SELECT * FROM xwalk JOIN big USING (customer_id) WHERE rank = 2 ORDER BY source_name DESC, source_key DESC LIMIT 1) b;
SELECT c360.resolve();
SQL

is(psql($orig, "SELECT string_agg(DISTINCT kind, ',' ORDER BY kind) FROM c360.steward_decision"),
	'merge,never_match,split', 'original: a merge, a split and a never-match are recorded');
ok(psql($orig, "SELECT count(*) FROM c360.customer_id_history WHERE kind = 'merge'") > 0,
	'original: the merge left an id in the customer id history');
ok(psql($orig, "SELECT count(*) FROM c360.household_id_history") > 0,
	'original: the decisions left rows in the household id history');

# Everything the checks compare, as text: each is one query whose output
# must be the same in the original and in a restored database.
my %state = (
	'c360.source (every column)' => q{
		SELECT string_agg(format('%s|%s|%s|%s|%s|%s|%s', source_id, name, relation::text, key_column,
		                         attributes::text, trust, created_at), E'\n' ORDER BY source_id)
		FROM c360.source},
	'c360.steward_decision' => q{
		SELECT string_agg(d::text, E'\n' ORDER BY decision_id) FROM c360.steward_decision d},
	'c360.model (the active model, byte-equal text)' => q{
		SELECT md5(model::text) || ' ' || length(model::text) || ' ' || model_id || ' ' || trained_at
		FROM c360.model WHERE active},
	'c360.model (every row)' => q{
		SELECT string_agg(m::text, E'\n' ORDER BY model_id) FROM c360.model m},
	'c360.customer_id_history' => q{
		SELECT string_agg(h::text, E'\n' ORDER BY h::text) FROM c360.customer_id_history h},
	'c360.transaction_source' => q{
		SELECT string_agg(t::text, E'\n' ORDER BY name) FROM c360.transaction_source t},
	'the records and their customer ids' => q{
		SELECT count(*) || ' ' || md5(string_agg(format('%s|%s|%s|%s', r.record_id, s.name, r.source_key,
		                                                c.customer_id), E'\n' ORDER BY r.record_id))
		FROM c360.record r JOIN c360.source s USING (source_id) LEFT JOIN c360.record_customer c USING (record_id)},
	'the records (every column)' => q{
		SELECT md5(string_agg(r::text, E'\n' ORDER BY record_id)) FROM c360.record r},
	'c360.match_edge' => q{
		SELECT count(*) || ' ' || md5(string_agg(e::text, E'\n' ORDER BY a, b)) FROM c360.match_edge e},
	'c360.resolve_run' => q{
		SELECT string_agg(r::text, E'\n' ORDER BY run_id) FROM c360.resolve_run r},
	'the golden records' => q{
		SELECT md5(string_agg(c::text, E'\n' ORDER BY customer_id)) FROM c360.customer c},
	'current_customer_id of every merged id' => q{
		SELECT string_agg(old_id || '->' || coalesce(c360.current_customer_id(old_id)::text, 'NULL'), ','
		                  ORDER BY old_id) FROM c360.customer_id_history},
	'current_household_id of every household id there was' => q{
		SELECT string_agg(id || '->' || coalesce(c360.current_household_id(id)::text, 'NULL'), ',' ORDER BY id)
		FROM (SELECT old_id FROM c360.household_id_history UNION SELECT household_id FROM c360.customer_household) v(id)},
	'the sequences of the configuration tables (position)' => q{
		SELECT string_agg(format('%s.%s %s', schemaname, sequencename, coalesce(last_value::text, 'unused')),
		                  E'\n' ORDER BY sequencename)
		FROM pg_catalog.pg_sequences WHERE schemaname = 'c360'},
);
# Which tables and sequences the extension marks for pg_dump.
my $marked = psql($orig, q{
	SELECT string_agg(c::regclass::text, ' ' ORDER BY c::regclass::text)
	FROM pg_extension e, unnest(e.extconfig) c WHERE e.extname = 'customer360'});
for my $rel (qw(c360.source c360.source_source_id_seq c360.steward_decision
	c360.steward_decision_decision_id_seq c360.model c360.model_model_id_seq
	c360.customer_id_history c360.customer_id_seq c360.record c360.record_record_id_seq c360.record_customer
	c360.match_edge c360.resolve_run c360.resolve_run_run_id_seq c360.transaction_source
	c360.customer_household c360.household_id_seq c360.household_id_history c360.household_pending))
{
	ok(" $marked " =~ / \Q$rel\E /, "$rel is marked with pg_extension_config_dump");
}

# Every marked table, whole (also those added after this test was written).
my @config_tables = split(/\n/, psql($orig, q{
	SELECT c::regclass::text FROM pg_extension e, unnest(e.extconfig) c
	WHERE e.extname = 'customer360' AND (SELECT relkind FROM pg_class WHERE oid = c) = 'r'
	ORDER BY 1}));
for my $rel (@config_tables)
{
	$state{"$rel (every row, every column)"} =
		"SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM $rel t";
}
# No foreign key joins two marked tables: an archive does not order the
# data of extension tables, so pg_restore -j loads them side by side and
# such a key would reject rows whose referenced table is still loading.
is(psql($orig, q{
	SELECT coalesce(string_agg(c.conrelid::regclass || ' -> ' || c.confrelid::regclass, ', '), '')
	FROM pg_constraint c, pg_extension e
	WHERE e.extname = 'customer360' AND c.contype = 'f'
	  AND c.conrelid = ANY (e.extconfig) AND c.confrelid = ANY (e.extconfig)}), '',
	'no foreign key between two tables pg_dump dumps');

my %before;
for my $what (sort keys %state)
{
	$before{$what} = psql($orig, $state{$what});
}
like($before{'c360.model (the active model, byte-equal text)'}, qr/^[0-9a-f]{32} [1-9]/,
	'original: an active model');
like($before{'the sequences of the configuration tables (position)'}, qr/c360\.customer_id_seq [1-9]/,
	'original: customer ids were handed out');

# ---------------------------------------------------------------------
# Dump in three formats; restore each into a fresh database.
# ---------------------------------------------------------------------
my %restored;
{
	my ($st, $out, $err) = run_cmd("$bindir/pg_dump", '-Fc', '-f', "$tmp/c360.dump", $orig);
	is($st, 0, 'pg_dump -Fc exits 0') or diag($err);
	is($err, '', 'pg_dump -Fc warns of nothing');
	fresh_db('c360_dump_custom');
	($st, $out, $err) = run_cmd("$bindir/pg_restore", '--exit-on-error', '-d', 'c360_dump_custom',
		"$tmp/c360.dump");
	is($st, 0, 'pg_restore of the custom-format dump exits 0') or diag($err);
	$restored{'custom format, pg_restore'} = 'c360_dump_custom';

	($st, $out, $err) = run_cmd("$bindir/pg_dump", '-Fd', '-j', '2', '-f', "$tmp/c360.dir", $orig);
	is($st, 0, 'pg_dump -Fd -j 2 exits 0') or diag($err);
	fresh_db('c360_dump_parallel');
	($st, $out, $err) = run_cmd("$bindir/pg_restore", '--exit-on-error', '-j', '2', '-d',
		'c360_dump_parallel', "$tmp/c360.dir");
	is($st, 0, 'pg_restore -j 2 of the directory-format dump exits 0') or diag($err);
	$restored{'directory format, pg_restore -j 2'} = 'c360_dump_parallel';

	($st, $out, $err) = run_cmd("$bindir/pg_dump", '-Fp', '-f', "$tmp/c360.sql", $orig);
	is($st, 0, 'pg_dump -Fp exits 0') or diag($err);
	fresh_db('c360_dump_plain');
	($st, $out, $err) = run_cmd("$bindir/psql", '-X', '-q', '-v', 'ON_ERROR_STOP=1',
		'-d', 'c360_dump_plain', '-f', "$tmp/c360.sql");
	is($st, 0, 'the plain-format dump restores with psql') or diag($err);
	$restored{'plain format, psql'} = 'c360_dump_plain';
}

for my $how (sort keys %restored)
{
	my $db = $restored{$how};
	for my $what (sort keys %state)
	{
		is(psql($db, $state{$what}), $before{$what}, "$how: $what survives");
	}
}

# ---------------------------------------------------------------------
# Resolving after the restore: the same ids as the original's resolve, and
# new customers get new ids above every old one, the same in each database.
# ---------------------------------------------------------------------
my $crosswalk = q{
	SELECT string_agg(format('%s|%s|%s', source_name, source_key, customer_id), E'\n'
	                  ORDER BY source_name, source_key) FROM c360.customer_source};
my $resolve = q{
	SET client_min_messages = warning;
	SELECT format('%s %s %s', s -> 'records_new_or_changed', s -> 'model_trained', s -> 'customers')
	FROM c360.resolve() s};
my $old_max = psql($orig, 'SELECT max(id) FROM (SELECT customer_id FROM c360.record_customer UNION ALL
	SELECT old_id FROM c360.customer_id_history UNION ALL SELECT new_id FROM c360.customer_id_history) v(id)');
my $orig_run = psql($orig, $resolve);
is($orig_run =~ s/ .*//r, '0', 'original: a resolve with nothing new changes no record');
my $orig_ids = psql($orig, $crosswalk);
for my $how (sort keys %restored)
{
	my $db = $restored{$how};
	is(psql($db, $resolve), $orig_run, "$how: resolve reuses the restored model and finds nothing new");
	is(psql($db, $crosswalk), $orig_ids, "$how: resolve gives the ids the original's resolve gives");
}

# Two new people: a loyalty member nobody else knows, and a second card of
# a known cardholder (it must join that customer, not get a new id).
my $new_rows = q{
	INSERT INTO bank.loyalty VALUES ('L9999999', 'Zebediah', 'Quartermaine-Oyelaran',
		'zq.oyelaran@example.org', '2025550199', NULL, '99950');
	INSERT INTO bank.cards SELECT '9999000000000001', full_name, date_of_birth, phone, address
	FROM bank.cards ORDER BY account_id LIMIT 1;
	INSERT INTO bank.cards VALUES ('9999000000000002', 'XANTHOPOULOS, PERPETUA Q', '02/29/1904',
		'(555) 010-4477', '1 NOWHERE LANE, NOWHERE, ZZ 00001');};
my $new_ids = q{
	SELECT string_agg(source_key || '=' || customer_id, ' ' ORDER BY source_key)
	FROM c360.customer_source WHERE source_key IN ('L9999999', '9999000000000001', '9999000000000002')};
my $new_id_check = qq{
	SELECT bool_and(c.customer_id > $old_max) AND count(DISTINCT c.customer_id) = 2
	       AND NOT EXISTS (SELECT 1 FROM c360.customer_id_history h
	                       WHERE h.old_id IN (SELECT customer_id FROM c360.customer_source
	                                          WHERE source_key IN ('L9999999', '9999000000000002')))
	FROM c360.customer_source c WHERE c.source_key IN ('L9999999', '9999000000000002')};
my $joined = q{
	SELECT (SELECT customer_id FROM c360.customer_source WHERE source_key = '9999000000000001')
	     = (SELECT customer_id FROM c360.customer_source WHERE source_name = 'cards'
	        AND source_key = (SELECT min(account_id) FROM bank.cards))};
psql($orig, $new_rows);
psql($orig, $resolve);
my $orig_new = psql($orig, $new_ids);
is(psql($orig, $new_id_check), 't', 'original: the two new people get two new ids above every old one');
is(psql($orig, $joined), 't', 'original: the second card joins its cardholder');
my $orig_after = psql($orig, $crosswalk);
for my $how (sort keys %restored)
{
	my $db = $restored{$how};
	psql($db, $new_rows);
	psql($db, $resolve);
	is(psql($db, $new_ids), $orig_new, "$how: the new records get the ids they get in the original");
	is(psql($db, $new_id_check), 't', "$how: new ids are above every old one (no collision)");
	is(psql($db, $crosswalk), $orig_after, "$how: every customer id matches the original's after the increment");
	# Users' writes after the restore: a new decision and a new source get
	# fresh serial ids, not ones the dump already holds.
	my $max_ids = q{SELECT (SELECT max(source_id) FROM c360.source) || ' '
	                       || (SELECT max(decision_id) FROM c360.steward_decision)};
	my ($max_source, $max_decision) = split(/ /, psql($db, $max_ids));
	psql($db, q{
		SET client_min_messages = warning;
		CREATE TABLE bank.extra (id text, name text);
		INSERT INTO bank.extra VALUES ('e1', 'Ottoline Vanderbeek');
		SELECT c360.add_source('extra', 'bank.extra', 'id', '{"full_name": "name"}');
		SELECT c360.never_match('cards', '9999000000000002', 'loyalty', 'L9999999');
		SELECT c360.resolve();});
	is(psql($db, q{SELECT source_id FROM c360.source WHERE name = 'extra'}), $max_source + 1,
		"$how: a source registered after the restore gets the next source id");
	is(psql($db, q{SELECT max(decision_id) FROM c360.steward_decision}), $max_decision + 1,
		"$how: a decision recorded after the restore gets the next decision id");
	is(psql($db, q{SELECT count(*) FROM c360.customer_source WHERE source_name = 'extra'}), '1',
		"$how: and the next resolve reads the new source");
}

for my $db ($orig, values %restored)
{
	psql('postgres', "DROP DATABASE $db");
}
done_testing();
