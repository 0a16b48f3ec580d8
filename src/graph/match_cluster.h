/*
 * match_cluster.h: clusters of matched records with an over-merge guard.
 *
 * Plain single linkage (connected components of the match edges) chains
 * unrelated people together: one weak link between two households, or one
 * junk value shared by hundreds of records, makes one "customer" of them
 * all.  The guard is a rule on which edge may join which clusters.  Edges
 * are taken strongest first (a weight is a match weight, log2 of the
 * Bayes factor); an edge joins the clusters of its two ends when
 *
 *   1. the joined cluster would have at most max_size records, and
 *   2. the edge is strong (weight >= strong), or one of the two clusters
 *      is a single record.
 *
 * So a record with only weak links joins the cluster of its strongest one,
 * two clusters of several records are joined only by a strong link, and no
 * cluster grows past max_size whatever the edges say: where a component of
 * the plain graph is too large or only weakly held together, it is cut at
 * its weakest links.  The result does not depend on the order of the
 * edges (ties in weight are broken by the node ids).
 */
#ifndef C360_MATCH_CLUSTER_H
#define C360_MATCH_CLUSTER_H

#include "unionfind.h"

typedef struct C360ClusterEdge
{
	double		weight;
	uint32_t	a;				/* node indexes; after finish, id ranks, a < b */
	uint32_t	b;
} C360ClusterEdge;

typedef struct C360MatchClusters
{
	C360IdMap	map;
	C360MemBudget *budget;
	C360GraphTick tick;
	void	   *tick_arg;
	C360ClusterEdge *edges;
	size_t		edge_count;
	size_t		edge_capacity;

	/* Counts, after c360_match_clusters_finish. */
	size_t		joined;			/* edges that joined two clusters */
	size_t		refused_weak;	/* weak edges between two multi-record clusters */
	size_t		refused_size;	/* edges that would pass max_size */

	/*
	 * After finish: count nodes, nodes[i] in cluster clusters[i] (the
	 * smallest id in it), sorted by (cluster, node).
	 */
	bool		finished;
	uint32_t	count;
	int64_t    *nodes;
	int64_t    *clusters;
} C360MatchClusters;

extern void c360_match_clusters_init(C360MatchClusters *mc, C360MemBudget *budget,
									 C360GraphTick tick, void *tick_arg);

/* A node, with or without edges. */
extern C360GraphStatus c360_match_clusters_add_node(C360MatchClusters *mc, int64_t id);

/*
 * An undirected edge of the given weight.  A self-loop adds its node only;
 * a NaN weight adds both nodes and no edge.  Repeated edges are harmless.
 */
extern C360GraphStatus c360_match_clusters_add_edge(C360MatchClusters *mc, int64_t source,
													int64_t target, double weight);

/* Applies the rule above; max_size >= 1. */
extern C360GraphStatus c360_match_clusters_finish(C360MatchClusters *mc, double strong,
												  uint32_t max_size);

extern void c360_match_clusters_free(C360MatchClusters *mc);

#endif							/* C360_MATCH_CLUSTER_H */
