import StampedeCapacity
import StampedeResult
import Testing

@Suite("Capacity sizing")
struct SizingTests {
    static let yaml = CapacityScenario.yaml(pool: 2, rate: 100, duration: "30s", cores: 16)

    private func recommendation(_ sizing: CapacitySizing, _ knob: SizingKnob) -> Int? {
        sizing.knobs.first { $0.key == knob.key }?.recommended
    }

    @Test func aLargerTargetNeverAsksForLess() async throws {
        var pools: [Int] = []
        for factor in [1.0, 3.0, 6.0] {
            let search = try CapacityScenario.search(Self.yaml, seeds: [1, 2]) { $0.headroom = 0.5 }
            let sizing = try await search.sizing(at: factor * 1.5)
            let pool = try #require(recommendation(sizing, .storePool), "no store pool holds \(factor)×")
            if let last = pools.last { #expect(pool >= last, "target \(factor)×: store pool \(pool) after \(last)") }
            for knob in SizingKnob.allCases { #expect(recommendation(sizing, knob) != nil) }
            pools.append(pool)
        }
        // The store is the bottleneck: at 6× with headroom (900/s, μ = 100/s) it takes at least 9 connections.
        #expect(try #require(pools.last) >= 10)
        #expect(pools.first! < pools.last!)
    }

    @Test func theRecommendedConfigurationPassesWhenReRun() async throws {
        let search = try CapacityScenario.search(Self.yaml) { $0.headroom = 0.5 }
        let sizing = try await search.sizing(at: 3 * 1.5)
        let verification = try #require(sizing.verification)
        #expect(sizing.met)
        #expect(verification.passed)
        #expect(verification.seeds.count == 3)
        // The re-run used the answer, not the file's sizes.
        let store = try #require(recommendation(sizing, .storePool))
        #expect(verification.seeds.allSatisfy { $0.knobs[SizingKnob.storePool.key] == store })
        #expect(store > 2)
        // One connection fewer than the answer fails: the answer is the smallest.
        var smaller = verification.seeds[0].knobs
        smaller[SizingKnob.storePool.key] = store - 1
        #expect(try await !search.probe(4.5, knobs: smaller, purpose: "test").passed)
        #expect(sizing.setLines.contains("--set system.store.pool=\(store)"))
        #expect(sizing.yamlPatch.contains("  store:\n    pool: \(store)\n"))
    }

    @Test func coresAreSizedInWholeInstances() async throws {
        // Hashing costs 20 ms of CPU: cores, not the store, hold the rate.
        let yaml = CapacityScenario.yaml(pool: 64, rate: 100, duration: "30s", slo: "register.p99 < 100ms", cores: 4)
            .replacingOccurrences(of: "cost: constant(1us)", with: "cost: constant(20ms)")
        let search = try CapacityScenario.search(yaml) { $0.coresPerInstance = 4 }
        let sizing = try await search.sizing(at: 2)
        let cores = try #require(sizing.knobs.first { $0.key == SizingKnob.cores.key })
        let recommended = try #require(cores.recommended)
        #expect(recommended % 4 == 0)
        #expect(recommended > 4)
        #expect(cores.instances == recommended / 4)
        #expect(sizing.met)
    }

    @Test func explainNamesTheSmallestChangeThatFixesAFailedSLO() async throws {
        // 150/s on 2 connections of 10 ms: the p99 wait is far over 50 ms; 3 connections hold it.
        let search = try CapacityScenario.search(CapacityScenario.yaml(pool: 2, rate: 150, duration: "30s", cores: 16))
        let explanations = try await search.explain()
        let e = try #require(explanations.first)
        #expect(explanations.count == 1)
        #expect(e.key == SizingKnob.storePool.key)
        #expect(e.from == 2)
        let to = try #require(e.to)
        #expect(to >= 3 && to <= 4)
        #expect(try #require(e.measuredAfter) < 50)
        #expect(e.measured > 50)
        #expect(e.sentence.hasPrefix("system.store.pool 2 → \(to) makes store.write.wait.p99 < 50ms pass"))
    }

    @Test func explainSaysNoneWhenNoKnobCanHelp() async throws {
        // Service alone is 10 ms on average, so a p99 of the whole call under 5 ms cannot be had by sizing.
        let search = try CapacityScenario.search(
            CapacityScenario.yaml(pool: 2, rate: 20, duration: "30s", slo: "store.write.p99 < 5ms", cores: 16)) { $0.knobReach = 2 }
        let e = try #require(try await search.explain().first)
        #expect(e.key == nil)
        #expect(e.sentence.hasPrefix("none within 2×"))
    }
}
