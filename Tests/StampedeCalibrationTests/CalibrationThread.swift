import Foundation

/// A task executor with one thread of its own, for the tests that measure real time.
///
/// The rest of the package's tests keep the cooperative pool's two threads busy with
/// simulations for minutes; a calibration waiting for one of them would see its Redis calls
/// pass their deadlines while nothing of its own was slow (as the Redis tests found). Jobs run
/// in the order they arrive.
final class CalibrationThread: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` is only touched with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    static let shared = CalibrationThread()

    private init() {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "stampede-calibration-tests"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
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
}

/// Runs `body` and every task it starts on the calibration thread.
func onCalibrationThread<T>(_ body: () async throws -> T) async throws -> T {
    try await withTaskExecutorPreference(CalibrationThread.shared) { try await body() }
}
