// See CStampedeRouting.h. The hook and swift_job_run are the concurrency runtime's exported entry
// points (swift/Runtime/Concurrency.h, ConcurrencyHooks.def), called with the Swift calling
// convention.
#include "CStampedeRouting.h"

#include <pthread.h>
#include <stddef.h>

#define SWIFT_CC __attribute__((swiftcall))

typedef struct {
    const void *identity;
    uintptr_t implementation;
} stampede_serial_executor_ref;

typedef SWIFT_CC void (*enqueue_global_original)(void *job);
typedef SWIFT_CC void (*enqueue_global_hook)(void *job, enqueue_global_original original);

extern enqueue_global_hook swift_task_enqueueGlobal_hook;
extern SWIFT_CC void swift_job_run(void *job, stampede_serial_executor_ref executor);

static _Thread_local stampede_route current_route;
static enqueue_global_hook previous_hook;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

static SWIFT_CC void route_or_forward(void *job, enqueue_global_original original) {
    stampede_route route = current_route;
    if (route.function != NULL) {
        route.function(route.context, job);
    } else if (previous_hook != NULL) {
        previous_hook(job, original);
    } else {
        original(job);
    }
}

static void install_once(void) {
    previous_hook = swift_task_enqueueGlobal_hook;
    swift_task_enqueueGlobal_hook = route_or_forward;
}

void stampede_routing_install(void) { pthread_once(&installed, install_once); }

stampede_route stampede_route_set(stampede_route route) {
    stampede_route replaced = current_route;
    current_route = route;
    return replaced;
}

void stampede_job_run_generic(void *job) {
    stampede_serial_executor_ref generic = {NULL, 0};
    swift_job_run(job, generic);
}
