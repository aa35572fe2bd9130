/// Everything a run measured: the input of every report writer and of `result.json`.
///
/// All of it is a pure function of (scenario, seed, code version) in virtual time, except
/// `meta`, which holds what legitimately differs between two runs of the same inputs.
/// Latencies are in milliseconds, rates and ratios are fractions in 0...1, times are
/// seconds from the start of the run.
public struct RunResult: Codable, Sendable {
    public var meta: Meta
    public var scenario: ScenarioInfo
    public var seed: UInt64
    /// `pass`, `slo_failed`, `violated`, or `regressed` (worse than the baseline beyond the threshold).
    public var verdict: String
    /// The exit code this result calls for (0, 1 or 3).
    public var exitCode: Int
    public var simulated: Simulated
    /// Per auth operation (register, login, validate, refresh, logout, change_password,
    /// change_permissions), keyed by name.
    public var operations: [String: OperationStats]
    /// Per backend call (cache.get, cache.set, cache.delete, cache.incr, store.query,
    /// store.write), keyed by name.
    public var backends: [String: BackendStats]
    /// Per resource pool (cache, store, cores).
    public var pools: [String: PoolStats]
    public var cache: CacheStats
    /// Counts of outcomes per operation and reason, e.g. `validate.denied.session_revoked`.
    public var outcomes: [String: Int]
    public var slos: [SLOResult]
    public var violations: Violations
    /// Fault windows and security events, in time order.
    public var events: [TimelineEvent]
    public var timeline: Timeline
    /// The comparison with a baseline run (`run --baseline`); absent when there was none.
    public var baseline: BaselineReport?
    /// Fault plan, resilience counts, availability, recovery and alerts (see `ChaosResult`).
    public var chaos: ChaosResult?
    /// Caching strategies per data class, cache memory and persistence; absent in older results.
    public var caching: CachingResult?

    public init(meta: Meta, scenario: ScenarioInfo, seed: UInt64, verdict: String, exitCode: Int,
                simulated: Simulated, operations: [String: OperationStats], backends: [String: BackendStats],
                pools: [String: PoolStats], cache: CacheStats, outcomes: [String: Int], slos: [SLOResult],
                violations: Violations, events: [TimelineEvent], timeline: Timeline, baseline: BaselineReport? = nil,
                chaos: ChaosResult? = nil) {
        self.meta = meta; self.scenario = scenario; self.seed = seed; self.verdict = verdict
        self.exitCode = exitCode; self.simulated = simulated; self.operations = operations
        self.backends = backends; self.pools = pools; self.cache = cache; self.outcomes = outcomes
        self.slos = slos; self.violations = violations; self.events = events; self.timeline = timeline
        self.baseline = baseline; self.chaos = chaos
    }

    enum CodingKeys: String, CodingKey {
        case meta, scenario, seed, verdict, exitCode = "exit_code", simulated, operations, backends, pools, cache
        case outcomes, slos, violations, events, timeline, baseline, chaos, caching
    }
}

public struct Meta: Codable, Sendable {
    /// ISO 8601, UTC.
    public var startedAt: String
    public var wallSeconds: Double
    public var simRequestsPerSecond: Double
    /// Simulated seconds per wall-clock second.
    public var speedup: Double
    public var version: String
    public var host: String
    /// `virtual` or `wall`.
    public var clock: String
    /// True when the run was stopped early (Ctrl-C); everything measured up to then is here.
    public var interrupted: Bool
    /// The exact command that reproduces the run.
    public var reproduce: String
    public var peakMemoryMB: Double
    /// How far the arrival generator fell behind its schedule at worst (wall-clock mode;
    /// latencies are measured from the intended start, so the lag is in them too).
    public var generatorLagMaxMs: Double

    public init(startedAt: String, wallSeconds: Double, simRequestsPerSecond: Double, speedup: Double,
                version: String, host: String, clock: String, interrupted: Bool, reproduce: String, peakMemoryMB: Double,
                generatorLagMaxMs: Double = 0) {
        self.generatorLagMaxMs = generatorLagMaxMs
        self.startedAt = startedAt; self.wallSeconds = wallSeconds; self.simRequestsPerSecond = simRequestsPerSecond
        self.speedup = speedup; self.version = version; self.host = host; self.clock = clock
        self.interrupted = interrupted; self.reproduce = reproduce; self.peakMemoryMB = peakMemoryMB
    }

    enum CodingKeys: String, CodingKey {
        case startedAt = "started_at", wallSeconds = "wall_seconds", simRequestsPerSecond = "sim_requests_per_second"
        case speedup, version, host, clock, interrupted, reproduce, peakMemoryMB = "peak_memory_mb"
        case generatorLagMaxMs = "generator_lag_max_ms"
    }
}

public struct ScenarioInfo: Codable, Sendable {
    public var name: String
    public var description: String
    /// File name as given on the command line (not an absolute path, so results compare across machines).
    public var file: String
    public var sha256: String
    /// Changes applied on top of the file (`--set`, `--matrix`) as `path=value`, in order.
    public var overrides: [String]
    public init(name: String, description: String, file: String, sha256: String, overrides: [String] = []) {
        self.name = name; self.description = description; self.file = file; self.sha256 = sha256
        self.overrides = overrides
    }
    enum CodingKeys: String, CodingKey { case name, description, file, sha256, overrides }
}

public struct Simulated: Codable, Sendable {
    /// Simulated seconds covered (less than the scenario's duration if interrupted).
    public var durationS: Double
    public var requests: Int
    public var errors: Int
    public var journeys: Int
    public var users: Int
    public var sessionsCreated: Int
    /// Arrivals not started because the most journeys allowed in flight were running (an
    /// overloaded system); nil when none were dropped.
    public var journeysDropped: Int?
    public init(durationS: Double, requests: Int, errors: Int, journeys: Int, users: Int, sessionsCreated: Int,
                journeysDropped: Int? = nil) {
        self.durationS = durationS; self.requests = requests; self.errors = errors
        self.journeys = journeys; self.users = users; self.sessionsCreated = sessionsCreated
        self.journeysDropped = journeysDropped
    }
    enum CodingKeys: String, CodingKey {
        case durationS = "duration_s", requests, errors, journeys, users, sessionsCreated = "sessions_created"
        case journeysDropped = "journeys_dropped"
    }
}

/// Latency summary in milliseconds.
public struct LatencySummary: Codable, Sendable, Equatable {
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double
    public var mean: Double
    public init(p50: Double, p90: Double, p99: Double, p999: Double, max: Double, mean: Double) {
        self.p50 = p50; self.p90 = p90; self.p99 = p99; self.p999 = p999; self.max = max; self.mean = mean
    }
    public static let empty = LatencySummary(p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0)
}

/// One point of an HDR percentile curve.
public struct PercentilePoint: Codable, Sendable, Equatable {
    public var percentile: Double
    public var ms: Double
    public init(percentile: Double, ms: Double) { self.percentile = percentile; self.ms = ms }
}

public struct OperationStats: Codable, Sendable {
    public var count: Int
    /// Requests that failed for the system's sake (backend unavailable, fail-closed denial, shed).
    public var errors: Int
    /// Requests refused for the caller's sake (wrong password, revoked session, ...): expected denials.
    public var denied: Int
    public var latencyMs: LatencySummary
    /// Percentile distribution for HDR plots.
    public var percentiles: [PercentilePoint]
    public init(count: Int, errors: Int, denied: Int, latencyMs: LatencySummary, percentiles: [PercentilePoint]) {
        self.count = count; self.errors = errors; self.denied = denied; self.latencyMs = latencyMs; self.percentiles = percentiles
    }
    enum CodingKeys: String, CodingKey { case count, errors, denied, latencyMs = "latency_ms", percentiles }
}

public struct BackendStats: Codable, Sendable {
    public var count: Int
    public var errors: Int
    /// Wait for a connection plus service time.
    public var latencyMs: LatencySummary
    public var waitMs: LatencySummary
    public var serviceMs: LatencySummary
    public init(count: Int, errors: Int, latencyMs: LatencySummary, waitMs: LatencySummary, serviceMs: LatencySummary) {
        self.count = count; self.errors = errors; self.latencyMs = latencyMs; self.waitMs = waitMs; self.serviceMs = serviceMs
    }
    enum CodingKeys: String, CodingKey { case count, errors, latencyMs = "latency_ms", waitMs = "wait_ms", serviceMs = "service_ms" }
}

public struct PoolStats: Codable, Sendable {
    public var capacity: Int
    public var calls: Int
    /// Busy connection-time over capacity × duration.
    public var utilization: Double
    public var maxQueue: Int
    public var meanWaitMs: Double
    public init(capacity: Int, calls: Int, utilization: Double, maxQueue: Int, meanWaitMs: Double) {
        self.capacity = capacity; self.calls = calls; self.utilization = utilization
        self.maxQueue = maxQueue; self.meanWaitMs = meanWaitMs
    }
    enum CodingKeys: String, CodingKey { case capacity, calls, utilization, maxQueue = "max_queue", meanWaitMs = "mean_wait_ms" }
}

public struct CacheStats: Codable, Sendable {
    public var hits: Int
    public var misses: Int
    public var hitRatio: Double
    public var evictions: Int
    public var expirations: Int
    /// Calls that failed because the cache was unavailable.
    public var failures: Int
    /// Reads answered by the store because the cache failed.
    public var fallbacks: Int
    public var entriesAtEnd: Int
    public init(hits: Int, misses: Int, hitRatio: Double, evictions: Int, expirations: Int, failures: Int, fallbacks: Int, entriesAtEnd: Int) {
        self.hits = hits; self.misses = misses; self.hitRatio = hitRatio; self.evictions = evictions
        self.expirations = expirations; self.failures = failures; self.fallbacks = fallbacks; self.entriesAtEnd = entriesAtEnd
    }
    enum CodingKeys: String, CodingKey {
        case hits, misses, hitRatio = "hit_ratio", evictions, expirations, failures, fallbacks, entriesAtEnd = "entries_at_end"
    }
}

public struct Violations: Codable, Sendable {
    public var count: Int
    /// Count per invariant, for every invariant checked (zeros included).
    public var byInvariant: [String: Int]
    /// The first violations found (capped), each with its witness.
    public var items: [ViolationItem]
    public init(count: Int, byInvariant: [String: Int], items: [ViolationItem]) {
        self.count = count; self.byInvariant = byInvariant; self.items = items
    }
    enum CodingKeys: String, CodingKey { case count, byInvariant = "by_invariant", items }
}

public struct ViolationItem: Codable, Sendable {
    public var invariant: String
    public var user: Int
    public var session: String
    /// When the offending request started, seconds.
    public var atS: Double
    /// When the security event that should have prevented it completed, seconds.
    public var eventAtS: Double
    public var message: String
    public var witness: [WitnessEvent]
    public init(invariant: String, user: Int, session: String, atS: Double, eventAtS: Double, message: String, witness: [WitnessEvent]) {
        self.invariant = invariant; self.user = user; self.session = session; self.atS = atS
        self.eventAtS = eventAtS; self.message = message; self.witness = witness
    }
    enum CodingKeys: String, CodingKey { case invariant, user, session, atS = "at_s", eventAtS = "event_at_s", message, witness }
}

public struct TimelineEvent: Codable, Sendable {
    /// `fault`, `security`, `alert` (a burn-rate alert) or `breaker` (a circuit breaker open).
    public var type: String
    public var label: String
    public var startS: Double
    /// Equal to `startS` for an instant.
    public var endS: Double
    public var detail: String
    public init(type: String, label: String, startS: Double, endS: Double, detail: String) {
        self.type = type; self.label = label; self.startS = startS; self.endS = endS; self.detail = detail
    }
    enum CodingKeys: String, CodingKey { case type, label, startS = "start_s", endS = "end_s", detail }
}

/// Per-window time series, column by column (index i is the window starting at `startS[i]`).
public struct Timeline: Codable, Sendable {
    public var windowS: Double
    public var startS: [Double]
    /// Completed requests per second in each window.
    public var throughput: [Double]
    /// Errors per second in each window.
    public var errors: [Double]
    public var cacheHitRatio: [Double]
    /// Store calls per second.
    public var storeCalls: [Double]
    /// Per operation: count, p50, p99 and max per window.
    public var operations: [String: OperationSeries]
    /// Per resource pool (cache, store, cores): utilization and queueing per window.
    public var pools: [String: PoolSeries]
    /// Further per-window series keyed `<group>.<name>`, e.g. `breaker.cache.open`,
    /// `retries.store`, `shed.login`. The report draws one chart per group, only when present;
    /// empty when the run produced none.
    public var series: [String: [Double]]
    public init(windowS: Double, startS: [Double], throughput: [Double], errors: [Double], cacheHitRatio: [Double],
                storeCalls: [Double], operations: [String: OperationSeries], pools: [String: PoolSeries] = [:],
                series: [String: [Double]] = [:]) {
        self.windowS = windowS; self.startS = startS; self.throughput = throughput; self.errors = errors
        self.cacheHitRatio = cacheHitRatio; self.storeCalls = storeCalls; self.operations = operations
        self.pools = pools; self.series = series
    }
    enum CodingKeys: String, CodingKey {
        case windowS = "window_s", startS = "start_s", throughput, errors, cacheHitRatio = "cache_hit_ratio"
        case storeCalls = "store_calls", operations, pools, series
    }
}
