// `result.json` is a versioned mapping of `RunResult`: `schema_version` says which layout a
// file has, so `stampede report` and `stampede compare` keep reading older files and refuse
// newer ones with a message instead of a wrong reading. Encoding always writes the current
// layout, every field included.

extension RunResult: Codable {
    /// The layout this code writes. 1 is the first with `schema_version`; files without it
    /// (before issue 9) are read as layout 0 by the fallbacks below.
    public static let schemaVersion = 1

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case meta, scenario, seed, verdict, exitCode = "exit_code", simulated, operations, backends, pools, cache
        case outcomes, slos, violations, events, timeline, baseline, chaos, caching, generator
    }

    /// Layout 0 files written before `exit_code` was spelt in snake case carry `exitCode`.
    private enum LegacyKeys: String, CodingKey { case exitCode }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decodeIfPresent(Int.self, forKey: .schemaVersion) ?? 0
        guard version <= Self.schemaVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .schemaVersion, in: c,
                debugDescription: "written by a newer stampede (schema_version \(version); this one reads up to \(Self.schemaVersion))")
        }
        let exitCode: Int
        if let code = try c.decodeIfPresent(Int.self, forKey: .exitCode) {
            exitCode = code
        } else {
            exitCode = try decoder.container(keyedBy: LegacyKeys.self).decodeIfPresent(Int.self, forKey: .exitCode)
                ?? (try c.decode(Int.self, forKey: .exitCode))
        }
        self.init(meta: try c.decode(Meta.self, forKey: .meta), scenario: try c.decode(ScenarioInfo.self, forKey: .scenario),
                  seed: try c.decode(UInt64.self, forKey: .seed), verdict: try c.decode(Verdict.self, forKey: .verdict),
                  exitCode: exitCode, simulated: try c.decode(Simulated.self, forKey: .simulated),
                  operations: try c.decode([OperationKind: OperationStats].self, forKey: .operations),
                  backends: try c.decode([BackendCallKind: BackendStats].self, forKey: .backends),
                  pools: try c.decode([PoolKind: PoolStats].self, forKey: .pools),
                  cache: try c.decode(CacheStats.self, forKey: .cache),
                  outcomes: try c.decode([String: Int].self, forKey: .outcomes),
                  slos: try c.decode([SLOResult].self, forKey: .slos),
                  violations: try c.decode(Violations.self, forKey: .violations),
                  events: try c.decode([TimelineEvent].self, forKey: .events),
                  timeline: try c.decode(Timeline.self, forKey: .timeline),
                  baseline: try c.decodeIfPresent(BaselineReport.self, forKey: .baseline),
                  chaos: try c.decodeIfPresent(ChaosResult.self, forKey: .chaos),
                  caching: try c.decodeIfPresent(CachingResult.self, forKey: .caching),
                  generator: try c.decodeIfPresent(GeneratorReport.self, forKey: .generator))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.schemaVersion, forKey: .schemaVersion)
        try c.encode(meta, forKey: .meta)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(seed, forKey: .seed)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(exitCode, forKey: .exitCode)
        try c.encode(simulated, forKey: .simulated)
        try c.encode(operations, forKey: .operations)
        try c.encode(backends, forKey: .backends)
        try c.encode(pools, forKey: .pools)
        try c.encode(cache, forKey: .cache)
        try c.encode(outcomes, forKey: .outcomes)
        try c.encode(slos, forKey: .slos)
        try c.encode(violations, forKey: .violations)
        try c.encode(events, forKey: .events)
        try c.encode(timeline, forKey: .timeline)
        try c.encodeIfPresent(baseline, forKey: .baseline)
        try c.encodeIfPresent(chaos, forKey: .chaos)
        try c.encodeIfPresent(caching, forKey: .caching)
        try c.encodeIfPresent(generator, forKey: .generator)
    }
}

extension ScenarioInfo {
    /// Layout 0 files written before overrides existed have none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name),
                  description: try c.decode(String.self, forKey: .description),
                  file: try c.decode(String.self, forKey: .file),
                  sha256: try c.decode(String.self, forKey: .sha256),
                  overrides: try c.decodeIfPresent([String].self, forKey: .overrides) ?? [])
    }
}

extension Timeline {
    /// Layout 0 files written before per-window pool and extra series existed have none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(windowS: try c.decode(Double.self, forKey: .windowS),
                  startS: try c.decode([Double].self, forKey: .startS),
                  throughput: try c.decode([Double].self, forKey: .throughput),
                  errors: try c.decode([Double].self, forKey: .errors),
                  cacheHitRatio: try c.decode([Double].self, forKey: .cacheHitRatio),
                  storeCalls: try c.decode([Double].self, forKey: .storeCalls),
                  operations: try c.decode([OperationKind: OperationSeries].self, forKey: .operations),
                  pools: try c.decodeIfPresent([PoolKind: PoolSeries].self, forKey: .pools) ?? [:],
                  series: try c.decodeIfPresent([String: [Double]].self, forKey: .series) ?? [:])
    }
}
