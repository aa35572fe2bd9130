import Foundation

/// A task executor with one thread of its own, for the tests that measure real time.
///
/// The rest of the package's tests run simulations synchronously on the cooperative pool's
/// two threads for minutes at a time; a wall-clock test whose continuations waited for one
/// of those threads saw its deadlines pass and its servers "not answer" while nothing of its
/// own was slow (seen in a full `swift test`). Jobs run in the order they arrive. Each test
/// target that needs one makes its own, so two such suites do not wait on each other.
public final class WallClockThread: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    public init(name: String) {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = name
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// Runs `body`, and every task it starts that inherits the preference, on this thread.
    public func run<T>(_ body: () async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(self) { try await body() }
    }
}
