/// What `stampede capacity` found: the maximum sustainable rate, the knee curve of every
/// probe, what saturates and breaks first, the sizing for a target and the explanations of
/// failed SLOs. The input of `capacity.html`, `capacity.md` and `capacity.json`.
///
/// Everything outside `meta` is a pure function of (scenario, arguments, code version):
/// every probe is a deterministic virtual-time run, and the search reads only their results.
public struct CapacityResult: Codable, Sendable {
    /// Version of this document's shape (`docs/capacity.schema.json`).
    public var schemaVersion = 1
    public var version: String
    public var scenario: ScenarioInfo
    public var settings: CapacitySettings
    /// Arrivals per second (journeys/s) of the scaled phase — the busiest one unless `--phase`
    /// names one — at factor 1, i.e. as the file has it. A factor times this is a rate.
    public var baseRate: Double
    /// The largest factor at which every judged SLO held at every seed; nil when the search
    /// was interrupted before one was bracketed.
    public var maximum: CapacityMaximum?
    /// Every probe of the rate search, in order of factor: the knee curve.
    public var probes: [CapacityProbe]
    /// The pool that saturates at the lowest probed rate.
    public var firstSaturated: CapacitySaturation?
    /// The SLO that breaks at the lowest failing probe, earliest in the run.
    public var firstBreach: CapacityBreach?
    public var sizing: CapacitySizing?
    /// `--explain`: per SLO that fails as the file stands, the smallest single change that fixes it.
    public var explanations: [CapacityExplanation]?
    /// 0 the target (if any) is met with its headroom, 1 it is not, 130 interrupted.
    public var exitCode: Int
    public var interrupted: Bool
    public var meta: CapacityMeta

    public init(version: String, scenario: ScenarioInfo, settings: CapacitySettings, baseRate: Double,
                maximum: CapacityMaximum?, probes: [CapacityProbe], firstSaturated: CapacitySaturation?,
                firstBreach: CapacityBreach?, sizing: CapacitySizing?, explanations: [CapacityExplanation]?,
                exitCode: Int, interrupted: Bool, meta: CapacityMeta) {
        self.version = version; self.scenario = scenario; self.settings = settings; self.baseRate = baseRate
        self.maximum = maximum; self.probes = probes; self.firstSaturated = firstSaturated; self.firstBreach = firstBreach
        self.sizing = sizing; self.explanations = explanations; self.exitCode = exitCode; self.interrupted = interrupted
        self.meta = meta
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", version, scenario, settings, baseRate = "base_rate", maximum, probes
        case firstSaturated = "first_saturated", firstBreach = "first_breach", sizing, explanations
        case exitCode = "exit_code", interrupted, meta
    }
}

/// The arguments that shaped the search.
public struct CapacitySettings: Codable, Sendable {
    /// The phase whose rate is scaled; nil: every phase by the same factor.
    public var phase: String?
    /// The SLO expressions judged (all of the scenario's unless `--slo` named some).
    public var slos: [String]
    public var seeds: [UInt64]
    /// Relative width the bisection stops at (0.02 for 2 %).
    public var resolution: Double
    /// Target factor (from `--target` or `--target-factor`); nil without a target.
    public var targetFactor: Double?
    /// Fraction added to the target for sizing (0.5 for 50 %).
    public var headroom: Double
    /// `--cores-per-instance`; nil when cores are sized on their own.
    public var coresPerInstance: Int?
    /// `--set` overrides applied to every probe.
    public var overrides: [String]

    public init(phase: String?, slos: [String], seeds: [UInt64], resolution: Double, targetFactor: Double?,
                headroom: Double, coresPerInstance: Int?, overrides: [String]) {
        self.phase = phase; self.slos = slos; self.seeds = seeds; self.resolution = resolution
        self.targetFactor = targetFactor; self.headroom = headroom; self.coresPerInstance = coresPerInstance
        self.overrides = overrides
    }

    enum CodingKeys: String, CodingKey {
        case phase, slos, seeds, resolution, targetFactor = "target_factor", headroom
        case coresPerInstance = "cores_per_instance", overrides
    }
}

/// The maximum sustainable rate and how sure the search is of it.
public struct CapacityMaximum: Codable, Sendable {
    /// Largest passing factor; 0 when even the smallest probe failed.
    public var factor: Double
    public var rate: Double
    /// The smallest factor that failed (nil when the search hit its ceiling without a breach).
    public var failingFactor: Double?
    /// Per seed: the largest probed factor that seed passed below its first failure.
    public var perSeed: [CapacitySeedMaximum]
    /// Why the search stopped: `bracketed` (bisected to the resolution), `ceiling` (no breach
    /// up to the largest factor tried), `floor` (fails even at the smallest factor tried).
    public var bound: String

    public init(factor: Double, rate: Double, failingFactor: Double?, perSeed: [CapacitySeedMaximum], bound: String) {
        self.factor = factor; self.rate = rate; self.failingFactor = failingFactor; self.perSeed = perSeed; self.bound = bound
    }

    enum CodingKeys: String, CodingKey { case factor, rate, failingFactor = "failing_factor", perSeed = "per_seed", bound }
}

public struct CapacitySeedMaximum: Codable, Sendable {
    public var seed: UInt64
    public var factor: Double
    public var rate: Double
    public init(seed: UInt64, factor: Double, rate: Double) { self.seed = seed; self.factor = factor; self.rate = rate }
}

/// One point of the knee curve: the scenario at one factor, run at every seed.
public struct CapacityProbe: Codable, Sendable {
    public var factor: Double
    /// Arrivals per second of the scaled phase at this factor.
    public var rate: Double
    /// Every seed passed every judged SLO.
    public var passed: Bool
    public var seeds: [ProbeMeasurement]
    public init(factor: Double, rate: Double, passed: Bool, seeds: [ProbeMeasurement]) {
        self.factor = factor; self.rate = rate; self.passed = passed; self.seeds = seeds
    }
}

/// What one run at one factor and seed measured, reduced to what the search and the curve need.
public struct ProbeMeasurement: Codable, Sendable {
    public var seed: UInt64
    public var factor: Double
    /// The sizing knobs' values in this run (`system.store.pool` → 32, …).
    public var knobs: [String: Int]
    public var passed: Bool
    /// Journey arrivals per simulated second over the whole run.
    public var offeredRate: Double
    /// Requests completed per simulated second over the whole run.
    public var completedRate: Double
    public var errorRate: Double
    /// Arrivals the harness could not start because too many journeys were in flight: an
    /// overloaded system. A probe with drops fails.
    public var journeysDropped: Int
    public var violations: Int
    /// Per operation that ran: `login` → p50 and p99 in ms.
    public var operations: [String: ProbeLatency]
    /// Per pool (`store`, `cache`, `cores`).
    public var pools: [String: ProbePool]
    /// The judged SLOs.
    public var slos: [ProbeSLO]
    public var interrupted: Bool

    public init(seed: UInt64, factor: Double, knobs: [String: Int], passed: Bool, offeredRate: Double,
                completedRate: Double, errorRate: Double, journeysDropped: Int, violations: Int,
                operations: [String: ProbeLatency], pools: [String: ProbePool], slos: [ProbeSLO], interrupted: Bool) {
        self.seed = seed; self.factor = factor; self.knobs = knobs; self.passed = passed; self.offeredRate = offeredRate
        self.completedRate = completedRate; self.errorRate = errorRate; self.journeysDropped = journeysDropped
        self.violations = violations; self.operations = operations; self.pools = pools; self.slos = slos
        self.interrupted = interrupted
    }

    enum CodingKeys: String, CodingKey {
        case seed, factor, knobs, passed, offeredRate = "offered_rate", completedRate = "completed_rate"
        case errorRate = "error_rate", journeysDropped = "journeys_dropped", violations, operations, pools, slos, interrupted
    }
}

public struct ProbeLatency: Codable, Sendable {
    public var p50Ms: Double
    public var p99Ms: Double
    public init(p50Ms: Double, p99Ms: Double) { self.p50Ms = p50Ms; self.p99Ms = p99Ms }
    enum CodingKeys: String, CodingKey { case p50Ms = "p50_ms", p99Ms = "p99_ms" }
}

public struct ProbePool: Codable, Sendable {
    public var capacity: Int
    /// Busy time over capacity × duration, whole run.
    public var utilization: Double
    /// The busiest metrics window's utilization.
    public var peakUtilization: Double
    public var maxQueue: Int
    /// Start of the first window at or above `CapacityThresholds.saturation`; nil if none.
    public var saturatedAtS: Double?
    public init(capacity: Int, utilization: Double, peakUtilization: Double, maxQueue: Int, saturatedAtS: Double?) {
        self.capacity = capacity; self.utilization = utilization; self.peakUtilization = peakUtilization
        self.maxQueue = maxQueue; self.saturatedAtS = saturatedAtS
    }
    enum CodingKeys: String, CodingKey {
        case capacity, utilization, peakUtilization = "peak_utilization", maxQueue = "max_queue", saturatedAtS = "saturated_at_s"
    }
}

public struct ProbeSLO: Codable, Sendable {
    public var expression: String
    public var metric: String
    public var value: Double
    public var threshold: Double
    public var unit: MetricUnit
    public var passed: Bool
    /// How far from breaking, as a fraction of the threshold: positive holds, negative fails.
    public var margin: Double
    /// Start of the first metrics window in which the metric's own per-window value broke the
    /// threshold, where the timeline has that metric per window; nil otherwise.
    public var breachedAtS: Double?
    public init(expression: String, metric: String, value: Double, threshold: Double, unit: MetricUnit, passed: Bool,
                margin: Double, breachedAtS: Double?) {
        self.expression = expression; self.metric = metric; self.value = value; self.threshold = threshold
        self.unit = unit; self.passed = passed; self.margin = margin; self.breachedAtS = breachedAtS
    }
    enum CodingKeys: String, CodingKey {
        case expression, metric, value, threshold, unit, passed, margin, breachedAtS = "breached_at_s"
    }
}

public struct CapacitySaturation: Codable, Sendable {
    public var pool: String
    public var factor: Double
    public var rate: Double
    public var peakUtilization: Double
    public var atS: Double?
    public init(pool: String, factor: Double, rate: Double, peakUtilization: Double, atS: Double?) {
        self.pool = pool; self.factor = factor; self.rate = rate; self.peakUtilization = peakUtilization; self.atS = atS
    }
    enum CodingKeys: String, CodingKey { case pool, factor, rate, peakUtilization = "peak_utilization", atS = "at_s" }
}

public struct CapacityBreach: Codable, Sendable {
    public var slo: String
    public var factor: Double
    public var rate: Double
    public var seed: UInt64
    public var value: Double
    public var unit: MetricUnit
    public var atS: Double?
    public init(slo: String, factor: Double, rate: Double, seed: UInt64, value: Double, unit: MetricUnit, atS: Double?) {
        self.slo = slo; self.factor = factor; self.rate = rate; self.seed = seed; self.value = value; self.unit = unit
        self.atS = atS
    }
    enum CodingKeys: String, CodingKey { case slo, factor, rate, seed, value, unit, atS = "at_s" }
}

/// The smallest sizing that holds every judged SLO at `factor` (target × (1 + headroom)).
public struct CapacitySizing: Codable, Sendable {
    public var factor: Double
    public var rate: Double
    /// One row per knob: the file's value, the smallest passing value varied alone, and the answer.
    public var knobs: [CapacityKnob]
    /// The answer applied as `--set` lines, and as a YAML patch.
    public var setLines: [String]
    public var yamlPatch: String
    /// The re-run of the answer at every seed, at `factor`.
    public var verification: CapacityProbe?
    /// The verification passed.
    public var met: Bool
    public init(factor: Double, rate: Double, knobs: [CapacityKnob], setLines: [String], yamlPatch: String,
                verification: CapacityProbe?, met: Bool) {
        self.factor = factor; self.rate = rate; self.knobs = knobs; self.setLines = setLines; self.yamlPatch = yamlPatch
        self.verification = verification; self.met = met
    }
    enum CodingKeys: String, CodingKey { case factor, rate, knobs, setLines = "set_lines", yamlPatch = "yaml_patch", verification, met }
}

public struct CapacityKnob: Codable, Sendable {
    /// The scenario key, e.g. `system.store.pool`.
    public var key: String
    public var current: Int
    /// The smallest value that passes with every other knob as the file has it; nil when none
    /// within the search's reach (8× the current value).
    public var alone: Int?
    /// The value in the joint answer; nil when no joint answer was found.
    public var recommended: Int?
    /// Service instances for the recommended cores (`--cores-per-instance`); nil otherwise.
    public var instances: Int?
    public init(key: String, current: Int, alone: Int?, recommended: Int?, instances: Int?) {
        self.key = key; self.current = current; self.alone = alone; self.recommended = recommended; self.instances = instances
    }
}

/// For one SLO that fails as the file stands: the smallest single knob change that makes it pass.
public struct CapacityExplanation: Codable, Sendable {
    public var slo: String
    /// Worst value across the seeds, as the file stands.
    public var measured: Double
    public var unit: MetricUnit
    /// nil: no single knob within 8× its current value makes it pass.
    public var key: String?
    public var from: Int?
    public var to: Int?
    /// Worst value across the seeds with the change.
    public var measuredAfter: Double?
    public var sentence: String
    public init(slo: String, measured: Double, unit: MetricUnit, key: String?, from: Int?, to: Int?, measuredAfter: Double?,
                sentence: String) {
        self.slo = slo; self.measured = measured; self.unit = unit; self.key = key; self.from = from; self.to = to
        self.measuredAfter = measuredAfter; self.sentence = sentence
    }
    enum CodingKeys: String, CodingKey { case slo, measured, unit, key, from, to, measuredAfter = "measured_after", sentence }
}

/// What legitimately differs between two capacity runs of the same inputs.
public struct CapacityMeta: Codable, Sendable {
    public var startedAt: String
    public var wallSeconds: Double
    public var jobs: Int
    public var runs: Int
    public var host: String
    public var command: String
    public init(startedAt: String, wallSeconds: Double, jobs: Int, runs: Int, host: String, command: String) {
        self.startedAt = startedAt; self.wallSeconds = wallSeconds; self.jobs = jobs; self.runs = runs; self.host = host
        self.command = command
    }
    enum CodingKeys: String, CodingKey { case startedAt = "started_at", wallSeconds = "wall_seconds", jobs, runs, host, command }
}
