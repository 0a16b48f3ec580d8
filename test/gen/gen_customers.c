/*
 * gen_customers.c: a realistic multi-system customer base with ground truth.
 *
 *   gen_customers --people N --seed S --out DIR [--systems cards,mortgages,...]
 *                 [--transactions] [--data DIR] [--nicknames FILE]
 *
 * Makes a population of people in households, gives some of them life
 * events (a move, a marriage with a change of family name), and writes
 * what five source systems (cards, mortgages, deposits, insurance, loyalty)
 * would hold about them, each in its own format and with its own noise,
 * plus the ground truth (truth.csv, households.csv, people.csv), the
 * relationship files between their records (relationships_truth.csv) and,
 * optionally, purchase transactions.  Every rate and rule is documented in
 * test/gen/README.md; the rates live in the tables below.
 *
 * Deterministic: every household, every (person, system) pair and every
 * record draws from its own PRNG stream seeded from (seed, ids), so the same
 * seed gives byte-identical files and a system's file does not depend on
 * which other systems were asked for.
 */
#include "gen_core.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The day the data is "as of": ages and account windows count from it. */
#define AS_OF_Y 2026
#define AS_OF_M 1
#define AS_OF_D 1

#define NAME_CAP 96
#define FIELD_CAP 256
#define MAX_NICKS 24
/* about 450 bytes of memory per person: 4M people need 1.8 GB */
#define MAX_PEOPLE 4000000
/* the number of source systems (enum sysid below) */
#define NSYS_MAX 5

/* ------------------------------------------------------------ the world */

typedef struct addr
{
	int32_t		house;			/* house number */
	int32_t		zip;			/* five-digit ZIP */
	int16_t		zip4;			/* ZIP+4 add-on, 1..9999 */
	int16_t		street;			/* index into streets */
	int16_t		city;			/* index into cities */
	int16_t		unit;			/* 0: no unit */
	int8_t		stype;			/* index into street types */
	int8_t		dir;			/* 0 none, 1..4 N S E W */
	char		unit_letter;	/* 0 or 'A'..'D' */
} addr;

enum suffix
{
	SUF_NONE = 0, SUF_JR, SUF_SR
};

typedef struct person
{
	uint32_t	id;				/* person_id, 1-based */
	uint32_t	household;		/* household_id, 1-based */
	uint32_t	partner;		/* person_id of the partner in a couple, 0: none */
	uint32_t	parent[2];		/* person_ids of the parents (children only), 0: none */
	char		sex;			/* 'M' or 'F' */
	int8_t		suffix;			/* enum suffix */
	uint8_t		moved;			/* old differs from cur */
	uint8_t		twin;			/* has a twin in the household */
	uint8_t		jr_pair;		/* father or son of a same-name pair */
	uint8_t		doctor;			/* insurance may title them Dr */
	int16_t		given;			/* index into the sex's given-name list */
	int16_t		middle;			/* index into the same list, -1: none */
	int16_t		nick;			/* preferred nickname index, -1: none */
	int32_t		dob;			/* days since 1970-01-01 */
	uint32_t	ssn;			/* 9 digits as a number, 0: none */
	uint64_t	mobile;			/* 10 digits, 0: none */
	uint64_t	home;			/* current landline, 0: none */
	uint64_t	old_home;		/* landline at the old address, 0: none */
	addr		cur;
	addr		old;
	char		family[NAME_CAP];	/* current family name */
	char		maiden[NAME_CAP];	/* earlier family name, "" if unchanged */
	char		email[80];		/* personal email, "" if none */
	char		family_email[80];	/* shared household email, "" if none */
} person;

typedef struct city
{
	const char *name;
	const char *state;
	int32_t		zip;
	int32_t		nzip;
	int32_t		area;
} city;

typedef struct nicklist
{
	int			n;
	const char *names[MAX_NICKS];
} nicklist;

typedef struct world
{
	uint64_t	seed;
	gen_list	given[2];		/* 0 male, 1 female */
	gen_cdf		given_cdf[2];
	nicklist   *nicks[2];		/* per given name */
	gen_list	surnames,
				sur_pre,
				sur_suf,
				streets,
				stypes_raw,
				cities_raw,
				states_raw,
				domains;
	gen_cdf		surname_cdf,
				street_cdf,
				stype_cdf,
				city_cdf,
				domain_cdf;
	const char **stype_abbr;
	const char **stype_full;
	city	   *cities;
	size_t		ncities;
	const char **state_code;
	const char **state_name;
	size_t		nstates;
	gen_list	nick_raw;

	person	   *people;
	size_t		npeople;
	uint32_t	nhouseholds;

	/* email uniqueness: open addressing on 64-bit hashes */
	uint64_t   *email_set;
	size_t		email_cap;

	/* each system's records in key order (kept for the relationship files) */
	struct recref *recs[NSYS_MAX];
	size_t		nrecs[NSYS_MAX];

	/* special cases, for the report */
	size_t		n_twins,
				n_jr,
				n_moved,
				n_maiden,
				n_minor,
				n_hyphen,
				n_moved_out;
} world;

/* ---------------------------------------------------------- the systems */

enum sysid
{
	SYS_CARDS = 0, SYS_MORTGAGES, SYS_DEPOSITS, SYS_INSURANCE, SYS_LOYALTY, NSYS
};
/* the world's per-system arrays are sized before the enum exists */
typedef char nsys_matches_nsys_max[(NSYS == NSYS_MAX) ? 1 : -1];

/*
 * Participation and per-field noise rates of each system (probabilities).
 * README.md prints this table; keep the two in step.
 */
typedef struct sysrates
{
	const char *name;
	double		p_adult;		/* an adult has at least one record */
	double		p_minor;		/* a minor (under 18) has at least one */
	int			min_age;		/* younger people never appear */
	double		p_extra;		/* each further account (geometric) */
	int			max_accounts;
	double		p_old;			/* record predates the person's move/marriage */
	double		name_typo;		/* one typo in a name part */
	double		name_ocr;		/* one OCR confusion in the name */
	double		name_swap;		/* given and family names swapped */
	double		name_initial;	/* given name reduced to its initial */
	double		name_trunc;		/* family name cut short at random */
	double		nick_use;		/* preferred nickname used, when the person has one */
	double		dob_missing;
	double		dob_placeholder;
	double		dob_dm_swap;	/* day and month exchanged (day <= 12) */
	double		dob_transpose;	/* two digits of the day or year exchanged */
	double		phone_missing;
	double		phone_placeholder;
	double		phone_typo;		/* one digit wrong */
	double		email_missing;	/* when the person has an email */
	double		email_placeholder;
	double		email_typo;
	double		ssn_missing;	/* when the person has an SSN */
	double		ssn_placeholder;
	double		ssn_typo;
	double		addr_missing;
	double		addr_placeholder;
	double		addr_typo;		/* one typo in the street name */
	double		addr_ocr;
	double		unit_drop;		/* apartment number left out */
	double		zip_typo;
} sysrates;

static const sysrates sysdefs[NSYS] = {
	/* name  adult minor age extra max old  typo  ocr  swap init trunc nick */
	{"cards", 0.85, 0.00, 18, 0.40, 4, 0.35, 0.020, 0.00, 0.010, 0.000, 0.010, 0.05,
		/* dob miss/ph/dm/tr */ 0.03, 0.000, 0.020, 0.010,
		/* phone miss/ph/typo */ 0.08, 0.000, 0.010,
		/* email */ 1.00, 0.000, 0.000,
		/* ssn */ 1.00, 0.000, 0.000,
		/* addr miss/ph/typo/ocr/unit/zip */ 0.02, 0.000, 0.020, 0.000, 0.15, 0.010},
	{"mortgages", 0.50, 0.00, 21, 0.15, 3, 0.50, 0.015, 0.00, 0.015, 0.010, 0.000, 0.00,
		0.01, 0.000, 0.010, 0.010,
		0.10, 0.000, 0.010,
		0.60, 0.000, 0.010,
		0.02, 0.000, 0.010,
		0.00, 0.000, 0.010, 0.000, 0.05, 0.005},
	{"deposits", 0.85, 0.40, 0, 0.40, 4, 0.30, 0.030, 0.00, 0.010, 0.000, 0.000, 0.75,
		0.30, 0.010, 0.010, 0.010,
		0.10, 0.000, 0.010,
		0.15, 0.000, 0.010,
		1.00, 0.000, 0.000,
		0.03, 0.000, 0.030, 0.000, 0.20, 0.010},
	{"insurance", 0.70, 0.60, 0, 0.15, 3, 0.40, 0.030, 0.03, 0.010, 0.020, 0.000, 0.10,
		0.02, 0.030, 0.010, 0.010,
		0.05, 0.030, 0.010,
		0.40, 0.050, 0.010,
		0.10, 0.040, 0.010,
		0.00, 0.010, 0.030, 0.020, 0.10, 0.010},
	{"loyalty", 0.70, 0.30, 16, 0.08, 3, 0.20, 0.040, 0.00, 0.000, 0.020, 0.000, 0.80,
		0.60, 0.000, 0.000, 0.000,
		0.30, 0.000, 0.010,
		0.02, 0.000, 0.015,
		1.00, 0.000, 0.000,
		0.10, 0.000, 0.000, 0.000, 1.00, 0.010},
};

/* Fraction of cards records with accents stripped (a legacy ASCII system). */
#define CARDS_ASCII 0.60
/* Embossing limit of the cards full_name field. */
#define CARDS_NAME_MAX 26
/* Width of the deposits name field's family part. */
#define DEPOSITS_FAMILY_MAX 15

static const char *const month_abbr[12] = {
	"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
};
static const char *const dir_abbr[5] = {"", "N", "S", "E", "W"};
static const char *const dir_full[5] = {"", "North", "South", "East", "West"};

/* ----------------------------------------------------------- loading */

static void
load_list(gen_list *l, const char *dir, const char *file)
{
	char		path[4096];
	char		err[512];

	gen_fmt(path, sizeof(path), "%s/%s", dir, file);
	if (gen_list_load(path, l, err, sizeof(err)) != 0)
		gen_die("%s (use --data DIR to point at test/gen/data)", err);
}

/* Lower-case ASCII form of a name, the key for nickname lookups. */
static void
fold_key(const char *name, char *out, size_t cap)
{
	char		a[NAME_CAP];

	gen_str_ascii(name, a, sizeof(a));
	gen_str_lower(a, out, cap);
}

/* Attaches the nickname table's nicknames to the given names it knows;
 * they are capitalised in place ("bill" -> "Bill"). */
static void
load_nicknames(world *w, const char *path)
{
	char		err[512];
	size_t		i,
				g;
	int			sex;
	char	  **keys[2];

	if (gen_list_load(path, &w->nick_raw, err, sizeof(err)) != 0)
		gen_die("%s (use --nicknames FILE to point at src/match/data/nicknames.csv)", err);
	for (sex = 0; sex < 2; sex++)
	{
		w->nicks[sex] = gen_xcalloc(w->given[sex].n, sizeof(nicklist));
		keys[sex] = gen_xmalloc(sizeof(char *) * w->given[sex].n);
		for (g = 0; g < w->given[sex].n; g++)
		{
			keys[sex][g] = gen_xmalloc(NAME_CAP);
			fold_key(w->given[sex].items[g], keys[sex][g], NAME_CAP);
		}
	}
	for (i = 0; i < w->nick_raw.n; i++)
	{
		char	   *f[4];
		char		key[NAME_CAP];

		if (gen_split_commas(w->nick_raw.items[i], f, 4) != 3 ||
			strcmp(f[1], "has_nickname") != 0 || f[2][0] == '\0')
			continue;			/* the header, or a line of another shape */
		fold_key(f[0], key, sizeof(key));
		if (f[2][0] >= 'a' && f[2][0] <= 'z')
			f[2][0] = (char) (f[2][0] - 32);
		for (sex = 0; sex < 2; sex++)
			for (g = 0; g < w->given[sex].n; g++)
			{
				nicklist   *nl = &w->nicks[sex][g];

				if (nl->n < MAX_NICKS && strcmp(keys[sex][g], key) == 0)
					nl->names[nl->n++] = f[2];
			}
	}
	for (sex = 0; sex < 2; sex++)
	{
		for (g = 0; g < w->given[sex].n; g++)
			free(keys[sex][g]);
		free(keys[sex]);
	}
}

static int
parse_int(const char *s, int *out)
{
	char	   *end;
	long		v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < 0 || v > 100000000)
		return 0;
	*out = (int) v;
	return 1;
}

static void
load_world(world *w, const char *dir, const char *nickpath)
{
	size_t		i;
	double	   *wt;

	load_list(&w->given[0], dir, "given_male.txt");
	load_list(&w->given[1], dir, "given_female.txt");
	load_list(&w->surnames, dir, "surnames.txt");
	load_list(&w->sur_pre, dir, "surname_prefixes.txt");
	load_list(&w->sur_suf, dir, "surname_suffixes.txt");
	load_list(&w->streets, dir, "streets.txt");
	load_list(&w->stypes_raw, dir, "street_types.csv");
	load_list(&w->cities_raw, dir, "cities.csv");
	load_list(&w->states_raw, dir, "states.csv");
	load_list(&w->domains, dir, "email_domains.txt");

	gen_cdf_zipf(&w->given_cdf[0], w->given[0].n, 5.0, 1.0);
	gen_cdf_zipf(&w->given_cdf[1], w->given[1].n, 5.0, 1.0);
	gen_cdf_zipf(&w->surname_cdf, w->surnames.n, 3.0, 1.0);
	gen_cdf_zipf(&w->street_cdf, w->streets.n, 4.0, 0.8);
	gen_cdf_zipf(&w->domain_cdf, w->domains.n, 1.0, 1.2);

	w->stype_abbr = gen_xmalloc(sizeof(char *) * w->stypes_raw.n);
	w->stype_full = gen_xmalloc(sizeof(char *) * w->stypes_raw.n);
	wt = gen_xmalloc(sizeof(double) * w->stypes_raw.n);
	for (i = 0; i < w->stypes_raw.n; i++)
	{
		char	   *f[3];
		int			v;

		if (gen_split_commas(w->stypes_raw.items[i], f, 3) != 3 || !parse_int(f[2], &v))
			gen_die("%s/street_types.csv: line %zu is not abbr,full,weight", dir, i + 1);
		w->stype_abbr[i] = f[0];
		w->stype_full[i] = f[1];
		wt[i] = v;
	}
	gen_cdf_weights(&w->stype_cdf, wt, w->stypes_raw.n);
	free(wt);

	w->ncities = w->cities_raw.n;
	w->cities = gen_xmalloc(sizeof(city) * w->ncities);
	wt = gen_xmalloc(sizeof(double) * w->ncities);
	for (i = 0; i < w->ncities; i++)
	{
		char	   *f[7];
		int			zip,
					nzip,
					area,
					weight;

		if (gen_split_commas(w->cities_raw.items[i], f, 7) != 6 ||
			!parse_int(f[2], &zip) || !parse_int(f[3], &nzip) ||
			!parse_int(f[4], &area) || !parse_int(f[5], &weight) ||
			nzip < 1 || zip + nzip > 100000 || area < 200 || area > 999)
			gen_die("%s/cities.csv: item %zu is not city,state,zip,nzip,area,weight", dir, i + 1);
		w->cities[i].name = f[0];
		w->cities[i].state = f[1];
		w->cities[i].zip = zip;
		w->cities[i].nzip = nzip;
		w->cities[i].area = area;
		wt[i] = weight;
	}
	gen_cdf_weights(&w->city_cdf, wt, w->ncities);
	free(wt);

	w->nstates = w->states_raw.n;
	w->state_code = gen_xmalloc(sizeof(char *) * w->nstates);
	w->state_name = gen_xmalloc(sizeof(char *) * w->nstates);
	for (i = 0; i < w->nstates; i++)
	{
		char	   *f[3];

		if (gen_split_commas(w->states_raw.items[i], f, 3) != 2)
			gen_die("%s/states.csv: item %zu is not code,name", dir, i + 1);
		w->state_code[i] = f[0];
		w->state_name[i] = f[1];
	}
	load_nicknames(w, nickpath);
}

static const char *
state_full_name(const world *w, const char *code)
{
	size_t		i;

	for (i = 0; i < w->nstates; i++)
		if (strcmp(w->state_code[i], code) == 0)
			return w->state_name[i];
	return code;
}

/* ---------------------------------------------------------- people */

/* 85% by rank (Zipf), 15% uniformly, so rare names (and accents) show up. */
static int
pick_given(world *w, gen_rng *r, int female)
{
	if (gen_rng_chance(r, 0.15))
		return (int) gen_rng_below(r, (uint32_t) w->given[female].n);
	return (int) gen_cdf_pick(&w->given_cdf[female], r);
}

static void
pick_surname(world *w, gen_rng *r, char *out, size_t cap)
{
	double		u = gen_rng_unif(r);

	if (u < 0.65)
		gen_copy(out, cap, w->surnames.items[gen_cdf_pick(&w->surname_cdf, r)]);
	else if (u < 0.80)
		gen_copy(out, cap, w->surnames.items[gen_rng_below(r, (uint32_t) w->surnames.n)]);
	else
	{
		/* one draw per statement: argument order is unspecified in C */
		const char *pre = w->sur_pre.items[gen_rng_below(r, (uint32_t) w->sur_pre.n)];
		const char *suf = w->sur_suf.items[gen_rng_below(r, (uint32_t) w->sur_suf.n)];

		gen_fmt(out, cap, "%s%s", pre, suf);
	}
}

static void
hyphenate(char *out, size_t cap, const char *a, const char *b)
{
	char		tmp[NAME_CAP * 2 + 2];

	gen_fmt(tmp, sizeof(tmp), "%s-%s", a, b);
	gen_copy(out, cap, tmp);
	gen_utf8_truncate(out, 60);
}

static void
new_address(world *w, gen_rng *r, addr *a, int near_city)
{
	const city *c;
	double		u = gen_rng_unif(r);

	a->city = (int16_t) (near_city >= 0 ? near_city : (int) gen_cdf_pick(&w->city_cdf, r));
	c = &w->cities[a->city];
	/* house numbers: mostly 1..999, some up to 9999, a few five-digit */
	if (u < 0.55)
		a->house = gen_rng_range(r, 1, 999);
	else if (u < 0.95)
		a->house = gen_rng_range(r, 1000, 9999);
	else
		a->house = gen_rng_range(r, 10000, 29999);
	a->street = (int16_t) gen_cdf_pick(&w->street_cdf, r);
	a->stype = (int8_t) gen_cdf_pick(&w->stype_cdf, r);
	a->dir = (int8_t) (gen_rng_chance(r, 0.12) ? gen_rng_range(r, 1, 4) : 0);
	a->unit = 0;
	a->unit_letter = 0;
	if (gen_rng_chance(r, 0.25))
	{
		a->unit = (int16_t) (gen_rng_chance(r, 0.7) ? gen_rng_range(r, 1, 30) : gen_rng_range(r, 100, 2499));
		if (a->unit < 100 && gen_rng_chance(r, 0.15))
			a->unit_letter = (char) ('A' + gen_rng_below(r, 4));
	}
	a->zip = c->zip + (int32_t) gen_rng_below(r, (uint32_t) c->nzip);
	a->zip4 = (int16_t) gen_rng_range(r, 1, 9999);
}

static uint64_t
new_phone(world *w, gen_rng *r, int city_idx)
{
	uint64_t	area = (uint64_t) w->cities[city_idx].area;
	uint64_t	exchange = (uint64_t) gen_rng_range(r, 201, 989);

	/* N11 exchanges (411, 911, ...) are not assigned */
	if (exchange % 100 == 11)
		exchange++;
	return area * 10000000 + exchange * 10000 + gen_rng_below(r, 10000);
}

/* SSNs: an affine permutation of the valid space (area 001-899 without
 * 666, group 01-99, serial 0001-9999) indexed by person id: unique. */
static uint64_t
gcd_u64(uint64_t a, uint64_t b)
{
	while (b != 0)
	{
		uint64_t	t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * SSNs: an affine permutation of the valid space (area 001-899 without
 * 666, group 01-99, serial 0001-9999) indexed by person id, so they are
 * unique; the multiplier (near m times the golden ratio, made coprime to
 * m) scatters consecutive ids.
 */
static uint32_t
person_ssn(uint64_t seed, uint32_t id)
{
	const uint64_t m = UINT64_C(898) * 99 * 9999;
	static uint64_t a = 0;
	uint64_t	idx,
				area,
				rest;

	if (a == 0)
	{
		a = (uint64_t) ((double) m * 0.6180339887);
		while (gcd_u64(a, m) != 1)
			a++;
	}
	idx = ((uint64_t) id * a + (seed % m)) % m;
	area = idx / (99 * 9999) + 1;
	rest = idx % (99 * 9999);
	if (area >= 666)
		area++;
	return (uint32_t) (area * 1000000 + (rest / 9999 + 1) * 10000 + rest % 9999 + 1);
}

static uint64_t
hash_str(const char *s)
{
	uint64_t	h = UINT64_C(1469598103934665603);

	for (; *s; s++)
		h = (h ^ (unsigned char) *s) * UINT64_C(1099511628211);
	return h ? h : 1;
}

/* Returns 1 and records s if it was not used before. */
static int
email_claim(world *w, const char *s)
{
	uint64_t	h = hash_str(s);
	size_t		i = (size_t) (h & (w->email_cap - 1));

	while (w->email_set[i] != 0)
	{
		if (w->email_set[i] == h)
			return 0;
		i = (i + 1) & (w->email_cap - 1);
	}
	w->email_set[i] = h;
	return 1;
}

/* Lower-case ASCII letters and digits of a name, for email local parts. */
static void
email_token(const char *name, char *out, size_t cap)
{
	char		a[NAME_CAP],
				l[NAME_CAP];
	size_t		i,
				o = 0;

	gen_str_ascii(name, a, sizeof(a));
	gen_str_lower(a, l, sizeof(l));
	for (i = 0; l[i] && o + 1 < cap; i++)
		if ((l[i] >= 'a' && l[i] <= 'z') || (l[i] >= '0' && l[i] <= '9'))
			out[o++] = l[i];
	out[o] = '\0';
	if (o == 0)
		gen_fmt(out, cap, "x");
}

static void
make_email(world *w, gen_rng *r, const person *p, const char *given, const char *family,
		   char *out, size_t cap)
{
	char		g[40],
				f[40],
				local[80];
	const char *dom = w->domains.items[gen_cdf_pick(&w->domain_cdf, r)];
	double		u = gen_rng_unif(r);
	int			y,
				m,
				d,
				attempt;

	email_token(given, g, sizeof(g));
	email_token(family, f, sizeof(f));
	gen_civil_from_days(p->dob, &y, &m, &d);
	if (u < 0.25)
		gen_fmt(local, sizeof(local), "%s.%s", g, f);
	else if (u < 0.40)
		gen_fmt(local, sizeof(local), "%s%s", g, f);
	else if (u < 0.55)
		gen_fmt(local, sizeof(local), "%c%s", g[0], f);
	else if (u < 0.62)
		gen_fmt(local, sizeof(local), "%s_%s", g, f);
	else if (u < 0.78)
		gen_fmt(local, sizeof(local), "%s.%s%02d", g, f, y % 100);
	else if (u < 0.92)
		gen_fmt(local, sizeof(local), "%s%d", g, gen_rng_range(r, 1, 999));
	else
		gen_fmt(local, sizeof(local), "%s.%s", f, g);
	for (attempt = 0;; attempt++)
	{
		if (attempt == 0)
			gen_fmt(out, cap, "%s@%s", local, dom);
		else
			gen_fmt(out, cap, "%s%u@%s", local, (unsigned) (p->id % 9973 + attempt), dom);
		if (email_claim(w, out) || attempt > 50)
			break;
	}
}

static void
set_name(world *w, gen_rng *r, person *p, int female, const char *family)
{
	p->sex = female ? 'F' : 'M';
	p->given = (int16_t) pick_given(w, r, female);
	p->middle = (int16_t) (gen_rng_chance(r, 0.70) ? pick_given(w, r, female) : -1);
	if (p->middle == p->given)
		p->middle = -1;
	gen_copy(p->family, sizeof(p->family), family);
}

static int32_t
birth_for_age(gen_rng *r, int32_t as_of, int age)
{
	return as_of - age * 365 - (int32_t) gen_rng_below(r, 365) - age / 4;
}

static int
age_of(int32_t dob, int32_t as_of)
{
	int			y1,
				m1,
				d1,
				y2,
				m2,
				d2;

	gen_civil_from_days(dob, &y1, &m1, &d1);
	gen_civil_from_days(as_of, &y2, &m2, &d2);
	return y2 - y1 - ((m2 < m1 || (m2 == m1 && d2 < d1)) ? 1 : 0);
}

enum hhtype
{
	HH_ALONE, HH_COUPLE, HH_FAMILY, HH_SINGLE_PARENT, HH_ROOMMATES
};

/* An adult age in lo..hi, denser in the middle years (Beta(2, 2.6) shape). */
static int
adult_age(gen_rng *r, int lo, int hi)
{
	double		b = gen_rng_beta(r, 2.0, 2.6);

	return lo + (int) (b * (hi - lo + 1));
}

/* Finishes a person's contact data once name, dob and address are set. */
static void
finish_person(world *w, gen_rng *r, person *p, int32_t as_of)
{
	int			age = age_of(p->dob, as_of);
	const char *given = w->given[p->sex == 'F'].items[p->given];

	p->ssn = gen_rng_chance(r, 0.05) ? 0 : person_ssn(w->seed, p->id);
	if (age >= 18)
		p->mobile = gen_rng_chance(r, 0.92) ? new_phone(w, r, p->moved ? p->old.city : p->cur.city) : 0;
	else if (age >= 13)
		p->mobile = gen_rng_chance(r, 0.60) ? new_phone(w, r, p->cur.city) : 0;
	if (age >= 16 && gen_rng_chance(r, age >= 18 ? 0.88 : 0.5))
	{
		/* half of the women who changed name kept an address made from the old one */
		const char *fam = (p->maiden[0] && gen_rng_chance(r, 0.5)) ? p->maiden : p->family;

		make_email(w, r, p, given, fam, p->email, sizeof(p->email));
	}
	if (age >= 18 && gen_rng_chance(r, 0.03))
		p->doctor = 1;
	{
		nicklist   *nl = &w->nicks[p->sex == 'F'][p->given];

		p->nick = (int16_t) ((nl->n > 0 && gen_rng_chance(r, 0.40)) ? (int) gen_rng_below(r, (uint32_t) nl->n) : -1);
	}
	if (strchr(p->family, '-') != NULL)
		w->n_hyphen++;
	if (p->maiden[0])
		w->n_maiden++;
	if (p->moved)
		w->n_moved++;
	if (age < 18)
		w->n_minor++;
}

/* Adds one person to the array (the caller fills the rest). */
static person *
add_person(world *w, uint32_t hh)
{
	person	   *p = &w->people[w->npeople];

	memset(p, 0, sizeof(*p));
	p->id = (uint32_t) (w->npeople + 1);
	p->household = hh;
	p->middle = -1;
	p->nick = -1;
	w->npeople++;
	return p;
}

static void
make_households(world *w, size_t target)
{
	int32_t		as_of = gen_days_from_civil(AS_OF_Y, AS_OF_M, AS_OF_D);
	uint32_t	h = 0;

	w->people = gen_xcalloc(target, sizeof(person));
	w->email_cap = 1024;
	while (w->email_cap < target * 4)
		w->email_cap *= 2;
	w->email_set = gen_xcalloc(w->email_cap, sizeof(uint64_t));

	while (w->npeople < target)
	{
		gen_rng		r;
		double		u;
		int			type,
					nadults,
					nkids = 0,
					i;
		char		fam[NAME_CAP];
		addr		home_addr,
					prev_addr;
		int			hh_moved;
		uint64_t	landline,
					old_landline;
		char		family_email[80] = "";
		person	   *adults[3] = {NULL, NULL, NULL};
		person	   *first_kid = NULL;
		int			mother_age = 0;
		uint32_t	hh_id;
		size_t		hh_start = w->npeople;

		h++;
		hh_id = h;
		gen_rng_seed(&r, w->seed, 1, h, 0);
		u = gen_rng_unif(&r);
		type = u < 0.28 ? HH_ALONE : u < 0.52 ? HH_COUPLE : u < 0.82 ? HH_FAMILY :
			u < 0.92 ? HH_SINGLE_PARENT : HH_ROOMMATES;
		pick_surname(w, &r, fam, sizeof(fam));
		if (gen_rng_chance(&r, 0.02))
		{
			char		second[NAME_CAP];

			pick_surname(w, &r, second, sizeof(second));
			hyphenate(fam, sizeof(fam), fam, second);
		}
		new_address(w, &r, &home_addr, -1);
		hh_moved = gen_rng_chance(&r, 0.15);
		new_address(w, &r, &prev_addr, gen_rng_chance(&r, 0.6) ? home_addr.city : -1);
		landline = gen_rng_chance(&r, type == HH_ROOMMATES ? 0.10 : 0.45) ? new_phone(w, &r, home_addr.city) : 0;
		old_landline = (hh_moved && landline) ? new_phone(w, &r, prev_addr.city) : landline;

		nadults = type == HH_ALONE || type == HH_SINGLE_PARENT ? 1 :
			type == HH_ROOMMATES ? gen_rng_range(&r, 2, 3) : 2;
		if (type == HH_FAMILY || type == HH_SINGLE_PARENT)
		{
			nkids = 1 + (int) gen_rng_below(&r, 3);
			nkids += gen_rng_chance(&r, 0.12);
		}

		for (i = 0; i < nadults && w->npeople < target; i++)
		{
			person	   *p = add_person(w, hh_id);
			int			female,
						age;

			if (type == HH_COUPLE || type == HH_FAMILY)
			{
				/* partner 0 is the man, partner 1 the woman; 5% same-sex couples */
				female = i == 1;
				if (i == 1 && gen_rng_chance(&r, 0.05))
					female = adults[0]->sex == 'F' ? 1 : 0;
				age = i == 0 ? adult_age(&r, 21, 89) :
					age_of(adults[0]->dob, as_of) + (int) lround(gen_rng_normal(&r) * 3.0) - 2;
				if (age < 19)
					age = 19;
			}
			else if (type == HH_SINGLE_PARENT)
			{
				female = gen_rng_chance(&r, 0.8);
				age = adult_age(&r, 22, 65);
			}
			else if (type == HH_ROOMMATES)
			{
				female = gen_rng_chance(&r, 0.5);
				age = gen_rng_range(&r, 19, 38);
			}
			else
			{
				female = gen_rng_chance(&r, 0.52);
				age = adult_age(&r, 19, 95);
			}
			if (type == HH_ROOMMATES && i > 0)
			{
				char		own[NAME_CAP];

				pick_surname(w, &r, own, sizeof(own));
				set_name(w, &r, p, female, own);
			}
			else
				set_name(w, &r, p, female, fam);
			p->dob = birth_for_age(&r, as_of, age);
			p->cur = home_addr;
			p->home = landline;
			p->old_home = old_landline;
			if (hh_moved)
			{
				p->moved = 1;
				p->old = prev_addr;
			}
			/* the wife of a married couple: a maiden name, kept or changed */
			if ((type == HH_COUPLE || type == HH_FAMILY) && i == 1 && female && adults[0]->sex == 'M' &&
				gen_rng_chance(&r, 0.85))
			{
				char		maiden[NAME_CAP];
				double		v = gen_rng_unif(&r);

				pick_surname(w, &r, maiden, sizeof(maiden));
				if (strcmp(maiden, fam) == 0)
					v = 1.0;	/* same name: nothing changes */
				if (v < 0.70)
				{
					gen_copy(p->maiden, sizeof(p->maiden), maiden);
				}
				else if (v < 0.80)
				{
					gen_copy(p->maiden, sizeof(p->maiden), maiden);
					hyphenate(p->family, sizeof(p->family), maiden, fam);
				}
				else
					gen_copy(p->family, sizeof(p->family), maiden);	/* kept her name */
				/* before the wedding she lived elsewhere */
				if (p->maiden[0] && !p->moved && gen_rng_chance(&r, 0.6))
				{
					p->moved = 1;
					new_address(w, &r, &p->old, gen_rng_chance(&r, 0.5) ? home_addr.city : -1);
					p->old_home = 0;
				}
			}
			/* divorced or widowed women living alone or as single parents */
			if ((type == HH_ALONE || type == HH_SINGLE_PARENT) && female && age >= 28 &&
				gen_rng_chance(&r, 0.30))
			{
				pick_surname(w, &r, p->maiden, sizeof(p->maiden));
				if (strcmp(p->maiden, p->family) == 0)
					p->maiden[0] = '\0';
			}
			if (female && (type == HH_COUPLE || type == HH_FAMILY || type == HH_SINGLE_PARENT))
				mother_age = age;
			adults[i] = p;
		}
		if (mother_age == 0 && adults[0] != NULL)
			mother_age = age_of(adults[0]->dob, as_of);
		/* who is whose partner (no draw: the relationship files use it) */
		if ((type == HH_COUPLE || type == HH_FAMILY) && adults[0] != NULL && adults[1] != NULL)
		{
			adults[0]->partner = adults[1]->id;
			adults[1]->partner = adults[0]->id;
		}

		/* shared family email for some couples and families */
		if ((type == HH_COUPLE || type == HH_FAMILY) && gen_rng_chance(&r, 0.15) && adults[0] != NULL)
		{
			char		tok[40];
			char		addr_s[80];
			int			attempt;

			email_token(fam, tok, sizeof(tok));
			for (attempt = 0; attempt < 50; attempt++)
			{
				const char *dom = w->domains.items[gen_cdf_pick(&w->domain_cdf, &r)];

				if (attempt == 0)
				{
					const char *the = gen_rng_chance(&r, 0.5) ? "the" : "";

					gen_fmt(addr_s, sizeof(addr_s), "%s%s@%s", the, tok, dom);
				}
				else
				{
					int			n = gen_rng_range(&r, 1, 9999);

					gen_fmt(addr_s, sizeof(addr_s), "%sfamily%d@%s", tok, n, dom);
				}
				if (email_claim(w, addr_s))
					break;
			}
			gen_copy(family_email, sizeof(family_email), addr_s);
		}

		for (i = 0; i < nkids && w->npeople < target; i++)
		{
			person	   *k = add_person(w, hh_id);
			int			female = gen_rng_chance(&r, 0.49);
			int			maxage = mother_age - 19;
			int			age;
			person	   *father = (adults[0] != NULL && adults[0]->sex == 'M') ? adults[0] : NULL;

			k->parent[0] = adults[0] != NULL ? adults[0]->id : 0;
			k->parent[1] = adults[1] != NULL ? adults[1]->id : 0;
			if (maxage > 30)
				maxage = 30;
			if (maxage < 0)
				maxage = 0;
			age = gen_rng_range(&r, 0, maxage);
			/* the children carry the father's family name (the mother's
			 * when she is alone or kept hers only if no father) */
			set_name(w, &r, k, female,
					 father ? father->family : (adults[0] ? adults[0]->family : fam));
			if (father && adults[1] != NULL && adults[1]->sex == 'F' &&
				!adults[1]->maiden[0] && strcmp(adults[1]->family, father->family) != 0 &&
				gen_rng_chance(&r, 0.15))
				hyphenate(k->family, sizeof(k->family), father->family, adults[1]->family);
			k->dob = birth_for_age(&r, as_of, age);
			/* twins: the second child shares the first one's birth date */
			if (i == 1 && first_kid != NULL && gen_rng_chance(&r, 0.04))
			{
				int			tries;

				k->dob = first_kid->dob;
				if (gen_rng_chance(&r, 0.6))
				{
					female = first_kid->sex == 'F';
					k->sex = first_kid->sex;
				}
				/* the middle name must come from the (possibly changed) sex's list */
				k->middle = (int16_t) (gen_rng_chance(&r, 0.70) ? pick_given(w, &r, female) : -1);
				/* different given names, with the same initial a third of the time */
				for (tries = 0; tries < 40; tries++)
				{
					k->given = (int16_t) pick_given(w, &r, female);
					if (k->given != first_kid->given &&
						(tries > 30 || !gen_rng_chance(&r, 0.33) ||
						 w->given[female].items[k->given][0] == w->given[first_kid->sex == 'F'].items[first_kid->given][0]))
						break;
				}
				if (k->given == first_kid->given && k->sex == first_kid->sex)
					k->given = (int16_t) ((k->given + 1) % (int) w->given[female].n);
				k->twin = first_kid->twin = 1;
				w->n_twins++;
			}
			/* a son named after his father: JR, the father SR */
			if (i == 0 && !female && father != NULL && gen_rng_chance(&r, 0.08))
			{
				k->given = father->given;
				k->middle = father->middle;
				gen_copy(k->family, sizeof(k->family), father->family);
				k->suffix = SUF_JR;
				father->suffix = SUF_SR;
				/* the hard case is two adults: make most such sons grown up */
				if (age < 18 && mother_age - 19 >= 18 && gen_rng_chance(&r, 0.6))
				{
					age = gen_rng_range(&r, 18, maxage);
					k->dob = birth_for_age(&r, as_of, age);
				}
				k->jr_pair = father->jr_pair = 1;
				w->n_jr++;
			}
			k->cur = home_addr;
			k->home = landline;
			k->old_home = old_landline;
			if (hh_moved)
			{
				k->moved = 1;
				k->old = prev_addr;
			}
			/* grown children who moved out: a household of their own, the
			 * family home as their old address */
			if (age >= 22 && gen_rng_chance(&r, 0.40))
			{
				h++;
				k->household = h;
				k->old = home_addr;
				k->moved = 1;
				new_address(w, &r, &k->cur, gen_rng_chance(&r, 0.5) ? home_addr.city : -1);
				k->home = 0;
				k->old_home = landline;
				w->n_moved_out++;
			}
			if (first_kid == NULL)
				first_kid = k;
		}

		for (i = (int) hh_start; i < (int) w->npeople; i++)
		{
			person	   *p = &w->people[i];

			if (p->household == hh_id && age_of(p->dob, as_of) >= 18)
				gen_copy(p->family_email, sizeof(p->family_email), family_email);
			finish_person(w, &r, p, as_of);
		}
	}
	w->nhouseholds = h;
}

/* ---------------------------------------------------------- record views */

/* What one record knows about its person, before formatting and noise. */
typedef struct view
{
	const person *p;
	int			old;			/* from before the move or the marriage */
	int			age;
	char		given[NAME_CAP];
	char		middle[NAME_CAP];	/* "" if none */
	char		family[NAME_CAP];
	const char *nick;			/* preferred nickname or NULL */
	const addr *a;
	uint64_t	phone;			/* 0: none */
	const char *email;			/* "" if none */
	int			y,
				m,
				d;
} view;

static void
make_view(world *w, gen_rng *r, const person *p, const sysrates *sr, view *v)
{
	int			fem = p->sex == 'F';
	int			has_event = p->moved || p->maiden[0];
	int32_t		as_of = gen_days_from_civil(AS_OF_Y, AS_OF_M, AS_OF_D);

	memset(v, 0, sizeof(*v));
	v->p = p;
	v->old = has_event && gen_rng_chance(r, sr->p_old);
	v->age = age_of(p->dob, as_of);
	gen_copy(v->given, sizeof(v->given), w->given[fem].items[p->given]);
	if (p->middle >= 0)
		gen_copy(v->middle, sizeof(v->middle), w->given[fem].items[p->middle]);
	gen_fmt(v->family, sizeof(v->family), "%s",
			 (v->old && p->maiden[0]) ? p->maiden : p->family);
	v->nick = p->nick >= 0 ? w->nicks[fem][p->given].names[p->nick] : NULL;
	v->a = (v->old && p->moved) ? &p->old : &p->cur;
	/* mobile most of the time, the landline otherwise */
	{
		uint64_t	land = v->old ? p->old_home : p->home;

		if (p->mobile && (land == 0 || gen_rng_chance(r, 0.75)))
			v->phone = p->mobile;
		else
			v->phone = land;
	}
	if (p->family_email[0] && (!p->email[0] || gen_rng_chance(r, 0.3)))
		v->email = p->family_email;
	else
		v->email = p->email;
	gen_civil_from_days(p->dob, &v->y, &v->m, &v->d);
}

/* ---------------------------------------------------------- field noise */

static void
name_noise(gen_rng *r, const sysrates *sr, char *s, size_t cap)
{
	if (gen_rng_chance(r, sr->name_typo))
		gen_typo(r, s, cap);
	if (gen_rng_chance(r, sr->name_ocr))
		gen_ocr(r, s, cap);
}

/* Day/month swaps and digit transpositions, keeping a valid date. */
static void
date_noise(gen_rng *r, const sysrates *sr, int *y, int *m, int *d)
{
	if (*d <= 12 && *d != *m && gen_rng_chance(r, sr->dob_dm_swap))
	{
		int			t = *d;

		*d = *m;
		*m = t;
	}
	if (gen_rng_chance(r, sr->dob_transpose))
	{
		int			yy = *y % 100,
					swapped_y = (yy % 10) * 10 + yy / 10;
		int			swapped_d = (*d % 10) * 10 + *d / 10;

		if (*d >= 10 && *d % 10 != *d / 10 && swapped_d >= 1 &&
			swapped_d <= gen_days_in_month(*y, *m) && gen_rng_chance(r, 0.5))
			*d = swapped_d;
		else if (yy % 10 != yy / 10 && *y - yy + swapped_y < AS_OF_Y)
		{
			/* (systems refuse birth dates in the future) */
			*y = *y - yy + swapped_y;
			if (*d > gen_days_in_month(*y, *m))
				*d = gen_days_in_month(*y, *m);
		}
	}
}

static uint64_t
phone_noise(gen_rng *r, const sysrates *sr, uint64_t ph)
{
	if (ph && gen_rng_chance(r, sr->phone_typo))
	{
		/* one of the seven local digits wrong */
		uint64_t	pos = 1;
		int			k = (int) gen_rng_below(r, 7),
					digit,
					nd;

		while (k-- > 0)
			pos *= 10;
		digit = (int) (ph / pos % 10);
		nd = (digit + 1 + (int) gen_rng_below(r, 9)) % 10;
		ph = ph - (uint64_t) digit * pos + (uint64_t) nd * pos;
	}
	return ph;
}

static uint32_t
ssn_noise(gen_rng *r, const sysrates *sr, uint32_t ssn)
{
	if (ssn && gen_rng_chance(r, sr->ssn_typo))
	{
		uint32_t	pos = 1;
		int			k = (int) gen_rng_below(r, 8);
		uint32_t	a,
					b;

		/* two adjacent digits exchanged (or one digit wrong if equal) */
		while (k-- > 0)
			pos *= 10;
		a = ssn / pos % 10;
		b = ssn / (pos * 10) % 10;
		if (a != b)
			ssn = ssn - a * pos - b * pos * 10 + b * pos + a * pos * 10;
		else
			ssn = ssn - a * pos + ((a + 1) % 10) * pos;
	}
	return ssn;
}

static void
email_noise(gen_rng *r, const sysrates *sr, char *s, size_t cap)
{
	if (gen_rng_chance(r, sr->email_typo))
	{
		char	   *at = strchr(s, '@');

		/* typos in the local part only: a mistyped domain would not deliver */
		if (at != NULL)
		{
			char		local[80];
			size_t		ll = (size_t) (at - s);
			char		rest[80];

			if (ll < sizeof(local))
			{
				memcpy(local, s, ll);
				local[ll] = '\0';
				gen_copy(rest, sizeof(rest), at);
				gen_typo(r, local, sizeof(local));
				gen_fmt(s, cap, "%s%s", local, rest);
			}
		}
	}
	if (gen_rng_chance(r, 0.10))
	{
		/* some people type capitals: John.Smith@Gmail.com */
		size_t		i;

		for (i = 0; s[i]; i++)
			if (s[i] >= 'a' && s[i] <= 'z' && (i == 0 || s[i - 1] == '.' || s[i - 1] == '@'))
				s[i] = (char) (s[i] - 32);
	}
}

/* "123 N Main St Apt 4" in the requested style. */
enum
{
	ST_UPPER = 1,				/* all capitals */
	ST_TYPE_FULL = 2,			/* "Street" rather than "St" */
	ST_DIR_FULL = 4,			/* "North" rather than "N" */
	ST_NO_UNIT = 8				/* leave the unit out (it goes elsewhere) */
};

static void
unit_text(gen_rng *r, const addr *a, int style, char *out, size_t cap)
{
	char		num[16];
	static const char *const kinds[] = {"Apt", "Apt.", "Apartment", "#", "Unit", "Ste"};
	int			k;

	out[0] = '\0';
	if (a->unit == 0)
		return;
	if (a->unit_letter)
		gen_fmt(num, sizeof(num), "%d%c", a->unit, a->unit_letter);
	else
		gen_fmt(num, sizeof(num), "%d", a->unit);
	k = (style & ST_TYPE_FULL) ? (gen_rng_chance(r, 0.5) ? 2 : (int) gen_rng_below(r, 6)) :
		(gen_rng_chance(r, 0.7) ? 0 : (int) gen_rng_below(r, 6));
	if (k == 3)
		gen_fmt(out, cap, "#%s", num);
	else
		gen_fmt(out, cap, "%s %s", kinds[k], num);
}

static void
street_text(world *w, gen_rng *r, const sysrates *sr, const addr *a, int style,
			char *out, size_t cap)
{
	char		street[NAME_CAP],
				unit[32],
				tmp[FIELD_CAP];
	const char *type = (style & ST_TYPE_FULL) ? w->stype_full[a->stype] : w->stype_abbr[a->stype];
	const char *dir = (style & ST_DIR_FULL) ? dir_full[a->dir] : dir_abbr[a->dir];
	char		typebuf[32];

	gen_copy(street, sizeof(street), w->streets.items[a->street]);
	if (gen_rng_chance(r, sr->addr_typo))
		gen_typo(r, street, sizeof(street));
	if (!(style & ST_TYPE_FULL) && !(style & ST_UPPER))
	{
		/* mixed-case abbreviations: "St", "Ave" */
		size_t		i;

		gen_copy(typebuf, sizeof(typebuf), type);
		for (i = 1; typebuf[i]; i++)
			if (typebuf[i] >= 'A' && typebuf[i] <= 'Z')
				typebuf[i] = (char) (typebuf[i] + 32);
		type = typebuf;
	}
	unit[0] = '\0';
	if (!(style & ST_NO_UNIT) && !gen_rng_chance(r, sr->unit_drop))
		unit_text(r, a, style, unit, sizeof(unit));
	gen_fmt(tmp, sizeof(tmp), "%d%s%s %s %s%s%s", a->house, a->dir ? " " : "", dir,
			 street, type, unit[0] ? " " : "", unit);
	if (gen_rng_chance(r, sr->addr_ocr))
		gen_ocr(r, tmp, sizeof(tmp));
	if (style & ST_UPPER)
		gen_str_upper(tmp, out, cap);
	else
		gen_copy(out, cap, tmp);
}

/*
 * Cheap formatting of the fields every record has (vsnprintf was half of
 * the run time).  The callers' buffers hold at least 24 bytes.
 */
static char *
put_num(char *p, uint64_t v, int width)
{
	char		tmp[24];
	int			n = 0;

	do
	{
		tmp[n++] = (char) ('0' + v % 10);
		v /= 10;
	} while (v > 0 && n < 20);
	while (n < width && n < 20)
		tmp[n++] = '0';
	while (n > 0)
		*p++ = tmp[--n];
	*p = '\0';
	return p;
}

static char *
put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	*p = '\0';
	return p;
}

static void
need_cap(size_t cap)
{
	if (cap < 24)
		gen_die("internal error: field buffer of %zu bytes", cap);
}

enum date_style
{
	DATE_ISO,					/* 1971-03-14 */
	DATE_MDY,					/* 03/14/1971 */
	DATE_DMON,					/* 14-MAR-1971 */
	DATE_MD						/* 03/14 */
};

static void
fmt_date(int style, int y, int m, int d, char *out, size_t cap)
{
	char	   *p = out;

	need_cap(cap);
	switch (style)
	{
		case DATE_ISO:
			p = put_num(p, (uint64_t) y, 4);
			p = put_str(p, "-");
			p = put_num(p, (uint64_t) m, 2);
			p = put_str(p, "-");
			put_num(p, (uint64_t) d, 2);
			break;
		case DATE_MDY:
			p = put_num(p, (uint64_t) m, 2);
			p = put_str(p, "/");
			p = put_num(p, (uint64_t) d, 2);
			p = put_str(p, "/");
			put_num(p, (uint64_t) y, 4);
			break;
		case DATE_DMON:
			p = put_num(p, (uint64_t) d, 2);
			p = put_str(p, "-");
			p = put_str(p, month_abbr[m - 1]);
			p = put_str(p, "-");
			put_num(p, (uint64_t) y, 4);
			break;
		default:
			p = put_num(p, (uint64_t) m, 2);
			p = put_str(p, "/");
			put_num(p, (uint64_t) d, 2);
			break;
	}
}

static void
zip_text(gen_rng *r, const sysrates *sr, const addr *a, double p_plus4, char *out, size_t cap)
{
	int			zip = a->zip;

	if (gen_rng_chance(r, sr->zip_typo))
	{
		int			pos = 1,
					k = (int) gen_rng_below(r, 3),
					digit;

		while (k-- > 0)
			pos *= 10;
		digit = zip / pos % 10;
		zip += (((digit + 1 + (int) gen_rng_below(r, 9)) % 10) - digit) * pos;
	}
	need_cap(cap);
	if (gen_rng_chance(r, p_plus4))
	{
		char	   *p = put_num(out, (uint64_t) zip, 5);

		p = put_str(p, "-");
		put_num(p, (uint64_t) a->zip4, 4);
	}
	else
		put_num(out, (uint64_t) zip, 5);
}

static void
upper_in_place(char *s, size_t cap)
{
	char		tmp[FIELD_CAP];

	gen_str_upper(s, tmp, sizeof(tmp));
	gen_copy(s, cap, tmp);
}

static void
ascii_in_place(char *s, size_t cap)
{
	char		tmp[FIELD_CAP];

	gen_str_ascii(s, tmp, sizeof(tmp));
	gen_copy(s, cap, tmp);
}

static const char *
suffix_text(int suffix, int style)
{
	/* style 0: "JR", 1: "Jr", 2: "Jr." */
	static const char *const jr[3] = {"JR", "Jr", "Jr."};
	static const char *const sr[3] = {"SR", "Sr", "Sr."};

	return suffix == SUF_JR ? jr[style] : suffix == SUF_SR ? sr[style] : "";
}

/* Probability that a record shows the person's JR/SR suffix. */
static double
suffix_shown(const person *p)
{
	return p->suffix == SUF_JR ? 0.45 : 0.20;
}

/* Bytes of the first character of s (its initial), 0 for "". */
static int
initial_len(const char *s)
{
	unsigned char c = (unsigned char) s[0];
	int			n = c == 0 ? 0 : c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	int			i;

	for (i = 1; i < n; i++)
		if (s[i] == '\0')
			return i;
	return n;
}

/* ---------------------------------------------------------- the writers */

typedef struct out
{
	FILE	   *f;
	gen_buf		buf;
	const char *path;
	size_t		rows;
} out;

static void
out_open(out *o, const char *dir, const char *name, const char *header)
{
	static char paths[64][4096];
	static int	npaths;
	char	   *path = paths[npaths++ % 64];

	gen_fmt(path, 4096, "%s/%s", dir, name);
	o->path = path;
	o->f = fopen(path, "wb");
	if (o->f == NULL)
		gen_die("cannot write %s: %s", path, strerror(errno));
	gen_buf_init(&o->buf, 1 << 20);
	o->rows = 0;
	gen_buf_puts(&o->buf, header);
	gen_buf_putc(&o->buf, '\n');
}

static void
out_flush(out *o)
{
	if (o->buf.len > 0 && fwrite(o->buf.data, 1, o->buf.len, o->f) != o->buf.len)
		gen_die("write error on %s: %s", o->path, strerror(errno));
	o->buf.len = 0;
}

static void
out_field(out *o, const char *s, int last)
{
	gen_csv_field(&o->buf, s, strlen(s));
	gen_buf_putc(&o->buf, last ? '\n' : ',');
}

static void
out_end_row(out *o)
{
	o->rows++;
	if (o->buf.len > (1 << 20) - 4096)
		out_flush(o);
}

static void
out_close(out *o)
{
	out_flush(o);
	if (fclose(o->f) != 0)
		gen_die("cannot close %s: %s", o->path, strerror(errno));
	gen_buf_free(&o->buf);
}

static void
fmt_phone(uint64_t ph, int style, char *out, size_t cap)
{
	uint64_t	a = ph / 10000000,
				e = ph / 10000 % 1000,
				l = ph % 10000;
	/* style: 0 (555) 123-4567, 1 555.123.4567, 2 +1 555 123 4567,
	 * 3 555-123-4567, other 5551234567 */
	static const char *const sep[5][3] = {
		{"(", ") ", "-"}, {"", ".", "."}, {"+1 ", " ", " "}, {"", "-", "-"}, {"", "", ""}
	};
	const char *const *sp = sep[style >= 0 && style < 4 ? style : 4];
	char	   *p = out;

	need_cap(cap);
	p = put_str(p, sp[0]);
	p = put_num(p, a, 3);
	p = put_str(p, sp[1]);
	p = put_num(p, e, 3);
	p = put_str(p, sp[2]);
	put_num(p, l, 4);
}

static void
fmt_ssn(uint32_t ssn, int dashes, char *out, size_t cap)
{
	if (dashes)
		gen_fmt(out, cap, "%03u-%02u-%04u", ssn / 1000000, ssn / 10000 % 100, ssn % 10000);
	else
		gen_fmt(out, cap, "%09u", ssn);
}

/* Drops the spaces and hyphens a cut can leave at the end ("De La "). */
static void
trim_cut(char *s)
{
	size_t		n = strlen(s);

	while (n > 1 && (s[n - 1] == ' ' || s[n - 1] == '-'))
		s[--n] = '\0';
}

/* Applies swap/initial/truncation noise to a (given, family) pair. */
static void
name_pair_noise(gen_rng *r, const sysrates *sr, char *given, char *family)
{
	name_noise(r, sr, given, NAME_CAP);
	name_noise(r, sr, family, NAME_CAP);
	if (gen_rng_chance(r, sr->name_trunc) && gen_utf8_count(family) > 4)
	{
		gen_utf8_truncate(family, 3 + gen_rng_below(r, (uint32_t) gen_utf8_count(family) - 4));
		trim_cut(family);
	}
	if (gen_rng_chance(r, sr->name_initial))
		gen_utf8_truncate(given, 1);
	if (gen_rng_chance(r, sr->name_swap))
	{
		char		t[NAME_CAP];

		memcpy(t, given, NAME_CAP);
		memcpy(given, family, NAME_CAP);
		memcpy(family, t, NAME_CAP);
	}
}

static void
write_cards(world *w, gen_rng *r, const view *v, out *o, const char *key)
{
	const sysrates *sr = &sysdefs[SYS_CARDS];
	char		given[NAME_CAP],
				family[NAME_CAP],
				f[FIELD_CAP],
				street[FIELD_CAP],
				zip[24],
				city_s[NAME_CAP];
	const person *p = v->p;
	int			ascii = gen_rng_chance(r, CARDS_ASCII);
	const city *c = &w->cities[v->a->city];

	out_field(o, key, 0);
	gen_copy(given, sizeof(given), (v->nick && gen_rng_chance(r, sr->nick_use)) ? v->nick : v->given);
	gen_copy(family, sizeof(family), v->family);
	name_pair_noise(r, sr, given, family);
	{
		char		full[FIELD_CAP];
		int			with_mid = v->middle[0] && gen_rng_chance(r, 0.75);
		int			with_suf = p->suffix && gen_rng_chance(r, suffix_shown(p));

		gen_fmt(full, sizeof(full), "%s, %s%s%.*s%s%s", family, given,
				 with_mid ? " " : "", with_mid ? initial_len(v->middle) : 0, v->middle,
				 with_suf ? " " : "", with_suf ? suffix_text(p->suffix, 0) : "");
		if (ascii)
			ascii_in_place(full, sizeof(full));
		upper_in_place(full, sizeof(full));
		gen_utf8_truncate(full, CARDS_NAME_MAX);
		/* a cut can leave a trailing space or comma */
		while (strlen(full) > 0 && (full[strlen(full) - 1] == ' ' || full[strlen(full) - 1] == ','))
			full[strlen(full) - 1] = '\0';
		out_field(o, full, 0);
	}
	if (gen_rng_chance(r, sr->dob_missing))
		f[0] = '\0';
	else
	{
		int			y = v->y,
					m = v->m,
					d = v->d;

		date_noise(r, sr, &y, &m, &d);
		fmt_date(DATE_MDY, y, m, d, f, sizeof(f));
	}
	out_field(o, f, 0);
	if (v->phone == 0 || gen_rng_chance(r, sr->phone_missing))
		f[0] = '\0';
	else
		fmt_phone(phone_noise(r, sr, v->phone), 0, f, sizeof(f));
	out_field(o, f, 0);
	if (gen_rng_chance(r, sr->addr_missing))
		f[0] = '\0';
	else
	{
		street_text(w, r, sr, v->a, ST_UPPER, street, sizeof(street));
		zip_text(r, sr, v->a, 0.0, zip, sizeof(zip));
		gen_str_upper(c->name, city_s, sizeof(city_s));
		gen_fmt(f, sizeof(f), "%s, %s, %s %s", street, city_s, c->state, zip);
		if (ascii)
			ascii_in_place(f, sizeof(f));
	}
	out_field(o, f, 1);
	out_end_row(o);
}

static void
write_mortgages(world *w, gen_rng *r, const view *v, out *o, const char *key)
{
	const sysrates *sr = &sysdefs[SYS_MORTGAGES];
	char		given[NAME_CAP],
				family[NAME_CAP],
				f[FIELD_CAP];
	const person *p = v->p;
	const city *c = &w->cities[v->a->city];
	double		u;

	out_field(o, key, 0);
	gen_copy(given, sizeof(given), v->given);
	gen_copy(family, sizeof(family), v->family);
	name_pair_noise(r, sr, given, family);
	out_field(o, given, 0);
	u = gen_rng_unif(r);
	if (!v->middle[0] || u < 0.2)
		f[0] = '\0';
	else if (u < 0.6)
		gen_copy(f, sizeof(f), v->middle);
	else
	{
		gen_copy(f, sizeof(f), v->middle);
		gen_utf8_truncate(f, 1);
	}
	out_field(o, f, 0);
	out_field(o, family, 0);
	out_field(o, (p->suffix && gen_rng_chance(r, 0.7)) ? suffix_text(p->suffix, 1) : "", 0);
	if (gen_rng_chance(r, sr->dob_missing))
		f[0] = '\0';
	else
	{
		int			y = v->y,
					m = v->m,
					d = v->d;

		date_noise(r, sr, &y, &m, &d);
		fmt_date(DATE_ISO, y, m, d, f, sizeof(f));
	}
	out_field(o, f, 0);
	if (p->ssn == 0 || gen_rng_chance(r, sr->ssn_missing))
		f[0] = '\0';
	else
	{
		uint32_t	ssn = ssn_noise(r, sr, p->ssn);

		fmt_ssn(ssn, gen_rng_chance(r, 0.6), f, sizeof(f));
	}
	out_field(o, f, 0);
	if (v->phone == 0 || gen_rng_chance(r, sr->phone_missing))
		f[0] = '\0';
	else
		fmt_phone(phone_noise(r, sr, v->phone), 1, f, sizeof(f));
	out_field(o, f, 0);
	if (!v->email[0] || gen_rng_chance(r, sr->email_missing))
		f[0] = '\0';
	else
	{
		gen_copy(f, sizeof(f), v->email);
		email_noise(r, sr, f, sizeof(f));
	}
	out_field(o, f, 0);
	street_text(w, r, sr, v->a, (gen_rng_chance(r, 0.3) ? ST_TYPE_FULL | ST_DIR_FULL : 0) | ST_NO_UNIT,
				f, sizeof(f));
	out_field(o, f, 0);
	if (v->a->unit && !gen_rng_chance(r, sr->unit_drop))
	{
		char		unit[32];

		if (v->a->unit_letter)
			gen_fmt(unit, sizeof(unit), "%d%c", v->a->unit, v->a->unit_letter);
		else
			gen_fmt(unit, sizeof(unit), "%d", v->a->unit);
		gen_fmt(f, sizeof(f), "%s %s", gen_rng_chance(r, 0.8) ? "Apt" : "Unit", unit);
	}
	else
		f[0] = '\0';
	out_field(o, f, 0);
	out_field(o, c->name, 0);
	out_field(o, c->state, 0);
	zip_text(r, sr, v->a, 0.30, f, sizeof(f));
	out_field(o, f, 1);
	out_end_row(o);
}

static void
write_deposits(world *w, gen_rng *r, const view *v, out *o, const char *key)
{
	const sysrates *sr = &sysdefs[SYS_DEPOSITS];
	char		given[NAME_CAP],
				family[NAME_CAP],
				f[FIELD_CAP];
	const person *p = v->p;
	const city *c = &w->cities[v->a->city];
	int			fem = p->sex == 'F';
	const nicklist *nl = &w->nicks[fem][p->given];

	out_field(o, key, 0);
	if (v->nick && gen_rng_chance(r, sr->nick_use))
		gen_copy(given, sizeof(given), v->nick);
	else if (nl->n > 0 && gen_rng_chance(r, 0.05))
		gen_copy(given, sizeof(given), nl->names[gen_rng_below(r, (uint32_t) nl->n)]);
	else
		gen_copy(given, sizeof(given), v->given);
	gen_copy(family, sizeof(family), v->family);
	name_pair_noise(r, sr, given, family);
	gen_utf8_truncate(family, DEPOSITS_FAMILY_MAX);
	trim_cut(family);
	{
		int			with_mid = v->middle[0] && gen_rng_chance(r, 0.2);
		int			with_suf = p->suffix && gen_rng_chance(r, suffix_shown(p));

		gen_fmt(f, sizeof(f), "%s%s%.*s %s%s%s", given,
				 with_mid ? " " : "", with_mid ? initial_len(v->middle) : 0, v->middle,
				 family, with_suf ? " " : "", with_suf ? suffix_text(p->suffix, 1) : "");
		out_field(o, f, 0);
	}
	if (!v->email[0] || gen_rng_chance(r, sr->email_missing))
		f[0] = '\0';
	else
	{
		gen_copy(f, sizeof(f), v->email);
		email_noise(r, sr, f, sizeof(f));
	}
	out_field(o, f, 0);
	if (v->phone == 0 || gen_rng_chance(r, sr->phone_missing))
		f[0] = '\0';
	else
		fmt_phone(phone_noise(r, sr, v->phone), 2, f, sizeof(f));
	out_field(o, f, 0);
	if (gen_rng_chance(r, sr->dob_missing))
		f[0] = '\0';
	else if (gen_rng_chance(r, sr->dob_placeholder))
		gen_fmt(f, sizeof(f), "01-JAN-1900");
	else
	{
		int			y = v->y,
					m = v->m,
					d = v->d;

		date_noise(r, sr, &y, &m, &d);
		fmt_date(DATE_DMON, y, m, d, f, sizeof(f));
	}
	out_field(o, f, 0);
	if (gen_rng_chance(r, sr->addr_missing))
	{
		out_field(o, "", 0);
		out_field(o, "", 0);
		out_field(o, "", 0);
		out_field(o, "", 1);
	}
	else
	{
		street_text(w, r, sr, v->a, gen_rng_chance(r, 0.4) ? ST_TYPE_FULL : 0, f, sizeof(f));
		out_field(o, f, 0);
		out_field(o, c->name, 0);
		out_field(o, c->state, 0);
		zip_text(r, sr, v->a, 0.20, f, sizeof(f));
		out_field(o, f, 1);
	}
	out_end_row(o);
}

static void
write_insurance(world *w, gen_rng *r, const view *v, out *o, const char *key)
{
	const sysrates *sr = &sysdefs[SYS_INSURANCE];
	char		given[NAME_CAP],
				family[NAME_CAP],
				f[FIELD_CAP];
	const person *p = v->p;
	const city *c = &w->cities[v->a->city];
	int			placeholder_addr;

	out_field(o, key, 0);
	gen_copy(given, sizeof(given), (v->nick && gen_rng_chance(r, sr->nick_use)) ? v->nick : v->given);
	gen_copy(family, sizeof(family), v->family);
	name_pair_noise(r, sr, given, family);
	{
		const char *title = "";
		int			dot = gen_rng_chance(r, 0.5);
		int			with_mid = v->middle[0] && gen_rng_chance(r, 0.4);
		int			with_suf = p->suffix && gen_rng_chance(r, suffix_shown(p));
		char		mid[16] = "";

		if (v->age >= 18 && gen_rng_chance(r, 0.6))
		{
			if (p->doctor && gen_rng_chance(r, 0.7))
				title = dot ? "Dr. " : "Dr ";
			else if (p->sex == 'M')
				title = dot ? "Mr. " : "Mr ";
			else if (p->maiden[0] && !v->old)
				title = dot ? "Mrs. " : "Mrs ";
			else if (v->age < 25 && gen_rng_chance(r, 0.5))
				title = "Miss ";
			else
				title = dot ? "Ms. " : "Ms ";
		}
		if (with_mid)
		{
			gen_fmt(mid, sizeof(mid), "%.*s. ", initial_len(v->middle), v->middle);
		}
		if (gen_utf8_count(given) == 1)
			gen_fmt(f, sizeof(f), "%s%s. %s%s%s%s", title, given, mid, family,
					 with_suf ? " " : "", with_suf ? suffix_text(p->suffix, 2) : "");
		else
			gen_fmt(f, sizeof(f), "%s%s %s%s%s%s", title, given, mid, family,
					 with_suf ? " " : "", with_suf ? suffix_text(p->suffix, 2) : "");
		out_field(o, f, 0);
	}
	if (gen_rng_chance(r, sr->dob_missing))
		f[0] = '\0';
	else if (gen_rng_chance(r, sr->dob_placeholder))
		gen_fmt(f, sizeof(f), "1900-01-01");
	else
	{
		int			y = v->y,
					m = v->m,
					d = v->d;

		date_noise(r, sr, &y, &m, &d);
		fmt_date(DATE_ISO, y, m, d, f, sizeof(f));
	}
	out_field(o, f, 0);
	if (gen_rng_chance(r, sr->ssn_placeholder))
		gen_fmt(f, sizeof(f), "000-00-0000");
	else if (p->ssn == 0 || gen_rng_chance(r, sr->ssn_missing))
		f[0] = '\0';
	else
		fmt_ssn(ssn_noise(r, sr, p->ssn), 1, f, sizeof(f));
	out_field(o, f, 0);
	if (gen_rng_chance(r, sr->phone_placeholder))
		gen_fmt(f, sizeof(f), "999-999-9999");
	else if (v->phone == 0 || gen_rng_chance(r, sr->phone_missing))
		f[0] = '\0';
	else
		fmt_phone(phone_noise(r, sr, v->phone), 3, f, sizeof(f));
	out_field(o, f, 0);
	if (gen_rng_chance(r, sr->email_placeholder))
		gen_copy(f, sizeof(f), gen_rng_chance(r, 0.6) ? "test@test.com" : "N/A");
	else if (!v->email[0] || gen_rng_chance(r, sr->email_missing))
		f[0] = '\0';
	else
	{
		gen_copy(f, sizeof(f), v->email);
		email_noise(r, sr, f, sizeof(f));
	}
	out_field(o, f, 0);
	placeholder_addr = gen_rng_chance(r, sr->addr_placeholder);
	if (placeholder_addr)
		gen_fmt(f, sizeof(f), "UNKNOWN");
	else
	{
		double		u = gen_rng_unif(r);
		int			style = u < 0.5 ? ST_TYPE_FULL | ST_DIR_FULL : u < 0.75 ? ST_UPPER : 0;

		street_text(w, r, sr, v->a, style, f, sizeof(f));
	}
	out_field(o, f, 0);
	if (placeholder_addr)
		gen_fmt(f, sizeof(f), "UNKNOWN");
	else
	{
		gen_copy(f, sizeof(f), c->name);
		if (gen_rng_chance(r, sr->addr_typo / 3))
			gen_typo(r, f, sizeof(f));
	}
	out_field(o, f, 0);
	out_field(o, gen_rng_chance(r, 0.3) ? state_full_name(w, c->state) : c->state, 0);
	if (placeholder_addr || gen_rng_chance(r, 0.01))
		gen_fmt(f, sizeof(f), "N/A");
	else
		zip_text(r, sr, v->a, 0.10, f, sizeof(f));
	out_field(o, f, 1);
	out_end_row(o);
}

static void
write_loyalty(world *w, gen_rng *r, const view *v, out *o, const char *key)
{
	const sysrates *sr = &sysdefs[SYS_LOYALTY];
	char		given[NAME_CAP],
				family[NAME_CAP],
				f[FIELD_CAP];
	double		u = gen_rng_unif(r);

	(void) w;
	out_field(o, key, 0);
	gen_copy(given, sizeof(given), (v->nick && gen_rng_chance(r, sr->nick_use)) ? v->nick : v->given);
	gen_copy(family, sizeof(family), v->family);
	name_pair_noise(r, sr, given, family);
	/* typed by the customer on a phone: case and accents vary */
	if (gen_rng_chance(r, 0.5))
	{
		ascii_in_place(given, sizeof(given));
		ascii_in_place(family, sizeof(family));
	}
	if (u < 0.30)
	{
		char		t[NAME_CAP];

		gen_str_lower(given, t, sizeof(t));
		gen_copy(given, sizeof(given), t);
		gen_str_lower(family, t, sizeof(t));
		gen_copy(family, sizeof(family), t);
	}
	else if (u < 0.40)
	{
		upper_in_place(given, sizeof(given));
		upper_in_place(family, sizeof(family));
	}
	out_field(o, given, 0);
	out_field(o, gen_rng_chance(r, 0.03) ? "" : family, 0);
	if (!v->email[0] || gen_rng_chance(r, sr->email_missing))
		f[0] = '\0';
	else
	{
		gen_copy(f, sizeof(f), v->email);
		email_noise(r, sr, f, sizeof(f));
	}
	out_field(o, f, 0);
	if (v->phone == 0 || gen_rng_chance(r, sr->phone_missing))
		f[0] = '\0';
	else
		fmt_phone(phone_noise(r, sr, v->phone), 4, f, sizeof(f));
	out_field(o, f, 0);
	if (gen_rng_chance(r, sr->dob_missing))
		f[0] = '\0';
	else
		fmt_date(DATE_MD, 0, v->m, v->d, f, sizeof(f));
	out_field(o, f, 0);
	if (gen_rng_chance(r, sr->addr_missing))
		f[0] = '\0';
	else
		zip_text(r, sr, v->a, 0.0, f, sizeof(f));
	out_field(o, f, 1);
	out_end_row(o);
}

typedef void (*writer_fn) (world *w, gen_rng *r, const view *v, out *o, const char *key);

static const writer_fn writers[NSYS] = {
	write_cards, write_mortgages, write_deposits, write_insurance, write_loyalty
};

static const char *const headers[NSYS] = {
	"account_id,full_name,date_of_birth,phone,address",
	"loan_id,first_name,middle_name,last_name,suffix,birth_date,ssn,phone,email,street,unit,city,state,zip",
	"customer_no,name,email,phone,date_of_birth,address_line,city,state,postal_code",
	"policy_no,insured_name,date_of_birth,ssn,phone,email,street_address,city,state,zip",
	"member_id,first_name,last_name,email,phone,birthday,zip",
};

static void
format_key(int sys, uint64_t i, char *out, size_t cap)
{
	switch (sys)
	{
		case SYS_CARDS:
			need_cap(cap);
			put_num(put_str(out, "4"), 100000000ULL + i * 7, 15);
			break;
		case SYS_MORTGAGES:
			need_cap(cap);
			put_num(put_str(out, "M-"), 10000000ULL + i, 8);
			break;
		case SYS_DEPOSITS:
			/* leading zeros: keys are text, not numbers */
			need_cap(cap);
			put_num(out, 10000ULL + i * 3, 10);
			break;
		case SYS_INSURANCE:
			gen_fmt(out, cap, "POL-%04llu-%06llu", (unsigned long long) (2000 + i % 26),
					 (unsigned long long) (i + 1));
			break;
		default:
			need_cap(cap);
			put_num(put_str(out, "L"), 1000000ULL + i, 7);
			break;
	}
}

/* ---------------------------------------------------------- transactions */

/* The purchase window of the transaction files. */
#define TX_FROM_Y 2024
#define TX_DAYS 731				/* 2024-01-01 .. 2025-12-31 */

/*
 * BG/NBD-like purchases of one account: a purchase rate lambda ~
 * Gamma(r=0.9, scale=1/4) per week, a dropout probability p ~ Beta(1, 4)
 * after every purchase, spend per purchase ~ Gamma(4, mean/4) with the
 * account's mean ~ Gamma(2, 30) dollars (Gamma-Gamma-like).  30% of the
 * accounts open during the window, the others before it.
 */
static void
write_transactions(uint64_t seed, int sys, uint32_t person_id, int acct, const char *key, out *o)
{
	gen_rng		r;
	double		lambda,
				p,
				mean,
				t,
				start;
	int32_t		day0 = gen_days_from_civil(TX_FROM_Y, 1, 1);

	gen_rng_seed(&r, seed, 20 + (uint64_t) sys, person_id, (uint64_t) acct);
	lambda = gen_rng_gamma(&r, 0.9, 0.25) / 7.0;	/* per day */
	p = gen_rng_beta(&r, 1.0, 4.0);
	mean = 5.0 + gen_rng_gamma(&r, 2.0, 30.0);
	start = gen_rng_chance(&r, 0.3) ? gen_rng_unif(&r) * TX_DAYS : 0.0;
	if (lambda <= 0.0)
		return;
	t = start;
	for (;;)
	{
		int			y,
					m,
					d,
					secs;
		double		amount;
		char		f[64];

		t += gen_rng_exp(&r, lambda);
		if (t >= TX_DAYS)
			break;
		gen_civil_from_days(day0 + (int32_t) t, &y, &m, &d);
		secs = 8 * 3600 + (int) gen_rng_below(&r, 14 * 3600);
		amount = gen_rng_gamma(&r, 4.0, mean / 4.0);
		if (amount < 1.0)
			amount = 1.0;
		out_field(o, sysdefs[sys].name, 0);
		out_field(o, key, 0);
		gen_fmt(f, sizeof(f), "%04d-%02d-%02d %02d:%02d:%02d", y, m, d,
				 secs / 3600, secs / 60 % 60, secs % 60);
		out_field(o, f, 0);
		gen_fmt(f, sizeof(f), "%.2f", amount);
		out_field(o, f, 1);
		out_end_row(o);
		if (gen_rng_chance(&r, p))
			break;				/* the customer has gone */
	}
}

/* ---------------------------------------------------------- driver */

typedef struct recref
{
	uint32_t	person;			/* index into people */
	uint32_t	acct;			/* account number of this person in the system */
} recref;

static size_t
generate_system(world *w, int sys, const char *dir, out *truth, int with_tx)
{
	const sysrates *sr = &sysdefs[sys];
	int32_t		as_of = gen_days_from_civil(AS_OF_Y, AS_OF_M, AS_OF_D);
	recref	   *refs;
	size_t		nrefs = 0,
				cap = w->npeople * 2 + 16,
				i;
	gen_rng		r;
	out			o,
				tx;
	char		name[64];

	refs = gen_xmalloc(sizeof(recref) * cap);
	for (i = 0; i < w->npeople; i++)
	{
		const person *p = &w->people[i];
		int			age = age_of(p->dob, as_of);
		int			n = 0;

		gen_rng_seed(&r, w->seed, 2, (uint64_t) sys, p->id);
		if (age < sr->min_age)
			continue;
		if (gen_rng_chance(&r, age >= 18 ? sr->p_adult : sr->p_minor))
		{
			n = 1;
			while (n < sr->max_accounts && gen_rng_chance(&r, sr->p_extra))
				n++;
		}
		while (n-- > 0)
		{
			if (nrefs == cap)
			{
				cap *= 2;
				refs = gen_xrealloc(refs, sizeof(recref) * cap);
			}
			refs[nrefs].person = (uint32_t) i;
			refs[nrefs].acct = (uint32_t) n;
			nrefs++;
		}
	}
	/* file order must not reveal who is who: shuffle, then number the keys */
	gen_rng_seed(&r, w->seed, 3, (uint64_t) sys, 0);
	for (i = nrefs; i > 1; i--)
	{
		size_t		j = gen_rng_below(&r, (uint32_t) i);
		recref		t = refs[i - 1];

		refs[i - 1] = refs[j];
		refs[j] = t;
	}
	gen_fmt(name, sizeof(name), "%s.csv", sr->name);
	out_open(&o, dir, name, headers[sys]);
	if (with_tx)
	{
		gen_fmt(name, sizeof(name), "%s_transactions.csv", sr->name);
		out_open(&tx, dir, name, "source_name,source_key,ts,amount");
	}
	for (i = 0; i < nrefs; i++)
	{
		const person *p = &w->people[refs[i].person];
		char		key[40];
		view		v;
		char		idbuf[24];

		format_key(sys, i, key, sizeof(key));
		gen_rng_seed(&r, w->seed, 4 + (uint64_t) sys, p->id, refs[i].acct);
		make_view(w, &r, p, sr, &v);
		writers[sys] (w, &r, &v, &o, key);
		out_field(truth, sr->name, 0);
		out_field(truth, key, 0);
		put_num(idbuf, p->id, 1);
		out_field(truth, idbuf, 1);
		out_end_row(truth);
		if (with_tx)
			write_transactions(w->seed, sys, p->id, (int) refs[i].acct, key, &tx);
	}
	out_close(&o);
	if (with_tx)
	{
		fprintf(stderr, "  %-28s %9zu rows\n", name, tx.rows);
		out_close(&tx);
	}
	/* kept, in key order, for the relationship files */
	w->recs[sys] = refs;
	w->nrecs[sys] = nrefs;
	return nrefs;
}

static void
addr_oneline(const world *w, const addr *a, char *out, size_t cap)
{
	const city *c = &w->cities[a->city];
	char		unit[24] = "";

	if (a->unit && a->unit_letter)
		gen_fmt(unit, sizeof(unit), " APT %d%c", a->unit, a->unit_letter);
	else if (a->unit)
		gen_fmt(unit, sizeof(unit), " APT %d", a->unit);
	gen_fmt(out, cap, "%d%s%s %s %s%s, %s, %s %05d", a->house, a->dir ? " " : "", dir_abbr[a->dir],
			 w->streets.items[a->street], w->stype_abbr[a->stype], unit, c->name, c->state, a->zip);
}

static void
write_truth_people(world *w, const char *dir)
{
	out			hh,
				pp;
	size_t		i;

	out_open(&hh, dir, "households.csv", "person_id,household_id");
	out_open(&pp, dir, "people.csv",
			 "person_id,household_id,sex,given_name,middle_name,family_name,maiden_name,suffix,"
			 "date_of_birth,ssn,mobile_phone,home_phone,email,family_email,address,old_address,twin");
	for (i = 0; i < w->npeople; i++)
	{
		const person *p = &w->people[i];
		int			fem = p->sex == 'F';
		char		f[FIELD_CAP];
		int			y,
					m,
					d;

		put_num(f, p->id, 1);
		out_field(&hh, f, 0);
		out_field(&pp, f, 0);
		put_num(f, p->household, 1);
		out_field(&hh, f, 1);
		out_end_row(&hh);
		out_field(&pp, f, 0);
		out_field(&pp, fem ? "F" : "M", 0);
		out_field(&pp, w->given[fem].items[p->given], 0);
		out_field(&pp, p->middle >= 0 ? w->given[fem].items[p->middle] : "", 0);
		out_field(&pp, p->family, 0);
		out_field(&pp, p->maiden, 0);
		out_field(&pp, suffix_text(p->suffix, 0), 0);
		gen_civil_from_days(p->dob, &y, &m, &d);
		fmt_date(DATE_ISO, y, m, d, f, sizeof(f));
		out_field(&pp, f, 0);
		if (p->ssn)
			fmt_ssn(p->ssn, 1, f, sizeof(f));
		else
			f[0] = '\0';
		out_field(&pp, f, 0);
		if (p->mobile)
			fmt_phone(p->mobile, 4, f, sizeof(f));
		else
			f[0] = '\0';
		out_field(&pp, f, 0);
		if (p->home)
			fmt_phone(p->home, 4, f, sizeof(f));
		else
			f[0] = '\0';
		out_field(&pp, f, 0);
		out_field(&pp, p->email, 0);
		out_field(&pp, p->family_email, 0);
		addr_oneline(w, &p->cur, f, sizeof(f));
		out_field(&pp, f, 0);
		if (p->moved)
			addr_oneline(w, &p->old, f, sizeof(f));
		else
			f[0] = '\0';
		out_field(&pp, f, 0);
		out_field(&pp, p->twin ? "1" : "0", 1);
		out_end_row(&pp);
	}
	out_close(&hh);
	out_close(&pp);
}

/* ---------------------------------------------------------- relationships */

/*
 * The relationship files link records of the systems written above (see
 * README.md, "Relationship files"): co-borrowers of mortgages, insurance
 * beneficiaries, loyalty referrals and joint deposit accounts, each with
 * a share of the bad rows real feeds have, plus relationships_truth.csv.
 * Every file draws from its own PRNG streams (domains 40-44), so the five
 * system files and truth.csv are the same bytes as without them.
 */

/* One system's records by person: record indices (key order) of person
 * index p are idx[start[p] .. start[p + 1]). */
typedef struct byperson
{
	uint32_t   *start;			/* npeople + 1 */
	uint32_t   *idx;
	size_t		nrecs;
	int			present;		/* the system was written */
} byperson;

static void
byperson_build(const world *w, int sys, byperson *b)
{
	uint32_t   *fill;
	size_t		i;

	memset(b, 0, sizeof(*b));
	b->start = gen_xcalloc(w->npeople + 1, sizeof(uint32_t));
	if (w->recs[sys] == NULL)
		return;
	b->present = 1;
	b->nrecs = w->nrecs[sys];
	b->idx = gen_xmalloc(sizeof(uint32_t) * (b->nrecs + 1));
	for (i = 0; i < b->nrecs; i++)
		b->start[w->recs[sys][i].person + 1]++;
	for (i = 0; i < w->npeople; i++)
		b->start[i + 1] += b->start[i];
	fill = gen_xmalloc(sizeof(uint32_t) * (w->npeople + 1));
	memcpy(fill, b->start, sizeof(uint32_t) * (w->npeople + 1));
	for (i = 0; i < b->nrecs; i++)
		b->idx[fill[w->recs[sys][i].person]++] = (uint32_t) i;
	free(fill);
}

static void
byperson_free(byperson *b)
{
	free(b->start);
	free(b->idx);
}

static uint32_t
records_of(const byperson *b, uint32_t pidx)
{
	return b->start[pidx + 1] - b->start[pidx];
}

/* The key of a random record of person index pidx; 0 if it has none. */
static int
pick_record(const byperson *b, gen_rng *r, int sys, uint32_t pidx, char *key, size_t cap)
{
	uint32_t	n = records_of(b, pidx);

	if (n == 0)
		return 0;
	format_key(sys, b->idx[b->start[pidx] + gen_rng_below(r, n)], key, cap);
	return 1;
}

/* A well-formed key of the system that no record has (a closed account). */
static void
dead_key(const byperson *b, int sys, size_t k, char *key, size_t cap)
{
	format_key(sys, b->nrecs + 1000 + k, key, cap);
}

/* Children of each person (person ids): kids[start[p] .. start[p + 1]). */
typedef struct kinship
{
	uint32_t   *start;
	uint32_t   *kids;
} kinship;

static void
kinship_build(const world *w, kinship *k)
{
	uint32_t   *fill;
	size_t		i,
				total;
	int			j;

	k->start = gen_xcalloc(w->npeople + 1, sizeof(uint32_t));
	for (i = 0; i < w->npeople; i++)
		for (j = 0; j < 2; j++)
			if (w->people[i].parent[j])
				k->start[w->people[i].parent[j]]++;	/* (id - 1) + 1 */
	for (i = 0; i < w->npeople; i++)
		k->start[i + 1] += k->start[i];
	total = k->start[w->npeople];
	k->kids = gen_xmalloc(sizeof(uint32_t) * (total + 1));
	fill = gen_xmalloc(sizeof(uint32_t) * (w->npeople + 1));
	memcpy(fill, k->start, sizeof(uint32_t) * (w->npeople + 1));
	for (i = 0; i < w->npeople; i++)
		for (j = 0; j < 2; j++)
			if (w->people[i].parent[j])
				k->kids[fill[w->people[i].parent[j] - 1]++] = w->people[i].id;
	free(fill);
}

static void
kinship_free(kinship *k)
{
	free(k->start);
	free(k->kids);
}

/* A family member of p: relation of the member to p ("member is <rel> of p"). */
typedef struct relative
{
	uint32_t	id;
	const char *rel;
} relative;

#define MAX_RELATIVES 32

/* Whether a couple is married: a changed name says so, else 60%. */
static int
couple_married(const world *w, const person *p)
{
	const person *q = &w->people[p->partner - 1];
	gen_rng		r;

	gen_rng_seed(&r, w->seed, 44, p->id < q->id ? p->id : q->id, 0);
	if (p->maiden[0] || q->maiden[0])
		return 1;
	return gen_rng_chance(&r, 0.6);
}

/* p's partner, children, parents and siblings (up to MAX_RELATIVES). */
static int
relatives_of(const world *w, const kinship *k, const person *p, relative *out)
{
	int			n = 0,
				j;
	uint32_t	i;

	if (p->partner)
	{
		out[n].id = p->partner;
		out[n++].rel = couple_married(w, p) ? "spouse" : "partner";
	}
	for (i = k->start[p->id - 1]; i < k->start[p->id] && n < MAX_RELATIVES; i++)
	{
		out[n].id = k->kids[i];
		out[n++].rel = "child";
	}
	for (j = 0; j < 2 && n < MAX_RELATIVES; j++)
		if (p->parent[j])
		{
			out[n].id = p->parent[j];
			out[n++].rel = "parent";
		}
	if (p->parent[0])
		for (i = k->start[p->parent[0] - 1]; i < k->start[p->parent[0]] && n < MAX_RELATIVES; i++)
			if (k->kids[i] != p->id)
			{
				out[n].id = k->kids[i];
				out[n++].rel = "sibling";
			}
	return n;
}

static void
truth_row(out *t, uint32_t a, uint32_t b, const char *kind)
{
	char		f[24];

	put_num(f, a, 1);
	out_field(t, f, 0);
	put_num(f, b, 1);
	out_field(t, f, 0);
	out_field(t, kind, 1);
	out_end_row(t);
}

/* A relation as a clerk typed it: spouse 70%, Spouse 20%, SPOUSE 10%. */
static void
relation_text(gen_rng *r, const char *rel, char *out, size_t cap)
{
	double		u = gen_rng_unif(r);

	if (u < 0.9)
	{
		gen_copy(out, cap, rel);
		if (u >= 0.7 && out[0] >= 'a' && out[0] <= 'z')
			out[0] = (char) (out[0] - 32);
	}
	else
		gen_str_upper(rel, out, cap);
}

/*
 * mortgage_coborrowers.csv: a mortgage of someone with a partner has the
 * partner (one of their deposits records) as co-borrower with 0.6; the
 * relation is spouse or partner.  Bad rows: 2% a closed (unknown)
 * customer_no, 1% no co-borrower key.
 */
static void
write_coborrowers(world *w, const byperson *bp, const char *dir, out *truth)
{
	const byperson *dep = &bp[SYS_DEPOSITS];
	out			o;
	size_t		i,
				dead = 0,
				empty = 0;

	out_open(&o, dir, "mortgage_coborrowers.csv", "loan_id,coborrower_customer_no,relation");
	for (i = 0; i < w->nrecs[SYS_MORTGAGES]; i++)
	{
		const person *p = &w->people[w->recs[SYS_MORTGAGES][i].person];
		const person *q;
		gen_rng		r;
		char		loan[40],
					cob[40];
		const char *rel;
		double		u;

		if (p->partner == 0)
			continue;
		q = &w->people[p->partner - 1];
		gen_rng_seed(&r, w->seed, 40, i, 0);
		if (!gen_rng_chance(&r, 0.6) || !pick_record(dep, &r, SYS_DEPOSITS, q->id - 1, cob, sizeof(cob)))
			continue;
		rel = couple_married(w, p) ? "spouse" : "partner";
		format_key(SYS_MORTGAGES, i, loan, sizeof(loan));
		u = gen_rng_unif(&r);
		if (u < 0.02)
			dead_key(dep, SYS_DEPOSITS, dead++, cob, sizeof(cob));
		else if (u < 0.03)
		{
			cob[0] = '\0';
			empty++;
		}
		else
			truth_row(truth, q->id, p->id, rel);
		out_field(&o, loan, 0);
		out_field(&o, cob, 0);
		out_field(&o, rel, 1);
		out_end_row(&o);
	}
	fprintf(stderr, "  %-28s %9zu rows (%zu closed co-borrower accounts, %zu without key)\n",
			"mortgage_coborrowers.csv", o.rows, dead, empty);
	out_close(&o);
}

/*
 * insurance_beneficiaries.csv: a policy of an adult names beneficiaries
 * with 0.5 (two with 0.3): the partner first (0.8 when there is one),
 * else a child, parent or sibling with a deposits record, by their
 * deposits customer_no; the relation is the beneficiary's to the insured.
 * Bad rows: 3% a friend (relation "friend", outside the vocabulary), 2%
 * no relation, 1% an unknown customer_no.
 */
static void
write_beneficiaries(world *w, const byperson *bp, const kinship *k, const char *dir, out *truth)
{
	const byperson *dep = &bp[SYS_DEPOSITS];
	int32_t		as_of = gen_days_from_civil(AS_OF_Y, AS_OF_M, AS_OF_D);
	out			o;
	size_t		i,
				dead = 0,
				friends = 0,
				norel = 0;

	out_open(&o, dir, "insurance_beneficiaries.csv", "policy_no,beneficiary_customer_no,relation");
	for (i = 0; i < w->nrecs[SYS_INSURANCE]; i++)
	{
		const person *p = &w->people[w->recs[SYS_INSURANCE][i].person];
		relative	cand[MAX_RELATIVES];
		int			ncand = 0,
					nall,
					c,
					b,
					nb;
		gen_rng		r;
		char		policy[40];

		if (age_of(p->dob, as_of) < 18)
			continue;
		gen_rng_seed(&r, w->seed, 41, i, 0);
		if (!gen_rng_chance(&r, 0.5))
			continue;
		nall = relatives_of(w, k, p, cand);
		for (c = 0; c < nall; c++)
			if (records_of(dep, cand[c].id - 1) > 0)
				cand[ncand++] = cand[c];
		format_key(SYS_INSURANCE, i, policy, sizeof(policy));
		nb = gen_rng_chance(&r, 0.3) ? 2 : 1;
		for (b = 0; b < nb; b++)
		{
			char		key[40],
						rel[32];
			uint32_t	who = 0;
			const char *vocab = NULL;
			double		u;

			if (gen_rng_chance(&r, 0.03))
			{
				/* a friend: someone of another household */
				int			tries;

				for (tries = 0; tries < 10 && who == 0; tries++)
				{
					const person *f = &w->people[gen_rng_below(&r, (uint32_t) w->npeople)];

					if (f->household != p->household && records_of(dep, f->id - 1) > 0)
						who = f->id;
				}
				if (who == 0)
					continue;
				gen_copy(rel, sizeof(rel), "friend");
				friends++;
			}
			else
			{
				if (ncand == 0)
					continue;
				c = (cand[0].id == p->partner && gen_rng_chance(&r, 0.8)) ? 0 :
					(int) gen_rng_below(&r, (uint32_t) ncand);
				who = cand[c].id;
				vocab = cand[c].rel;
				relation_text(&r, vocab, rel, sizeof(rel));
				/* the same person once per policy */
				cand[c] = cand[--ncand];
			}
			pick_record(dep, &r, SYS_DEPOSITS, who - 1, key, sizeof(key));
			u = gen_rng_unif(&r);
			if (u < 0.01)
				dead_key(dep, SYS_DEPOSITS, dead++, key, sizeof(key));
			else
			{
				if (u < 0.03)
				{
					rel[0] = '\0';
					norel++;
				}
				truth_row(truth, who, p->id, "beneficiary");
				if (vocab != NULL && rel[0] != '\0')
					truth_row(truth, who, p->id, vocab);
			}
			out_field(&o, policy, 0);
			out_field(&o, key, 0);
			out_field(&o, rel, 1);
			out_end_row(&o);
		}
	}
	fprintf(stderr, "  %-28s %9zu rows (%zu friends, %zu without relation, %zu unknown keys)\n",
			"insurance_beneficiaries.csv", o.rows, friends, norel, dead);
	out_close(&o);
}

/*
 * loyalty_referrals.csv: members join in key order; each but the first
 * was referred with 0.2, by an earlier member: a relative's account with
 * 0.25, else one drawn with probability proportional to 1 + the referrals
 * they made (preferential attachment: a heavy tail of keen referrers).
 * Bad rows: self-referrals (0.01 of the members), a person's later
 * account referred by their first (0.3 of those accounts), unknown
 * referrers (0.01), and cycles: a referrer without one of their own
 * "referred by" a member of their tree (0.10: two or three members).
 */
static void
write_referrals(world *w, const byperson *bp, const kinship *k, const char *dir, out *truth)
{
	const byperson *loy = &bp[SYS_LOYALTY];
	size_t		n = w->nrecs[SYS_LOYALTY],
				nt = 0,
				i,
				dead = 0,
				selfref = 0,
				own = 0,
				cycles = 0;
	uint32_t   *referrer = gen_xcalloc(n + 1, sizeof(uint32_t));	/* index + 1 */
	uint32_t   *first_referee = gen_xcalloc(n + 1, sizeof(uint32_t));	/* index + 1 */
	uint32_t   *tickets = gen_xmalloc(sizeof(uint32_t) * (2 * n + 1));
	gen_rng		r;
	out			o;

	gen_rng_seed(&r, w->seed, 42, 0, 0);
	for (i = 0; i < n; i++)
	{
		uint32_t	pidx = w->recs[SYS_LOYALTY][i].person;
		long		j = -1;

		if (i > 0 && gen_rng_chance(&r, 0.2))
		{
			if (gen_rng_chance(&r, 0.25))
			{
				relative	rel[MAX_RELATIVES];
				uint32_t	earlier[64];
				int			nrel = relatives_of(w, k, &w->people[pidx], rel),
							ne = 0,
							c;
				uint32_t	x;

				for (c = 0; c < nrel; c++)
					for (x = loy->start[rel[c].id - 1]; x < loy->start[rel[c].id] && ne < 64; x++)
						if (loy->idx[x] < i)
							earlier[ne++] = loy->idx[x];
				if (ne > 0)
					j = earlier[gen_rng_below(&r, (uint32_t) ne)];
			}
			if (j < 0)
			{
				int			tries;

				for (tries = 0; tries < 5 && j < 0; tries++)
				{
					uint32_t	t = tickets[gen_rng_below(&r, (uint32_t) nt)];

					if (w->recs[SYS_LOYALTY][t].person != pidx)
						j = t;
				}
			}
			if (j >= 0)
			{
				referrer[i] = (uint32_t) j + 1;
				if (first_referee[j] == 0)
					first_referee[j] = (uint32_t) i + 1;
				tickets[nt++] = (uint32_t) j;
			}
		}
		tickets[nt++] = (uint32_t) i;
	}

	out_open(&o, dir, "loyalty_referrals.csv", "member_id,referred_by");
	for (i = 0; i < n; i++)
	{
		uint32_t	pidx = w->recs[SYS_LOYALTY][i].person;
		char		member[40],
					by[40];

		format_key(SYS_LOYALTY, i, member, sizeof(member));
		if (referrer[i])
		{
			uint32_t	j = referrer[i] - 1;

			format_key(SYS_LOYALTY, j, by, sizeof(by));
			out_field(&o, member, 0);
			out_field(&o, by, 1);
			out_end_row(&o);
			truth_row(truth, w->people[pidx].id, w->people[w->recs[SYS_LOYALTY][j].person].id, "referred_by");
		}
		gen_rng_seed(&r, w->seed, 42, 1, i);
		if (gen_rng_chance(&r, 0.01))
		{
			out_field(&o, member, 0);
			out_field(&o, member, 1);
			out_end_row(&o);
			selfref++;
		}
		if (loy->idx[loy->start[pidx]] != i && gen_rng_chance(&r, 0.3))
		{
			/* a bonus for referring oneself: the later account by the first */
			format_key(SYS_LOYALTY, loy->idx[loy->start[pidx]], by, sizeof(by));
			out_field(&o, member, 0);
			out_field(&o, by, 1);
			out_end_row(&o);
			own++;
		}
		if (gen_rng_chance(&r, 0.01))
		{
			dead_key(loy, SYS_LOYALTY, dead++, by, sizeof(by));
			out_field(&o, member, 0);
			out_field(&o, by, 1);
			out_end_row(&o);
		}
		if (referrer[i] == 0 && first_referee[i] && gen_rng_chance(&r, 0.10))
		{
			/* a cycle: back to the root from its tree, two or three steps down */
			uint32_t	down = first_referee[i] - 1;

			if (first_referee[down] && gen_rng_chance(&r, 0.5))
				down = first_referee[down] - 1;
			format_key(SYS_LOYALTY, down, by, sizeof(by));
			out_field(&o, member, 0);
			out_field(&o, by, 1);
			out_end_row(&o);
			cycles++;
		}
	}
	fprintf(stderr, "  %-28s %9zu rows (%zu self-referrals, %zu by the member's own account, %zu cycles, %zu unknown referrers)\n",
			"loyalty_referrals.csv", o.rows, selfref, own, cycles, dead);
	out_close(&o);
	free(referrer);
	free(first_referee);
	free(tickets);
}

static void
holder_row(out *o, size_t *holding, const char *customer_no, const char *account_no)
{
	char		h[24];

	put_num(put_str(h, "H"), (uint64_t) ++(*holding), 8);
	out_field(o, h, 0);
	out_field(o, customer_no, 0);
	out_field(o, account_no, 1);
	out_end_row(o);
}

/*
 * deposit_holders.csv: the holders of joint deposit accounts, one row per
 * (account, holder record): couples whose both members have deposits
 * records share one with 0.4; a parent holds one with each minor child
 * who has a deposits record with 0.3.  Plus one migration placeholder
 * account (000000000000, 000000000001, ...) per 1000 people (at least
 * one) on 15 to 30 random deposits records: junk a resolver must ignore.
 */
static void
write_holders(world *w, const byperson *bp, const char *dir, out *truth)
{
	const byperson *dep = &bp[SYS_DEPOSITS];
	int32_t		as_of = gen_days_from_civil(AS_OF_Y, AS_OF_M, AS_OF_D);
	size_t		i,
				holding = 0,
				accounts = 0,
				njunk = w->npeople / 1000 > 0 ? w->npeople / 1000 : 1,
				k;
	out			o;

	out_open(&o, dir, "deposit_holders.csv", "holding_id,customer_no,account_no");
	for (i = 0; i < w->npeople; i++)
	{
		const person *p = &w->people[i];
		gen_rng		r;
		char		acct[24],
					ka[40],
					kb[40];

		gen_rng_seed(&r, w->seed, 43, p->id, 0);
		if (p->partner > p->id && gen_rng_chance(&r, 0.4) &&
			pick_record(dep, &r, SYS_DEPOSITS, i, ka, sizeof(ka)) &&
			pick_record(dep, &r, SYS_DEPOSITS, p->partner - 1, kb, sizeof(kb)))
		{
			put_num(put_str(acct, "7"), 10000000000ULL + (uint64_t) ++accounts * 37, 11);
			holder_row(&o, &holding, ka, acct);
			holder_row(&o, &holding, kb, acct);
			truth_row(truth, p->id, p->partner, "joint_holder");
		}
		if (p->parent[0] && age_of(p->dob, as_of) < 18 && gen_rng_chance(&r, 0.3))
		{
			uint32_t	parent = p->parent[p->parent[1] && gen_rng_chance(&r, 0.5) ? 1 : 0];

			if (pick_record(dep, &r, SYS_DEPOSITS, parent - 1, ka, sizeof(ka)) &&
				pick_record(dep, &r, SYS_DEPOSITS, i, kb, sizeof(kb)))
			{
				put_num(put_str(acct, "7"), 10000000000ULL + (uint64_t) ++accounts * 37, 11);
				holder_row(&o, &holding, ka, acct);
				holder_row(&o, &holding, kb, acct);
				truth_row(truth, parent, p->id, "joint_holder");
			}
		}
	}
	for (k = 0; k < njunk && dep->nrecs > 0; k++)
	{
		gen_rng		r;
		int			holders,
					h;
		char		acct[24],
					key[40];

		gen_rng_seed(&r, w->seed, 43, 0, k + 1);
		holders = gen_rng_range(&r, 15, 30);
		put_num(acct, (uint64_t) k, 12);
		for (h = 0; h < holders; h++)
		{
			format_key(SYS_DEPOSITS, gen_rng_below(&r, (uint32_t) dep->nrecs), key, sizeof(key));
			holder_row(&o, &holding, key, acct);
		}
	}
	fprintf(stderr, "  %-28s %9zu rows (%zu joint accounts, %zu placeholder accounts)\n",
			"deposit_holders.csv", o.rows, accounts, dep->nrecs > 0 ? njunk : 0);
	out_close(&o);
}

/* The relationship files whose systems were written, and their truth. */
static void
write_relationships(world *w, const char *dir)
{
	byperson	bp[NSYS];
	kinship		k;
	out			truth;
	int			s;

	for (s = 0; s < NSYS; s++)
		byperson_build(w, s, &bp[s]);
	kinship_build(w, &k);
	out_open(&truth, dir, "relationships_truth.csv", "person_a,person_b,kind");
	if (bp[SYS_MORTGAGES].present && bp[SYS_DEPOSITS].present)
		write_coborrowers(w, bp, dir, &truth);
	if (bp[SYS_INSURANCE].present && bp[SYS_DEPOSITS].present)
		write_beneficiaries(w, bp, &k, dir, &truth);
	if (bp[SYS_LOYALTY].present)
		write_referrals(w, bp, &k, dir, &truth);
	if (bp[SYS_DEPOSITS].present)
		write_holders(w, bp, dir, &truth);
	fprintf(stderr, "  %-28s %9zu rows\n", "relationships_truth.csv", truth.rows);
	out_close(&truth);
	kinship_free(&k);
	for (s = 0; s < NSYS; s++)
		byperson_free(&bp[s]);
}

static void
world_free(world *w)
{
	int			sex;

	for (sex = 0; sex < 2; sex++)
	{
		gen_list_free(&w->given[sex]);
		gen_cdf_free(&w->given_cdf[sex]);
		free(w->nicks[sex]);
	}
	gen_list_free(&w->surnames);
	gen_list_free(&w->sur_pre);
	gen_list_free(&w->sur_suf);
	gen_list_free(&w->streets);
	gen_list_free(&w->stypes_raw);
	gen_list_free(&w->cities_raw);
	gen_list_free(&w->states_raw);
	gen_list_free(&w->domains);
	gen_list_free(&w->nick_raw);
	gen_cdf_free(&w->surname_cdf);
	gen_cdf_free(&w->street_cdf);
	gen_cdf_free(&w->stype_cdf);
	gen_cdf_free(&w->city_cdf);
	gen_cdf_free(&w->domain_cdf);
	free(w->stype_abbr);
	free(w->stype_full);
	free(w->cities);
	free(w->state_code);
	free(w->state_name);
	free(w->people);
	free(w->email_set);
	for (sex = 0; sex < NSYS; sex++)
		free(w->recs[sex]);
}

static void usage(FILE *to, int status) __attribute__((noreturn));

static void
usage(FILE *to, int status)
{
	fputs("usage: gen_customers --people N --seed S --out DIR\n"
		  "                     [--systems cards,mortgages,deposits,insurance,loyalty]\n"
		  "                     [--transactions] [--data DIR] [--nicknames FILE]\n"
		  "  --people N       number of people, 1..4000000\n"
		  "  --seed S         unsigned 64-bit seed; the same seed gives the same files\n"
		  "  --out DIR        output directory (created if missing)\n"
		  "  --systems LIST   which source systems to write (default: all five)\n"
		  "  --transactions   also write cards_ and loyalty_transactions.csv\n"
		  "  --data DIR       word lists (default test/gen/data)\n"
		  "  --nicknames FILE nickname table (default src/match/data/nicknames.csv)\n",
		  to);
	exit(status);
}

int
main(int argc, char **argv)
{
	long long	people = -1;
	unsigned long long seed = 0;
	int			have_seed = 0;
	const char *outdir = NULL;
	const char *datadir = "test/gen/data";
	const char *nickpath = "src/match/data/nicknames.csv";
	int			want[NSYS];
	int			with_tx = 0;
	int			i,
				s;
	world		w;
	out			truth;
	size_t		total = 0;
	struct timespec t0,
				t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (s = 0; s < NSYS; s++)
		want[s] = 1;
	for (i = 1; i < argc; i++)
	{
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		char	   *end;

		if (strcmp(a, "--transactions") == 0)
		{
			with_tx = 1;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			usage(stdout, 0);
		if (val == NULL)
		{
			fprintf(stderr, "gen_customers: %s needs a value\n", a);
			usage(stderr, 2);
		}
		i++;
		if (strcmp(a, "--people") == 0)
		{
			errno = 0;
			people = strtoll(val, &end, 10);
			if (errno || *end || end == val || people < 1 || people > MAX_PEOPLE)
				gen_die("--people must be an integer from 1 to %d, not \"%s\"", MAX_PEOPLE, val);
		}
		else if (strcmp(a, "--seed") == 0)
		{
			errno = 0;
			if (val[0] == '-')
				gen_die("--seed must be an unsigned integer, not \"%s\"", val);
			seed = strtoull(val, &end, 10);
			if (errno || *end || end == val)
				gen_die("--seed must be an unsigned integer, not \"%s\"", val);
			have_seed = 1;
		}
		else if (strcmp(a, "--out") == 0)
			outdir = val;
		else if (strcmp(a, "--data") == 0)
			datadir = val;
		else if (strcmp(a, "--nicknames") == 0)
			nickpath = val;
		else if (strcmp(a, "--systems") == 0)
		{
			char		list[256];
			char	   *tok,
					   *save = NULL;

			if (strlen(val) >= sizeof(list))
				gen_die("--systems list too long");
			gen_copy(list, sizeof(list), val);
			for (s = 0; s < NSYS; s++)
				want[s] = 0;
			for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			{
				for (s = 0; s < NSYS; s++)
					if (strcmp(tok, sysdefs[s].name) == 0)
						break;
				if (s == NSYS)
					gen_die("unknown system \"%s\" in --systems (known: cards, mortgages, deposits, insurance, loyalty)", tok);
				want[s] = 1;
			}
		}
		else
		{
			fprintf(stderr, "gen_customers: unknown option %s\n", a);
			usage(stderr, 2);
		}
	}
	if (people < 0 || !have_seed || outdir == NULL)
	{
		fputs("gen_customers: --people, --seed and --out are required\n", stderr);
		usage(stderr, 2);
	}
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST)
		gen_die("cannot create %s: %s", outdir, strerror(errno));

	memset(&w, 0, sizeof(w));
	w.seed = seed;
	load_world(&w, datadir, nickpath);
	make_households(&w, (size_t) people);
	write_truth_people(&w, outdir);

	out_open(&truth, outdir, "truth.csv", "source_name,source_key,person_id");
	fprintf(stderr, "gen_customers: seed %llu, %zu people in %u households\n",
			seed, w.npeople, w.nhouseholds);
	for (s = 0; s < NSYS; s++)
	{
		size_t		n;

		if (!want[s])
			continue;
		n = generate_system(&w, s, outdir, &truth, with_tx && (s == SYS_CARDS || s == SYS_LOYALTY));
		fprintf(stderr, "  %-28s %9zu rows\n", sysdefs[s].name, n);
		total += n;
	}
	out_close(&truth);
	write_relationships(&w, outdir);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "  %-28s %9zu rows\n", "records (truth.csv)", total);
	fprintf(stderr, "  minors %zu, twins pairs %zu, JR/SR pairs %zu, moved %zu (grown children moved out %zu),\n"
			"  maiden names %zu, hyphenated family names %zu\n",
			w.n_minor, w.n_twins, w.n_jr, w.n_moved, w.n_moved_out, w.n_maiden, w.n_hyphen);
	world_free(&w);
	fprintf(stderr, "  %.2f s\n", (double) (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
