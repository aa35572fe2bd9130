import Foundation
import StampedeKernel
@testable import StampedeLanguage
@testable import StampedeRunner
import Testing

/// 40 s of traffic; every cache call takes 30 ms longer from 10 s to 20 s.
private let slowCacheScenario = """
    name: slow-cache
    duration: 40s
    users: { count: 2000, preregistered: 95% }
    system:
      cache: { latency: 200us }
      store: { latency: 2ms }
    traffic:
      think_time: exponential(mean: 200ms)
      phases:
        - { name: steady, for: 40s, rate: 40/s }
      journeys:
        returning: { steps: [login, validate x 10, logout] }
    events:
      - { at: 10s, for: 10s, fault: latency, target: cache, latency: 30ms, name: slow }
    slos:
      - validate.p99 < 100ms
      - before(slow): cache.get.p99 < 1ms
      - during(slow): cache.get.p50 >= 30ms
      - after(slow): cache.get.p90 < 1ms
      - during(slow): validate.p50 > 60ms
      - during(slow): requests < 5000
      - recovery(slow) < 5s
    """

@Suite struct ChaosRunTests {
    @Test func phaseScopedSLOsAreJudgedOnTheirOwnWindows() throws {
        let spec = try ScenarioLoader.load(yaml: slowCacheScenario, path: "slow-cache.yaml")
        let r = Runner.run(spec, options: RunOptions(seed: 1))
        for s in r.slos { #expect(s.passed, "\(s.expression): \(s.value)") }
        #expect(r.slos.map(\.scope) == [nil, "before(slow)", "during(slow)", "after(slow)", "during(slow)", "during(slow)", nil])
        // The whole run mixes the phases: its median cache call is fast, its p99 slow.
        let whole = try #require(r.backends[.cacheGet])
        #expect(whole.latencyMs.p50 < 1 && whole.latencyMs.p99 >= 30)
        // The requests of the three phases add up to the run's.
        let during = try #require(r.slos.first { $0.expression == "during(slow): requests < 5000" }?.value)
        let fault = try #require(r.chaos?.faults.first)
        #expect(fault.during?.requests == Int(during))
        #expect(fault.recovered && fault.recoveryS != nil)
        #expect(r.chaos?.faults.count == 1 && fault.occurrences.map(\.startS) == [10])
    }

    @Test func chaosRunsAreDeterministic() throws {
        let spec = try loadShipped("chaos/every-fault.yaml")
        let a = Runner.run(spec, options: RunOptions(seed: 21))
        let b = Runner.run(spec, options: RunOptions(seed: 21))
        #expect(try deterministicJSON(a) == deterministicJSON(b))
        let c = Runner.run(spec, options: RunOptions(seed: 22))
        #expect(try deterministicJSON(a) != deterministicJSON(c))
        // What the plan did is all there, aligned with the timeline.
        let chaos = try #require(a.chaos)
        #expect(chaos.faults.count == 18)
        #expect(chaos.faults.first { $0.name == "cache-timeout" }?.occurrences.count == 4)
        let n = a.timeline.startS.count
        let series = a.timeline.series
        #expect(Set(series.keys).isSuperset(of: ["timeouts.cache", "timeouts.store", "retries.cache", "retries.store",
                                                  "fallbacks.store_reads", "breaker.cache", "breaker.store"]))
        #expect(series.values.allSatisfy { $0.count == n })
        let timeouts = (series["timeouts.cache"] ?? []).reduce(0, +) * a.timeline.windowS
        #expect(abs(timeouts - Double(chaos.resilience.counts[.cache]?[.timeout] ?? 0)) < 0.5)
        #expect(series["breaker.cache"]?.contains { $0 > 0 && $0 <= 1 } == true)
        #expect((chaos.resilience.counts[.cache]?[.breakerOpened] ?? 0) > 0)
        #expect(a.events.contains { $0.type == .breaker })
        #expect(a.violations.count == 0, "\(a.violations.items.first?.message ?? "")")
    }
}
