import Collections

/// Runs every simulated task on the calling thread, in a deterministic order.
///
/// Jobs run FIFO from a ready queue. When nothing is ready, virtual time jumps to the
/// earliest timer and its task resumes; timers due at the same instant fire in the order
/// they were set. A run is therefore a pure function of its inputs.
///
/// Start work with `TaskSpawner(executor: executor).spawn { ... }` (or
/// `Task(executorPreference: executor)`), then call `run()` from the same thread.
///
/// - Note: Debug builds check this confinement (see `VirtualExecutor+Confinement.swift`):
///   enqueueing, scheduling or running from any thread but the one that created the
///   executor, or a completed run that leaves a task parked, stops the program.
public final class VirtualExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: all state is touched only from the thread that created the
    // executor and calls `run()`. Tasks are spawned from that thread before `run()` or by
    // jobs running inside it, and timers are resumed inside it, so the runtime only
    // enqueues from that thread. Debug builds check this on every enqueue, schedule and run.
    private var ready = Deque<UnownedJob>()
    private var timers = TimerHeap()
    private var current = SimInstant.zero
    private var jobs: UInt64 = 0
    #if DEBUG
    /// The thread that created the executor: the only one that may enqueue, schedule or run.
    let owner = currentThread()
    /// Tasks suspended where the executor cannot see them (not on its timers), between
    /// `beginPark()` and `endPark()`.
    var parks = 0
    /// Where a confinement violation is reported. Stops the program; a test replaces it to
    /// see a violation without crashing (execution then goes on).
    package var confinementViolation: (String) -> Void = { preconditionFailure($0) }
    #endif

    public init() {}

    /// The current virtual time.
    public var now: SimInstant { current }

    /// Jobs run so far: each start or resumption of a task on this executor. Per request, the
    /// runtime's share of a run's cost (`stampede bench` prints it).
    public var jobsRun: UInt64 { jobs }

    public func enqueue(_ job: consuming ExecutorJob) {
        checkThread("enqueue(_:)")
        ready.append(UnownedJob(job))
    }

    /// Parks a continuation until `instant` (never earlier than now).
    func schedule(_ continuation: UnsafeContinuation<Void, Never>, at instant: SimInstant) {
        checkThread("schedule(_:at:)")
        timers.push(instant < current ? current : instant, continuation)
    }

    /// Runs until no job is ready and no timer is pending, or until `shouldStop` says so
    /// (it is polled every 4,096 jobs). Returns false if stopped early.
    ///
    /// - Note: In debug builds a run that completes (returns true) with a task still parked
    ///   where only something else could resume it (a pool's queue) is a violation.
    @discardableResult
    public func run(shouldStop: (() -> Bool)? = nil) -> Bool {
        run(until: nil, shouldStop: shouldStop) == .completed
    }

    /// How a run ended.
    public enum RunEnd: Sendable, Equatable {
        /// Every task finished.
        case completed
        /// `shouldStop` said so.
        case stopped
        /// The next timer was past the deadline: tasks still wait, the clock stands at the deadline.
        case deadline
    }

    /// Runs until every task has finished, `shouldStop` returns true, or the next timer
    /// would fire after `deadline` (nil: no deadline).
    public func run(until deadline: SimInstant?, shouldStop: (() -> Bool)? = nil) -> RunEnd {
        checkThread("run(until:shouldStop:)")
        let me = asUnownedTaskExecutor()
        var sincePoll = 0
        while true {
            if let job = ready.popFirst() {
                job.runSynchronously(on: me)
                jobs &+= 1
                sincePoll &+= 1
                if sincePoll == 4096 {
                    sincePoll = 0
                    if let shouldStop, shouldStop() { return .stopped }
                }
                continue
            }
            if let deadline, let next = timers.nextInstant, next > deadline {
                current = max(current, deadline)
                return .deadline
            }
            guard let timer = timers.popMin() else {
                checkNothingParked()
                return .completed
            }
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

    public var virtualExecutor: VirtualExecutor? { executor }

    public func sleep(for duration: SimDuration) async throws {
        await park(for: duration)
    }

    /// The non-throwing sleep the hot paths use.
    ///
    /// The task waits on the executor's own timers, which a completed run has emptied, so
    /// it is not counted by `beginPark()`.
    public func park(for duration: SimDuration) async {
        guard duration.nanoseconds > 0 else { return }
        let deadline = executor.now + duration
        await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
            executor.schedule(c, at: deadline)
        }
    }
}
