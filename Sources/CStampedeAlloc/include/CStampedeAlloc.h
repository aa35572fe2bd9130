#ifndef C_STAMPEDE_ALLOC_H
#define C_STAMPEDE_ALLOC_H

#include <stdint.h>

/// Heap allocations made by this process so far (malloc, calloc, realloc of a new block,
/// posix_memalign, aligned_alloc, memalign), counted by the wrappers in alloc.c. Linked into
/// the `stampede` executable only, where `stampede bench` reads it to print allocations per
/// simulated request.
uint64_t stampede_allocations(void);

/// Whether the wrappers are in place: false on a platform where they are not built.
int stampede_allocations_counted(void);

/// Starts counting the instructions the calling thread retires (perf_event_open, user space
/// only). Returns a descriptor for `stampede_instructions_read`, or -1 where the machine has no
/// hardware counters or forbids them (many virtual machines and containers).
int stampede_instructions_open(void);

/// Instructions counted on `fd` so far, or UINT64_MAX when it cannot be read.
uint64_t stampede_instructions_read(int fd);

/// Closes a descriptor from `stampede_instructions_open`.
void stampede_instructions_close(int fd);

#endif
