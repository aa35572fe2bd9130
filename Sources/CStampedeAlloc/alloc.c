// Counts heap allocations and, where the machine has hardware counters, instructions for
// `stampede bench` (allocations and instructions per simulated request).
//
// On glibc the executable's own malloc family takes precedence over libc's for every library in
// the process (ELF symbol interposition); each wrapper counts, then calls glibc's implementation
// through its exported __libc_* entry points, so memory still comes from, and returns to, glibc's
// allocator and free() needs no wrapper. The count is a relaxed atomic add: a few nanoseconds on
// a path that costs tens.
#include "CStampedeAlloc.h"

#if defined(__linux__)
#include <linux/perf_event.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int stampede_instructions_open(void) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_HARDWARE;
    attr.config = PERF_COUNT_HW_INSTRUCTIONS;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
    return fd < 0 ? -1 : (int)fd;
}

uint64_t stampede_instructions_read(int fd) {
    uint64_t count = 0;
    if (fd < 0 || read(fd, &count, sizeof count) != (ssize_t)sizeof count) return UINT64_MAX;
    return count;
}

void stampede_instructions_close(int fd) {
    if (fd >= 0) close(fd);
}
#else
int stampede_instructions_open(void) { return -1; }
uint64_t stampede_instructions_read(int fd) { (void)fd; return UINT64_MAX; }
void stampede_instructions_close(int fd) { (void)fd; }
#endif

// Build with -Xcc -DSTAMPEDE_NO_ALLOC_WRAPPERS to leave malloc to libc, so that a heap profiler
// that interposes it through LD_PRELOAD (heaptrack) sees every allocation; bench then reports
// allocations as not counted.
#if defined(__linux__) && defined(__GLIBC__) && !defined(STAMPEDE_NO_ALLOC_WRAPPERS)
#include <stdatomic.h>
#include <stddef.h>
#include <errno.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static _Atomic uint64_t allocations;

static inline void counted(void) { atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed); }

void *malloc(size_t size) {
    counted();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    counted();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    if (pointer == NULL) counted();
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    counted();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    counted();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    void *p = __libc_memalign(alignment, size);
    if (p == NULL && size != 0) return ENOMEM;
    counted();
    *out = p;
    return 0;
}

uint64_t stampede_allocations(void) { return atomic_load_explicit(&allocations, memory_order_relaxed); }
int stampede_allocations_counted(void) { return 1; }
#else
uint64_t stampede_allocations(void) { return 0; }
int stampede_allocations_counted(void) { return 0; }
#endif
