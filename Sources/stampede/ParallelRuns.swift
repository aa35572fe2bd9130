import Foundation
import StampedeReports
import StampedeResult
import Synchronization

/// Runs the runs of a `--seeds` or `--matrix` plan as child processes (`stampede run … --quiet`),
/// at most `jobs` at once, each writing its reports into its own folder as a sequential run would.
///
/// Wall-clock orchestration only: each child is the same deterministic virtual-time run the
/// parent would have made (same file, seed, overrides and baseline, so the same `reproduce`
/// line), so how they are scheduled never changes what they write.
final class ParallelRuns: Sendable {
    /// One run of the plan, in plan order.
    struct Job: Sendable {
        var index: Int
        var label: String
        var folder: String
        var arguments: [String]
    }

    /// How a job ended: its result as the child wrote it, or why there is none.
    enum Outcome: Sendable {
        case finished(RunResult, paths: [String])
        case failed(String)
        /// Not started: Ctrl-C came first.
        case skipped
    }

    private let slots: JobSlots
    private let children = ChildProcesses()

    init(jobs: Int) { slots = JobSlots(jobs) }

    /// Runs every job and hands each outcome to `report` in plan order, as soon as it and all
    /// before it are done. Ctrl-C is passed on to the running children, which stop and write
    /// what they measured; jobs not started are skipped.
    func run(_ jobs: [Job], report: @escaping @Sendable (Job, Outcome) -> Void) async -> [Outcome] {
        let printer = InOrder(count: jobs.count)
        let watcher = InterruptWatcher { [children] in children.signalAll(SIGINT) }
        defer { watcher.stop() }
        return await withTaskGroup(of: (Int, Outcome).self) { group in
            for job in jobs {
                group.addTask { [self] in
                    await slots.acquire()
                    let outcome = interruptRequested.load(ordering: .relaxed) ? Outcome.skipped : await runChild(job)
                    await slots.release()
                    return (job.index, outcome)
                }
            }
            var outcomes = [Outcome](repeating: .skipped, count: jobs.count)
            for await (index, outcome) in group {
                outcomes[index] = outcome
                for ready in printer.complete(index) { report(jobs[ready], outcomes[ready]) }
            }
            return outcomes
        }
    }

    private func runChild(_ job: Job) async -> Outcome {
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-run-\(getpid())-\(job.index).err").path
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errors) }
        var environment = ProcessInfo.processInfo.environment
        environment[childRunVariable] = "1"
        let status = await children.run(job.arguments, environment: environment, errors: errors)
        let resultPath = (job.folder as NSString).appendingPathComponent("result.json")
        // 0, 1 and 3 are verdicts; 130 an interrupted run that still wrote what it measured.
        if [0, 1, 3, 130].contains(status), let result = try? ResultFiles.load(resultPath) {
            let paths = ReportWriter.fileNames.map { (job.folder as NSString).appendingPathComponent($0) }
            return .finished(result, paths: paths)
        }
        let why = (try? String(contentsOfFile: errors, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return .failed("\(job.label) failed (exit \(status))" + (why.isEmpty ? "" : ": \(why)"))
    }
}

/// Releases finished indices in order: 0, 1, 2, … as each and all before it are done.
private final class InOrder: Sendable {
    private let state: Mutex<(done: [Bool], next: Int)>

    init(count: Int) { state = Mutex((Array(repeating: false, count: count), 0)) }

    func complete(_ index: Int) -> [Int] {
        state.withLock { s in
            s.done[index] = true
            var ready: [Int] = []
            while s.next < s.done.count, s.done[s.next] {
                ready.append(s.next)
                s.next += 1
            }
            return ready
        }
    }
}
