import StampedeResult

/// A result with a few operations, backends and pools filled in by hand, for the tests that
/// read metrics from a result (the registry's and SLO evaluation's).
public func handBuiltResult() -> RunResult {
    let login = LatencySummary(p50: 40, p90: 90, p99: 180, p999: 400, max: 900, mean: 55)
    let query = LatencySummary(p50: 3, p90: 9, p99: 31, p999: 60, max: 75, mean: 4)
    let wait = LatencySummary(p50: 0, p90: 0.5, p99: 2, p999: 5, max: 8, mean: 0.1)
    let service = LatencySummary(p50: 3, p90: 8, p99: 29, p999: 55, max: 70, mean: 3.9)
    return RunResult(
        meta: Meta(startedAt: "2026-01-01T00:00:00Z", wallSeconds: 1, simRequestsPerSecond: 1, speedup: 1,
                   version: "test", host: "test", clock: "virtual", interrupted: false, reproduce: "", peakMemoryMB: 1),
        scenario: ScenarioInfo(name: "t", description: "", file: "t.yaml", sha256: ""),
        seed: 1, verdict: .pass, exitCode: 0,
        simulated: Simulated(durationS: 100, requests: 20_000, errors: 10, journeys: 1000, users: 100, sessionsCreated: 900),
        operations: [.login: OperationStats(count: 1000, errors: 5, denied: 20, latencyMs: login, percentiles: [])],
        backends: [.storeQuery: BackendStats(count: 4000, errors: 0, latencyMs: query, waitMs: wait, serviceMs: service)],
        pools: [.store: PoolStats(capacity: 20, calls: 4000, utilization: 0.42, maxQueue: 7, meanWaitMs: 0.1)],
        cache: CacheStats(hits: 900, misses: 100, hitRatio: 0.9, evictions: 0, expirations: 0, failures: 0, fallbacks: 0, entriesAtEnd: 10),
        outcomes: [:], slos: [],
        violations: Violations(count: 2, byInvariant: [.afterLogout: 2], items: []),
        events: [], timeline: Timeline(windowS: 1, startS: [], throughput: [], errors: [], cacheHitRatio: [], storeCalls: [], operations: [:])
    )
}
