/*
 * Unit tests for src/match/name.c and src/match/nickname.c.
 *
 * Besides the behaviour, this test re-implements the nickname rule of
 * src/match/data/gen_nickname_table.awk in C, runs it over
 * src/match/data/nicknames.csv and requires the committed
 * src/match/nickname_table.h to hold exactly its result: a csv edited
 * without regenerating the header (or a generator that drifts from the
 * documented rule) fails here.  The csv is found from this file's path
 * (__FILE__) or, failing that, relative to the working directory.
 */
#include <stdint.h>
#include <stdlib.h>

#include "name.h"
#include "nickname.h"
#include "nickname_table.h"
#include "unit.h"
#include "utf8.h"

static const char *const part_names[C360_NAME_PARTS] = {
	"title", "given", "middle", "family", "suffix"
};

/* Check every part of a parse; NULL means "absent". */
static void
check_parse(const char *input, const char *title, const char *given,
			const char *middle, const char *family, const char *suffix)
{
	const char *expected[C360_NAME_PARTS] = {title, given, middle, family, suffix};
	C360Name	name;
	char		buf[512];

	c360_name_parse(input, strlen(input), &name);
	for (int part = 0; part < C360_NAME_PARTS; part++)
	{
		const char *got = NULL;

		if (c360_name_has_part(&name, part))
		{
			size_t		n = c360_name_part_text(input, &name, part, buf, sizeof(buf));

			UNIT_RECORD(n < sizeof(buf) && n == strlen(buf), "[%s] %s length %zu", input, part_names[part], n);
			got = buf;
		}
		else
			UNIT_RECORD(c360_name_part_text(input, &name, part, buf, sizeof(buf)) == 0 && buf[0] == '\0',
						"[%s] absent %s has text", input, part_names[part]);
		UNIT_RECORD(got == NULL ? expected[part] == NULL :
					expected[part] != NULL && strcmp(got, expected[part]) == 0,
					"[%s] %s = \"%s\", expected \"%s\"", input, part_names[part],
					got ? got : "(absent)", expected[part] ? expected[part] : "(absent)");
	}
}

static void
check_comma_form(const char *input, bool expected)
{
	C360Name	name;

	c360_name_parse(input, strlen(input), &name);
	UNIT_RECORD(name.comma_form == expected, "[%s] comma_form = %d", input, (int) name.comma_form);
}

/* c360_name_normalize of a C string; NULL when it returns 0. */
static const char *
normalized(const char *input)
{
	static char buf[1024];
	size_t		n = c360_name_normalize(input, strlen(input), buf, sizeof(buf));

	return n == 0 ? NULL : buf;
}

static const char *
folded(const char *input)
{
	static char buf[1024];
	size_t		n = c360_name_fold(input, strlen(input), buf, sizeof(buf));

	return n == 0 ? NULL : buf;
}

/* nickname root of a name as written; NULL for no letters. */
static const char *
root_of(const char *input)
{
	static char buf[1024];
	static char result[1024];
	size_t		len;
	const char *r = c360_nickname_root_of(input, strlen(input), buf, sizeof(buf), &len);

	if (r == NULL)
		return NULL;
	memcpy(result, r, len);
	result[len] = '\0';
	return result;
}

static bool
valid_utf8(const char *s, size_t len)
{
	uint32_t   *cps = malloc((len + 1) * sizeof(uint32_t));
	size_t		n = c360_utf8_decode(s, len, cps);
	size_t		bytes = 0;
	bool		ok = true;

	for (size_t i = 0; i < n; i++)
	{
		char		enc[4];

		if (cps[i] == C360_REPLACEMENT_CHAR)
			ok = false;
		bytes += c360_utf8_encode(cps[i], enc);
	}
	free(cps);
	return ok && bytes == len;
}

/* ------------------------------------------------------------------
 * The nickname rule, again, from the csv.
 * ------------------------------------------------------------------
 */

#define MAX_RULE_NAMES 8192

typedef struct RuleData
{
	int			count;
	char	   *names[MAX_RULE_NAMES];
	int			deg[MAX_RULE_NAMES];
	int			nparents[MAX_RULE_NAMES];
	int		   *nicks[MAX_RULE_NAMES];	/* indexes, deg[] of them */
	int		   *parents[MAX_RULE_NAMES];
	unsigned char *lists;		/* count x count: lists[a * count + b] */
	int			rows;
} RuleData;

/* The key the runtime folds a csv name to, or NULL if it has other characters. */
static char *
rule_key(const char *raw)
{
	char	   *key = malloc(strlen(raw) + 1);
	size_t		n = 0;

	for (const char *p = raw; *p; p++)
	{
		char		ch = *p;

		if (ch >= 'A' && ch <= 'Z')
			ch = (char) (ch - 'A' + 'a');
		if (ch >= 'a' && ch <= 'z')
			key[n++] = ch;
		else if (ch == '.' || ch == '-' || ch == ' ')
		{
			if (n > 0 && key[n - 1] != ' ')
				key[n++] = ' ';
		}
		else if (ch != '\'')
		{
			free(key);
			return NULL;
		}
	}
	while (n > 0 && key[n - 1] == ' ')
		n--;
	key[n] = '\0';
	return key;
}

static int
rule_intern(RuleData *d, char *key)
{
	for (int i = 0; i < d->count; i++)
		if (strcmp(d->names[i], key) == 0)
		{
			free(key);
			return i;
		}
	if (d->count == MAX_RULE_NAMES)
		return -1;
	d->names[d->count] = key;
	return d->count++;
}

static FILE *
open_csv(void)
{
	const char *self = __FILE__;
	const char *tail = "test/unit/test_name.c";
	const char *csv = "src/match/data/nicknames.csv";
	size_t		self_len = strlen(self),
				tail_len = strlen(tail);
	FILE	   *f = NULL;

	if (self_len >= tail_len && strcmp(self + self_len - tail_len, tail) == 0)
	{
		char		path[4096];

		snprintf(path, sizeof(path), "%.*s%s", (int) (self_len - tail_len), self, csv);
		f = fopen(path, "rb");
	}
	if (f == NULL)
		f = fopen(csv, "rb");
	return f;
}

/* Read the csv; false (with a message) on any problem. */
static bool
rule_load(RuleData *d)
{
	FILE	   *f = open_csv();
	char		line[1024];
	int			pairs_cap = 8192,
				npairs = 0;
	int		   *pair_f,
			   *pair_n;
	bool		header = true;

	memset(d, 0, sizeof(*d));
	if (f == NULL)
	{
		fprintf(stderr, "test_name: cannot open src/match/data/nicknames.csv\n");
		return false;
	}
	pair_f = malloc(pairs_cap * sizeof(int));
	pair_n = malloc(pairs_cap * sizeof(int));
	while (fgets(line, sizeof(line), f))
	{
		char	   *fields[3];
		char	   *p = line;
		char	   *kf,
				   *kn;
		int			fi,
					ni,
					nf = 0;
		size_t		l = strlen(line);

		while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r'))
			line[--l] = '\0';
		if (header)
		{
			header = false;
			if (strcmp(line, "name1,relationship,name2") != 0)
				return false;
			continue;
		}
		if (l == 0)
			continue;
		while (nf < 3 && p)
		{
			fields[nf++] = p;
			p = strchr(p, ',');
			if (p)
				*p++ = '\0';
		}
		if (nf != 3 || p != NULL || strcmp(fields[1], "has_nickname") != 0)
			return false;
		kf = rule_key(fields[0]);
		kn = rule_key(fields[2]);
		if (kf == NULL || kn == NULL || kf[0] == '\0' || kn[0] == '\0')
			return false;
		d->rows++;
		fi = rule_intern(d, kf);
		ni = rule_intern(d, kn);
		if (fi < 0 || ni < 0)
			return false;
		if (npairs == pairs_cap)
		{
			pairs_cap *= 2;
			pair_f = realloc(pair_f, pairs_cap * sizeof(int));
			pair_n = realloc(pair_n, pairs_cap * sizeof(int));
		}
		pair_f[npairs] = fi;
		pair_n[npairs] = ni;
		npairs++;
	}
	fclose(f);

	d->lists = calloc((size_t) d->count * d->count, 1);
	for (int i = 0; i < d->count; i++)
	{
		d->nicks[i] = malloc(d->count * sizeof(int));
		d->parents[i] = malloc(d->count * sizeof(int));
	}
	for (int k = 0; k < npairs; k++)
	{
		int			fi = pair_f[k],
					ni = pair_n[k];
		unsigned char *cell = &d->lists[(size_t) fi * d->count + ni];

		if (fi == ni || *cell)
			continue;
		*cell = 1;
		d->nicks[fi][d->deg[fi]++] = ni;
		d->parents[ni][d->nparents[ni]++] = fi;
	}
	free(pair_f);
	free(pair_n);
	return true;
}

static bool
rule_lists(const RuleData *d, int a, int b)
{
	return d->lists[(size_t) a * d->count + b] != 0;
}

static bool
rule_outranks(const RuleData *d, int x, int y)
{
	size_t		lx = strlen(d->names[x]),
				ly = strlen(d->names[y]);

	if (d->deg[x] != d->deg[y])
		return d->deg[x] > d->deg[y];
	if (lx != ly)
		return lx > ly;
	return strcmp(d->names[x], d->names[y]) < 0;
}

static int
rule_shared(const RuleData *d, int a, int b)
{
	int			count = 0;

	for (int k = 0; k < d->deg[a]; k++)
		if (rule_lists(d, b, d->nicks[a][k]))
			count++;
	return count;
}

/* Whether parent f beats parent g as the root of n. */
static bool
rule_better(const RuleData *d, int f, int g, int n)
{
	int			kf,
				kg;
	size_t		lf = strlen(d->names[f]),
				lg = strlen(d->names[g]);

	kf = rule_lists(d, n, f);
	kg = rule_lists(d, n, g);
	if (kf != kg)
		return kf > kg;
	kf = d->names[f][0] == d->names[n][0];
	kg = d->names[g][0] == d->names[n][0];
	if (kf != kg)
		return kf > kg;
	kf = rule_shared(d, f, n);
	kg = rule_shared(d, g, n);
	if (kf != kg)
		return kf > kg;
	if (d->deg[f] != d->deg[g])
		return d->deg[f] > d->deg[g];
	if (lf != lg)
		return lf > lg;
	return strcmp(d->names[f], d->names[g]) < 0;
}

static void
test_table_matches_csv(void)
{
	RuleData   *d = malloc(sizeof(RuleData));
	int		   *step;
	int			changed = 0,
				mismatches = 0,
				cycles = 0;

	if (!rule_load(d))
	{
		UNIT_RECORD(0, "nicknames.csv could not be read or is malformed");
		free(d);
		return;
	}
	CHECK_INT(d->rows, C360_NICKNAME_SOURCE_ROWS);
	CHECK_INT(d->count, C360_NICKNAME_SOURCE_NAMES);

	step = malloc(d->count * sizeof(int));
	for (int n = 0; n < d->count; n++)
	{
		int			best = -1;

		if (d->nparents[n] < C360_NICKNAME_AMBIGUOUS_PARENTS)
			for (int k = 0; k < d->nparents[n]; k++)
			{
				int			f = d->parents[n][k];

				if (!rule_outranks(d, f, n) || strlen(d->names[f]) < strlen(d->names[n]))
					continue;
				if (best < 0 || rule_better(d, f, best, n))
					best = f;
			}
		step[n] = best < 0 ? n : best;
	}
	for (int n = 0; n < d->count; n++)
	{
		int			r = n,
					hops = 0;
		size_t		got_len;
		const char *got;

		while (step[r] != r && hops <= d->count)
		{
			r = step[r];
			hops++;
		}
		if (hops > d->count)
			cycles++;
		if (r != n)
			changed++;
		got = c360_nickname_lookup(d->names[n], strlen(d->names[n]), &got_len);
		if (got_len != strlen(d->names[r]) || memcmp(got, d->names[r], got_len) != 0)
		{
			if (mismatches++ < 10)
				fprintf(stderr, "nickname %s: table gives %.*s, csv rule gives %s\n",
						d->names[n], (int) got_len, got, d->names[r]);
		}
	}
	UNIT_RECORD(mismatches == 0,
				"%d names differ between src/match/nickname_table.h and nicknames.csv: "
				"run 'make src/match/nickname_table.h'", mismatches);
	CHECK_INT(cycles, 0);
	CHECK_INT(changed, C360_NICKNAME_ENTRIES);

	free(step);
	for (int i = 0; i < d->count; i++)
	{
		free(d->names[i]);
		free(d->nicks[i]);
		free(d->parents[i]);
	}
	free(d->lists);
	free(d);
}

/* ------------------------------------------------------------------ */

static void
test_table_shape(void)
{
	bool		sorted = true,
				lengths = true,
				roots_final = true,
				keys_clean = true;

	CHECK(C360_NICKNAME_ENTRIES > 1000);
	for (int i = 0; i < C360_NICKNAME_ENTRIES; i++)
	{
		const C360NicknameEntry *e = &c360_nickname_table[i];
		size_t		len;

		if (i > 0 && strcmp(c360_nickname_table[i - 1].key, e->key) >= 0)
			sorted = false;
		if (strlen(e->key) != e->key_len || strlen(e->root) != e->root_len)
			lengths = false;
		/* a root is never itself a key: one lookup reaches the fixed point */
		if (c360_nickname_lookup(e->root, e->root_len, &len) != e->root)
			roots_final = false;
		if (strcmp(e->key, e->root) == 0 || e->key_len == 0)
			keys_clean = false;
		/* keys are what c360_name_fold makes of them */
		{
			const char *f = folded(e->key);

			if (f == NULL || strcmp(f, e->key) != 0)
				keys_clean = false;
		}
	}
	CHECK(sorted);
	CHECK(lengths);
	CHECK(roots_final);
	CHECK(keys_clean);
}

static void
test_nicknames(void)
{
	size_t		len;
	const char *r;
	char		buf[64];

	/* the reference values */
	CHECK_STR(root_of("bob"), "robert");
	CHECK_STR(root_of("peggy"), "margaret");
	CHECK_STR(root_of("bill"), "william");
	CHECK_STR(root_of("liz"), "elizabeth");
	/* case, accents, punctuation and spaces around */
	CHECK_STR(root_of("BOB"), "robert");
	CHECK_STR(root_of("  Bób. "), "robert");
	CHECK_STR(root_of("Pe\xcc\x81ggy"), "margaret");	/* decomposed accent */
	CHECK_STR(root_of("Liz\xe2\x80\x8b"), "elizabeth");	/* trailing ZWSP */
	CHECK_STR(root_of("K.C."), "kasey");
	CHECK_STR(root_of("k c"), "kasey");
	/* formal names are their own root */
	CHECK_STR(root_of("Robert"), "robert");
	CHECK_STR(root_of("WILLIAM"), "william");
	CHECK_STR(root_of("Margaret"), "margaret");
	CHECK_STR(root_of("Elizabeth"), "elizabeth");
	/* several formal names: one deterministic choice */
	CHECK_STR(root_of("ron"), "ronald");
	CHECK_STR(root_of("abby"), "abbigail");
	CHECK_STR(root_of("Abigail"), "abigail");
	/* ambiguous (listed under 8 or more names): its own root */
	CHECK_STR(root_of("chris"), "chris");
	CHECK_STR(root_of("Mary"), "mary");
	CHECK_STR(root_of("john"), "john");
	CHECK_STR(root_of("jack"), "john");
	/* unknown: the folded input */
	CHECK_STR(root_of("Zyx"), "zyx");
	CHECK_STR(root_of("Mary-Jane"), "mary jane");
	CHECK_STR(root_of("Иван"), "иван");
	CHECK_STR(root_of("王小明"), "王小明");
	CHECK_STR(root_of("O'Brien"), "obrien");
	/* no letters */
	CHECK(root_of("") == NULL);
	CHECK(root_of("  .,- ") == NULL);
	CHECK(root_of("123") == NULL);
	CHECK(root_of("\xf0\x9f\x98\x80") == NULL);
	CHECK(root_of("\x01\x02\x7f") == NULL);
	CHECK(root_of("\xff\xfe") == NULL);
	/* idempotent */
	CHECK_STR(root_of(root_of("bob")), "robert");
	CHECK_STR(root_of(root_of("peggy")), "margaret");

	/* the raw lookup: static text for a hit, the key itself for a miss */
	r = c360_nickname_lookup("bob", 3, &len);
	CHECK(len == 6 && memcmp(r, "robert", 6) == 0 && r[6] == '\0');
	strcpy(buf, "robertxyz");
	r = c360_nickname_lookup(buf, 6, &len);	/* not NUL-terminated at 6 */
	CHECK(r == buf && len == 6);
	r = c360_nickname_lookup("bobx", 3, &len);
	CHECK(len == 6 && strcmp(r, "robert") == 0);
	r = c360_nickname_lookup("", 0, &len);
	CHECK(len == 0);
	r = c360_nickname_lookup("zzzzzz", 6, &len);
	CHECK(r != NULL && len == 6);
	r = c360_nickname_lookup("a", 1, &len);
	CHECK(len == 1);
	/* every key finds its own root, first and last entries included */
	{
		bool		all = true;

		for (int i = 0; i < C360_NICKNAME_ENTRIES; i++)
		{
			const C360NicknameEntry *e = &c360_nickname_table[i];

			r = c360_nickname_lookup(e->key, e->key_len, &len);
			if (r != e->root || len != e->root_len)
				all = false;
		}
		CHECK(all);
	}
	r = c360_nickname_root_of("", 0, buf, 1, &len);
	CHECK(r == NULL && len == 0);
}

static void
test_parse_reference(void)
{
	/* the examples of the specification */
	check_parse("SMITH, JOHN A", NULL, "JOHN", "A", "SMITH", NULL);
	check_parse("Mr. Bob S. Chen Jr", "Mr", "Bob", "S", "Chen", "Jr");
	check_parse("María José García-López", NULL, "María", "José", "García-López", NULL);
	check_parse("Dr John Paul Smith III", "Dr", "John", "Paul", "Smith", "III");
	check_parse("SMITH JR, JOHN", NULL, "JOHN", NULL, "SMITH", "JR");
	check_parse("O'Brien, Patrick", NULL, "Patrick", NULL, "O'Brien", NULL);
	check_parse("Maria d'Angelo", NULL, "Maria", NULL, "d'Angelo", NULL);
	check_parse("d'Angelo", NULL, "d'Angelo", NULL, NULL, NULL);
	check_parse("Ludwig van Beethoven", NULL, "Ludwig", NULL, "van Beethoven", NULL);
	check_parse("Vincent van der Berg", NULL, "Vincent", NULL, "van der Berg", NULL);
	check_parse("Mary-Jane Watson", NULL, "Mary-Jane", NULL, "Watson", NULL);
	check_parse("Madonna", NULL, "Madonna", NULL, NULL, NULL);
	check_parse("  smith ,, john  ", NULL, "john", NULL, "smith", NULL);
	check_parse("Mr.", "Mr", NULL, NULL, NULL, NULL);
	check_parse("王小明", NULL, "王小明", NULL, NULL, NULL);
	check_parse("Иван Петров", NULL, "Иван", NULL, "Петров", NULL);
	check_parse("Иван Иванович Петров", NULL, "Иван", "Иванович", "Петров", NULL);

	check_comma_form("SMITH, JOHN A", true);
	check_comma_form("Mr. Bob S. Chen Jr", false);
}

static void
test_parse_rules(void)
{
	/* case kept; all caps and lower case */
	check_parse("JOHN SMITH", NULL, "JOHN", NULL, "SMITH", NULL);
	check_parse("john smith", NULL, "john", NULL, "smith", NULL);
	/* titles: several, with or without periods, glued by a period */
	check_parse("Rev. Dr. Martin Luther King Jr.", "Rev Dr", "Martin", "Luther", "King", "Jr");
	check_parse("Dr.John Smith", "Dr", "John", NULL, "Smith", NULL);
	check_parse("MRS JANE DOE", "MRS", "JANE", NULL, "DOE", NULL);
	check_parse("Ms Jane Doe", "Ms", "Jane", NULL, "Doe", NULL);
	check_parse("Miss Jane Doe", "Miss", "Jane", NULL, "Doe", NULL);
	check_parse("Mx Sam Lee", "Mx", "Sam", NULL, "Lee", NULL);
	check_parse("Prof. Ada Lovelace", "Prof", "Ada", NULL, "Lovelace", NULL);
	check_parse("Sir Elton John", "Sir", "Elton", NULL, "John", NULL);
	check_parse("Dame Judi Dench", "Dame", "Judi", NULL, "Dench", NULL);
	check_parse("Hon. Jane Roe", "Hon", "Jane", NULL, "Roe", NULL);
	check_parse("Sra. Ana López", "Sra", "Ana", NULL, "López", NULL);
	check_parse("Sr. Juan Pérez", "Sr", "Juan", NULL, "Pérez", NULL);
	check_parse("Señor Juan Pérez", "Señor", "Juan", NULL, "Pérez", NULL);
	check_parse("Mr. Mrs. Dr.", "Mr Mrs Dr", NULL, NULL, NULL, NULL);
	/* suffixes: Sr at the end is Senior; dotted degrees; after a comma */
	check_parse("John Smith Sr.", NULL, "John", NULL, "Smith", "Sr");
	check_parse("John Smith Ph.D.", NULL, "John", NULL, "Smith", "PhD");
	check_parse("John Smith, M.D.", NULL, "John", NULL, "Smith", "MD");
	check_parse("John Smith, Jr.", NULL, "John", NULL, "Smith", "Jr");
	check_parse("John Smith Jr. PhD", NULL, "John", NULL, "Smith", "Jr PhD");
	check_parse("Jane Roe Esq", NULL, "Jane", NULL, "Roe", "Esq");
	check_parse("Henry Ford II", NULL, "Henry", NULL, "Ford", "II");
	check_parse("Louis Grey IV", NULL, "Louis", NULL, "Grey", "IV");
	check_parse("Jo Bloggs MD", NULL, "Jo", NULL, "Bloggs", "MD");
	check_parse("Jr.", NULL, NULL, NULL, NULL, "Jr");
	check_parse("Smith Jr", NULL, NULL, NULL, "Smith", "Jr");
	/* one word with a title is a family name */
	check_parse("Mr. Smith", "Mr", NULL, NULL, "Smith", NULL);
	check_parse("Mr. van Beethoven", "Mr", NULL, NULL, "van Beethoven", NULL);
	/* particles */
	check_parse("de la Cruz", NULL, NULL, NULL, "de la Cruz", NULL);
	check_parse("Juan de la Cruz", NULL, "Juan", NULL, "de la Cruz", NULL);
	check_parse("Van Morrison", NULL, "Van", NULL, "Morrison", NULL);
	check_parse("Maria da Silva Santos", NULL, "Maria", NULL, "da Silva Santos", NULL);
	check_parse("John Paul de Souza", NULL, "John", "Paul", "de Souza", NULL);
	check_parse("Ahmed bin Said", NULL, "Ahmed", NULL, "bin Said", NULL);
	check_parse("Omar ibn Khattab", NULL, "Omar", NULL, "ibn Khattab", NULL);
	check_parse("Ali al Hassan", NULL, "Ali", NULL, "al Hassan", NULL);
	check_parse("Mary St. Clair", NULL, "Mary", NULL, "St Clair", NULL);
	check_parse("Jean du Pont", NULL, "Jean", NULL, "du Pont", NULL);
	check_parse("Otto von Bismarck", NULL, "Otto", NULL, "von Bismarck", NULL);
	check_parse("Ann Van", NULL, "Ann", NULL, "Van", NULL);
	check_parse("Ian Mac Donald", NULL, "Ian", "Mac", "Donald", NULL);
	/* comma form */
	check_parse("van der Berg, Vincent", NULL, "Vincent", NULL, "van der Berg", NULL);
	check_parse("García López, María José", NULL, "María", "José", "García López", NULL);
	check_parse("Smith, Dr. John", "Dr", "John", NULL, "Smith", NULL);
	check_parse("Smith, Mr.", "Mr", NULL, NULL, "Smith", NULL);
	check_parse("Smith Jr, John PhD", NULL, "John", NULL, "Smith", "Jr PhD");
	check_parse("Dr. Smith, Prof. John", "Dr Prof", "John", NULL, "Smith", NULL);
	check_parse("Smith, John, Jr.", NULL, "John", NULL, "Smith", "Jr");
	check_parse("Smith,John", NULL, "John", NULL, "Smith", NULL);
	check_parse("Smith，John", NULL, "John", NULL, "Smith", NULL);	/* fullwidth comma */
	check_parse("Smith,", NULL, "Smith", NULL, NULL, NULL);
	check_parse(", Smith", NULL, "Smith", NULL, NULL, NULL);
	check_parse("Mr., John Smith", "Mr", "John", NULL, "Smith", NULL);
	check_comma_form("John Smith, Jr.", false);
	check_comma_form("Smith,", false);
	check_comma_form("Smith, Mr.", true);
	/* initials */
	check_parse("J. R. R. Tolkien", NULL, "J", "R R", "Tolkien", NULL);
	check_parse("J.R.R. Tolkien", NULL, "J", "R R", "Tolkien", NULL);
	check_parse("J R R Tolkien", NULL, "J", "R R", "Tolkien", NULL);
	check_parse("JRR Tolkien", NULL, "JRR", NULL, "Tolkien", NULL);
	check_parse("SMITH, J.", NULL, "J", NULL, "SMITH", NULL);
	/* hyphens and apostrophes: internal kept (a run as its first), edges dropped */
	check_parse("Jean-Paul Sartre", NULL, "Jean-Paul", NULL, "Sartre", NULL);
	check_parse("O’Connor--Smith", NULL, "O’Connor-Smith", NULL, NULL, NULL);
	check_parse("-John- 'Smith'", NULL, "John", NULL, "Smith", NULL);
	check_parse("Smith – Jones", NULL, "Smith", NULL, "Jones", NULL);
	check_parse("Smith–Jones", NULL, "Smith–Jones", NULL, NULL, NULL);
	/* stray punctuation, spaces, controls, emoji, invisible characters */
	check_parse("  John   \t Smith  ", NULL, "John", NULL, "Smith", NULL);
	check_parse("John\x01Smith", NULL, "John", NULL, "Smith", NULL);
	check_parse("John \xf0\x9f\x98\x80 Smith", NULL, "John", NULL, "Smith", NULL);
	check_parse("Jo\xe2\x80\x8ehn Smith", NULL, "John", NULL, "Smith", NULL);	/* LRM */
	check_parse("John\xe2\x80\x8bSmith", NULL, "John", NULL, "Smith", NULL);	/* ZWSP */
	check_parse("John (Jack) Smith", NULL, "John", "Jack", "Smith", NULL);
	check_parse("John \"Jack\" Smith", NULL, "John", "Jack", "Smith", NULL);
	check_parse("John\xffSmith", NULL, "John", NULL, "Smith", NULL);	/* bad byte */
	check_parse("John 3 Smith", NULL, "John", "3", "Smith", NULL);
	check_parse("ジョン・スミス", NULL, "ジョン", NULL, "スミス", NULL);
	/* decomposed accents stay as written */
	check_parse("Jose\xcc\x81 Garci\xcc\x81" "a", NULL, "Jose\xcc\x81", NULL, "Garci\xcc\x81" "a", NULL);
	/* a combining mark with no letter before it is skipped */
	check_parse("\xcc\x81Smith", NULL, "Smith", NULL, NULL, NULL);
	check_parse("Ann \xcc\x81 Lee", NULL, "Ann", NULL, "Lee", NULL);
	/* nothing */
	check_parse("", NULL, NULL, NULL, NULL, NULL);
	check_parse(" ,.;-' ", NULL, NULL, NULL, NULL, NULL);
	check_parse("\xf0\x9f\x98\x80\xf0\x9f\x98\x81", NULL, NULL, NULL, NULL, NULL);
	check_parse("\x01\x02\x03\x7f", NULL, NULL, NULL, NULL, NULL);
}

static void
test_normalize(void)
{
	CHECK_STR(normalized("SMITH, JOHN A"), "john a smith");
	CHECK_STR(normalized("Mr. Bob S. Chen Jr"), "bob s chen jr");
	CHECK_STR(normalized("María José García-López"), "maria jose garcia lopez");
	CHECK_STR(normalized("O'Brien, Patrick"), "patrick obrien");
	CHECK_STR(normalized("Dr John Paul Smith III"), "john paul smith iii");
	CHECK_STR(normalized("SMITH JR, JOHN"), "john smith jr");
	CHECK_STR(normalized("  smith ,, john  "), "john smith");
	CHECK_STR(normalized("Ludwig van Beethoven"), "ludwig van beethoven");
	CHECK_STR(normalized("John Smith Ph.D."), "john smith phd");
	CHECK_STR(normalized("Jürgen Groß"), "jurgen gross");
	CHECK_STR(normalized("ŁUKASZ ŻÓŁĆ"), "lukasz zolc");
	CHECK_STR(normalized("Jose\xcc\x81 Garci\xcc\x81" "a"), "jose garcia");
	CHECK_STR(normalized("Иван Петров"), "иван петров");
	CHECK_STR(normalized("王小明"), "王小明");
	CHECK_STR(normalized("O’Connor--Smith"), "oconnor smith");
	CHECK_STR(normalized("d'Angelo"), "dangelo");
	CHECK_STR(normalized("Mr 123 Smith"), "123 smith");
	/* comma form and plain form agree */
	CHECK_STR(normalized("Smith, John"), "john smith");
	CHECK_STR(normalized("John Smith"), "john smith");
	/* nothing of a name left */
	CHECK(normalized("") == NULL);
	CHECK(normalized("   ") == NULL);
	CHECK(normalized(".,;!?") == NULL);
	CHECK(normalized("Mr.") == NULL);
	CHECK(normalized("Mr. Dr.") == NULL);
	CHECK(normalized("Jr.") == NULL);
	CHECK(normalized("123") == NULL);
	CHECK(normalized("Mr 123") == NULL);
	CHECK(normalized("\xf0\x9f\x98\x80") == NULL);
	CHECK(normalized("\x01\x02") == NULL);
	CHECK(normalized("\xcc\x81") == NULL);	/* a lone combining mark */
	/* idempotent on its own output */
	{
		const char *inputs[] = {"SMITH, JOHN A", "Mr. Bob S. Chen Jr", "María José García-López",
		"Vincent van der Berg", "John Smith Ph.D.", "Smith Jr"};

		for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		{
			char		once[256];

			strcpy(once, normalized(inputs[i]));
			CHECK_STR(normalized(once), once);
		}
	}

	/* part comparison forms */
	{
		const char *in = "Mr. Seán O'Brien-Smith Jr.";
		C360Name	name;
		char		buf[64];

		c360_name_parse(in, strlen(in), &name);
		c360_name_part_folded(in, &name, C360_NAME_FAMILY, buf, sizeof(buf));
		CHECK_STR(buf, "obrien smith");
		c360_name_part_folded(in, &name, C360_NAME_GIVEN, buf, sizeof(buf));
		CHECK_STR(buf, "sean");
		c360_name_part_folded(in, &name, C360_NAME_TITLE, buf, sizeof(buf));
		CHECK_STR(buf, "mr");
		CHECK_INT(c360_name_part_folded(in, &name, C360_NAME_MIDDLE, buf, sizeof(buf)), 0);
	}

	/* fold without parsing */
	CHECK_STR(folded("Mr. Bob"), "mr bob");
	CHECK_STR(folded("Ph.D."), "ph d");
	CHECK_STR(folded("Mary-Jane"), "mary jane");
	CHECK(folded("--") == NULL);
}

static void
test_buffers(void)
{
	const char *in = "María García";
	C360Name	name;
	char		buf[16];
	size_t		n;

	/* snprintf-style: the full length back, a cut never splits a character */
	n = c360_name_normalize(in, strlen(in), buf, 3);
	CHECK_INT(n, strlen("maria garcia"));
	CHECK_STR(buf, "ma");
	n = c360_name_normalize(in, strlen(in), buf, 0);
	CHECK_INT(n, strlen("maria garcia"));
	c360_name_parse(in, strlen(in), &name);
	memset(buf, 'z', sizeof(buf));
	n = c360_name_part_text(in, &name, C360_NAME_GIVEN, buf, 5);	/* "Marí" needs 6 */
	CHECK_INT(n, 6);
	CHECK_STR(buf, "Mar");
	CHECK(valid_utf8(buf, strlen(buf)));
	n = c360_name_part_text(in, &name, C360_NAME_GIVEN, buf, 7);
	CHECK_STR(buf, "María");
	CHECK_INT(n, 6);
	n = c360_name_part_text(in, &name, C360_NAME_GIVEN, buf, 6);
	CHECK_STR(buf, "Marí");
	n = c360_name_part_text(in, &name, C360_NAME_FAMILY, buf, 1);
	CHECK_STR(buf, "");
	CHECK_INT(n, 7);
}

static int	hook_calls;

static void
count_hook(void)
{
	hook_calls++;
}

static void
test_huge(void)
{
	size_t		len = 1000000;
	char	   *s = malloc(len + 1);
	char	   *out = malloc(len + 1);
	C360Name	name;
	size_t		n;

	/* one token of a million letters */
	memset(s, 'x', len);
	c360_name_parse(s, len, &name);
	CHECK_INT(name.token_count, 1);
	CHECK_INT(name.span[C360_NAME_GIVEN][0].length, len);
	n = c360_name_normalize(s, len, out, len + 1);
	CHECK_INT(n, len);
	CHECK(n == strlen(out));

	/* half a million tokens: first given, last family, the rest middle */
	for (size_t i = 0; i < len; i += 2)
	{
		s[i] = 'a';
		s[i + 1] = ' ';
	}
	memcpy(s, "Dr Mr Jo ", 9);
	memcpy(s + len - 10, " Smith Jr ", 10);
	hook_calls = 0;
	c360_name_interrupt_hook = count_hook;
	c360_name_parse(s, len, &name);
	c360_name_interrupt_hook = NULL;
	CHECK(hook_calls >= 2 * (int) (len / 65536) - 2);
	CHECK_INT(name.token_count, 499995);
	CHECK(!name.comma_form);
	n = c360_name_part_text(s, &name, C360_NAME_TITLE, out, len + 1);
	CHECK_STR(out, "Dr Mr");
	c360_name_part_text(s, &name, C360_NAME_GIVEN, out, len + 1);
	CHECK_STR(out, "Jo");
	c360_name_part_text(s, &name, C360_NAME_FAMILY, out, len + 1);
	CHECK_STR(out, "Smith");
	c360_name_part_text(s, &name, C360_NAME_SUFFIX, out, len + 1);
	CHECK_STR(out, "Jr");
	n = c360_name_part_text(s, &name, C360_NAME_MIDDLE, out, len + 1);
	CHECK_INT(n, len - 21);	/* from the a at 10 to the a at len - 12 */
	CHECK(n == strlen(out) && out[0] == 'a' && out[n - 1] == 'a');

	/* a comma in the middle of it */
	memcpy(s + len / 2, ", ", 2);
	c360_name_parse(s, len, &name);
	CHECK(name.comma_form);
	c360_name_part_text(s, &name, C360_NAME_GIVEN, out, len + 1);
	CHECK_STR(out, "a");
	c360_name_part_text(s, &name, C360_NAME_TITLE, out, len + 1);
	CHECK_STR(out, "Dr Mr");
	n = c360_name_part_text(s, &name, C360_NAME_FAMILY, out, len + 1);
	CHECK(n > 400000 && strncmp(out, "Jo a a", 6) == 0);

	/* only titles: at most C360_NAME_WINDOW of them are titles */
	for (size_t i = 0; i + 3 <= len; i += 3)
		memcpy(s + i, "Mr ", 3);
	c360_name_parse(s, len - len % 3, &name);
	n = c360_name_part_text(s, &name, C360_NAME_TITLE, out, len + 1);
	CHECK_INT(n, 3 * C360_NAME_WINDOW - 1);
	CHECK(c360_name_has_part(&name, C360_NAME_GIVEN));
	CHECK(c360_name_has_part(&name, C360_NAME_MIDDLE));
	CHECK(c360_name_has_part(&name, C360_NAME_FAMILY));

	/* only suffixes */
	for (size_t i = 0; i + 3 <= len; i += 3)
		memcpy(s + i, "Jr ", 3);
	c360_name_parse(s, len - len % 3, &name);
	n = c360_name_part_text(s, &name, C360_NAME_SUFFIX, out, len + 1);
	CHECK_INT(n, 3 * C360_NAME_WINDOW - 1);

	/* only particles */
	for (size_t i = 0; i + 4 <= len; i += 4)
		memcpy(s + i, "van ", 4);
	c360_name_parse(s, len, &name);
	CHECK(c360_name_has_part(&name, C360_NAME_FAMILY));
	n = c360_name_normalize(s, len, out, len + 1);
	CHECK_INT(n, len - 1);

	/* nothing but separators, emoji, controls, bad bytes */
	memset(s, ',', len);
	c360_name_parse(s, len, &name);
	CHECK_INT(name.token_count, 0);
	CHECK_INT(c360_name_normalize(s, len, out, len + 1), 0);
	for (size_t i = 0; i + 4 <= len; i += 4)
		memcpy(s + i, "\xf0\x9f\x98\x80", 4);
	CHECK_INT(c360_name_normalize(s, len, out, len + 1), 0);
	for (size_t i = 0; i < len; i++)
		s[i] = (char) (0x80 + i % 64);
	CHECK_INT(c360_name_normalize(s, len, out, len + 1), 0);
	for (size_t i = 0; i < len; i++)
		s[i] = (char) (i % 32);
	CHECK_INT(c360_name_normalize(s, len, out, len + 1), 0);

	/* one hyphenated token */
	for (size_t i = 0; i < len; i += 2)
	{
		s[i] = 'a';
		s[i + 1] = '-';
	}
	c360_name_parse(s, len, &name);
	CHECK_INT(name.token_count, 1);
	n = c360_name_fold(s, len, out, len + 1);
	CHECK_INT(n, len - 1);

	/* nickname lookup of a long key misses */
	memset(s, 'b', len);
	{
		size_t		rlen;
		const char *r = c360_nickname_root_of(s, len, out, len + 1, &rlen);

		CHECK(r == out && rlen == len);
	}
	free(s);
	free(out);
}

/* Tokens far from both ends are never particles, titles or suffixes. */
static void
test_windows(void)
{
	char		s[4096];
	size_t		len = 0;
	C360Name	name;
	char		out[4096];

	len += sprintf(s + len, "Ann");
	for (int i = 0; i < 40; i++)
		len += sprintf(s + len, " w%d", i);
	len += sprintf(s + len, " van");
	for (int i = 0; i < 10; i++)
		len += sprintf(s + len, " x%d", i);
	len += sprintf(s + len, " Berg");
	c360_name_parse(s, len, &name);
	c360_name_part_text(s, &name, C360_NAME_FAMILY, out, sizeof(out));
	CHECK(strncmp(out, "van x0", 6) == 0);

	/* a particle right after the given name starts the family name */
	len = (size_t) sprintf(s, "Ann van");
	for (int i = 0; i < 80; i++)
		len += sprintf(s + len, " y%d", i);
	len += sprintf(s + len, " Berg");
	c360_name_parse(s, len, &name);
	c360_name_part_text(s, &name, C360_NAME_FAMILY, out, sizeof(out));
	CHECK_STR(out, "van y0 y1 y2 y3 y4 y5 y6 y7 y8 y9 y10 y11 y12 y13 y14 y15 y16 y17 y18 y19 "
			  "y20 y21 y22 y23 y24 y25 y26 y27 y28 y29 y30 y31 y32 y33 y34 y35 y36 y37 y38 y39 "
			  "y40 y41 y42 y43 y44 y45 y46 y47 y48 y49 y50 y51 y52 y53 y54 y55 y56 y57 y58 y59 "
			  "y60 y61 y62 y63 y64 y65 y66 y67 y68 y69 y70 y71 y72 y73 y74 y75 y76 y77 y78 y79 Berg");

	/* a particle 41 tokens from the end and 81 from the start is not seen */
	len = (size_t) sprintf(s, "Ann");
	for (int i = 0; i < 80; i++)
		len += sprintf(s + len, " y%d", i);
	len += sprintf(s + len, " van");
	for (int i = 0; i < 40; i++)
		len += sprintf(s + len, " z%d", i);
	c360_name_parse(s, len, &name);
	c360_name_part_text(s, &name, C360_NAME_FAMILY, out, sizeof(out));
	CHECK_STR(out, "z39");
	c360_name_part_text(s, &name, C360_NAME_GIVEN, out, sizeof(out));
	CHECK_STR(out, "Ann");
}

int
main(void)
{
	test_parse_reference();
	test_parse_rules();
	test_normalize();
	test_buffers();
	test_nicknames();
	test_table_shape();
	test_table_matches_csv();
	test_huge();
	test_windows();
	return UNIT_DONE();
}
