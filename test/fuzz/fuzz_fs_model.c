/*
 * fuzz_fs_model.c: the blocks of fs_model.h under arbitrary bytes.
 *
 * The first byte picks a mode:
 *   0  the bytes as a histogram, tf and model block: the validators must
 *      not crash, and whatever they accept must score, print and merge
 *   1  the bytes as pairs' level patterns: the histogram stays valid, the
 *      merge of two halves equals the whole in either order, EM gives a
 *      valid model with finite weights and the "match" class agreeing more;
 *      with the second half as random pairs, the model keeps EM's m and
 *      takes u (a distribution, never 0) and lambda (in range) from the
 *      random pairs
 *   2  the bytes as edits of a valid model with term frequencies: the
 *      validator must catch what it must (a model it accepts scores finite)
 *   3  the bytes as values for term frequencies with a small capacity: the
 *      summary stays valid, counters never exceed the truth, merging and
 *      compacting keep it valid
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "fs_model.h"

#define NA C360_MATCH_ATTRS
#define REQUIRE(c) do { if (!(c)) abort(); } while (0)

static void
check_score(const C360FsModel *model, const uint8_t *data, size_t size)
{
	uint8_t		levels[NA];
	C360FsTerm	terms[NA];
	const char *values[NA];
	const C360FsTf *tf = c360_fs_model_tf(model);
	double		w,
				p;
	char	   *json;
	int			a;

	for (a = 0; a < NA; a++)
	{
		levels[a] = size ? data[a % size] % C360_MATCH_MAX_LEVELS : 1;
		values[a] = NULL;
		if (tf && tf->attr[a].n > 0)
			values[a] = c360_fs_tf_slot(tf, a, 0)->value;
	}
	w = c360_fs_score(model, levels, values, terms);
	REQUIRE(isfinite(w));
	p = c360_fs_probability(w);
	REQUIRE(p >= 0 && p <= 1);
	for (a = 0; a < NA; a++)
	{
		REQUIRE(isfinite(terms[a].weight));
		REQUIRE(terms[a].tf_adjustment <= C360_FS_TF_MAX_BONUS);
		REQUIRE(terms[a].weight + terms[a].tf_adjustment >= fmin(terms[a].weight, 0) - 1e-9);
	}
	json = c360_fs_model_json(model);
	REQUIRE(json[0] == '{');
	REQUIRE(c360_fs_utf8_valid(json, strlen(json)));
	c360_free(json);
}

static void
mode_raw(const uint8_t *data, size_t size)
{
	/* An aligned copy, as a detoasted datum would be. */
	void	   *block = c360_alloc(size + 8);

	memcpy(block, data, size);
	if (c360_fs_hist_valid(block, size))
	{
		const C360FsHist *h = block;

		REQUIRE(h->n <= h->cap);
		REQUIRE(c360_fs_hist_pairs(h) >= 0);
	}
	if (c360_fs_tf_valid(block, size))
	{
		C360FsTf   *m = c360_fs_tf_merge(block, block, false);
		C360FsTf   *c = c360_fs_tf_merge(block, NULL, true);

		REQUIRE(c360_fs_tf_valid(m, m->size));
		REQUIRE(c360_fs_tf_valid(c, c->size));
		c360_free(m);
		c360_free(c);
	}
	if (c360_fs_model_valid(block, size, NULL))
		check_score(block, data, size);
	c360_free(block);
}

static C360FsHist *
hist_from(const uint8_t *data, size_t size)
{
	uint32_t	cap = 4;
	C360FsHist *h = c360_alloc(C360_FS_HIST_SIZE(cap));
	size_t		i;

	c360_fs_hist_init(h, cap);
	for (i = 0; i + NA < size; i += NA + 1)
	{
		uint8_t		levels[NA];
		uint64_t	pattern;
		double		count = 1 + data[i + NA];
		int			a;

		for (a = 0; a < NA; a++)
			levels[a] = data[i + a] % c360_match_attrs[a].n_levels;
		pattern = c360_match_pattern(levels);
		if (!c360_fs_hist_add(h, pattern, count))
		{
			C360FsHist *g = c360_alloc(C360_FS_HIST_SIZE(cap * 2));

			c360_fs_hist_init(g, cap * 2);
			c360_fs_hist_copy(g, h);
			c360_free(h);
			h = g;
			cap *= 2;
			REQUIRE(c360_fs_hist_add(h, pattern, count));
		}
	}
	REQUIRE(c360_fs_hist_valid(h, C360_FS_HIST_SIZE(cap)));
	return h;
}

/*
 * u from random pairs: the model trained on h with random as random pairs
 * is plain's m and lambda with u from c360_fs_u_from_random for the
 * trained attributes random has.
 */
static void
check_random_u(const C360FsModel *plain, const C360FsHist *h, const C360FsHist *random,
			   const uint8_t *data, size_t size)
{
	double		ru[NA][C360_MATCH_MAX_LEVELS];
	uint32_t	seen;
	C360FsModel *model = c360_fs_train_random_u(h, random, 30, NULL);
	int			a,
				l;

	REQUIRE(model != NULL);
	REQUIRE(c360_fs_model_valid(model, model->size, NULL));
	memset(ru, 0, sizeof(ru));
	seen = c360_fs_u_from_random(random, ru);
	REQUIRE(model->u_random == (seen & plain->trained));
	REQUIRE(model->u_random == 0 ? model->random_pairs == 0
			: model->random_pairs == c360_fs_hist_pairs(random));
	REQUIRE(memcmp(model->m, plain->m, sizeof(model->m)) == 0);
	REQUIRE(model->iterations == plain->iterations);
	REQUIRE(model->u_random != 0 || model->lambda == plain->lambda);
	REQUIRE(model->lambda >= C360_FS_EPS && model->lambda <= 1 - C360_FS_EPS);
	for (a = 0; a < NA; a++)
	{
		const double *expect = (model->u_random & (1u << a)) ? ru[a] : plain->u[a];
		double		sum = 0;

		REQUIRE(memcmp(model->u[a], expect, sizeof(ru[a])) == 0);
		if (!(seen & (1u << a)))
			continue;
		for (l = 1; l < c360_match_attrs[a].n_levels; l++)
		{
			REQUIRE(ru[a][l] >= C360_FS_EPS * (1 - 1e-9) && ru[a][l] < 1);
			sum += ru[a][l];
		}
		REQUIRE(fabs(sum - 1) < 1e-9);
	}
	check_score(model, data, size);
	c360_free(model);
}

static void
mode_em(const uint8_t *data, size_t size)
{
	size_t		half = (size / (NA + 1) / 2) * (NA + 1);
	C360FsHist *all = hist_from(data, size);
	C360FsHist *a = hist_from(data, half);
	C360FsHist *b = hist_from(data + half, size - half);
	C360FsHist *ab = c360_alloc(C360_FS_HIST_SIZE(a->n + b->n + 1));
	C360FsHist *ba = c360_alloc(C360_FS_HIST_SIZE(a->n + b->n + 1));
	C360FsModel *model;

	c360_fs_hist_init(ab, a->n + b->n + 1);
	c360_fs_hist_init(ba, a->n + b->n + 1);
	c360_fs_hist_merge(ab, a, b);
	c360_fs_hist_merge(ba, b, a);
	REQUIRE(ab->n == all->n && ba->n == all->n);
	REQUIRE(memcmp(ab->bins, all->bins, all->n * sizeof(C360FsBin)) == 0);
	REQUIRE(memcmp(ba->bins, all->bins, all->n * sizeof(C360FsBin)) == 0);

	model = c360_fs_train(all, 30, NULL);
	if (all->n == 0)
		REQUIRE(model == NULL);
	else
	{
		double		agree = 0;
		int			at;

		REQUIRE(model != NULL);
		REQUIRE(c360_fs_model_valid(model, model->size, NULL));
		REQUIRE(model->iterations >= 1 && model->iterations <= 30);
		for (at = 0; at < NA; at++)
			if (model->trained & (1u << at))
				agree += model->m[at][1] - model->u[at][1];
		REQUIRE(agree >= 0);
		check_score(model, data, size);
		check_random_u(model, all, b, data, size);
		c360_free(model);
	}
	c360_free(all);
	c360_free(a);
	c360_free(b);
	c360_free(ab);
	c360_free(ba);
}

static C360FsModel *
sample_model(void)
{
	static const uint8_t seed[] = {
		1, 1, 1, 1, 1, 1, 1, 1, 1, 9,
		8, 7, 5, 4, 4, 5, 4, 3, 4, 200,
		2, 1, 1, 4, 1, 0, 0, 0, 0, 3,
		8, 6, 5, 4, 4, 5, 4, 3, 4, 250
	};
	C360FsHist *h = hist_from(seed, sizeof(seed));
	C360FsModel *model = c360_fs_train(h, 0, NULL);
	C360FsModel *with;
	uint32_t	caps[NA];
	C360FsTf   *tf;
	const char *values[NA];
	int			a,
				i;

	for (a = 0; a < NA; a++)
		caps[a] = 3;
	tf = c360_alloc(c360_fs_tf_size(caps));
	c360_fs_tf_init(tf, 3, caps);
	for (i = 0; i < 10; i++)
	{
		for (a = 0; a < NA; a++)
			values[a] = i % 3 ? "smith" : (i % 2 ? "lee" : "müller");
		c360_fs_tf_add_record(tf, values);
	}
	with = c360_fs_model_with_tf(model, tf);
	c360_free(h);
	c360_free(model);
	c360_free(tf);
	return with;
}

static void
mode_edit(const uint8_t *data, size_t size)
{
	C360FsModel *model = sample_model();
	unsigned char *bytes = (unsigned char *) model;
	size_t		orig = model->size;
	size_t		i;

	REQUIRE(c360_fs_model_valid(model, orig, NULL));
	/* Triples of (offset low, offset high, xor) edits. */
	for (i = 0; i + 2 < size; i += 3)
	{
		size_t		off = ((size_t) data[i] | (size_t) data[i + 1] << 8) % orig;

		bytes[off] ^= data[i + 2];
	}
	if (c360_fs_model_valid(model, orig, NULL))
		check_score(model, data, size);
	/* Again with the checksum made right, so that the other checks run. */
	if (model->size == orig)
	{
		model->checksum = c360_fs_model_checksum(model);
		if (c360_fs_model_valid(model, orig, NULL))
			check_score(model, data, size);
	}
	c360_free(model);
}

static void
mode_tf(const uint8_t *data, size_t size)
{
	uint32_t	caps[NA];
	C360FsTf   *tf,
			   *other,
			   *merged,
			   *compact;
	char		value[80];
	size_t		i = 0;
	double		truth_max = 0;
	int			a;

	for (a = 0; a < NA; a++)
		caps[a] = a % 4;
	tf = c360_alloc(c360_fs_tf_size(caps));
	c360_fs_tf_init(tf, 40, caps);
	other = c360_alloc(c360_fs_tf_size(caps));
	c360_fs_tf_init(other, 3, caps);
	while (i < size)
	{
		const char *values[NA];
		size_t		len = 0;

		while (i < size && data[i] != 0 && len < sizeof(value) - 1)
			value[len++] = (char) data[i++];
		value[len] = '\0';
		i++;
		if (!c360_fs_utf8_valid(value, len))
			continue;
		for (a = 0; a < NA; a++)
			values[a] = (len % (a + 1)) ? value : NULL;
		{
			C360FsTf  **target = len % 2 ? &tf : &other;

			if (!c360_fs_tf_add_record(*target, values))
			{
				C360FsTf   *grown = c360_fs_tf_grow(*target);

				REQUIRE(c360_fs_tf_valid(grown, grown->size));
				c360_free(*target);
				*target = grown;
				REQUIRE(c360_fs_tf_add_record(*target, values));
			}
		}
		truth_max += 1;
	}
	REQUIRE(c360_fs_tf_valid(tf, tf->size));
	REQUIRE(c360_fs_tf_valid(other, other->size));
	merged = c360_fs_tf_merge(tf, other, false);
	compact = c360_fs_tf_merge(merged, NULL, true);
	REQUIRE(c360_fs_tf_valid(merged, merged->size));
	REQUIRE(c360_fs_tf_valid(compact, compact->size));
	REQUIRE(merged->records == truth_max);
	for (a = 0; a < NA; a++)
	{
		uint32_t	s;

		REQUIRE(compact->attr[a].n <= 40);
		for (s = 0; s < compact->attr[a].n; s++)
		{
			const C360FsTfSlot *slot = c360_fs_tf_slot(compact, a, s);

			REQUIRE(slot->count <= compact->attr[a].present);
			REQUIRE(c360_fs_tf_count(compact, a, slot->value) == slot->count);
			REQUIRE(c360_fs_tf_count(merged, a, slot->value) == slot->count);
		}
	}
	c360_free(tf);
	c360_free(other);
	c360_free(merged);
	c360_free(compact);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 65536)
		return 0;
	switch (data[0] % 4)
	{
		case 0:
			mode_raw(data + 1, size - 1);
			break;
		case 1:
			mode_em(data + 1, size - 1);
			break;
		case 2:
			mode_edit(data + 1, size - 1);
			break;
		default:
			mode_tf(data + 1, size - 1);
			break;
	}
	return 0;
}
