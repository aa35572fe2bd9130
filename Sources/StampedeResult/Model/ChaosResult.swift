/// What the fault plan did and how the system coped: `result.json`'s `chaos` object.
///
/// Times are seconds from the start of the run. The per-window series of timeouts, retries,
/// shed requests, fallbacks and breaker state are in `timeline.series` (see `Timeline`).
public struct ChaosResult: Codable, Sendable {
    /// Every fault of the plan, in time order, with its occurrences and recovery.
    public var faults: [FaultResult]
    public var resilience: ResilienceResult
    public var availability: AvailabilityResult
    /// Error-budget burn-rate alerts, in time order (also in `events` as type `alert`).
    public var alerts: [AlertResult]
    /// How long every whole-run SLO must hold again for a fault to count as recovered.
    public var recoveryWindowS: Double
    /// The whole-run SLOs recovery is judged by (those that can be read per window).
    public var recoveryJudgedBy: [String]

    public init(faults: [FaultResult], resilience: ResilienceResult, availability: AvailabilityResult, alerts: [AlertResult],
                recoveryWindowS: Double, recoveryJudgedBy: [String]) {
        self.faults = faults; self.resilience = resilience; self.availability = availability; self.alerts = alerts
        self.recoveryWindowS = recoveryWindowS; self.recoveryJudgedBy = recoveryJudgedBy
    }

    enum CodingKeys: String, CodingKey {
        case faults, resilience, availability, alerts, recoveryWindowS = "recovery_window_s"
        case recoveryJudgedBy = "recovery_judged_by"
    }
}

public struct FaultResult: Codable, Sendable {
    public var name: String
    /// `cache`, `cache.<class>`, `store` or `service`.
    public var target: String
    public var kind: String
    public var detail: String
    public var occurrences: [FaultOccurrence]
    /// The slowest recovery over the occurrences; nil if one never recovered (or nothing judges it).
    public var recoveryS: Double?
    public var recovered: Bool
    /// Requests that completed while the fault was active (nil for an instant).
    public var during: PhaseSummary?

    public init(name: String, target: String, kind: String, detail: String, occurrences: [FaultOccurrence],
                recoveryS: Double?, recovered: Bool, during: PhaseSummary?) {
        self.name = name; self.target = target; self.kind = kind; self.detail = detail; self.occurrences = occurrences
        self.recoveryS = recoveryS; self.recovered = recovered; self.during = during
    }

    enum CodingKeys: String, CodingKey {
        case name, target, kind, detail, occurrences, recoveryS = "recovery_s", recovered, during
    }
}

public struct FaultOccurrence: Codable, Sendable {
    public var startS: Double
    public var endS: Double
    /// From `endS` until every whole-run SLO held for the recovery window; nil if it never did.
    public var recoveryS: Double?

    public init(startS: Double, endS: Double, recoveryS: Double?) {
        self.startS = startS; self.endS = endS; self.recoveryS = recoveryS
    }

    enum CodingKeys: String, CodingKey { case startS = "start_s", endS = "end_s", recoveryS = "recovery_s" }
}

/// A phase in a few numbers.
public struct PhaseSummary: Codable, Sendable {
    public var requests: Int
    public var errors: Int
    public var availability: Double
    /// p99 per operation that ran, in milliseconds.
    public var p99Ms: [OperationKind: Double]

    public init(requests: Int, errors: Int, availability: Double, p99Ms: [OperationKind: Double]) {
        self.requests = requests; self.errors = errors; self.availability = availability; self.p99Ms = p99Ms
    }

    enum CodingKeys: String, CodingKey { case requests, errors, availability, p99Ms = "p99_ms" }
}

/// Counts of what the resilience policies and fallbacks did, per source and signal (only
/// those that happened).
public struct ResilienceResult: Codable, Sendable {
    public var counts: [ResilienceSourceKind: [ResilienceSignalKind: Int]]
    /// Breaker state at the end of the run per guarded backend: `closed`, `open` or `half_open`.
    public var breakerAtEnd: [ResilienceSourceKind: String]

    public init(counts: [ResilienceSourceKind: [ResilienceSignalKind: Int]], breakerAtEnd: [ResilienceSourceKind: String]) {
        self.counts = counts; self.breakerAtEnd = breakerAtEnd
    }

    enum CodingKeys: String, CodingKey { case counts, breakerAtEnd = "breaker_at_end" }
}

/// Availability over the run: the share of requests that did not fail for the system's sake.
public struct AvailabilityResult: Codable, Sendable {
    public var measured: Double
    /// The target of the first whole-run `availability` SLO, if any.
    public var target: Double?
    /// `1 − target`: the share of requests allowed to fail.
    public var errorBudget: Double?
    /// Errors over the errors the budget allows (1 = all of it spent).
    public var budgetConsumed: Double?

    public init(measured: Double, target: Double?, errorBudget: Double?, budgetConsumed: Double?) {
        self.measured = measured; self.target = target; self.errorBudget = errorBudget; self.budgetConsumed = budgetConsumed
    }

    enum CodingKeys: String, CodingKey {
        case measured, target, errorBudget = "error_budget", budgetConsumed = "budget_consumed"
    }
}

/// A burn-rate alert: the error budget burned at least `threshold` times its sustainable
/// rate over the trailing `window_s`.
public struct AlertResult: Codable, Sendable {
    /// `critical` or `warning`.
    public var severity: String
    public var threshold: Double
    public var windowS: Double
    /// When the alert fired and when it cleared (the end of the run if it never did).
    public var startS: Double
    public var endS: Double
    public var peakBurnRate: Double

    public init(severity: String, threshold: Double, windowS: Double, startS: Double, endS: Double, peakBurnRate: Double) {
        self.severity = severity; self.threshold = threshold; self.windowS = windowS
        self.startS = startS; self.endS = endS; self.peakBurnRate = peakBurnRate
    }

    enum CodingKeys: String, CodingKey {
        case severity, threshold, windowS = "window_s", startS = "start_s", endS = "end_s", peakBurnRate = "peak_burn_rate"
    }
}
