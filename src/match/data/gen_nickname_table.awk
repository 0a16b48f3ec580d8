# gen_nickname_table.awk: build src/match/nickname_table.h from nicknames.csv.
#
#   LC_ALL=C awk -f src/match/data/gen_nickname_table.awk \
#       src/match/data/nicknames.csv > src/match/nickname_table.h
#
# POSIX awk only (mawk, gawk, busybox awk): no asort, no bit operations, no
# reliance on the order of "for (k in array)".  The output is a sorted
# static table of (nickname, root) pairs for c360_nickname_root(); names
# that are their own root are left out, so a miss means "return the input".
# A second table lists every (nickname, formal name) pair for matching.
#
# Input rows are "name1,has_nickname,name2" (the first line is a header;
# CR LF line ends are accepted).  Every name is turned into the key the
# runtime builds from a given name (src/match/name.c, c360_name_fold):
# lower case, apostrophes removed, periods and hyphens become a space,
# spaces squeezed and trimmed ("k.c." -> "k c").  Characters other than
# ASCII letters, space, period, apostrophe and hyphen are an error: the
# generator cannot fold accents the way the runtime does.
#
# The rule that picks one root per name (docs/reference/names.md explains
# why; test/unit/test_name.c re-implements it from the csv and fails when
# the committed header differs):
#
#   nicks(x)   the distinct names x lists as its nicknames; deg(x) = |nicks(x)|
#   parents(n) the distinct names that list n as a nickname
#   rank       x outranks y when deg(x) > deg(y); on a tie the longer name;
#              then the one that sorts first (a strict total order)
#   eligible   f is an eligible parent of n when f is in parents(n),
#              f outranks n, f is at least as long as n, and n has fewer
#              than AMBIGUOUS_PARENTS parents (a name listed as a nickname
#              of that many names is too ambiguous to pin to one of them)
#   best       among eligible parents the greatest by, in turn:
#              1. n also lists f as its nickname (the table's way of
#                 saying "bob is short for robert": bob,has_nickname,robert)
#              2. f starts with the same letter as n
#              3. the number of nicknames f and n both list
#              4. deg(f)   5. length of f   6. sorts first
#   step(n)    best eligible parent of n, or n itself if there is none
#   root(n)    step applied until it stops changing; every step goes to a
#              strictly higher ranked name, so this ends and
#              root(root(n)) = root(n)

BEGIN {
	FS = ","
	AMBIGUOUS_PARENTS = 8
	rows = 0
	nnames = 0
	failed = 0
}

function fail(message)
{
	printf("gen_nickname_table.awk: %s:%d: %s\n", FILENAME, FNR, message) > "/dev/stderr"
	failed = 1
	exit 1
}

# The runtime key of a raw name from the csv.
function name_key(raw,   key)
{
	key = tolower(raw)
	if (key ~ /[^a-z .'-]/)
		fail("unexpected character in name \"" raw "\"")
	gsub(/'/, "", key)
	gsub(/[.-]/, " ", key)
	gsub(/  +/, " ", key)
	sub(/^ /, "", key)
	sub(/ $/, "", key)
	return key
}

function add_name(key)
{
	if (!(key in known))
	{
		known[key] = 1
		name_list[++nnames] = key
	}
}

# x outranks y: more nicknames, then longer, then sorts first.
function outranks(x, y)
{
	if (deg[x] != deg[y])
		return deg[x] > deg[y]
	if (length(x) != length(y))
		return length(x) > length(y)
	return x < y
}

function shared_nicknames(a, b,   i, count)
{
	count = 0
	for (i = 1; i <= deg[a]; i++)
		if ((b SUBSEP nick[a, i]) in lists)
			count++
	return count
}

# 1 if candidate f is a better parent for n than the current best g.
function better_parent(f, g, n,   kf, kg)
{
	kf = ((n SUBSEP f) in lists)
	kg = ((n SUBSEP g) in lists)
	if (kf != kg)
		return kf > kg
	kf = (substr(f, 1, 1) == substr(n, 1, 1))
	kg = (substr(g, 1, 1) == substr(n, 1, 1))
	if (kf != kg)
		return kf > kg
	kf = shared_nicknames(f, n)
	kg = shared_nicknames(g, n)
	if (kf != kg)
		return kf > kg
	if (deg[f] != deg[g])
		return deg[f] > deg[g]
	if (length(f) != length(g))
		return length(f) > length(g)
	return f < g
}

{
	sub(/\r$/, "")
}

FNR == 1 {
	if ($0 != "name1,relationship,name2")
		fail("expected the header \"name1,relationship,name2\"")
	next
}

/^$/ { next }

{
	if (NF != 3)
		fail("expected 3 fields, found " NF)
	if ($2 != "has_nickname")
		fail("unknown relationship \"" $2 "\"")
	formal = name_key($1)
	short = name_key($3)
	if (formal == "" || short == "")
		fail("empty name")
	rows++
	if (formal == short || ((formal SUBSEP short) in lists))
		next
	lists[formal, short] = 1
	add_name(formal)
	add_name(short)
	nick[formal, ++deg[formal]] = short
	parent[short, ++nparents[short]] = formal
}

END {
	if (failed)
		exit 1
	if (rows == 0)
	{
		print "gen_nickname_table.awk: no rows read" > "/dev/stderr"
		exit 1
	}

	for (i = 1; i <= nnames; i++)
	{
		n = name_list[i]
		best = ""
		if (nparents[n] < AMBIGUOUS_PARENTS)
		{
			for (j = 1; j <= nparents[n]; j++)
			{
				f = parent[n, j]
				if (!outranks(f, n) || length(f) < length(n))
					continue
				if (best == "" || better_parent(f, best, n))
					best = f
			}
		}
		step[n] = (best == "") ? n : best
	}

	# Roots, and the entries that differ from their name.
	count = 0
	for (i = 1; i <= nnames; i++)
	{
		n = name_list[i]
		r = n
		hops = 0
		while (step[r] != r)
		{
			r = step[r]
			if (++hops > nnames)
			{
				print "gen_nickname_table.awk: cycle at \"" n "\"" > "/dev/stderr"
				exit 1
			}
		}
		if (r != n)
		{
			entry_name[++count] = n
			entry_root[n] = r
		}
	}

	# Insertion sort by name (byte order under LC_ALL=C; keys are ASCII).
	for (i = 2; i <= count; i++)
	{
		v = entry_name[i]
		j = i - 1
		while (j >= 1 && entry_name[j] > v)
		{
			entry_name[j + 1] = entry_name[j]
			j--
		}
		entry_name[j + 1] = v
	}
	for (i = 2; i <= count; i++)
		if (!(entry_name[i - 1] < entry_name[i]))
		{
			print "gen_nickname_table.awk: keys not strictly sorted; run with LC_ALL=C" > "/dev/stderr"
			exit 1
		}

	print "/*"
	print " * nickname_table.h: GENERATED by src/match/data/gen_nickname_table.awk"
	print " * from src/match/data/nicknames.csv.  Do not edit; run"
	print " * 'make src/match/nickname_table.h' after changing either file."
	print " *"
	print " * Each entry maps a nickname key to its root (see the rule in the"
	print " * generator and docs/reference/names.md).  Names that are their own"
	print " * root are not listed.  Sorted by key in byte order for binary search."
	print " * Source data: the \"nicknames\" list by Old Dominion University -"
	print " * Carlton Northern, Apache License 2.0 (src/match/data/NOTICE)."
	print " */"
	print "#ifndef C360_NICKNAME_TABLE_H"
	print "#define C360_NICKNAME_TABLE_H"
	print ""
	printf("#define C360_NICKNAME_SOURCE_ROWS %d\n", rows)
	printf("#define C360_NICKNAME_SOURCE_NAMES %d\n", nnames)
	printf("#define C360_NICKNAME_AMBIGUOUS_PARENTS %d\n", AMBIGUOUS_PARENTS)
	printf("#define C360_NICKNAME_ENTRIES %d\n", count)
	print ""
	print "typedef struct C360NicknameEntry"
	print "{"
	print "\tconst char *key;\t\t\t/* nickname key, NUL-terminated */"
	print "\tconst char *root;\t\t\t/* its root, NUL-terminated */"
	print "\tunsigned char key_len;"
	print "\tunsigned char root_len;"
	print "} C360NicknameEntry;"
	print ""
	print "static const C360NicknameEntry c360_nickname_table[C360_NICKNAME_ENTRIES] = {"
	for (i = 1; i <= count; i++)
	{
		n = entry_name[i]
		r = entry_root[n]
		if (length(n) > 255 || length(r) > 255)
		{
			print "gen_nickname_table.awk: name longer than 255 bytes" > "/dev/stderr"
			exit 1
		}
		printf("\t{\"%s\", \"%s\", %d, %d},\n", n, r, length(n), length(r))
	}
	print "};"
	print ""

	# Every (nickname, formal name) pair, for matching: two given names
	# match as nicknames when their sets {name} + formal names intersect
	# ("sam" and "samuel" do, though the root of "sam" is "samantha").
	npairs = 0
	for (i = 1; i <= nnames; i++)
	{
		n = name_list[i]
		for (j = 1; j <= nparents[n]; j++)
			pair_key[++npairs] = n "\t" parent[n, j]
	}
	for (i = 2; i <= npairs; i++)
	{
		v = pair_key[i]
		j = i - 1
		while (j >= 1 && pair_key[j] > v)
		{
			pair_key[j + 1] = pair_key[j]
			j--
		}
		pair_key[j + 1] = v
	}
	printf("#define C360_NICKNAME_FORMAL_PAIRS %d\n", npairs)
	print ""
	print "/* (nickname, formal name) pairs sorted by nickname, then formal name. */"
	print "static const C360NicknameEntry c360_nickname_formal_table[C360_NICKNAME_FORMAL_PAIRS] = {"
	for (i = 1; i <= npairs; i++)
	{
		split(pair_key[i], kv, "\t")
		printf("\t{\"%s\", \"%s\", %d, %d},\n", kv[1], kv[2], length(kv[1]), length(kv[2]))
	}
	print "};"
	print ""
	print "#endif\t\t\t\t\t\t\t/* C360_NICKNAME_TABLE_H */"
}
