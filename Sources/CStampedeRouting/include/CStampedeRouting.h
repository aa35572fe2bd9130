// Routes the concurrency runtime's global enqueues to a virtual executor (StampedeKernel).
//
// A task with a task-executor preference pays for it on every executor switch: the runtime takes
// the task's status-record lock to read the preference. A virtual run instead starts its tasks
// without a preference and, while it runs, claims every job the runtime would hand to the global
// pool from the run's thread. Only enqueues made on a thread that has a route set are claimed;
// every other thread, and every thread outside a run, gets the runtime's own global executor.
#ifndef C_STAMPEDE_ROUTING_H
#define C_STAMPEDE_ROUTING_H

#include <stdint.h>

/// Receives a job enqueued on the calling thread: `context` is what `stampede_route_set` was given.
typedef void (*stampede_route_fn)(void *_Nonnull context, void *_Nonnull job);

/// A thread's route: where its global enqueues go (no function: the runtime's global executor).
typedef struct {
    void *_Nullable context;
    stampede_route_fn _Nullable function;
} stampede_route;

/// Installs the runtime hook (once per process; later calls do nothing). A hook installed before
/// it keeps receiving the enqueues of unrouted threads.
void stampede_routing_install(void);

/// Sets the calling thread's route and returns the one it replaces.
stampede_route stampede_route_set(stampede_route route);

/// Runs `job` as the global executor would: on the generic executor, with no task executor.
void stampede_job_run_generic(void *_Nonnull job);

#endif
