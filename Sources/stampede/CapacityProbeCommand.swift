import ArgumentParser
import Foundation
import StampedeCapacity
import StampedeReports

/// `stampede capacity-probe`: one probe run of a capacity search, in a child process of
/// `stampede capacity`. Writes a `ProbeMeasurement` as JSON to `--output`.
struct CapacityProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity-probe", abstract: "One probe of `stampede capacity` (internal).", shouldDisplay: false)

    @Argument var file: String
    @Option var factor: Double
    @Option var seed: UInt64
    @Option var output: String
    @Option var phase: String?
    @Option var slo: [String] = []
    @Option(name: .customLong("set")) var sets: [String] = []

    func run() throws {
        Self.followParent()
        var knobs: [String: Int] = [:]
        var overrides: [String] = []
        for s in sets {
            if let eq = s.firstIndex(of: "="), SizingKnob(rawValue: String(s[..<eq])) != nil, let v = Int(s[s.index(after: eq)...]) {
                knobs[String(s[..<eq])] = v
            } else {
                overrides.append(s)
            }
        }
        let context = CapacityContext(file: file, overrides: overrides, phase: phase, slos: slo)
        let request = ProbeRequest(factor: factor, knobs: knobs, seed: seed)
        do {
            let m = try ProbeRun.measure(request, context: context, shouldStop: { interruptRequested.load(ordering: .relaxed) })
            try ComparisonJSON.encode(m).write(to: URL(fileURLWithPath: output))
        } catch {
            printError(String(describing: error))
            throw Exit(code: .internalError)
        }
    }

    /// A child started by Foundation's `Process` from a concurrency thread inherits that
    /// thread's blocked signals: unblock them, so Ctrl-C reaches this run.
    static func followParent() {
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
    }
}
