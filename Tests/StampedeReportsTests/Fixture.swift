import Foundation
import StampedeResult

/// A small, fixed run: 60 one-second windows, a cache outage from 20 s to 35 s, a password
/// change at 40 s, one failed SLO and one violation with its witness.
enum Fixture {
    static func result(windows: Int = 60, operationsCapacity: Int = 0) -> RunResult {
        RunResult(
            meta: Meta(startedAt: "2025-01-02T03:04:05Z", wallSeconds: 0.42, simRequestsPerSecond: 285_714.3,
                       speedup: 142.9, version: "0.1.0", host: "ci-runner-7", clock: "virtual", interrupted: false,
                       reproduce: "stampede run scenarios/login-storm.yaml --seed 42", peakMemoryMB: 48.2),
            scenario: ScenarioInfo(name: "login-storm",
                                   description: "Login storm with a <b>cache</b> outage & a password change",
                                   file: "scenarios/login-storm.yaml",
                                   sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            seed: 42, verdict: .violated, exitCode: 3,
            simulated: Simulated(durationS: Double(windows), requests: 120_000, errors: 850, journeys: 6_000,
                                 users: 10_000, sessionsCreated: 5_400),
            operations: operations(capacity: operationsCapacity), backends: backends(), pools: pools(),
            cache: CacheStats(hits: 95_000, misses: 12_000, hitRatio: 0.8879, evictions: 120, expirations: 340,
                              failures: 7_500, fallbacks: 7_200, entriesAtEnd: 9_100),
            outcomes: ["login.ok": 5_900, "login.denied.wrong_password": 120, "validate.ok": 90_000,
                       "validate.denied.session_revoked": 41, "validate.error.cache_unavailable": 700,
                       "refresh.ok": 5_000, "register.ok": 480, "logout.ok": 3_000],
            slos: slos(), violations: violations(), events: events(),
            timeline: timeline(windows: windows))
    }

    static func slos() -> [SLOResult] {
        [
            SLOResult(expression: "login.p99 < 250ms", metric: "login.p99", comparator: .lessThan, threshold: 250,
                      value: 312.4, unit: .ms, passed: false),
            SLOResult(expression: "validate.p99 < 10ms", metric: "validate.p99", comparator: .lessThan, threshold: 10,
                      value: 4.21, unit: .ms, passed: true),
            SLOResult(expression: "store.query.p99 < 50ms", metric: "store.query.p99", comparator: .lessThan, threshold: 50,
                      value: 18.7, unit: .ms, passed: true),
            SLOResult(expression: "errors.rate < 1%", metric: "errors.rate", comparator: .lessThan, threshold: 0.01,
                      value: 0.0071, unit: .ratio, passed: true),
        ]
    }

    static func violations() -> Violations {
        let witness = [
            WitnessEvent(startS: 39.812, endS: 40.104, what: "change_password user 4711 (revokes all sessions)"),
            WitnessEvent(startS: 40.090, endS: 40.091, what: "cache.delete session s-4711-2 failed: cache unavailable"),
            WitnessEvent(startS: 40.350, endS: 40.352, what: "validate session s-4711-2 -> ok (served from stale cache)"),
        ]
        let item = ViolationItem(invariant: .afterPasswordChange, user: 4711, session: "s-4711-2",
                                 atS: 40.350, eventAtS: 40.104,
                                 message: "session s-4711-2 validated 246 ms after the password change revoked it",
                                 witness: witness)
        return Violations(count: 1, byInvariant: [.afterPasswordChange: 1, .afterLogout: 0, .revokedPermission: 0], items: [item])
    }

    static func events() -> [TimelineEvent] {
        [
            TimelineEvent(type: .fault, label: "cache-down", startS: 20, endS: 35, detail: "all cache calls fail"),
            TimelineEvent(type: .security, label: "password-change", startS: 40, endS: 40, detail: "1% of users"),
        ]
    }

    private static func operations(capacity: Int) -> [OperationKind: OperationStats] {
        let specs: [(OperationKind, Int, Double)] = [(.login, 6_020, 120), (.validate, 90_741, 2.1), (.refresh, 5_000, 3.4),
                                                     (.register, 480, 140), (.logout, 3_000, 1.2)]
        var out = [OperationKind: OperationStats](minimumCapacity: capacity)
        for (name, count, p50) in specs {
            let latency = LatencySummary(p50: p50, p90: p50 * 1.8, p99: p50 * 2.6, p999: p50 * 4.1, max: p50 * 6.3,
                                         mean: p50 * 1.2)
            let percentiles = [0, 50, 75, 90, 95, 99, 99.9, 99.99, 100].map { p in
                PercentilePoint(percentile: p, ms: (p50 * pow(1 + p / 100, 3) * (p > 99 ? 1.5 : 1) * 100).rounded() / 100)
            }
            out[name] = OperationStats(count: count, errors: name == .validate ? 700 : count / 200,
                                       denied: name == .login ? 120 : 0, latencyMs: latency, percentiles: percentiles)
        }
        return out
    }

    private static func backends() -> [BackendCallKind: BackendStats] {
        func summary(_ p50: Double) -> LatencySummary {
            LatencySummary(p50: p50, p90: p50 * 2, p99: p50 * 4, p999: p50 * 7, max: p50 * 9, mean: p50 * 1.3)
        }
        return [
            .cacheGet: BackendStats(count: 107_000, errors: 6_100, latencyMs: summary(0.31), waitMs: summary(0.01),
                                      serviceMs: summary(0.3)),
            .cacheSet: BackendStats(count: 12_000, errors: 900, latencyMs: summary(0.35), waitMs: summary(0.01),
                                      serviceMs: summary(0.34)),
            .storeQuery: BackendStats(count: 19_200, errors: 0, latencyMs: summary(4.6), waitMs: summary(1.2),
                                        serviceMs: summary(3.3)),
            .storeWrite: BackendStats(count: 9_400, errors: 0, latencyMs: summary(6.1), waitMs: summary(1.4),
                                        serviceMs: summary(4.7)),
        ]
    }

    private static func pools() -> [PoolKind: PoolStats] {
        [
            .cache: PoolStats(capacity: 64, calls: 119_000, utilization: 0.21, maxQueue: 3, meanWaitMs: 0.01),
            .store: PoolStats(capacity: 20, calls: 28_600, utilization: 0.93, maxQueue: 212, meanWaitMs: 1.3),
            .cores: PoolStats(capacity: 8, calls: 6_500, utilization: 0.64, maxQueue: 41, meanWaitMs: 8.2),
        ]
    }

    /// Per-second series shaped like the scenario: steady load, an outage that drops the hit
    /// ratio to zero, raises errors and store calls and slows every operation.
    static func timeline(windows: Int) -> Timeline {
        var t = Timeline(windowS: 1, startS: [], throughput: [], errors: [], cacheHitRatio: [], storeCalls: [],
                         operations: [:])
        var ops: [OperationKind: OperationSeries] = [:]
        let base: [OperationKind: Double] = [.login: 120, .validate: 2.1, .refresh: 3.4, .register: 140, .logout: 1.2]
        for i in 0..<windows {
            let s = Double(i)
            let down = s >= 20 && s < 35
            let recovery = s >= 35 ? max(0, 1 - (s - 35) / 8) : 0
            let wobble = 1 + 0.05 * sin(s * 1.7)
            t.startS.append(s)
            t.throughput.append(((down ? 1_600 : 2_000) * wobble).rounded())
            t.errors.append(down ? (48 * wobble).rounded() : 0)
            t.cacheHitRatio.append(down ? 0 : ((0.95 - 0.6 * recovery) * 1000).rounded() / 1000)
            t.storeCalls.append(((down ? 1_900 : 300 + 1_200 * recovery) * wobble).rounded())
            for (name, p50) in base {
                let slow = down ? 2.5 : 1 + recovery
                var series = ops[name] ?? OperationSeries(count: [], p50Ms: [], p90Ms: [], p99Ms: [], maxMs: [])
                let idle = name == .register && i % 7 == 3
                series.count.append(idle ? 0 : Int(100 * wobble))
                series.p50Ms.append(idle ? 0 : (p50 * slow * wobble * 100).rounded() / 100)
                series.p90Ms.append(idle ? 0 : (p50 * 1.8 * slow * wobble * 100).rounded() / 100)
                series.p99Ms.append(idle ? 0 : (p50 * 2.6 * slow * wobble * 100).rounded() / 100)
                series.maxMs.append(idle ? 0 : (p50 * 6 * slow * wobble * 100).rounded() / 100)
                ops[name] = series
            }
        }
        t.operations = ops
        return t
    }
}
