import StampedeLanguage
import StampedeResult

/// What every probe of one capacity search shares: the scenario file, the `--set` overrides,
/// the scaled phase and the judged SLOs.
public struct CapacityContext: Sendable, Codable {
    public var file: String
    /// `--set` overrides as `key=value`, applied before the knobs of a probe.
    public var overrides: [String]
    /// The phase whose rate is scaled; nil scales every phase.
    public var phase: String?
    /// `--slo` selections (expressions or metric names); empty judges every SLO of the scenario.
    public var slos: [String]

    public init(file: String, overrides: [String] = [], phase: String? = nil, slos: [String] = []) {
        self.file = file; self.overrides = overrides; self.phase = phase; self.slos = slos
    }
}

/// One run of a probe: the scenario at `factor`, with these knob values, at one seed.
public struct ProbeRequest: Sendable, Hashable, Codable {
    public var factor: Double
    /// Sizing knobs set for this run (`system.store.pool` → 48), on top of the context's overrides.
    public var knobs: [String: Int]
    public var seed: UInt64

    public init(factor: Double, knobs: [String: Int] = [:], seed: UInt64) {
        self.factor = factor; self.knobs = knobs; self.seed = seed
    }

    /// The knobs as `--set` words, in key order.
    public var knobOverrides: [String] { knobs.keys.sorted().map { "\($0)=\(knobs[$0]!)" } }
}

/// Runs probes: in this process (tests) or in child processes (the command).
public protocol ProbeExecuting: Sendable {
    /// Runs `request` and returns what it measured, or nil without running it when `skip`
    /// says so once the run could start (an earlier seed of the probe already failed).
    ///
    /// - Throws: `CapacityStop` when the search is being interrupted, or when a run could not be done.
    func measure(_ request: ProbeRequest, context: CapacityContext,
                 skip: @escaping @Sendable () -> Bool) async throws(CapacityStop) -> ProbeMeasurement?

    /// Takes a job slot if one is free right now, for a speculative run; false when none is.
    func reserveIdleSlot() async -> Bool

    /// Runs `request` on a slot taken with `reserveIdleSlot`, and frees the slot.
    func measureReserved(_ request: ProbeRequest, context: CapacityContext) async throws(CapacityStop) -> ProbeMeasurement
}

extension ProbeExecuting {
    /// No idle slots to lend: no speculation.
    public func reserveIdleSlot() async -> Bool { false }

    public func measureReserved(_ request: ProbeRequest, context: CapacityContext) async throws(CapacityStop) -> ProbeMeasurement {
        guard let m = try await measure(request, context: context, skip: { false }) else { throw .failed("a reserved run was skipped") }
        return m
    }
}



/// Why a search stopped before its end.
public enum CapacityStop: Error, Sendable, CustomStringConvertible {
    /// Ctrl-C: what was measured so far is kept.
    case interrupted
    /// A run failed outright (a child process crashed, a file could not be read).
    case failed(String)

    public var description: String {
        switch self {
        case .interrupted: return "interrupted"
        case .failed(let why): return why
        }
    }
}
