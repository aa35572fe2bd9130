/// The time source the whole system is written against.
///
/// Library code never reads the wall clock or sleeps for real: it asks this. Under
/// `VirtualClock` a sleep parks the task on the executor's timer heap and virtual time
/// jumps; under `WallClock` it is a real sleep.
public protocol SimClock: AnyObject, Sendable {
    /// Time since the start of the run.
    var now: SimInstant { get }
    /// Suspends the calling task for `duration` (returns at once for zero or less).
    func sleep(for duration: SimDuration) async throws
    /// Where this clock's background work runs: its virtual executor, or the global pool for
    /// the wall clock. Used for the rare work that must outlive its caller (a server still
    /// busy after its client timed out).
    var spawner: TaskSpawner { get }
    /// The virtual executor this clock's time is kept by; nil on the wall clock. Debug builds
    /// tell it when a task parks outside it (see `beginPark()`).
    var virtualExecutor: VirtualExecutor? { get }
}

extension SimClock {
    /// Suspends until `deadline`; returns at once if it has passed.
    public func sleep(until deadline: SimInstant) async throws {
        let d = deadline - now
        if d.nanoseconds > 0 { try await sleep(for: d) }
    }
}

/// Starts unstructured tasks where the mode says: on the virtual executor, or on the
/// global pool in wall-clock mode. One spelling for both.
///
/// On a virtual executor the task is started without an executor preference while the
/// executor claims the calling thread's global enqueues, so its first job, and every later
/// one made while the executor runs, lands on the executor (see `VirtualExecutor`).
public struct TaskSpawner: Sendable {
    public let executor: (any TaskExecutor)?

    public init(executor: (any TaskExecutor)?) { self.executor = executor }

    /// Calls `start.fire()` once `delay` of `clock`'s time has passed. On a virtual executor
    /// nothing waits meanwhile (the executor's timer calls it); on the wall clock a task
    /// sleeps for the delay, then calls it. `fire()` typically spawns the next task.
    public func fire(_ start: some TimerStart & Sendable, after delay: SimDuration, on clock: any SimClock) {
        if let virtual = executor as? VirtualExecutor {
            virtual.schedule(start, at: virtual.now + delay)
        } else {
            spawn {
                try? await clock.sleep(for: delay)
                start.fire()
            }
        }
    }

    public func spawn(_ operation: sending @escaping @isolated(any) () async -> Void) {
        if let virtual = executor as? VirtualExecutor {
            let replaced = virtual.beginClaimingGlobalEnqueues()
            _ = Task(executorPreference: nil, operation: operation)
            virtual.endClaimingGlobalEnqueues(restoring: replaced)
        } else {
            _ = Task(executorPreference: executor, operation: operation)
        }
    }
}
