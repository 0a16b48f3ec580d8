/*
 * dot.c: Graphviz DOT writer.  See dot.h for the exact output.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "c360_assert.h"
#include "dot.h"

/* Counts every byte, stores those that fit below cap. */
typedef struct DotOut
{
	char	   *out;
	size_t		cap;
	size_t		len;
} DotOut;

static void
put(DotOut *d, const char *s, size_t n)
{
	if (d->out != NULL && d->len < d->cap)
	{
		size_t		room = d->cap - d->len;

		memcpy(d->out + d->len, s, n < room ? n : room);
	}
	d->len += n;
}

static void
put_str(DotOut *d, const char *s)
{
	put(d, s, strlen(s));
}

static void
put_id(DotOut *d, int64_t id)
{
	char		buf[32];
	int			n = snprintf(buf, sizeof(buf), "\"%" PRId64 "\"", id);

	put(d, buf, (size_t) n);
}

/*
 * The length of the well-formed UTF-8 sequence at s (1 to 4), or 0 when
 * the bytes there are not one (overlong, surrogate, above U+10FFFF,
 * truncated, or a stray continuation byte).
 */
static size_t
utf8_sequence(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t		need;
	size_t		i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 4;
	else
		return 0;
	if (len < need)
		return 0;
	for (i = 1; i < need; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	/* The second byte's range rules out overlongs, surrogates and > U+10FFFF. */
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
		(c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
		return 0;
	return need;
}

/* The escaped bytes of a label, without the quotes. */
static void
put_escaped(DotOut *d, const char *label, size_t len)
{
	const unsigned char *s = (const unsigned char *) label;
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		size_t		n = utf8_sequence(s + i, len - i);

		if (n == 0)
		{
			put(d, "\xEF\xBF\xBD", 3);	/* U+FFFD */
			i++;
			continue;
		}
		if (c == '"')
			put(d, "\\\"", 2);
		else if (c == '\\')
			put(d, "\\\\", 2);
		else if (c == '\n')
			put(d, "\\n", 2);
		else if (c == '\r')
		{
			put(d, "\\n", 2);
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		}
		else if (c < 0x20 || c == 0x7F || (c == 0xC2 && s[i + 1] < 0xA0))
			put(d, " ", 1);		/* C0, DEL, C1 (U+0080..U+009F) */
		else
			put(d, (const char *) s + i, n);
		i += n;
	}
}

static void
put_label(DotOut *d, const char *label, size_t len)
{
	put(d, "\"", 1);
	put_escaped(d, label, len);
	put(d, "\"", 1);
}

static void
put_node(DotOut *d, int64_t id, const char *label, size_t label_len)
{
	char		buf[24];
	int			n;

	put(d, "\t", 1);
	put_id(d, id);
	put_str(d, " [label=");
	if (label != NULL)
		put_label(d, label, label_len);
	else
	{
		n = snprintf(buf, sizeof(buf), "%" PRId64, id);
		put_label(d, buf, (size_t) n);
	}
	put_str(d, "];\n");
}

static void
put_edge(DotOut *d, int64_t source, int64_t target, bool directed,
		 const char *label, size_t label_len)
{
	put(d, "\t", 1);
	put_id(d, source);
	put_str(d, directed ? " -> " : " -- ");
	put_id(d, target);
	if (label != NULL)
	{
		put_str(d, " [label=");
		put_label(d, label, label_len);
		put_str(d, "]");
	}
	put_str(d, ";\n");
}

static C360CsrStatus
finish(DotOut *d, size_t *len)
{
	put_str(d, "}\n");
	*len = d->len;
	return d->len <= d->cap ? C360_CSR_OK : C360_CSR_OUTPUT_TOO_BIG;
}

C360CsrStatus
c360_dot_write(const C360DotNode *nodes, size_t n_nodes,
			   const C360DotEdge *edges, size_t n_edges, bool directed,
			   char *out, size_t cap, size_t *len)
{
	DotOut		d;
	size_t		i;

	d.out = out;
	d.cap = out != NULL ? cap : 0;
	d.len = 0;
	put_str(&d, directed ? "digraph c360 {\n" : "graph c360 {\n");
	for (i = 0; i < n_nodes; i++)
		put_node(&d, nodes[i].id, nodes[i].label, nodes[i].label_len);
	for (i = 0; i < n_edges; i++)
		put_edge(&d, edges[i].source, edges[i].target, directed,
				 edges[i].label, edges[i].label_len);
	return finish(&d, len);
}

C360CsrStatus
c360_dot_neighbourhood(const C360Bfs *bfs, const C360KindSet *allowed,
					   const char *const *labels, const size_t *label_lens,
					   const char *const *kind_names, const size_t *kind_name_lens,
					   uint32_t n_kind_names, char *out, size_t cap, size_t *len)
{
	const C360Csr *csr = bfs->csr;
	bool		directed = csr->direction == C360_CSR_FORWARD;
	DotOut		d;
	uint32_t	p;

	d.out = out;
	d.cap = out != NULL ? cap : 0;
	d.len = 0;
	put_str(&d, directed ? "digraph c360 {\n" : "graph c360 {\n");
	for (p = 0; p < bfs->count; p++)
	{
		const char *label = labels != NULL ? labels[p] : NULL;

		put_node(&d, csr->ids[bfs->node[p]], label,
				 label != NULL ? label_lens[p] : 0);
	}
	for (p = 0; p < bfs->count; p++)
	{
		uint32_t	u = bfs->node[p];
		uint32_t	a;

		for (a = csr->offsets[u]; a < csr->offsets[u + 1]; a++)
		{
			uint32_t	v = csr->targets[a];
			uint16_t	k = csr->kinds[a];
			const char *name = NULL;
			size_t		name_len = 0;

			if ((!directed && v < u) || !c360_kindset_has(allowed, k) ||
				c360_bfs_position(bfs, v) == C360_NO_NODE)
				continue;
			if (kind_names != NULL && k < n_kind_names && kind_names[k] != NULL)
			{
				name = kind_names[k];
				name_len = kind_name_lens[k];
			}
			put_edge(&d, csr->ids[u], csr->ids[v], directed, name, name_len);
		}
	}
	return finish(&d, len);
}

/* ------------------------------------------------------------ styled */

C360CsrStatus
c360_dot_write_styled(const C360DotStyledNode *nodes, size_t n_nodes,
					  const C360DotStyledEdge *edges, size_t n_edges,
					  const char *cluster_label, char *out, size_t cap, size_t *len)
{
	DotOut		d;
	size_t		i;
	bool		open = false;
	int64_t		current = 0;

	d.out = out;
	d.cap = out != NULL ? cap : 0;
	d.len = 0;
	put_str(&d, "digraph c360 {\n\tnode [shape=box, style=rounded];\n");
	for (i = 0; i < n_nodes; i++)
	{
		const C360DotStyledNode *node = &nodes[i];
		char		buf[24];
		const char *indent;

		if (open && (!node->in_cluster || node->cluster != current))
		{
			put_str(&d, "\t}\n");
			open = false;
		}
		if (node->in_cluster && !open)
		{
			char		number[24];
			int			n;

			current = node->cluster;
			n = snprintf(number, sizeof(number), "%" PRId64, current);
			put_str(&d, "\tsubgraph \"cluster_");
			put(&d, number, (size_t) n);
			put_str(&d, "\" {\n\t\tlabel=\"");
			if (cluster_label != NULL)
				put_escaped(&d, cluster_label, strlen(cluster_label));
			put(&d, number, (size_t) n);
			put_str(&d, "\";\n\t\tstyle=dashed;\n");
			open = true;
		}
		indent = open ? "\t\t" : "\t";
		put_str(&d, indent);
		put_id(&d, node->id);
		put_str(&d, " [label=");
		if (node->label != NULL)
			put_label(&d, node->label, node->label_len);
		else
		{
			int			n = snprintf(buf, sizeof(buf), "%" PRId64, node->id);

			put_label(&d, buf, (size_t) n);
		}
		if (node->highlight)
			put_str(&d, ", style=\"rounded,filled,bold\", fillcolor=gold");
		put_str(&d, "];\n");
	}
	if (open)
		put_str(&d, "\t}\n");
	for (i = 0; i < n_edges; i++)
	{
		const C360DotStyledEdge *e = &edges[i];
		bool		attributes = e->label != NULL || e->undirected;

		put(&d, "\t", 1);
		put_id(&d, e->source);
		put_str(&d, " -> ");
		put_id(&d, e->target);
		if (attributes)
		{
			put_str(&d, " [");
			if (e->label != NULL)
			{
				put_str(&d, "label=");
				put_label(&d, e->label, e->label_len);
			}
			if (e->undirected)
				put_str(&d, e->label != NULL ? ", dir=none" : "dir=none");
			put_str(&d, "]");
		}
		put_str(&d, ";\n");
	}
	return finish(&d, len);
}
