/*
 * threads.c: plain-C work on several threads of one backend (threads.h).
 */
#include "postgres.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>

#include "miscadmin.h"

#include "threads.h"

/* The worker thread the calling code runs in, or NULL in the backend's. */
static __thread C360Thread *current_thread = NULL;

int
c360_thread_budget(void)
{
	return max_parallel_maintenance_workers;
}

bool
c360_in_worker_thread(void)
{
	return current_thread != NULL;
}

void
c360_worker_thread_fail(const char *fmt,...)
{
	C360Thread *self = current_thread;
	va_list		args;

	va_start(args, fmt);
	vsnprintf(self->failure, sizeof(self->failure), fmt, args);
	va_end(args);
	self->failed = true;
	pthread_exit(NULL);
}

static void *
thread_main(void *arg)
{
	C360Thread *self = arg;

	current_thread = self;
	self->work(self->arg);
	return NULL;
}

void
c360_threads_start(C360Thread *threads, int n)
{
	sigset_t	all,
				old;
	int			i;

	/* Threads inherit the signal mask: all blocked in them. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < n; i++)
	{
		threads[i].failed = false;
		threads[i].failure[0] = '\0';
		threads[i].started = pthread_create(&threads[i].handle, NULL, thread_main, &threads[i]) == 0;
		threads[i].pending = !threads[i].started;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void
c360_threads_wait(C360Thread *threads, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		if (threads[i].started)
		{
			pthread_join(threads[i].handle, NULL);
			threads[i].started = false;
		}
}

void
c360_threads_join(C360Thread *threads, int n)
{
	int			i;

	c360_threads_wait(threads, n);
	/* (every thread is done: errors are safe from here) */
	for (i = 0; i < n; i++)
		if (threads[i].pending)
		{
			threads[i].pending = false;
			threads[i].work(threads[i].arg);
		}
	for (i = 0; i < n; i++)
		if (threads[i].failed)
		{
			threads[i].failed = false;
			ereport(ERROR,
					(errcode(strncmp(threads[i].failure, "out of memory", 13) == 0
							 ? ERRCODE_OUT_OF_MEMORY : ERRCODE_INTERNAL_ERROR),
					 errmsg("customer360 worker thread: %s", threads[i].failure)));
		}
}
