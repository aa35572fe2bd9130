// Decoding that accepts results written before a field existed, so `stampede report` and
// `stampede compare` keep reading older result.json files. Encoding is synthesized and
// always writes every field.

extension RunResult {
    /// Results written before `exit_code` was spelt in snake case carry `exitCode`.
    private enum LegacyKeys: String, CodingKey { case exitCode }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let exitCode: Int
        if let code = try c.decodeIfPresent(Int.self, forKey: .exitCode) {
            exitCode = code
        } else {
            exitCode = try decoder.container(keyedBy: LegacyKeys.self).decodeIfPresent(Int.self, forKey: .exitCode)
                ?? (try c.decode(Int.self, forKey: .exitCode))
        }
        self.init(meta: try c.decode(Meta.self, forKey: .meta), scenario: try c.decode(ScenarioInfo.self, forKey: .scenario),
                  seed: try c.decode(UInt64.self, forKey: .seed), verdict: try c.decode(String.self, forKey: .verdict),
                  exitCode: exitCode, simulated: try c.decode(Simulated.self, forKey: .simulated),
                  operations: try c.decode([String: OperationStats].self, forKey: .operations),
                  backends: try c.decode([String: BackendStats].self, forKey: .backends),
                  pools: try c.decode([String: PoolStats].self, forKey: .pools),
                  cache: try c.decode(CacheStats.self, forKey: .cache),
                  outcomes: try c.decode([String: Int].self, forKey: .outcomes),
                  slos: try c.decode([SLOResult].self, forKey: .slos),
                  violations: try c.decode(Violations.self, forKey: .violations),
                  events: try c.decode([TimelineEvent].self, forKey: .events),
                  timeline: try c.decode(Timeline.self, forKey: .timeline),
                  baseline: try c.decodeIfPresent(BaselineReport.self, forKey: .baseline),
                  chaos: try c.decodeIfPresent(ChaosResult.self, forKey: .chaos))
        caching = try c.decodeIfPresent(CachingResult.self, forKey: .caching)
    }
}

extension ScenarioInfo {
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
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(windowS: try c.decode(Double.self, forKey: .windowS),
                  startS: try c.decode([Double].self, forKey: .startS),
                  throughput: try c.decode([Double].self, forKey: .throughput),
                  errors: try c.decode([Double].self, forKey: .errors),
                  cacheHitRatio: try c.decode([Double].self, forKey: .cacheHitRatio),
                  storeCalls: try c.decode([Double].self, forKey: .storeCalls),
                  operations: try c.decode([String: OperationSeries].self, forKey: .operations),
                  pools: try c.decodeIfPresent([String: PoolSeries].self, forKey: .pools) ?? [:],
                  series: try c.decodeIfPresent([String: [Double]].self, forKey: .series) ?? [:])
    }
}
