/*
 * Unit tests for src/graph/probe.c: searches over a graph loaded one level
 * at a time.  Known answers on a small family graph, the number of fetches
 * a search makes, and random graphs checked against the whole-graph
 * searches of traverse.c (same nodes, order, parents, kinds and paths).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "c360_alloc.h"
#include "csr.h"
#include "dot.h"
#include "probe.h"
#include "traverse.h"
#include "unit.h"

static C360MemBudget budget;

/* ------------------------------------------------------------ fake store */

typedef struct Arc
{
	int64_t		s;
	int64_t		t;
	uint16_t	k;
} Arc;

/* An arc list standing for the relationship table, read "by index". */
typedef struct Store
{
	const Arc  *arcs;
	size_t		n;
	int			calls;
	int			fail_on_call;	/* 0: never */
	bool		add_foreign;	/* also deliver an arc of a node not asked for */
} Store;

static C360CsrStatus
store_fetch(void *arg, C360ProbeGraph *g, const int64_t *ids, uint32_t n)
{
	Store	   *st = (Store *) arg;
	size_t		i;
	uint32_t	j;
	bool		ascending = n > 0;

	st->calls++;
	if (st->fail_on_call == st->calls)
		return C360_CSR_OVER_BUDGET;
	for (j = 1; j < n; j++)
		ascending = ascending && ids[j - 1] < ids[j];
	CHECK(ascending);			/* distinct, ascending, never empty */
	/* Deliver in reverse order, to show the order does not matter. */
	for (i = st->n; i > 0; i--)
	{
		const Arc  *a = &st->arcs[i - 1];

		for (j = 0; j < n; j++)
			if (ids[j] == a->s)
			{
				C360CsrStatus status = c360_probe_add_arc(g, a->s, a->t, a->k);

				if (status != C360_CSR_OK)
					return status;
				break;
			}
	}
	if (st->add_foreign)
		CHECK_INT(c360_probe_add_arc(g, 999999, 1, 1), C360_CSR_OK);
	return C360_CSR_OK;
}

/*
 * Kinds, numbered in name order as the server does: 1 child, 2 employee,
 * 3 employer, 4 parent, 5 referred, 6 referred_by, 7 spouse.
 */
enum
{
	K_CHILD = 1, K_EMPLOYEE, K_EMPLOYER, K_PARENT, K_REFERRED, K_REFERRED_BY, K_SPOUSE
};
static const uint16_t inverse[8] = {0, K_PARENT, K_EMPLOYER, K_EMPLOYEE, K_CHILD,
	K_REFERRED_BY, K_REFERRED, K_SPOUSE};

/*
 * The family: 10 and 11 spouses, parents of 12 and 13; 10 works for 50,
 * as does 60 (a colleague); 13 referred 70, 70 referred 71, 71 referred
 * 13 (a cycle).  Both directions, with a duplicate row.
 */
#define BOTH(a, b, k, ik) {a, b, k}, {b, a, ik}
static const Arc family[] = {
	BOTH(10, 11, K_SPOUSE, K_SPOUSE),
	BOTH(10, 12, K_PARENT, K_CHILD), BOTH(11, 12, K_PARENT, K_CHILD),
	BOTH(10, 13, K_PARENT, K_CHILD), BOTH(11, 13, K_PARENT, K_CHILD),
	BOTH(10, 50, K_EMPLOYEE, K_EMPLOYER), BOTH(60, 50, K_EMPLOYEE, K_EMPLOYER),
	BOTH(13, 70, K_REFERRED, K_REFERRED_BY), BOTH(70, 71, K_REFERRED, K_REFERRED_BY),
	BOTH(71, 13, K_REFERRED, K_REFERRED_BY),
	{10, 11, K_SPOUSE}			/* a duplicate (another source) */
};

static void
graph_init(C360ProbeGraph *g, Store *st, const Arc *arcs, size_t n)
{
	memset(st, 0, sizeof(*st));
	st->arcs = arcs;
	st->n = n;
	c360_probe_init(g, store_fetch, st, inverse, 8, &budget, NULL, NULL);
}

static uint32_t
node_of(C360ProbeGraph *g, int64_t id)
{
	uint32_t	v = C360_NO_NODE;

	if (c360_probe_node(g, id, &v) != C360_CSR_OK)
		CHECK(!"c360_probe_node failed");
	return v;
}

/* The BFS result as "id:hops:parent:kind" entries. */
static const char *
describe(const C360ProbeGraph *g)
{
	static char buf[4096];
	size_t		len = 0;
	uint32_t	p;

	buf[0] = '\0';
	for (p = 0; p < g->count && len < sizeof(buf) - 64; p++)
	{
		uint32_t	v = g->order[p];
		uint32_t	parent = g->nodes[v].parent;

		len += (size_t) snprintf(buf + len, sizeof(buf) - len, "%s%lld:%u:%lld:%u",
								 p ? "," : "", (long long) c360_probe_id(g, v),
								 c360_probe_hops(g, v),
								 parent == C360_NO_NODE ? -1LL : (long long) c360_probe_id(g, parent),
								 p ? (unsigned) g->nodes[v].kind : 0u);
	}
	return buf;
}

static const char *
describe_path(const C360ProbeGraph *g)
{
	static char buf[1024];
	size_t		len = 0;
	uint32_t	i;

	buf[0] = '\0';
	for (i = 0; i < g->path_len && len < sizeof(buf) - 64; i++)
	{
		if (i > 0)
			len += (size_t) snprintf(buf + len, sizeof(buf) - len, " -%u-> ",
									 (unsigned) g->path_kinds[i - 1]);
		len += (size_t) snprintf(buf + len, sizeof(buf) - len, "%lld",
								 (long long) c360_probe_id(g, g->path_nodes[i]));
	}
	return buf;
}

/* ------------------------------------------------------------ known answers */

static void
test_family_bfs(void)
{
	C360ProbeGraph g;
	Store		st;
	C360KindSet family_only;

	c360_budget_init(&budget, SIZE_MAX);
	graph_init(&g, &st, family, sizeof(family) / sizeof(family[0]));

	/* 2 hops from 12: parents, then spouse-free siblings and the employer. */
	CHECK_INT(c360_probe_bfs(&g, node_of(&g, 12), 2, NULL, false), C360_CSR_OK);
	CHECK_STR(describe(&g), "12:0:-1:0,10:1:12:1,11:1:12:1,13:2:10:4,50:2:10:2");
	CHECK_INT(st.calls, 2);		/* one probe per expanded level */
	CHECK_INT(g.fetched_nodes, 3);

	/* The same search again loads nothing new. */
	CHECK_INT(c360_probe_bfs(&g, node_of(&g, 12), 2, NULL, false), C360_CSR_OK);
	CHECK_INT(st.calls, 2);
	CHECK_STR(describe(&g), "12:0:-1:0,10:1:12:1,11:1:12:1,13:2:10:4,50:2:10:2");

	/* 0 hops: the start alone, no probe. */
	CHECK_INT(c360_probe_bfs(&g, node_of(&g, 60), 0, NULL, false), C360_CSR_OK);
	CHECK_STR(describe(&g), "60:0:-1:0");
	CHECK_INT(st.calls, 2);

	/* Far enough for everything; the referral cycle ends. */
	CHECK_INT(c360_probe_bfs(&g, node_of(&g, 60), 1000000, NULL, false), C360_CSR_OK);
	CHECK_STR(describe(&g), "60:0:-1:0,50:1:60:2,10:2:50:3,11:3:10:7,12:3:10:4,13:3:10:4,"
			  "70:4:13:5,71:4:13:6");

	/* Kinds: family only from 13 never reaches the employer or referrals. */
	c360_kindset_clear(&family_only);
	c360_kindset_add(&family_only, K_CHILD);
	c360_kindset_add(&family_only, K_PARENT);
	c360_kindset_add(&family_only, K_SPOUSE);
	CHECK_INT(c360_probe_bfs(&g, node_of(&g, 13), 5, &family_only, false), C360_CSR_OK);
	CHECK_STR(describe(&g), "13:0:-1:0,10:1:13:1,11:1:13:1,12:2:10:4");

	/* An id with no arcs: itself. */
	CHECK_INT(c360_probe_bfs(&g, node_of(&g, 424242), 2, NULL, false), C360_CSR_OK);
	CHECK_STR(describe(&g), "424242:0:-1:0");

	/* Bad arguments. */
	CHECK_INT(c360_probe_bfs(&g, node_of(&g, 12), -1, NULL, false), C360_CSR_BAD_ARGUMENT);
	CHECK_INT(c360_probe_bfs(&g, g.map.count + 5, 1, NULL, false), C360_CSR_BAD_ARGUMENT);

	c360_probe_free(&g);
	CHECK_INT(budget.used, 0);
}

static void
test_family_paths(void)
{
	C360ProbeGraph g;
	Store		st;
	C360KindSet no_work;

	c360_budget_init(&budget, SIZE_MAX);
	graph_init(&g, &st, family, sizeof(family) / sizeof(family[0]));

	/* The colleague to a child of the colleague's colleague. */
	CHECK_INT(c360_probe_shortest(&g, node_of(&g, 60), node_of(&g, 12), 6, NULL), C360_CSR_OK);
	CHECK_STR(describe_path(&g), "60 -2-> 50 -3-> 10 -4-> 12");
	CHECK(!g.fell_back);
	/* Backwards: the inverse kinds. */
	CHECK_INT(c360_probe_shortest(&g, node_of(&g, 12), node_of(&g, 60), 6, NULL), C360_CSR_OK);
	CHECK_STR(describe_path(&g), "12 -1-> 10 -2-> 50 -3-> 60");
	/* Too far for the bound. */
	CHECK_INT(c360_probe_shortest(&g, node_of(&g, 60), node_of(&g, 12), 2, NULL), C360_CSR_NO_PATH);
	CHECK_INT(g.path_len, 0);
	/* Itself, even with 0 hops. */
	CHECK_INT(c360_probe_shortest(&g, node_of(&g, 70), node_of(&g, 70), 0, NULL), C360_CSR_OK);
	CHECK_STR(describe_path(&g), "70");
	/* Through the referral cycle, the shorter way round. */
	CHECK_INT(c360_probe_shortest(&g, node_of(&g, 71), node_of(&g, 12), 6, NULL), C360_CSR_OK);
	CHECK_STR(describe_path(&g), "71 -5-> 13 -1-> 10 -4-> 12");
	/* Without work relationships the colleague is unreachable. */
	c360_kindset_clear(&no_work);
	c360_kindset_add(&no_work, K_CHILD);
	c360_kindset_add(&no_work, K_PARENT);
	c360_kindset_add(&no_work, K_SPOUSE);
	CHECK_INT(c360_probe_shortest(&g, node_of(&g, 60), node_of(&g, 12), 6, &no_work), C360_CSR_NO_PATH);
	/* Unknown ids and a negative bound. */
	CHECK_INT(c360_probe_shortest(&g, node_of(&g, 12), node_of(&g, 31337), 6, NULL), C360_CSR_NO_PATH);
	CHECK_INT(c360_probe_shortest(&g, node_of(&g, 12), node_of(&g, 10), -1, NULL), C360_CSR_BAD_ARGUMENT);
	CHECK_INT(c360_probe_shortest(&g, 0, g.map.count, 6, NULL), C360_CSR_BAD_ARGUMENT);

	c360_probe_free(&g);
	CHECK_INT(budget.used, 0);
}

static void
test_edges(void)
{
	C360ProbeGraph g;
	Store		st;
	C360ProbeEdges edges;
	char		buf[512];
	size_t		len = 0;
	uint32_t	i;

	c360_budget_init(&budget, SIZE_MAX);
	graph_init(&g, &st, family, sizeof(family) / sizeof(family[0]));
	CHECK_INT(c360_probe_bfs(&g, node_of(&g, 12), 1, NULL, true), C360_CSR_OK);
	CHECK_INT(st.calls, 2);		/* the last level too */
	CHECK_INT(c360_probe_edges(&g, NULL, &edges), C360_CSR_OK);
	buf[0] = '\0';
	for (i = 0; i < edges.count; i++)
		len += (size_t) snprintf(buf + len, sizeof(buf) - len, "%s%lld%s%lld:%u",
								 i ? "," : "",
								 (long long) c360_probe_id(&g, g.order[edges.from[i]]),
								 edges.undirected[i] ? "--" : "->",
								 (long long) c360_probe_id(&g, g.order[edges.to[i]]),
								 (unsigned) edges.kind[i]);
	/* Each relationship once: child before parent in name order, spouse undirected. */
	CHECK_STR(buf, "12->10:1,12->11:1,10--11:7");
	c360_probe_free_edges(&g, &edges);
	c360_probe_free(&g);
	CHECK_INT(budget.used, 0);
}

static void
test_robustness(void)
{
	/* 1 -> 2 without its mirror; 2 <-> 3 mirrored. */
	static const Arc lopsided[] = {{1, 2, K_SPOUSE}, BOTH(2, 3, K_SPOUSE, K_SPOUSE), {3, 3, K_SPOUSE}};
	C360ProbeGraph g;
	Store		st;
	uint32_t	n1,
				n3;

	c360_budget_init(&budget, SIZE_MAX);
	graph_init(&g, &st, lopsided, sizeof(lopsided) / sizeof(lopsided[0]));
	n1 = node_of(&g, 1);
	n3 = node_of(&g, 3);
	/* Forward as stored: 1 reaches 3, 3 does not reach 1. */
	CHECK_INT(c360_probe_bfs(&g, n1, 5, NULL, false), C360_CSR_OK);
	CHECK_STR(describe(&g), "1:0:-1:0,2:1:1:7,3:2:2:7");
	CHECK_INT(c360_probe_bfs(&g, n3, 5, NULL, false), C360_CSR_OK);
	CHECK_STR(describe(&g), "3:0:-1:0,2:1:3:7");
	CHECK(g.ignored_arcs >= 1);	/* the self-loop */
	/* A path is still a path of stored arcs. */
	CHECK_INT(c360_probe_shortest(&g, n1, n3, 5, NULL), C360_CSR_OK);
	CHECK_STR(describe_path(&g), "1 -7-> 2 -7-> 3");
	c360_probe_free(&g);

	/* A fetch that fails passes its status on. */
	graph_init(&g, &st, family, sizeof(family) / sizeof(family[0]));
	st.fail_on_call = 2;
	CHECK_INT(c360_probe_bfs(&g, node_of(&g, 12), 3, NULL, false), C360_CSR_OVER_BUDGET);
	c360_probe_free(&g);
	CHECK_INT(budget.used, 0);

	/* Arcs of nodes not asked for are ignored. */
	graph_init(&g, &st, family, sizeof(family) / sizeof(family[0]));
	st.add_foreign = true;
	CHECK_INT(c360_probe_bfs(&g, node_of(&g, 12), 1, NULL, false), C360_CSR_OK);
	CHECK_INT(g.ignored_arcs, 1);
	CHECK_INT(c360_probe_add_arc(&g, 12, 10, 1), C360_CSR_BAD_ARGUMENT);	/* outside a fetch */
	c360_probe_free(&g);

	/* A small budget: refused, and everything freed. */
	{
		Arc		   *star = malloc(2 * 5000 * sizeof(Arc));
		int			i;

		for (i = 0; i < 5000; i++)
		{
			star[2 * i] = (Arc) {0, i + 1, K_EMPLOYER};
			star[2 * i + 1] = (Arc) {i + 1, 0, K_EMPLOYEE};
		}
		c360_budget_init(&budget, 64 * 1024);
		graph_init(&g, &st, star, 10000);
		CHECK_INT(c360_probe_bfs(&g, node_of(&g, 0), 1, NULL, false), C360_CSR_OVER_BUDGET);
		CHECK(budget.refused > 64 * 1024);
		c360_probe_free(&g);
		CHECK_INT(budget.used, 0);
		c360_budget_init(&budget, SIZE_MAX);
		graph_init(&g, &st, star, 10000);
		CHECK_INT(c360_probe_bfs(&g, node_of(&g, 3), 2, NULL, false), C360_CSR_OK);
		CHECK_INT(g.count, 5000 + 1);
		CHECK_INT(c360_probe_id(&g, g.order[2]), 1);	/* (hops, id) order */
		CHECK_INT(c360_probe_id(&g, g.order[5000]), 5000);
		c360_probe_free(&g);
		CHECK_INT(budget.used, 0);
		free(star);
	}
}

/* ------------------------------------------------------------ styled DOT */

static void
test_dot_styled(void)
{
	static const char nasty[] = "Zoë \"Z\" \\ Ng\r\nline2\x01\x7f\xc2\x85 \xff 李 😀";
	C360DotStyledNode nodes[4];
	C360DotStyledEdge edges[3];
	char		out[1024];
	char		small[16];
	size_t		len = 0;
	size_t		measured = 0;

	memset(nodes, 0, sizeof(nodes));
	memset(edges, 0, sizeof(edges));
	nodes[0] = (C360DotStyledNode) {42, "42\nAnn", 6, true, true, 7};
	nodes[1] = (C360DotStyledNode) {43, nasty, sizeof(nasty) - 1, false, true, 7};
	nodes[2] = (C360DotStyledNode) {-50, NULL, 0, false, false, 0};
	nodes[3] = (C360DotStyledNode) {60, "", 0, false, true, -3};
	edges[0] = (C360DotStyledEdge) {42, 43, "spouse", 6, true};
	edges[1] = (C360DotStyledEdge) {43, -50, "employee", 8, false};
	edges[2] = (C360DotStyledEdge) {42, 60, NULL, 0, true};

	CHECK_INT(c360_dot_write_styled(nodes, 4, edges, 3, "household ", out, sizeof(out) - 1, &len),
			  C360_CSR_OK);
	out[len] = '\0';
	CHECK_STR(out,
			  "digraph c360 {\n"
			  "\tnode [shape=box, style=rounded];\n"
			  "\tsubgraph \"cluster_7\" {\n"
			  "\t\tlabel=\"household 7\";\n"
			  "\t\tstyle=dashed;\n"
			  "\t\t\"42\" [label=\"42\\nAnn\", style=\"rounded,filled,bold\", fillcolor=gold];\n"
			  "\t\t\"43\" [label=\"Zoë \\\"Z\\\" \\\\ Ng\\nline2    \xef\xbf\xbd 李 😀\"];\n"
			  "\t}\n"
			  "\t\"-50\" [label=\"-50\"];\n"
			  "\tsubgraph \"cluster_-3\" {\n"
			  "\t\tlabel=\"household -3\";\n"
			  "\t\tstyle=dashed;\n"
			  "\t\t\"60\" [label=\"\"];\n"
			  "\t}\n"
			  "\t\"42\" -> \"43\" [label=\"spouse\", dir=none];\n"
			  "\t\"43\" -> \"-50\" [label=\"employee\"];\n"
			  "\t\"42\" -> \"60\" [dir=none];\n"
			  "}\n");
	/* Measuring gives the same size; a short buffer is never overrun. */
	CHECK_INT(c360_dot_write_styled(nodes, 4, edges, 3, "household ", NULL, 0, &measured),
			  C360_CSR_OUTPUT_TOO_BIG);
	CHECK_INT(measured, len);
	memset(small, 'x', sizeof(small));
	CHECK_INT(c360_dot_write_styled(nodes, 4, edges, 3, NULL, small, 8, &measured),
			  C360_CSR_OUTPUT_TOO_BIG);
	CHECK_INT(measured, len - strlen("household ") * 2);
	CHECK(small[8] == 'x');
	/* Empty. */
	CHECK_INT(c360_dot_write_styled(NULL, 0, NULL, 0, NULL, out, sizeof(out) - 1, &len), C360_CSR_OK);
	out[len] = '\0';
	CHECK_STR(out, "digraph c360 {\n\tnode [shape=box, style=rounded];\n}\n");
}

/* ------------------------------------------------------------ against traverse.c */

static uint64_t rng_state = 12345;

static uint32_t
rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t) (rng_state % n);
}

static void
test_against_csr(void)
{
	int			round;
	int			mismatches = 0;
	int			path_checks = 0;

	for (round = 0; round < 300; round++)
	{
		uint32_t	n_nodes = 2 + rnd(60);
		uint32_t	n_edges = rnd(3 * n_nodes);
		Arc		   *arcs = malloc((2 * (size_t) n_edges + 1) * sizeof(Arc));
		int64_t    *ids = malloc(n_nodes * sizeof(int64_t));
		C360CsrBuilder b;
		C360Csr		csr;
		C360Bfs		bfs;
		C360ProbeGraph g;
		Store		st;
		C360KindSet allowed;
		const C360KindSet *use_allowed;
		uint32_t	i;
		int			trial;

		c360_budget_init(&budget, SIZE_MAX);
		for (i = 0; i < n_nodes; i++)
			ids[i] = (int64_t) rnd(1000) * (rnd(2) ? 1 : -1) * 1000003 + i;
		c360_csr_builder_init(&b, &budget, NULL, NULL);
		for (i = 0; i < n_nodes; i++)
			CHECK_INT(c360_csr_builder_add_node(&b, ids[i]), C360_CSR_OK);
		for (i = 0; i < n_edges; i++)
		{
			int64_t		s = ids[rnd(n_nodes)];
			int64_t		t = ids[rnd(n_nodes)];
			uint16_t	k = (uint16_t) (1 + rnd(7));

			arcs[2 * i] = (Arc) {s, t, k};
			arcs[2 * i + 1] = (Arc) {t, s, inverse[k]};
			CHECK_INT(c360_csr_builder_add_edge(&b, s, t, k), C360_CSR_OK);
		}
		CHECK_INT(c360_csr_build(&b, C360_CSR_BOTH, inverse, 8, &csr), C360_CSR_OK);
		c360_csr_builder_free(&b);
		CHECK_INT(c360_bfs_init(&bfs, &csr, &budget, NULL, NULL), C360_CSR_OK);
		graph_init(&g, &st, arcs, 2 * (size_t) n_edges);

		for (trial = 0; trial < 8; trial++)
		{
			uint32_t	start = rnd(n_nodes);
			uint32_t	target = rnd(n_nodes);
			int32_t		hops = (int32_t) rnd(7);
			uint32_t	cs = (uint32_t) c360_csr_index(&csr, ids[start]);
			uint32_t	ct = (uint32_t) c360_csr_index(&csr, ids[target]);
			uint32_t	ps = node_of(&g, ids[start]);
			uint32_t	pt = node_of(&g, ids[target]);
			uint32_t	p;
			uint32_t	position;
			C360CsrStatus s1,
						s2;
			bool		same;

			use_allowed = NULL;
			if (rnd(2))
			{
				c360_kindset_clear(&allowed);
				for (i = 1; i <= 7; i++)
					if (rnd(2))
						c360_kindset_add(&allowed, (uint16_t) i);
				use_allowed = &allowed;
			}
			CHECK_INT(c360_bfs_run(&bfs, cs, hops, use_allowed), C360_CSR_OK);
			CHECK_INT(c360_probe_bfs(&g, ps, hops, use_allowed, false), C360_CSR_OK);
			same = bfs.count == g.count;
			for (p = 0; same && p < bfs.count; p++)
			{
				uint32_t	v = g.order[p];
				uint32_t	parent = g.nodes[v].parent;

				same = csr.ids[bfs.node[p]] == c360_probe_id(&g, v) &&
					bfs.hops[p] == c360_probe_hops(&g, v) &&
					(p == 0 || (csr.ids[bfs.node[bfs.parent[p]]] == c360_probe_id(&g, parent) &&
								bfs.kind[p] == g.nodes[v].kind));
			}
			if (!same)
				mismatches++;

			s1 = c360_bfs_shortest(&bfs, cs, ct, hops, use_allowed, &position);
			s2 = c360_probe_shortest(&g, ps, pt, hops, use_allowed);
			CHECK_INT(s2, s1);
			CHECK(!g.fell_back);
			if (s1 == C360_CSR_OK && s2 == C360_CSR_OK)
			{
				uint32_t	nodes[64];
				uint16_t	kinds[64];
				uint32_t	len = c360_bfs_path(&bfs, position, nodes, kinds);

				same = len == g.path_len;
				for (i = 0; same && i < len; i++)
					same = csr.ids[nodes[i]] == c360_probe_id(&g, g.path_nodes[i]) &&
						(i + 1 == len || kinds[i] == g.path_kinds[i]);
				if (!same)
					mismatches++;
				path_checks++;
			}
		}
		c360_probe_free(&g);
		c360_bfs_free(&bfs);
		c360_csr_free(&csr);
		CHECK_INT(budget.used, 0);
		free(arcs);
		free(ids);
	}
	CHECK_INT(mismatches, 0);
	CHECK(path_checks > 200);
}

int
main(void)
{
	test_family_bfs();
	test_family_paths();
	test_edges();
	test_robustness();
	test_dot_styled();
	test_against_csr();
	return UNIT_DONE();
}
