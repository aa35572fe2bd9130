import Foundation
import StampedeFaults
import StampedeKernel
@testable import StampedeLanguage
@testable import StampedeRunner
import Testing

private func events(_ yaml: String) -> String { minimal(appending: "events:\n" + yaml) }

@Suite struct ChaosLoadingTests {
    @Test func theEveryFaultScenarioSetsEveryChaosKey() throws {
        let spec = try loadShipped("chaos/every-fault.yaml")
        let faults = spec.events.compactMap { e -> FaultSpec? in if case .fault(let f) = e.kind { return f } else { return nil } }
        #expect(Set(faults.map(\.kind.name)) == Set(ScenarioLoader.faultKindNames))
        #expect(faults.map(\.name).contains("cache-outage") && faults.map(\.name).contains("store-failover"))
        #expect(Set(faults.map(\.name)).count == faults.count)
        let timeout = try #require(faults.first { $0.name == "cache-timeout" })
        #expect(timeout.every == .seconds(60) && timeout.probability == 0.3 && timeout.target == .cache(dataClass: nil))
        #expect(faults.first { $0.name == "service-restart" }?.kind == .restart(warmup: .seconds(10), factor: 2))
        #expect(faults.first { $0.name == "store-pool-exhaustion" }?.kind == .poolExhaustion(connections: 1))
        #expect(faults.first { $0.name == "cache-flush" }?.duration == .zero)
        let r = spec.system.resilience
        #expect(r.cache.timeout == .milliseconds(50) && r.store.timeout == .milliseconds(500) && r.shedQueueLimit == 100)
        #expect(r.cache.retry?.maxAttempts == 2 && r.cache.retry?.jitter == .equal && r.store.retry?.jitter == .full)
        #expect(r.cache.breaker?.slowCallRateThreshold == 0.8 && r.cache.breaker?.halfOpenCalls == 5)
        #expect(r.store.breaker?.openDuration == .seconds(5) && r.store.breaker?.slowCallDuration == .seconds(1))
        #expect(spec.recoveryWindow == .seconds(5))
        let storm = spec.events.compactMap { e -> SecurityEventSpec? in if case .security(let s) = e.kind { return s } else { return nil } }
        #expect(storm[0].name == "reset-storm" && storm[0].rate == 20 && storm[0].target == .count(100))
        #expect(storm[1].over == .seconds(2))
        let scopes = spec.slos.compactMap(\.scope).map(\.description)
        #expect(scopes == ["before(cache-outage)", "during(cache-outage)", "during(cache-outage)", "after(service-restart)",
                           "during(steady)", "during(reset-storm)"])
        #expect(spec.slos.filter { $0.metric.hasPrefix("recovery(") }.map(\.threshold) == [30_000, 60_000])
    }

    @Test func everyShippedChaosScenarioLoads() throws {
        let folder = repositoryRoot.appendingPathComponent("scenarios/chaos")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 6)
        for file in files {
            #expect(fileLoadError(folder.appendingPathComponent(file).path) == nil, "\(file)")
        }
    }

    @Test func anEmptyPolicyTakesTheDefaults() throws {
        let spec = try ScenarioLoader.load(yaml: minimal(appending: """
            system:
              resilience:
                cache: { breaker: {}, retry: {} }
                store: { breaker: {} }
            """), path: "x.yaml")
        let cache = try #require(spec.system.resilience.cache.breaker)
        let store = try #require(spec.system.resilience.store.breaker)
        #expect(cache.slowCallDuration == .milliseconds(50) && store.slowCallDuration == .seconds(1))
        #expect(cache.failureRateThreshold == 0.5 && cache.windowSize == 100 && cache.minimumCalls == 100)
        #expect(cache.openDuration == .seconds(60) && cache.halfOpenCalls == 10 && cache.slowCallRateThreshold == 1)
        #expect(spec.system.resilience.cache.retry == RetryPolicy())
        #expect(spec.system.resilience.cache.timeout == nil && spec.system.resilience.store.retry == nil)
    }

    @Test func defaultNamesAreSuffixedWhenRepeated() throws {
        let spec = try ScenarioLoader.load(yaml: events("""
              - { at: 1m, for: 10s, fault: cache-down }
              - { at: 3m, for: 10s, fault: down, target: cache }
              - { at: 2m, for: 10s, fault: down, target: store, name: cache-down-2 }
            """), path: "x.yaml")
        let names = spec.events.compactMap { e -> String? in if case .fault(let f) = e.kind { return f.name } else { return nil } }
        #expect(names == ["cache-down", "cache-down-2", "cache-down-3"])
    }

    @Test func additiveFaultsMayOverlapAnything() {
        #expect(loadError(events("""
              - { at: 1m, for: 60s, fault: crash, target: cache }
              - { at: 1m, for: 60s, fault: latency, target: cache, latency: 5ms }
              - { at: 1m, for: 60s, fault: down, target: store }
            """)) == nil)
    }

    static let planMistakes: [(String, ScenarioError.Code, String, String?)] = [
        ("  - { at: 1m, for: 60s, fault: down, target: stor }", .invalidValue, "unknown fault target 'stor'", "store"),
        ("  - { at: 1m, for: 60s, fault: down, target: cache.sessions }", .invalidValue, "unknown fault target 'cache.sessions'", "cache"),
        ("  - { at: 1m, for: 60s, fault: crash, target: store }", .inconsistent, "fault 'crash' does not apply to the store", nil),
        ("  - { at: 1m, for: 60s, fault: cache-down, target: store }", .inconsistent, "fault 'down' does not apply to the store", nil),
        ("  - { at: 1m, for: 60s, fault: crahs }", .invalidValue, "unknown fault 'crahs'", "crash"),
        ("  - { at: 1m, for: 60s, fault: latency }", .missingKey, "missing key 'latency'", nil),
        ("  - { at: 1m, for: 60s, fault: errors }", .missingKey, "missing key 'probability'", nil),
        ("  - { at: 1m, for: 60s, fault: crash, probability: 5% }", .unknownKey, "key 'probability' does not apply to a crash fault", nil),
        ("  - { at: 1m, for: 60s, fault: down, max_entries: 5 }", .unknownKey, "key 'max_entries' does not apply to a down fault", nil),
        ("  - { at: 1m, for: 5s, fault: flush }", .unknownKey, "key 'for' does not apply to a flush", nil),
        ("  - { at: 1m, for: 60s, every: 60s, fault: down }", .inconsistent, "a fault cannot repeat before it ends", nil),
        ("  - { at: 9m, for: 2m, fault: down }", .inconsistent, "ends after the end of the run", nil),
        ("  - { at: 1m, for: 60s, fault: hash-spike, factor: 0.5 }", .invalidValue, "invalid factor", nil),
        ("  - { at: 1m, security: password-change, users: 5%, rate: 10/s }", .missingKey, "missing key 'over'", nil),
    ]

    @Test(arguments: planMistakes)
    func faultPlanMistakes(line: String, code: ScenarioError.Code, message: String, suggestion: String?) throws {
        let error = try #require(loadError(events(line)))
        #expect(error.code == code, "\(error)")
        #expect(error.message.contains(message), "\(error)")
        #expect(error.line == 9 && error.keyPath.hasPrefix("events[0]"), "\(error)")
        #expect(error.suggestion == suggestion)
    }

    @Test func overlappingIncompatibleFaultsNameBoth() throws {
        let error = try #require(loadError(events("""
              - { at: 1m, for: 60s, fault: crash, target: cache, name: boom }
              - { at: 5m, for: 10s, fault: down, target: store }
              - { at: 90s, for: 60s, fault: down, target: cache }
            """)))
        #expect(error.code == .inconsistent && error.line == 11 && error.keyPath == "events[2]")
        #expect(error.message.hasPrefix("fault 'cache-down' overlaps fault 'boom' on the cache at events[2]: both act at t=90s"))
    }

    @Test func repeatingFaultsAreCheckedAcrossTheirOccurrences() throws {
        let error = try #require(loadError(events("""
              - { at: 0s, for: 10s, every: 2m, fault: down, target: store }
              - { at: 251s, for: 30s, fault: failover, target: store, latency: 5ms }
              - { at: 300s, for: 10s, fault: pool-exhaustion, target: store, connections: 2 }
            """)))
        // The failover starts 1 s after the outage at 4m ends, but its 30 s warm-up reaches 5m.
        #expect(error.message.contains("'store-pool-exhaustion' overlaps fault 'store-failover' on the store at events[2]: both act at t=5m"))
        #expect(error.more.isEmpty, "\(error)")
    }

    @Test func duplicateExplicitNames() throws {
        let error = try #require(loadError(events("""
              - { at: 1m, for: 10s, fault: down, name: blip }
              - { at: 2m, security: password-change, users: 1%, name: blip }
            """)))
        #expect(error.message.contains("duplicate event name 'blip'") && error.line == 10)
    }

    static let sloMistakes: [(String, String, String?)] = [
        ("  - during(cach-outage): login.p99 < 1s", "unknown fault, event or phase 'cach-outage'", "cache-outage"),
        ("  - during(a-flush): login.p99 < 1s", "'a-flush' is an instant", nil),
        ("  - recovery(steady) < 10s", "'steady' is a traffic phase", nil),
        ("  - during(cache-outage): violations == 0", "metric 'violations' cannot be scoped", nil),
        ("  - during(cache-outage): store.query.wait.p99 < 5ms", "cannot be scoped", nil),
        ("  - 'during(cache-outage): during(steady): login.p99 < 1s'", "cannot have another scope", nil),
        ("  - recovery(cache-outage) < 10", "wrong unit", nil),
    ]

    @Test(arguments: sloMistakes)
    func scopedSLOMistakes(slo: String, message: String, suggestion: String?) throws {
        let yaml = events("""
              - { at: 1m, for: 10s, fault: down, name: cache-outage }
              - { at: 3m, fault: flush, name: a-flush }
            """) + "\nslos:\n  - login.p99 < 1s\n" + slo
        let error = try #require(loadError(yaml))
        #expect(error.message.contains(message), "\(error)")
        #expect(error.line == 13, "\(error)")
        #expect(error.suggestion == suggestion)
    }

    @Test func aRecoveryTimeNeedsAWholeRunSLOToRecoverTo() throws {
        let yaml = events("  - { at: 1m, for: 10s, fault: down, name: blip }") + "\nslos:\n  - violations == 0\n  - recovery(blip) < 10s"
        let error = try #require(loadError(yaml))
        #expect(error.message.contains("a recovery time needs a whole-run SLO"))
    }

    @Test func scopedSLOsReadAsOneKeyMappingsOrGroups() throws {
        let spec = try ScenarioLoader.load(yaml: events("  - { at: 1m, for: 10s, fault: down, name: blip }") + """

            slos:
              - during(blip): login.p99 < 800ms
              - after(blip):
                  - errors.rate < 1%
                  - availability >= 99.5%
              - 'before(blip): validate.p99 < 10ms'
            """, path: "x.yaml")
        #expect(spec.slos.map(\.expression) == ["during(blip): login.p99 < 800ms", "after(blip): errors.rate < 1%",
                                                "after(blip): availability >= 99.5%", "before(blip): validate.p99 < 10ms"])
        #expect(spec.slos.map(\.line) == [11, 13, 14, 15])
        #expect(spec.slos.map(\.scope) == [.during("blip"), .after("blip"), .after("blip"), .before("blip")])
        #expect(abs(spec.slos[2].threshold - 0.995) < 1e-12)
    }

    @Test func resilienceMistakes() throws {
        let window = try #require(loadError(minimal(appending: "system:\n  resilience:\n    cache: { breaker: { window: 10, minimum_calls: 20 } }")))
        #expect(window.code == .inconsistent && window.message.contains("minimum_calls exceeds the window"))
        let jitter = try #require(loadError(minimal(appending: "system:\n  resilience:\n    store: { retry: { jitter: ful } }")))
        #expect(jitter.suggestion == "full" && jitter.line == 10)
        let key = try #require(loadError(minimal(appending: "system:\n  resilience:\n    cache: { timout: 5ms }")))
        #expect(key.code == .unknownKey && key.suggestion == "timeout")
    }
}

/// Snapshots keep a copy of the keys only when the scenario can crash the cache.
@Suite struct SnapshotContentsTests {
    @Test func onlyAPlannedCrashMakesSnapshotsKeepTheKeys() throws {
        let crashing = try loadShipped("cache-persistence.yaml")
        #expect(ChaosPlan(spec: crashing, seed: SeedTree(1)).crashesCache)
        let outage = try loadShipped("login-storm.yaml")
        #expect(!outage.events.isEmpty)
        #expect(!ChaosPlan(spec: outage, seed: SeedTree(1)).crashesCache)
    }
}
