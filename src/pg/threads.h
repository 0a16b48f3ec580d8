/*
 * threads.h: plain-C work on several threads of one backend.
 *
 * PostgreSQL's own code is single-threaded: a thread started here must call
 * nothing of it (no palloc, no ereport, no catalog or buffer access), only
 * the plain-C algorithm code, which reads shared inputs and writes its own
 * outputs.  Inside a worker thread c360_alloc/c360_free are malloc/free and
 * a failed C360_ASSERT or an allocation failure stops the thread; the
 * calling backend then raises the error once every thread is done.  Worker
 * threads block every signal, so PostgreSQL's handlers run on the backend's
 * own thread as always; interrupts are checked between rounds of work.
 *
 * Use: fill in work and arg of each C360Thread, c360_threads_start, then
 * (PostgreSQL calls allowed meanwhile, with PG_TRY so that an error still
 * joins the threads first) c360_threads_join.
 */
#ifndef C360_THREADS_H
#define C360_THREADS_H

#include "postgres.h"

#include <pthread.h>

typedef struct C360Thread
{
	void		(*work) (void *arg);
	void	   *arg;
	/* set by c360_threads_start and the thread */
	pthread_t	handle;
	bool		started;		/* running in a thread of its own */
	bool		pending;		/* not started: c360_threads_join runs it */
	bool		failed;
	char		failure[256];
} C360Thread;

/*
 * How many worker threads a maintenance operation may use:
 * max_parallel_maintenance_workers (0: none, do the work in the backend).
 */
extern int	c360_thread_budget(void);

/*
 * Starts work(arg) of each of threads[0..n).  One that cannot be started
 * (no resources) is run by c360_threads_join in the backend instead.
 */
extern void c360_threads_start(C360Thread *threads, int n);

/*
 * Waits for every thread started, runs those that were not, and raises the
 * error of the first that failed.  Safe to call when none was started.
 */
extern void c360_threads_join(C360Thread *threads, int n);

/*
 * Only waits for the threads started (for a PG_CATCH block, before the
 * error goes on: nothing else runs, nothing is raised).
 */
extern void c360_threads_wait(C360Thread *threads, int n);

/* Whether the calling code runs in a worker thread (not the backend's). */
extern bool c360_in_worker_thread(void);

/* Stops the calling worker thread, recording why (printf-style). */
extern void c360_worker_thread_fail(const char *fmt,...) pg_attribute_printf(1, 2) pg_attribute_noreturn();

#endif							/* C360_THREADS_H */
