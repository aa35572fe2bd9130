import CStampedeAlloc
import Foundation
import StampedeLanguage
import StampedeResult
import StampedeRunner

/// One timed virtual-time run of a scenario, as `stampede bench` prints it and a baseline keeps it.
struct BenchRun {
    var requests: Int
    var wallSeconds: Double
    /// CPU time of the thread that ran the simulation (it runs on one thread), teardown included.
    var cpuSeconds: Double
    var jobs: UInt64
    /// Nil where the allocation counter is not built (not glibc).
    var allocations: UInt64?
    /// Nil where the machine has no hardware instruction counter.
    var instructions: UInt64?

    var requestsPerSecond: Double { wallSeconds > 0 ? Double(requests) / wallSeconds : 0 }
    var requestsPerCPUSecond: Double { cpuSeconds > 0 ? Double(requests) / cpuSeconds : 0 }
    var jobsPerRequest: Double { perRequest(jobs) }
    var allocationsPerRequest: Double? { allocations.map(perRequest) }
    var instructionsPerRequest: Double? { instructions.map(perRequest) }

    private func perRequest(_ n: UInt64) -> Double { requests > 0 ? Double(n) / Double(requests) : 0 }

    /// Runs `spec` once and measures it. The run and its teardown happen on this thread, so the
    /// thread's CPU clock and instruction counter see all of it and nothing else.
    static func measure(_ spec: ScenarioSpec, seed: UInt64) -> BenchRun {
        let counter = stampede_instructions_open()
        defer { stampede_instructions_close(counter) }
        let counted = stampede_allocations_counted() != 0
        let allocationsBefore = stampede_allocations()
        let instructionsBefore = stampede_instructions_read(counter)
        let cpuBefore = threadCPUSeconds()
        let (requests, wall, jobs) = {
            let r = Runner.run(spec, options: RunOptions(seed: seed))
            return (r.simulated.requests, r.meta.wallSeconds, r.meta.jobs ?? 0)
        }()
        let cpu = threadCPUSeconds() - cpuBefore
        let instructionsAfter = stampede_instructions_read(counter)
        let instructions = instructionsBefore == .max || instructionsAfter == .max ? nil : instructionsAfter - instructionsBefore
        return BenchRun(requests: requests, wallSeconds: wall, cpuSeconds: cpu, jobs: jobs,
                        allocations: counted ? stampede_allocations() - allocationsBefore : nil, instructions: instructions)
    }

    private static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// What `bench --save-baseline` writes and `bench --baseline` compares against: the best of a
/// bench's runs, and the per-request counts that explain a change.
struct BenchBaseline: Codable, Equatable {
    static let format = "stampede-bench/1"

    var format = BenchBaseline.format
    var scenario: String
    var seed: UInt64
    var requests: Int
    /// Best of the runs: simulated requests per CPU second of the simulating thread.
    var requestsPerCPUSecond: Double
    var jobsPerRequest: Double
    var allocationsPerRequest: Double?
    var instructionsPerRequest: Double?
    var host: String

    enum CodingKeys: String, CodingKey {
        case format, scenario, seed, requests, host
        case requestsPerCPUSecond = "requests_per_cpu_second", jobsPerRequest = "jobs_per_request"
        case allocationsPerRequest = "allocations_per_request", instructionsPerRequest = "instructions_per_request"
    }

    init(scenario: String, seed: UInt64, runs: [BenchRun], host: String) {
        let best = runs.max { $0.requestsPerCPUSecond < $1.requestsPerCPUSecond } ?? runs[0]
        self.scenario = scenario; self.seed = seed; self.requests = best.requests; self.host = host
        requestsPerCPUSecond = best.requestsPerCPUSecond.rounded()
        jobsPerRequest = (best.jobsPerRequest * 1000).rounded() / 1000
        allocationsPerRequest = best.allocationsPerRequest.map { ($0 * 1000).rounded() / 1000 }
        instructionsPerRequest = runs.compactMap(\.instructionsPerRequest).min()?.rounded()
    }

    /// Reads a baseline, or says what is wrong with the file.
    static func load(_ path: String) throws(BaselineFileError) -> BenchBaseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BaselineFileError("cannot read the bench baseline \(path): no such file, or not readable "
                                    + "(write one with: stampede bench FILE --save-baseline \(path))")
        }
        do {
            let b = try JSONDecoder().decode(BenchBaseline.self, from: data)
            guard b.format == format else {
                throw BaselineFileError("\(path) is a '\(b.format)' file; expected a bench baseline ('\(format)')")
            }
            return b
        } catch let e as BaselineFileError {
            throw e
        } catch {
            throw BaselineFileError("\(path) is not a bench baseline written by `stampede bench --save-baseline`: \(error)")
        }
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try (encoder.encode(self) + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
    }

    /// How this measurement compares with `baseline`: one line per measure, and whether any
    /// got worse by more than `margin` (a fraction).
    func compared(with baseline: BenchBaseline, margin: Double) -> (lines: [String], regressed: Bool) {
        var lines: [String] = []
        var regressed = false
        func judge(_ name: String, _ now: Double, _ then: Double, higherIsWorse: Bool, format: String) {
            let change = then > 0 ? now / then - 1 : 0
            let worse = higherIsWorse ? change > margin : change < -margin
            regressed = regressed || worse
            let verdict = (worse ? "REGRESSED" : "ok").padding(toLength: 9, withPad: " ", startingAt: 0)
            lines.append(String(format: "  %@ %@: %@ against %@ (%+.1f%%, margin %.0f%%)", verdict, name,
                                String(format: format, now), String(format: format, then), change * 100, margin * 100))
        }
        if let now = instructionsPerRequest, let then = baseline.instructionsPerRequest {
            lines.append("  speed is compared by instructions per request (hardware counter, user space)")
            judge("instructions/request", now, then, higherIsWorse: true, format: "%.0f")
        } else {
            lines.append("  speed is compared by simulated requests per CPU second of the simulating thread, best of the runs "
                         + "(no hardware instruction counter on \(instructionsPerRequest == nil ? "this machine" : "the baseline's"); "
                         + "CPU time is less noisy than wall time, not free of noise)")
            judge("requests/CPU s", requestsPerCPUSecond, baseline.requestsPerCPUSecond, higherIsWorse: false, format: "%.0f")
        }
        judge("jobs/request", jobsPerRequest, baseline.jobsPerRequest, higherIsWorse: true, format: "%.3f")
        if let now = allocationsPerRequest, let then = baseline.allocationsPerRequest {
            judge("allocations/request", now, then, higherIsWorse: true, format: "%.2f")
        }
        return (lines, regressed)
    }
}

struct BaselineFileError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
