#!/usr/bin/env bash
# test/gen/check.sh: builds the generator, generates with two seeds and
# checks the invariants of what it writes (see test/gen/README.md):
#   every record in truth.csv (same keys, same order), keys unique, every
#   person_id known, record counts as reported, byte-identical output for the
#   same seed (and for a subset of systems), different output for another
#   seed, every CSV line with the header's field count (no awk or python:
#   quoted fields are removed with sed, then commas counted), valid UTF-8,
#   each system's formats, the special cases present, the relationship
#   files (keys, bad rows, truth), the committed sample
#   up to date, and argument errors refused.
# Last line: "N passed, N failed".  Exit status 0 only if nothing failed.
#
#   bash test/gen/check.sh [--people N]    (N >= 2000, default 3000; run from anywhere)
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
people=3000
if [ "${1:-}" = "--people" ] && [ -n "${2:-}" ]; then
	people=$2
fi
# below this the rare cases (twins, JR/SR, O'Brien) may be absent by chance
if ! [[ "$people" =~ ^[0-9]+$ ]] || [ "$people" -lt 2000 ]; then
	echo "check.sh: --people must be at least 2000" >&2
	echo "0 passed, 1 failed"
	exit 2
fi

passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() {						# check "description" command...
	local what=$1
	shift
	if "$@"; then ok; else fail "$what"; fi
}

work=$(mktemp -d /tmp/gen_check.XXXXXX)
trap 'rm -rf "$work"' EXIT
bin=$work/gen_customers
systems="cards mortgages deposits insurance loyalty"

# -- build (the documented line, warnings as errors)
if gcc -std=gnu99 -O2 -Wall -Wextra -Werror -Wmissing-prototypes -Wpointer-arith \
	-Wdeclaration-after-statement -Werror=vla -Wimplicit-fallthrough \
	-o "$bin" test/gen/gen_customers.c test/gen/gen_core.c -lm 2>"$work/build.log"; then
	ok
else
	fail "build"
	cat "$work/build.log"
	echo "$passed passed, $failed failed"
	exit 1
fi

gen() {							# gen SEED DIR [extra args]
	local seed=$1 dir=$2
	shift 2
	"$bin" --people "$people" --seed "$seed" --out "$dir" "$@" 2>"$dir.log"
}

check "generate seed 1" gen 1 "$work/s1" --transactions
check "generate seed 1 again" gen 1 "$work/s1b" --transactions
check "generate seed 2" gen 2 "$work/s2"
check "generate seed 1, cards and insurance only" gen 1 "$work/s1c" --systems cards,insurance
check "generate seed 1, deposits and loyalty only" gen 1 "$work/s1d" --systems deposits,loyalty

# -- determinism
(cd "$work/s1" && sha256sum ./*.csv) >"$work/sum1"
(cd "$work/s1b" && sha256sum ./*.csv) >"$work/sum1b"
check "same seed, byte-identical files" cmp -s "$work/sum1" "$work/sum1b"
check "same seed, same counts on stderr" \
	cmp -s <(grep -v ' s$' "$work/s1.log") <(grep -v ' s$' "$work/s1b.log")
for s in cards insurance; do
	check "$s.csv does not depend on the other systems asked for" \
		cmp -s "$work/s1/$s.csv" "$work/s1c/$s.csv"
done
check "--systems writes only what was asked" \
	test ! -e "$work/s1c/deposits.csv" -a ! -e "$work/s1c/cards_transactions.csv"
# a relationship file needs its systems, and only them
for f in deposit_holders loyalty_referrals; do
	check "$f.csv does not depend on the other systems asked for" \
		cmp -s "$work/s1/$f.csv" "$work/s1d/$f.csv"
done
check "no relationship file without its systems" \
	test ! -e "$work/s1c/mortgage_coborrowers.csv" -a ! -e "$work/s1c/insurance_beneficiaries.csv" \
	-a ! -e "$work/s1c/deposit_holders.csv" -a ! -e "$work/s1c/loyalty_referrals.csv" \
	-a ! -e "$work/s1d/mortgage_coborrowers.csv" -a ! -e "$work/s1d/insurance_beneficiaries.csv"
check "relationships_truth.csv alone is a header" \
	test "$(cat "$work/s1c/relationships_truth.csv")" = "person_a,person_b,kind"
# C leaves the order of argument evaluation open: a second compiler (and
# -O0) must give the same bytes, so no statement draws twice unsequenced
if command -v clang >/dev/null 2>&1; then
	if clang -std=gnu99 -O2 -o "$work/gen_clang" test/gen/gen_customers.c test/gen/gen_core.c -lm 2>/dev/null &&
		"$work/gen_clang" --people "$people" --seed 1 --out "$work/s1clang" --transactions 2>/dev/null; then
		(cd "$work/s1clang" && sha256sum ./*.csv) >"$work/sumclang"
		check "clang build, byte-identical files" cmp -s "$work/sum1" "$work/sumclang"
	else
		fail "clang build and run"
	fi
fi
if gcc -std=gnu99 -O0 -o "$work/gen_o0" test/gen/gen_customers.c test/gen/gen_core.c -lm 2>/dev/null &&
	"$work/gen_o0" --people "$people" --seed 1 --out "$work/s1o0" --transactions 2>/dev/null; then
	(cd "$work/s1o0" && sha256sum ./*.csv) >"$work/sumo0"
	check "gcc -O0 build, byte-identical files" cmp -s "$work/sum1" "$work/sumo0"
else
	fail "gcc -O0 build and run"
fi
check "another seed, other data" bash -c "! cmp -s '$work/s1/cards.csv' '$work/s2/cards.csv'"

for d in s1 s2; do
	dir=$work/$d
	# -- people and households
	check "$d: people.csv has one row per person" \
		test "$(($(wc -l <"$dir/people.csv") - 1))" -eq "$people"
	check "$d: households.csv has one row per person" \
		test "$(($(wc -l <"$dir/households.csv") - 1))" -eq "$people"
	check "$d: person ids are 1..N" \
		cmp -s <(tail -n +2 "$dir/households.csv" | cut -d, -f1) <(seq 1 "$people")

	total=0
	for s in $systems; do
		f=$dir/$s.csv
		n=$(($(wc -l <"$f") - 1))
		total=$((total + n))
		check "$d/$s: row count as reported" \
			grep -Eq "^  $s +$n rows$" "$dir.log"
		check "$d/$s: has records" test "$n" -gt 0
		# the key is the first field and never quoted
		check "$d/$s: every record in truth.csv, same keys in the same order" \
			cmp -s <(tail -n +2 "$f" | cut -d, -f1) <(grep "^$s," "$dir/truth.csv" | cut -d, -f2)
		check "$d/$s: keys unique" \
			test -z "$(tail -n +2 "$f" | cut -d, -f1 | sort | uniq -d | head -1)"
	done
	check "$d: truth.csv has one row per record" \
		test "$(($(wc -l <"$dir/truth.csv") - 1))" -eq "$total"
	check "$d: truth person ids all known" \
		test -z "$(comm -23 <(tail -n +2 "$dir/truth.csv" | cut -d, -f3 | sort -u) \
			<(tail -n +2 "$dir/households.csv" | cut -d, -f1 | sort -u) | head -1)"
	# about four records per person (1M records for 250,000 people)
	check "$d: 3.5 to 4.5 records per person ($total for $people)" \
		test $((total * 10 / people)) -ge 35 -a $((total * 10 / people)) -le 45

	# -- CSV shape: same number of fields on every line, no stray quotes
	for f in "$dir"/*.csv; do
		b=$(basename "$f")
		stripped=$(sed 's/"[^"]*"//g' "$f")
		check "$d/$b: no unbalanced quotes" \
			test -z "$(printf '%s\n' "$stripped" | grep -m1 '"')"
		check "$d/$b: every line has the header's field count" \
			test "$(printf '%s\n' "$stripped" | sed 's/[^,]//g' | sort -u | wc -l)" -eq 1
		check "$d/$b: valid UTF-8" iconv -f UTF-8 -t UTF-8 -o /dev/null "$f"
		check "$d/$b: no value starts or ends with a space" \
			test -z "$(grep -E -m1 '(^|,)" | "(,|$)' "$f")"
		check "$d/$b: no CR and no empty line" \
			test -z "$(grep -m1 -n $'\r\|^$' "$f")"
	done
done

# -- formats and special cases (seed 1)
dir=$work/s1
body() { tail -n +2 "$dir/$1.csv"; }
check "cards: full_name 'LAST, FIRST M' in capitals" \
	test -z "$(body cards | cut -d'"' -f2 | grep -m1 '[[:lower:]]')"
check "cards: dates MM/DD/YYYY or empty" \
	test -z "$(body cards | sed 's/"[^"]*"//g' | cut -d, -f3 | grep -Ev -m1 '^([01][0-9]/[0-3][0-9]/[12][0-9]{3})?$')"
check "cards: phones (NNN) NNN-NNNN or empty" \
	test -z "$(body cards | sed 's/"[^"]*"//g' | cut -d, -f4 | grep -Ev -m1 '^(\([0-9]{3}\) [0-9]{3}-[0-9]{4})?$')"
check "cards: single-line addresses 'STREET, CITY, ST 12345'" \
	test "$(body cards | grep -Ec '"[0-9]+ [^"]*, [A-Z .-]+, [A-Z]{2} [0-9]{5}"$')" -gt $((people / 2))
check "no birth date after the as-of day (cards, mortgages, insurance)" \
	test -z "$( (body cards | sed 's/"[^"]*"//g' | cut -d, -f3 | grep -E '/(202[6-9]|20[3-9][0-9])$'
		body mortgages | cut -d, -f6 | grep -E '^(202[6-9]|20[3-9][0-9])-'
		body insurance | sed 's/"[^"]*"//g' | cut -d, -f3 | grep -E '^(202[6-9]|20[3-9][0-9])-') | head -1)"
check "mortgages: ISO dates or empty" \
	test -z "$(body mortgages | cut -d, -f6 | grep -Ev -m1 '^([12][0-9]{3}-[01][0-9]-[0-3][0-9])?$')"
check "mortgages: phones NNN.NNN.NNNN or empty" \
	test -z "$(body mortgages | sed 's/"[^"]*"//g' | cut -d, -f8 | grep -Ev -m1 '^([0-9]{3}\.[0-9]{3}\.[0-9]{4})?$')"
check "mortgages: SSNs 9 digits with or without dashes" \
	test -z "$(body mortgages | cut -d, -f7 | grep -Ev -m1 '^([0-9]{3}-?[0-9]{2}-?[0-9]{4})?$')"
check "deposits: dates DD-MON-YYYY or empty" \
	test -z "$(body deposits | sed 's/"[^"]*"//g' | cut -d, -f5 | grep -Ev -m1 '^([0-3][0-9]-(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)-[12][0-9]{3})?$')"
check "deposits: phones +1 NNN NNN NNNN or empty" \
	test -z "$(body deposits | sed 's/"[^"]*"//g' | cut -d, -f4 | grep -Ev -m1 '^(\+1 [0-9]{3} [0-9]{3} [0-9]{4})?$')"
check "deposits: some dates missing" grep -q '^[^,]*,[^,]*,[^,]*,[^,]*,,' "$dir/deposits.csv"
check "deposits: nicknames in use" \
	test "$(body deposits | grep -Ec '^[^,]*,(Bill|Bob|Liz|Beth|Jim|Mike|Kate|Peggy|Tom|Dick) ')" -gt 0
check "insurance: titles" grep -Eq '^[^,]*,(Mr|Mrs|Ms|Dr)\.? ' "$dir/insurance.csv"
for ph in UNKNOWN 000-00-0000 N/A 1900-01-01 test@test.com 999-999-9999; do
	check "insurance: placeholder $ph present" grep -q -- ",$ph," "$dir/insurance.csv"
done
check "insurance: spelled-out street types" grep -Eq ' (Street|Avenue|Road|Drive) ' "$dir/insurance.csv"
check "loyalty: birthdays MM/DD without year or empty" \
	test -z "$(body loyalty | sed 's/"[^"]*"//g' | cut -d, -f6 | grep -Ev -m1 '^([01][0-9]/[0-3][0-9])?$')"
check "accented names (José, Zoë, Müller, ...)" \
	grep -Eq 'José|Zoë|Müller|García|Chloé|Renée|Noémie|Ángel|Dvořák' "$dir/people.csv"
check "apostrophes and hyphens in family names" \
	grep -q "O'Brien\|O'Connor\|O'Neil\|D'Angelo\|O'Malley" "$dir/people.csv"
check "hyphenated family names" grep -Eq '^[0-9]+,[0-9]+,[MF],[^,]*,[^,]*,[^,]*-[^,]*,' "$dir/people.csv"
check "twins" test "$(grep -c ',1$' "$dir/people.csv")" -ge 2
check "father and son with the same name (SR/JR)" \
	test "$(grep -c ',JR,' "$dir/people.csv")" -ge 1 -a "$(grep -c ',SR,' "$dir/people.csv")" -ge 1
check "maiden names" test "$(cut -d, -f7 "$dir/people.csv" | grep -vc '^$')" -gt 10
check "moved people (old addresses)" grep -q '",".*"' "$dir/people.csv"
check "several accounts of one person in one system" \
	test -n "$(grep '^cards,' "$dir/truth.csv" | cut -d, -f3 | sort | uniq -d | head -1)"
check "households of several people" \
	test -n "$(tail -n +2 "$dir/households.csv" | cut -d, -f2 | uniq -d | head -1)"
check "transactions: header" \
	test "$(head -1 "$dir/cards_transactions.csv")" = "source_name,source_key,ts,amount"
check "transactions: every account known to cards.csv" \
	test -z "$(comm -23 <(tail -n +2 "$dir/cards_transactions.csv" | cut -d, -f2 | sort -u) \
		<(body cards | cut -d, -f1 | sort -u) | head -1)"
check "transactions: timestamps and amounts well formed" \
	test -z "$(tail -n +2 "$dir/loyalty_transactions.csv" | grep -Ev -m1 '^loyalty,L[0-9]{7},202[45]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9],[0-9]+\.[0-9]{2}$')"

# -- relationship files (seed 1): keys point at records, bad rows as documented
keys() { tail -n +2 "$dir/$1.csv" | cut -d, -f1 | sort -u; }
col() { tail -n +2 "$dir/$1.csv" | cut -d, -f"$2"; }
# fraction (per mille) of the values of column $2 of file $1 that are no key of system $3
unknown_permille() {
	local total bad
	total=$(col "$1" "$2" | wc -l)
	bad=$(col "$1" "$2" | grep -cvxFf <(keys "$3"))
	echo $((bad * 1000 / (total > 0 ? total : 1)))
}
for f in mortgage_coborrowers insurance_beneficiaries loyalty_referrals deposit_holders; do
	check "$f.csv has rows" test "$(($(wc -l <"$dir/$f.csv") - 1))" -gt 0
done
check "co-borrowers: every loan_id is a mortgage" test -z "$(comm -23 <(col mortgage_coborrowers 1 | sort -u) <(keys mortgages) | head -1)"
p=$(unknown_permille mortgage_coborrowers 2 deposits)
check "co-borrowers: 1% to 6% of customer_no unknown or empty ($p per mille)" test "$p" -ge 10 -a "$p" -le 60
check "co-borrowers: relation spouse or partner" test -z "$(col mortgage_coborrowers 3 | grep -Ev -m1 '^(spouse|partner)$')"
check "beneficiaries: every policy_no is a policy" test -z "$(comm -23 <(col insurance_beneficiaries 1 | sort -u) <(keys insurance) | head -1)"
p=$(unknown_permille insurance_beneficiaries 2 deposits)
check "beneficiaries: at most 3% unknown customer_no ($p per mille)" test "$p" -le 30
check "beneficiaries: relations as typed (capitals), outside the vocabulary (friend) and missing" \
	bash -c "grep -q ',Spouse$\|,Child$' '$dir/insurance_beneficiaries.csv' && grep -q ',friend$' '$dir/insurance_beneficiaries.csv' && grep -q ',$' '$dir/insurance_beneficiaries.csv'"
check "beneficiaries: relations from the documented list" \
	test -z "$(col insurance_beneficiaries 3 | tr 'A-Z' 'a-z' | grep -Ev -m1 '^(spouse|partner|child|parent|sibling|friend|)$')"
check "referrals: every member_id is a member" test -z "$(comm -23 <(col loyalty_referrals 1 | sort -u) <(keys loyalty) | head -1)"
p=$(unknown_permille loyalty_referrals 2 loyalty)
check "referrals: some unknown referrers, at most 10% ($p per mille)" test "$p" -ge 1 -a "$p" -le 100
check "referrals: self-referrals" grep -Eq '^([^,]+),\1$' "$dir/loyalty_referrals.csv"
check "referrals: cycles of two members" \
	test -n "$(comm -12 <(tail -n +2 "$dir/loyalty_referrals.csv" | sort -u) \
		<(tail -n +2 "$dir/loyalty_referrals.csv" | sed -E 's/^([^,]*),(.*)$/\2,\1/' | sort -u) | grep -Ev '^([^,]+),\1$' | head -1)"
check "referrals: a keen referrer (5 or more)" test "$(col loyalty_referrals 2 | sort | uniq -c | sort -rn | head -1 | sed -E 's/^ *([0-9]+) .*/\1/')" -ge 5
check "holders: every customer_no is a deposits record" test -z "$(comm -23 <(col deposit_holders 2 | sort -u) <(keys deposits) | head -1)"
check "holders: holding_id unique" test -z "$(col deposit_holders 1 | sort | uniq -d | head -1)"
check "holders: joint accounts of two" test "$(col deposit_holders 3 | sort | uniq -c | grep -c '^ *2 ')" -gt 10
check "holders: a placeholder account on more than 10 records" \
	test "$(col deposit_holders 3 | grep -c '^000000000000$')" -gt 10
check "relationships truth: persons known, kinds in the vocabulary, no one related to themselves" \
	test -z "$( (comm -23 <( (col relationships_truth 1; col relationships_truth 2) | sort -u) \
		<(tail -n +2 "$dir/households.csv" | cut -d, -f1 | sort -u)
		col relationships_truth 3 | grep -Ev '^(spouse|partner|child|parent|sibling|beneficiary|referred_by|joint_holder)$'
		tail -n +2 "$dir/relationships_truth.csv" | grep -E '^([0-9]+),\1,') | head -1)"

# -- the committed sample is what the generator makes today
mkdir -p "$work/sample"
"$bin" --people 200 --seed 1 --out "$work/sample" --transactions 2>/dev/null
for f in test/gen/sample/*.csv; do
	check "sample $(basename "$f") is up to date (regenerate: see README)" \
		cmp -s "$f" "$work/sample/$(basename "$f")"
done
check "sample has every file" \
	test "$(ls test/gen/sample/*.csv | wc -l)" -eq "$(ls "$work/sample"/*.csv | wc -l)"

# -- argument errors
refuses() { ! "$bin" "$@" >/dev/null 2>&1; }
check "refuses no arguments" refuses
check "refuses --people 0" refuses --people 0 --seed 1 --out "$work/x"
check "refuses --people 4000001" refuses --people 4000001 --seed 1 --out "$work/x"
check "refuses --people abc" refuses --people abc --seed 1 --out "$work/x"
check "refuses --seed -1" refuses --people 10 --seed -1 --out "$work/x"
check "refuses an unknown system" refuses --people 10 --seed 1 --out "$work/x" --systems cards,atm
check "refuses an unknown option" refuses --people 10 --seed 1 --out "$work/x" --fast
check "refuses a missing data directory" refuses --people 10 --seed 1 --out "$work/x" --data /nonexistent
check "refuses a missing nickname file" refuses --people 10 --seed 1 --out "$work/x" --nicknames /nonexistent
check "says what to fix for an unknown system" \
	bash -c "'$bin' --people 10 --seed 1 --out '$work/x' --systems atm 2>&1 | grep -q 'unknown system \"atm\"'"
check "--help prints the usage and succeeds" bash -c "'$bin' --help | grep -q '^usage: gen_customers'"
check "one person works" "$bin" --people 1 --seed 5 --out "$work/one" 2>/dev/null

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
