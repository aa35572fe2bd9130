/// Everything a run measured: the input of every report writer and of `result.json`.
///
/// All of it is a pure function of (scenario, seed, code version) in virtual time, except
/// `meta`, which holds what legitimately differs between two runs of the same inputs.
/// Latencies are in milliseconds, rates and ratios are fractions in 0...1, times are
/// seconds from the start of the run. How it is written as JSON, and how older files are
/// read, is in `RunResult+Wire.swift`.
public struct RunResult: Sendable {
    public var meta: Meta
    public var scenario: ScenarioInfo
    public var seed: UInt64
    public var verdict: Verdict
    /// The exit code this result calls for (0, 1 or 3).
    public var exitCode: Int
    public var simulated: Simulated
    /// Per auth operation that ran.
    public var operations: [OperationKind: OperationStats]
    /// Per backend call that ran.
    public var backends: [BackendCallKind: BackendStats]
    /// Per resource pool.
    public var pools: [PoolKind: PoolStats]
    public var cache: CacheStats
    /// Counts of outcomes per operation and reason, e.g. `validate.denied.session_revoked`.
    public var outcomes: [String: Int]
    public var slos: [SLOResult]
    public var violations: Violations
    /// Fault windows, security events, alerts and breaker spells, in time order.
    public var events: [TimelineEvent]
    public var timeline: Timeline
    /// The comparison with a baseline run (`run --baseline`); absent when there was none.
    public var baseline: BaselineReport?
    /// Fault plan, resilience counts, availability, recovery and alerts (see `ChaosResult`).
    public var chaos: ChaosResult?
    /// Caching strategies per data class, cache memory and persistence; absent in older results.
    public var caching: CachingResult?
    /// How well the arrival generator kept its schedule (wall-clock runs only; in virtual time
    /// it keeps it exactly).
    public var generator: GeneratorReport?

    public init(meta: Meta, scenario: ScenarioInfo, seed: UInt64, verdict: Verdict, exitCode: Int,
                simulated: Simulated, operations: [OperationKind: OperationStats], backends: [BackendCallKind: BackendStats],
                pools: [PoolKind: PoolStats], cache: CacheStats, outcomes: [String: Int], slos: [SLOResult],
                violations: Violations, events: [TimelineEvent], timeline: Timeline, baseline: BaselineReport? = nil,
                chaos: ChaosResult? = nil, caching: CachingResult? = nil, generator: GeneratorReport? = nil) {
        self.meta = meta; self.scenario = scenario; self.seed = seed; self.verdict = verdict
        self.exitCode = exitCode; self.simulated = simulated; self.operations = operations
        self.backends = backends; self.pools = pools; self.cache = cache; self.outcomes = outcomes
        self.slos = slos; self.violations = violations; self.events = events; self.timeline = timeline
        self.baseline = baseline; self.chaos = chaos; self.caching = caching; self.generator = generator
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
    /// How password hashing cost was spent: `modeled` (CPU time drawn on the modeled cores) or
    /// `real` (PBKDF2 at the configured iterations, on this machine's CPU).
    public var passwordHashing: String
    /// The real servers and files the run used (wall-clock runs against real backends); nil
    /// when every backend was a model.
    public var realBackends: [RealBackendInfo]?
    /// Process faults a real server refused or failed (a restart that did not come back).
    public var faultFailures: [String]?
    /// Every step done to a backend process (flush, kill, restart, failover), when and with
    /// what outcome; nil when there was none.
    public var processFaults: [String]?
    /// Jobs the virtual executor ran (task starts and resumptions; virtual time only): the
    /// runtime's share of the simulator's cost.
    public var jobs: UInt64?

    public init(startedAt: String, wallSeconds: Double, simRequestsPerSecond: Double, speedup: Double,
                version: String, host: String, clock: String, interrupted: Bool, reproduce: String, peakMemoryMB: Double,
                generatorLagMaxMs: Double = 0, passwordHashing: String = "modeled", realBackends: [RealBackendInfo]? = nil,
                faultFailures: [String]? = nil, processFaults: [String]? = nil) {
        self.processFaults = processFaults
        self.generatorLagMaxMs = generatorLagMaxMs
        self.passwordHashing = passwordHashing; self.realBackends = realBackends; self.faultFailures = faultFailures
        self.startedAt = startedAt; self.wallSeconds = wallSeconds; self.simRequestsPerSecond = simRequestsPerSecond
        self.speedup = speedup; self.version = version; self.host = host; self.clock = clock
        self.interrupted = interrupted; self.reproduce = reproduce; self.peakMemoryMB = peakMemoryMB
    }

    enum CodingKeys: String, CodingKey {
        case startedAt = "started_at", wallSeconds = "wall_seconds", simRequestsPerSecond = "sim_requests_per_second"
        case speedup, version, host, clock, interrupted, reproduce, peakMemoryMB = "peak_memory_mb"
        case generatorLagMaxMs = "generator_lag_max_ms", passwordHashing = "password_hashing", realBackends = "real_backends"
        case faultFailures = "fault_failures", processFaults = "process_faults", jobs
    }

    /// Results saved before a field existed still read (as baselines do): it takes its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(startedAt: try c.decode(String.self, forKey: .startedAt), wallSeconds: try c.decode(Double.self, forKey: .wallSeconds),
                  simRequestsPerSecond: try c.decode(Double.self, forKey: .simRequestsPerSecond),
                  speedup: try c.decode(Double.self, forKey: .speedup), version: try c.decode(String.self, forKey: .version),
                  host: try c.decode(String.self, forKey: .host), clock: try c.decode(String.self, forKey: .clock),
                  interrupted: try c.decode(Bool.self, forKey: .interrupted), reproduce: try c.decode(String.self, forKey: .reproduce),
                  peakMemoryMB: try c.decode(Double.self, forKey: .peakMemoryMB),
                  generatorLagMaxMs: try c.decodeIfPresent(Double.self, forKey: .generatorLagMaxMs) ?? 0,
                  passwordHashing: try c.decodeIfPresent(String.self, forKey: .passwordHashing) ?? "modeled",
                  realBackends: try c.decodeIfPresent([RealBackendInfo].self, forKey: .realBackends),
                  faultFailures: try c.decodeIfPresent([String].self, forKey: .faultFailures),
                  processFaults: try c.decodeIfPresent([String].self, forKey: .processFaults))
        jobs = try c.decodeIfPresent(UInt64.self, forKey: .jobs)
    }
}

/// One real backend a run used: which, where, and what it was.
public struct RealBackendInfo: Codable, Sendable, Hashable {
    /// `cache` or `store`.
    public var role: String
    /// `redis`, `postgres` or `sqlite`.
    public var backend: String
    /// `managed` (Stampede started it), the URL it was given, or `file`.
    public var endpoint: String
    /// Where it served: host, port and database, or the file.
    public var address: String
    /// Its own version, e.g. `redis 7.0.15`.
    public var server: String

    public init(role: String, backend: String, endpoint: String, address: String, server: String) {
        self.role = role; self.backend = backend; self.endpoint = endpoint; self.address = address; self.server = server
    }
}

/// The scenario a run came from: everything the reports and `compare` need of it.
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
    /// Journeys still waiting on a request when the drain after the scenario's end ran out
    /// (`Runner.drainLimit`); their requests are not counted or judged. Nil when none were.
    public var journeysUnfinished: Int?
    public init(durationS: Double, requests: Int, errors: Int, journeys: Int, users: Int, sessionsCreated: Int,
                journeysDropped: Int? = nil, journeysUnfinished: Int? = nil) {
        self.durationS = durationS; self.requests = requests; self.errors = errors
        self.journeys = journeys; self.users = users; self.sessionsCreated = sessionsCreated
        self.journeysDropped = journeysDropped; self.journeysUnfinished = journeysUnfinished
    }
    enum CodingKeys: String, CodingKey {
        case durationS = "duration_s", requests, errors, journeys, users, sessionsCreated = "sessions_created"
        case journeysDropped = "journeys_dropped", journeysUnfinished = "journeys_unfinished"
    }
}
