import ArgumentParser
import Foundation
import StampedeKernel
import StampedeScenario

/// Measures the simulator itself: simulated requests per wall second and peak memory.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the simulator on a scenario: simulated requests/s (checker on) and peak memory.",
        discussion: """
        Runs the scenario in virtual time --repeat times and prints, per run, the simulated
        requests, wall time, simulated requests per wall second and simulated seconds per wall
        second; then the best and median, and the process's peak resident memory.
        With --stretch K it also runs the scenario K times as long and reports peak memory
        for both, to show memory grows with users and live sessions, not with requests.
        Target (DESIGN.md): at least 200,000 simulated requests/s on one core.
        With --report it instead runs the scenario stretched to --report-length of simulated time
        (default 1h) and times rendering its report: index.html must render in under 1 s and stay
        under 2 MB.
        """)

    @Argument(help: "The scenario to run.")
    var file: String = "scenarios/login-storm.yaml"

    @Option(help: "How many timed runs.")
    var `repeat`: Int = 3

    @Option(help: "Root seed.")
    var seed: UInt64 = 1

    @Option(help: "Also run the scenario stretched this many times longer and compare peak memory.")
    var stretch: Double?

    @Flag(help: "Benchmark report rendering on a long run instead (see --report-length).")
    var report = false

    @Option(help: "Simulated length of the run whose report --report renders, e.g. 1h.")
    var reportLength: String = "1h"

    @Flag(help: "First measure real PBKDF2 and token costs on this machine (for password_hash.cost and token_cost).")
    var calibrate = false

    func run() throws {
        if calibrate {
            print("calibration (wall clock, this machine):")
            Calibration.run()
        }
        let spec = try loadScenario(file)
        if report {
            try ReportBenchmark(spec: spec, seed: seed, length: reportLength, repeats: max(1, self.repeat)).run()
            return
        }
        print("bench: \(spec.name) (\(spec.duration) simulated, \(spec.users.count) users), seed \(seed), checker on")
        var rates: [Double] = []
        for i in 1...max(1, self.repeat) {
            let r = Runner.run(spec, options: RunOptions(seed: seed))
            rates.append(r.meta.simRequestsPerSecond)
            print(String(format: "  run %d: %@ requests in %.2fs wall = %@ simulated req/s, %.0fx real time",
                         i, grouped(r.simulated.requests), r.meta.wallSeconds, grouped(Int(r.meta.simRequestsPerSecond)), r.meta.speedup))
        }
        let sorted = rates.sorted()
        print(String(format: "  best %@ req/s, median %@ req/s; peak memory %.0f MB",
                     grouped(Int(sorted.last ?? 0)), grouped(Int(sorted[sorted.count / 2])), ProcessMemory.peakMB()))
        if let k = stretch, k > 0 {
            let long = spec.stretched(by: k)
            let r = Runner.run(long, options: RunOptions(seed: seed))
            print(String(format: "  stretched x%g: %@ simulated, %@ requests, %@ simulated req/s; peak memory %.0f MB",
                         k, formatDuration(long.duration), grouped(r.simulated.requests),
                         grouped(Int(r.meta.simRequestsPerSecond)), ProcessMemory.peakMB()))
        }
    }
}
