import ArgumentParser
import Foundation
import StampedeCalibration
import StampedeKernel
import StampedeLanguage

/// `stampede calibrate`: measures real backends and this machine's CPU costs into a calibration
/// file that scenarios read with `empirical(file: …, call: …)`.
struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure a real cache and store, and this machine's hashing cost, into a calibration file for scenarios.",
        discussion: """
        Measures every call the auth service makes on its cache (get, set with TTL, update, delete, \
        incr with expiry, leased get and fill, compare-and-set) and on its store (user lookups, session \
        lookup, insert and touch, refresh rotation, revocation of one session or all of a user's, failure \
        counters, one-time passcodes, password and permission changes), and a realistic mix of each, over \
        a sweep of concurrency 1, 2, 4, 8, ... until throughput grows by no more than --growth, p99 jumps \
        tenfold, calls fail, or --max-concurrency is reached. Each level is that many callers in a closed \
        loop for --seconds. It also times PBKDF2-HMAC-SHA256 at --hash-iterations and access-token signing \
        and verifying. The file holds, per call and level, a percentile table (min, p10 ... p99.9, max) \
        and the throughput, and each backend's saturation throughput; a scenario uses a table as \
        `latency: empirical(file: calibration.yaml, call: store.mix)`. Load goes only to loopback \
        addresses; managed servers are started on free loopback ports in temporary folders and stopped \
        at the end. Ctrl-C stops within a second and still writes what was measured (exit 130). A bad \
        argument or a backend that cannot be reached exits 2. See docs/calibration.md.
        """)

    @Option(help: ArgumentHelp("The cache: managed (a redis-server of its own), none, or redis://HOST[:PORT][/DB] on loopback.",
                               valueName: "managed|none|url"))
    var cache: String = "managed"

    @Option(help: ArgumentHelp("The store: sqlite (a temporary file), sqlite:PATH, managed-postgres, postgres://USER@HOST[:PORT]/DB on loopback, or none.",
                               valueName: "sqlite|managed-postgres|none|url"))
    var store: String = "sqlite"

    @Option(help: "The calibration file to write.")
    var out: String = CalibrationOptions.defaultOut

    @Option(help: "Seconds each step (one call at one concurrency) is measured, after a short warm-up.")
    var seconds: Double = 2

    @Option(help: "The highest concurrency the sweep may reach.")
    var maxConcurrency: Int = 64

    @Option(help: ArgumentHelp("Throughput must grow by more than this from one level to the next for the sweep to go on.",
                               valueName: "percent"))
    var growth: String = "10%"

    @Option(help: "PBKDF2 iterations the password hash is timed at.")
    var hashIterations: Int = 600_000

    @Flag(help: "Do not time PBKDF2 and tokens.")
    var noCPU = false

    func run() async throws {
        let options = try makeOptions()
        let calibrator = Calibrator(options: options, progress: { line in
            print(line)
            fflush(nil)
        }, shouldStop: { interruptRequested.load(ordering: .relaxed) })
        print("calibrate: cache \(options.cache), store \(options.store), \(options.secondsPerStep) s per step, "
              + "concurrency up to \(options.maxConcurrency), writing \(options.out)")
        let outcome: Calibrator.Outcome
        do {
            outcome = try await calibrator.run()
        } catch {
            printError("error: " + error.message)
            throw Exit(code: error.code == .internalError ? .internalError : .badInput)
        }
        for line in Self.summary(outcome.document) { print(line) }
        if outcome.interrupted {
            print("Interrupted: what was measured so far is in \(options.out)")
            throw Exit(code: .interrupted)
        }
        print("Calibration: \(options.out)")
    }

    func makeOptions() throws -> CalibrationOptions {
        var options = CalibrationOptions()
        do {
            options.cache = try CacheTarget.parse(cache)
            options.store = try StoreTarget.parse(store)
        } catch {
            throw badArgument(error.message)
        }
        options.out = out
        options.secondsPerStep = seconds
        options.maxConcurrency = maxConcurrency
        guard let fraction = try? NumberGrammar.proportion(growth, what: "growth") else {
            throw badArgument("--growth \(growth): a percentage such as 10%")
        }
        options.growth = fraction
        options.hashIterations = hashIterations
        options.measureCPU = !noCPU
        options.command = (["stampede"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        do {
            return try options.validated()
        } catch {
            throw badArgument(error.message)
        }
    }

    /// Each backend's saturation and the CPU figures, for the end of the run.
    static func summary(_ document: CalibrationDocument) -> [String] {
        var lines = ["", "Saturation (the mix of each backend):"]
        for backend in document.backends where backend.role != "cpu" {
            guard let s = backend.saturation else { continue }
            lines.append("  \(backend.role.padding(toLength: 6, withPad: " ", startingAt: 0)) \(backend.kind) \(backend.version): "
                         + "\(grouped(Int(s.throughput.rounded()))) calls/s at concurrency \(s.concurrency)"
                         + (s.reached ? "" : " (not saturated: \(s.reason))"))
        }
        if let cpu = document.cpu {
            lines.append("CPU:")
            lines += CPUCalibration.summary(cpu)
        }
        return lines
    }
}
