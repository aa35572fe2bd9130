import Foundation
import StampedeAnalysis
import StampedeChecker
import StampedeKernel
import StampedeLanguage
import StampedeMetrics
import StampedeModel

/// Turns what a simulation measured into a `RunResult`, SLO verdicts included.
struct ResultBuilder {
    let sim: Simulation
    let spec: ScenarioSpec
    let options: RunOptions

    func build(end: SimInstant, interrupted: Bool, startedAt: Date, wallSeconds: Double, clockMode: String) -> RunResult {
        sim.metrics.finish(at: end)
        let m = sim.metrics.report()
        let simulatedSeconds = end.seconds
        var result = RunResult(
            meta: meta(startedAt: startedAt, wallSeconds: wallSeconds, requests: m.totalRequests,
                       simulatedSeconds: simulatedSeconds, clockMode: clockMode, interrupted: interrupted),
            scenario: ScenarioInfo(name: spec.name, description: spec.description,
                                   file: (spec.sourcePath as NSString).lastPathComponent, sha256: spec.sourceSHA256,
                                   overrides: spec.overrides.map(\.description)),
            seed: options.seed, verdict: .pass, exitCode: Verdict.pass.exitCode,
            simulated: Simulated(durationS: round3(simulatedSeconds), requests: m.totalRequests, errors: m.totalErrors,
                                 journeys: sim.journeysStarted.load(ordering: .relaxed), users: spec.users.count,
                                 sessionsCreated: sim.observer.sessionsIssued.load(ordering: .relaxed),
                                 journeysDropped: Optional(sim.journeysDropped.load(ordering: .relaxed)).flatMap { $0 > 0 ? $0 : nil }),
            operations: operations(m), backends: backends(m), pools: pools(), cache: cache(m),
            outcomes: Dictionary(uniqueKeysWithValues: m.outcomes.map { ($0.name, $0.count) }),
            slos: [], violations: violations(), events: timelineEvents(), timeline: timeline(m.series))
        result.caching = caching(end: end)
        result.generator = sim.generatorLag?.report(bound: generatorBound, windows: result.timeline.startS.count,
                                                    summary: summary)
        addChaos(to: &result, end: end)
        if result.violations.count > 0 {
            result.verdict = .violated
        } else if result.slos.contains(where: { !$0.passed }) {
            result.verdict = .sloFailed
        }
        result.exitCode = result.verdict.exitCode
        return result
    }

    private func meta(startedAt: Date, wallSeconds: Double, requests: Int, simulatedSeconds: Double,
                      clockMode: String, interrupted: Bool) -> Meta {
        let processFaults = sim.processFaults.withLock { $0 }
        func describe(_ f: (action: String, at: SimDuration, error: String?)) -> String {
            String(format: "%.3fs: %@", f.at.seconds, f.action) + (f.error.map { " failed: \($0)" } ?? "")
        }
        let iso = ISO8601DateFormatter()
        return Meta(
            startedAt: iso.string(from: startedAt), wallSeconds: round3(wallSeconds),
            simRequestsPerSecond: wallSeconds > 0 ? (Double(requests) / wallSeconds).rounded() : 0,
            speedup: wallSeconds > 0 ? round3(simulatedSeconds / wallSeconds) : 0,
            version: StampedeVersion.current, host: ProcessMemory.host, clock: clockMode, interrupted: interrupted,
            reproduce: options.reproduce, peakMemoryMB: round3(ProcessMemory.peakMB()),
            generatorLagMaxMs: round3(sim.generatorLag?.latest.milliseconds ?? 0),
            passwordHashing: spec.system.service.realHashing ? "real" : "modeled",
            faultFailures: Optional(processFaults.filter { $0.error != nil }.map(describe)).flatMap { $0.isEmpty ? nil : $0 },
            processFaults: processFaults.isEmpty ? nil : processFaults.map(describe))
    }

    /// The SLOs the run is judged by: the scenario's, and in a wall-clock run the bound on the
    /// generator's lag unless the scenario states its own.
    var judgedSLOs: [SLOSpec] {
        guard sim.generatorLag != nil, !spec.slos.contains(where: { $0.metric == Self.generatorMetric }) else { return spec.slos }
        return spec.slos + [generatorBound]
    }

    private static let generatorMetric = RunStatistic.generatorLagP99.rawValue

    /// The scenario's SLO on `generator.lag_p99`, or the default bound.
    private var generatorBound: SLOSpec {
        if let stated = spec.slos.first(where: { $0.metric == Self.generatorMetric && $0.scope == nil }) { return stated }
        let ms = GeneratorLag.defaultBound.milliseconds
        return SLOSpec(expression: "\(Self.generatorMetric) < \(Int(ms))ms", metric: Self.generatorMetric, comparator: .lessThan,
                       threshold: ms, line: 0)
    }

    func summary(_ s: LatencySnapshot) -> LatencySummary {
        LatencySummary(p50: round3(s.p50), p90: round3(s.p90), p99: round3(s.p99), p999: round3(s.p999),
                       max: round3(s.max), mean: round3(s.mean))
    }

    private func operations(_ m: MetricsReport) -> [OperationKind: OperationStats] {
        var out: [OperationKind: OperationStats] = [:]
        for o in m.operations {
            out[o.operation] = OperationStats(
                count: o.count, errors: o.errors, denied: o.denied, latencyMs: summary(o.latency),
                percentiles: o.latency.percentiles.map { PercentilePoint(percentile: round6($0.percentile), ms: round3($0.ms)) })
        }
        return out
    }

    private func backends(_ m: MetricsReport) -> [BackendCallKind: BackendStats] {
        var out: [BackendCallKind: BackendStats] = [:]
        for b in m.backends {
            out[b.call] = BackendStats(count: b.count, errors: b.errors, latencyMs: summary(b.latency),
                                       waitMs: summary(b.wait), serviceMs: summary(b.service))
        }
        return out
    }

    /// The simulation's pools by the name the result knows them by.
    private var namedPools: [(PoolKind, ResourcePool)] {
        [(.cores, sim.system.cores), (.store, sim.system.storePool), (.cache, sim.system.cachePool)]
    }

    private func pools() -> [PoolKind: PoolStats] {
        var out: [PoolKind: PoolStats] = [:]
        for (kind, p) in namedPools {
            let s = p.statistics()
            out[kind] = PoolStats(capacity: s.capacity, calls: s.calls, utilization: round6(s.utilization),
                                  maxQueue: s.maxQueue, meanWaitMs: round3(s.meanWait.milliseconds))
        }
        return out
    }

    private func cache(_ m: MetricsReport) -> CacheStats {
        let t = sim.system.cacheServer.statistics()
        return CacheStats(hits: m.cache.hits, misses: m.cache.misses, hitRatio: round6(m.cache.hitRatio),
                          evictions: t.evictions, expirations: t.expirations, failures: m.cache.failures,
                          fallbacks: m.cache.fallbacks, entriesAtEnd: t.entries)
    }

    private func violations() -> Violations {
        let (count, counts, reported) = sim.observer.checker.withLock { c in
            (c.violationCount, c.counts(), c.reported)
        }
        let items = reported.map { v in
            ViolationItem(invariant: v.invariant, user: v.user.index, session: v.session.description,
                          atS: round6(v.requestStart.seconds), eventAtS: round6(v.eventEnd.seconds), message: v.message,
                          witness: v.witness.map { WitnessEvent(startS: round6($0.start.seconds), endS: round6($0.end.seconds), what: $0.what) })
        }
        return Violations(count: count, byInvariant: Dictionary(uniqueKeysWithValues: counts), items: items)
    }

    private func timelineEvents() -> [TimelineEvent] {
        spec.events.flatMap { e -> [TimelineEvent] in
            switch e.kind {
            case .fault(let f):
                return f.window(at: e.at, runEnd: spec.duration).occurrences().map { o in
                    TimelineEvent(type: .fault, label: f.name, startS: o.start.seconds, endS: o.end.seconds, detail: f.detail)
                }
            case .security(let s):
                let who: String
                switch s.target {
                case .fraction(let x): who = "\(formatNumber(x * 100))% of users with a live session"
                case .count(let n): who = "\(n) users with a live session"
                }
                var what = s.kind.name
                if case .permissionRevoke(let p) = s.kind { what += " (\(p))" }
                let over = s.over.nanoseconds > 0 ? " over \(s.over)" : ""
                let pace = s.rate.map { " at \(formatNumber($0))/s" } ?? ""
                return [TimelineEvent(type: .security, label: s.name, startS: e.at.seconds, endS: (e.at + s.over).seconds,
                                      detail: "\(what): \(who)\(over)\(pace)")]
            }
        }.sorted { ($0.startS, $0.label) < ($1.startS, $1.label) }
    }

    private func timeline(_ s: WindowSeries) -> Timeline {
        let w = s.width.seconds
        var ops: [OperationKind: StampedeResult.OperationSeries] = [:]
        for o in s.operations {
            ops[o.operation] = StampedeResult.OperationSeries(count: o.count, p50Ms: o.p50.map(round3), p90Ms: o.p90.map(round3),
                                                    p99Ms: o.p99.map(round3), maxMs: o.max.map(round3))
        }
        return Timeline(
            windowS: w, startS: (0..<s.count).map { round6(Double($0) * w) },
            throughput: s.requests.map { round3(Double($0) / w) }, errors: s.errors.map { round3(Double($0) / w) },
            cacheHitRatio: s.cacheHitRatio.map(round6), storeCalls: s.storeCalls.map { round3(Double($0) / w) },
            operations: ops, pools: poolSeries(windows: s.count))
    }

    /// Each pool's load per window, as many windows as the rest of the timeline.
    private func poolSeries(windows n: Int) -> [PoolKind: PoolSeries] {
        var out: [PoolKind: PoolSeries] = [:]
        for (kind, pool) in namedPools {
            guard let w = pool.windows() else { continue }
            out[kind] = PoolSeries(utilization: (0..<n).map { round6(w.utilization($0)) },
                                        queueMean: (0..<n).map { round3(w.meanQueue($0)) },
                                        queueMax: (0..<n).map { w.longestQueue($0) })
        }
        return out
    }
}

/// Rounds to 3 decimals (microseconds, for values in milliseconds).
func round3(_ x: Double) -> Double { (x * 1_000).rounded() / 1_000 }
/// Rounds to 6 decimals.
func round6(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }
