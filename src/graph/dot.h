/*
 * dot.h: Graphviz DOT output for small graphs (a customer's neighbourhood).
 *
 * Output, byte for byte (a tab before each statement, \n line ends):
 *
 *   graph c360 {               (digraph c360 { for directed graphs)
 *   	"42" [label="Ann Lee"];
 *   	"42" -- "43" [label="spouse"];   (-> when directed)
 *   }
 *
 * Node ids are written as quoted decimals.  A node without a label gets
 * its id as label; an edge without one gets no attribute list.  Nodes come
 * first, then edges, each in the order given, so equal input gives equal
 * output.
 *
 * Labels are UTF-8 and are escaped for a DOT quoted string: " becomes \",
 * a backslash \\, a line break (LF, CR or CR LF) the DOT line break \n, any
 * other control character (C0, DEL, C1) a space, and each byte of
 * malformed UTF-8 U+FFFD.  Everything else, any script or emoji, is copied.
 *
 * Size: the writers never write more than cap bytes.  They return
 * C360_CSR_OUTPUT_TOO_BIG when the whole graph needs more, with *len set to
 * the bytes it needs (pass out = NULL, cap = 0 to measure).  The output is
 * not NUL-terminated.
 */
#ifndef C360_DOT_H
#define C360_DOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csr.h"
#include "traverse.h"

typedef struct C360DotNode
{
	int64_t		id;
	const char *label;			/* UTF-8, not NUL-terminated; NULL: the id */
	size_t		label_len;
} C360DotNode;

typedef struct C360DotEdge
{
	int64_t		source;
	int64_t		target;
	const char *label;			/* NULL: no label */
	size_t		label_len;
} C360DotEdge;

extern C360CsrStatus c360_dot_write(const C360DotNode *nodes, size_t n_nodes,
									const C360DotEdge *edges, size_t n_edges,
									bool directed, char *out, size_t cap,
									size_t *len);

/*
 * The neighbourhood the last c360_bfs_run found, as DOT: its nodes in
 * result order (hops, id), labelled labels[p] / label_lens[p] by result
 * position (labels NULL, or one NULL entry: the id), then every arc of the
 * graph between two reached nodes whose kind allowed accepts, in (source
 * position, target id, kind) order, labelled kind_names[kind] (NULL
 * table or entry: no label; n_kind_names entries).  A C360_CSR_BOTH graph
 * is drawn undirected, each edge once, from its smaller id, with the kind
 * it has in that direction; a C360_CSR_FORWARD graph as a digraph.
 */
extern C360CsrStatus c360_dot_neighbourhood(const C360Bfs *bfs,
											const C360KindSet *allowed,
											const char *const *labels,
											const size_t *label_lens,
											const char *const *kind_names,
											const size_t *kind_name_lens,
											uint32_t n_kind_names,
											char *out, size_t cap, size_t *len);

/* ------------------------------------------------------------ styled */

/*
 * A picture of a neighbourhood: boxes, the start highlighted, groups
 * (households) drawn as clusters, edges with or without an arrowhead.
 *
 *   digraph c360 {
 *   	node [shape=box, style=rounded];
 *   	subgraph "cluster_7" {
 *   		label="household 7";
 *   		style=dashed;
 *   		"42" [label="42\nAnn Lee", style="rounded,filled,bold", fillcolor=gold];
 *   		"43" [label="43\nBob Lee"];
 *   	}
 *   	"50" [label="50"];
 *   	"42" -> "43" [label="spouse", dir=none];
 *   	"44" -> "42" [label="child"];
 *   }
 *
 * Nodes of one cluster must be consecutive (a cluster that comes back later
 * is written as a second block of the same name, which Graphviz merges);
 * each block is labelled cluster_label followed by the cluster number.
 * Labels are escaped as above.  Size rules as c360_dot_write.
 */
typedef struct C360DotStyledNode
{
	int64_t		id;
	const char *label;			/* UTF-8, not NUL-terminated; NULL: the id */
	size_t		label_len;
	bool		highlight;
	bool		in_cluster;
	int64_t		cluster;
} C360DotStyledNode;

typedef struct C360DotStyledEdge
{
	int64_t		source;
	int64_t		target;
	const char *label;			/* NULL: no label */
	size_t		label_len;
	bool		undirected;		/* dir=none: no arrowhead */
} C360DotStyledEdge;

extern C360CsrStatus c360_dot_write_styled(const C360DotStyledNode *nodes, size_t n_nodes,
										   const C360DotStyledEdge *edges, size_t n_edges,
										   const char *cluster_label,
										   char *out, size_t cap, size_t *len);

#endif							/* C360_DOT_H */
