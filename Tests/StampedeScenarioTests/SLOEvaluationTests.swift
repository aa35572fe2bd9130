import StampedeScenario
import Testing

/// A result with a few operations, backends and pools filled in by hand (as in
/// StampedeResultTests, which reads every metric from it).
func handBuiltResult() -> RunResult {
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

@Suite struct SLOEvaluationTests {
    let result = handBuiltResult()

    @Test func evaluatesInOrderWithUnits() throws {
        let yaml = minimal(appending: """
            slos:
              - login.p99 < 250ms
              - store.query.p99 < 30ms
              - errors.rate < 0.1%
              - violations == 0
              - throughput >= 200
            """)
        let slos = try ScenarioLoader.load(yaml: yaml, path: "slo.yaml").slos
        let results = evaluateSLOs(slos, in: result)
        #expect(results.map(\.metric) == ["login.p99", "store.query.p99", "errors.rate", "violations", "throughput"])
        #expect(results.map(\.passed) == [true, false, true, false, true])
        #expect(results.map(\.unit) == [.ms, .ms, .ratio, .count, .count])
        #expect(results.map(\.value) == [180, 31, 0.0005, 2, 200])
        #expect(results[0].comparator == .lessThan && results[0].threshold == 250 && results[0].expression == "login.p99 < 250ms")
    }

    @Test func unknownMetricFailsRatherThanPasses() {
        let slo = SLOSpec(expression: "made.up < 1", metric: "made.up", comparator: .lessThan, threshold: 1, line: 1)
        let judged = evaluateSLOs([slo], in: result)
        #expect(judged.count == 1 && judged[0].passed == false)
    }
}
