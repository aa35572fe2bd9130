import CStampedeRouting
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
/// Tasks started by the spawner carry no task-executor preference, which the runtime would
/// look up under a lock on every executor switch. Instead, while the executor spawns or runs,
/// it claims every job the runtime hands to its global pool from this thread
/// (`CStampedeRouting`), and runs it as the global pool would. Enqueues from any other thread,
/// and on this thread outside `spawn` and `run`, go to the runtime's global pool as usual.
///
/// - Note: Every build checks this confinement (see `VirtualExecutor+Confinement.swift`):
///   enqueueing, scheduling or running from any thread but the one that created the
///   executor, or a completed run that leaves a task parked, stops the program.
public final class VirtualExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked Sendable: all state is touched only from the thread that created the
    // executor and calls `run()`. Tasks are spawned from that thread before `run()` or by
    // jobs running inside it, and timers are resumed inside it, so the runtime only
    // enqueues from that thread. This is checked on every enqueue, schedule and run.
    private var ready = Deque<ReadyJob>()
    private var timers = TimerHeap()
    private var current = SimInstant.zero
    private var jobs: UInt64 = 0
    /// The thread that created the executor: the only one that may enqueue, schedule or run.
    let owner = currentThread()
    /// Tasks suspended where the executor cannot see them (not on its timers), between
    /// `beginPark()` and `endPark()`.
    var parks = 0
    /// Where a confinement violation is reported. Stops the program; a test replaces it to
    /// see a violation without crashing (execution then goes on).
    package var confinementViolation: (String) -> Void = { preconditionFailure($0) }

    public init() { stampede_routing_install() }

    /// A job to run: one the runtime handed to this executor (a task that prefers it), or one
    /// it would have given its global pool, claimed while this executor spawned or ran.
    private enum ReadyJob {
        case preferring(UnownedJob)
        case global(UnsafeMutableRawPointer)
    }

    /// The current virtual time.
    public var now: SimInstant { current }

    /// Jobs run so far: each start or resumption of a task on this executor. Per request, the
    /// runtime's share of a run's cost (`stampede bench` prints it).
    public var jobsRun: UInt64 { jobs }

    public func enqueue(_ job: consuming ExecutorJob) {
        checkThread("enqueue(_:)")
        ready.append(.preferring(UnownedJob(job)))
    }

    /// Runs `body` with this thread's global enqueues claimed by this executor: wrap
    /// synchronous code that resumes one of its tasks outside `run` (a test releasing a pool
    /// between runs), or the task would resume on the runtime's global pool instead.
    public func claimingGlobalEnqueues<T>(_ body: () throws -> T) rethrows -> T {
        let replaced = beginClaimingGlobalEnqueues()
        defer { endClaimingGlobalEnqueues(restoring: replaced) }
        return try body()
    }

    /// From now on this executor claims the global enqueues made on this thread; returns the
    /// route to restore with `endClaimingGlobalEnqueues(restoring:)`.
    func beginClaimingGlobalEnqueues() -> stampede_route {
        stampede_route_set(stampede_route(context: Unmanaged.passUnretained(self).toOpaque(), function: { context, job in
            Unmanaged<VirtualExecutor>.fromOpaque(context).takeUnretainedValue().claim(job)
        }))
    }

    func endClaimingGlobalEnqueues(restoring replaced: stampede_route) {
        _ = stampede_route_set(replaced)
    }

    private func claim(_ job: UnsafeMutableRawPointer) {
        checkThread("enqueue(_:)")
        ready.append(.global(job))
    }

    /// Parks a continuation until `instant` (never earlier than now).
    func schedule(_ continuation: UnsafeContinuation<Void, Never>, at instant: SimInstant) {
        schedule(.resume(continuation), at: instant)
    }

    /// Calls `start.fire()` at `instant` (never earlier than now), in the same order among
    /// timers as a continuation scheduled then would resume.
    func schedule(_ start: any TimerStart, at instant: SimInstant) {
        schedule(.start(start), at: instant)
    }

    private func schedule(_ wakeup: TimerHeap.Wakeup, at instant: SimInstant) {
        checkThread("schedule(_:at:)")
        timers.push(instant < current ? current : instant, wakeup)
    }

    /// Runs until no job is ready and no timer is pending, or until `shouldStop` says so
    /// (it is polled every 4,096 jobs). Returns false if stopped early.
    ///
    /// - Note: A run that completes (returns true) with a task still parked
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
        return claimingGlobalEnqueues { runLoop(until: deadline, shouldStop: shouldStop) }
    }

    private func runLoop(until deadline: SimInstant?, shouldStop: (() -> Bool)?) -> RunEnd {
        let me = asUnownedTaskExecutor()
        var sincePoll = 0
        while true {
            if let job = ready.popFirst() {
                switch job {
                case .preferring(let job): job.runSynchronously(on: me)
                case .global(let job): stampede_job_run_generic(job)
                }
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
            switch timer.wakeup {
            case .resume(let continuation): continuation.resume()
            case .start(let start): start.fire()
            }
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
