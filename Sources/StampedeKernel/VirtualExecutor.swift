import Collections

/// Runs every simulated task on the calling thread, in a deterministic order.
///
/// Jobs run FIFO from a ready queue. When nothing is ready, virtual time jumps to the
/// earliest timer and its task resumes; timers due at the same instant fire in the order
/// they were set. A run is therefore a pure function of its inputs.
///
/// Start work with `TaskSpawner(executor: executor).spawn { ... }` (or
/// `Task(executorPreference: executor)`), then call `run()` from the same thread.
public final class VirtualExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: all state is touched only from the thread that calls `run()`.
    // Tasks are spawned from that thread before `run()` or by jobs running inside it, and
    // timers are resumed inside it, so the runtime only enqueues from that thread.
    private var ready = Deque<UnownedJob>()
    private var timers = TimerHeap()
    private var current = SimInstant.zero

    public init() {}

    /// The current virtual time.
    public var now: SimInstant { current }

    public func enqueue(_ job: consuming ExecutorJob) {
        ready.append(UnownedJob(job))
    }

    /// Parks a continuation until `instant` (never earlier than now).
    func schedule(_ continuation: UnsafeContinuation<Void, Never>, at instant: SimInstant) {
        timers.push(instant < current ? current : instant, continuation)
    }

    /// Runs until no job is ready and no timer is pending, or until `shouldStop` says so
    /// (it is polled every 4,096 jobs). Returns false if stopped early.
    @discardableResult
    public func run(shouldStop: (() -> Bool)? = nil) -> Bool {
        let me = asUnownedTaskExecutor()
        var sincePoll = 0
        while true {
            if let job = ready.popFirst() {
                job.runSynchronously(on: me)
                sincePoll &+= 1
                if sincePoll == 4096 {
                    sincePoll = 0
                    if let shouldStop, shouldStop() { return false }
                }
                continue
            }
            guard let timer = timers.popMin() else { return true }
            current = timer.instant
            timer.continuation.resume()
        }
    }

}

/// The clock of a virtual-time run: reads and advances the executor's time.
public final class VirtualClock: SimClock, @unchecked Sendable {
    // @unchecked Sendable: see VirtualExecutor — used only from the executor's thread.
    public let executor: VirtualExecutor

    public init(executor: VirtualExecutor) { self.executor = executor }

    public var now: SimInstant { executor.now }

    public var spawner: TaskSpawner { TaskSpawner(executor: executor) }

    public func sleep(for duration: SimDuration) async throws {
        await park(for: duration)
    }

    /// The non-throwing sleep the hot paths use.
    public func park(for duration: SimDuration) async {
        guard duration.nanoseconds > 0 else { return }
        let deadline = executor.now + duration
        await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
            executor.schedule(c, at: deadline)
        }
    }
}
