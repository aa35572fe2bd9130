import Foundation
import StampedeCache
import StampedeKernel
@testable import StampedeLanguage
import StampedeModel
@testable import StampedeRunner
import StampedeSystem
import StampedeWorkload
import Testing

/// The caching and OTP keys: `reference-caching.yaml` sets every one, and bad values are
/// errors that name the line, the key, what was expected and the nearest valid value.
@Suite struct CachingLoaderTests {
    func load() throws -> ScenarioSpec {
        try ScenarioLoader.load(path: packageRoot.appendingPathComponent("scenarios/reference-caching.yaml").path)
    }

    @Test func everyCachingKeyLoads() throws {
        let spec = try load()
        let cache = spec.system.cache
        #expect(cache.server.maxMemory == 256 << 20 && cache.server.policy == .volatileLRU && cache.server.samples == 10)
        #expect(cache.server.persistence.snapshotEvery == .minutes(2) && cache.server.persistence.fsync == .always)
        #expect(cache.server.persistence.bytesPerSecond == 200 * 1_048_576)
        #expect(cache.warm == .topUsers(5000))
        #expect(DataClass.allCases.map { cache.classes[$0].strategy } ==
                [.cacheAsideLease, .writeThrough, .readThrough, .writeThroughUpdate, .writeBehind])
        #expect(DataClass.allCases.map { cache.classes[$0].whenUnavailable } == [.local, .failClosed, .store, nil, .store])
        #expect(DataClass.allCases.map { cache.classes[$0].critical } == [false, true, true, true, true])
        #expect(cache.classes[.profiles].staleness == .seconds(5) && cache.classes[.permissions].ttl == .minutes(1))
        #expect(cache.classes[.counters].flushInterval == .milliseconds(500) && cache.classes[.counters].flushBatch == 50)
        #expect(spec.system.otp == { var o = OTPSpec(); o.lifetime = .minutes(3); o.maxAttempts = 3; o.requiredFraction = 0.1; return o }())
        #expect(spec.traffic.journeys[0].steps.prefix(3).map(\.action) == [.login, .otpWrongCode, .otp])
        #expect(spec.traffic.journeys[1].steps.map(\.action) == [.login, .otp, .otpReplay])
        guard case .fault(let crash) = spec.events.first?.kind else { Issue.record("no crash event"); return }
        #expect(crash.kind == .crash && crash.target == .cache(dataClass: nil) && crash.duration == .seconds(10))
    }

    @Test func defaultsFollowTheIssue() {
        let policy = SystemSpec().cachingPolicy
        #expect(DataClass.allCases.map { policy[$0].strategy } == [.cacheAside, .writeThrough, .cacheAside, .writeThrough, .writeThrough])
        #expect(DataClass.allCases.map { policy[$0].whenUnavailable } == [.store, .failClosed, .store, .failClosed, .store])
        #expect(DataClass.allCases.map { policy[$0].ttl } == [.minutes(10), .seconds(12 * 3600), .minutes(5), .minutes(5), .minutes(15)])
    }

    @Test(arguments: [
        ("    sessions: { strategy: write-thru }", "system.cache.sessions.strategy", "write-through"),
        ("    maxmemory_policy: allkeys-lfuu", "system.cache.maxmemory_policy", "allkeys-lfu"),
        ("    persistence: { fsync: everysek }", "system.cache.persistence.fsync", "everysec"),
        ("    otp: { when_unavailable: fail-close }", "system.cache.otp.when_unavailable", "fail-closed"),
        ("    counters: { strategy: write-behind, flush_btch: 10 }", "system.cache.counters.flush_btch", "flush_batch"),
        ("    warm: top-user(10)", "system.cache.warm", "top-users"),
    ])
    func aBadCachingValueIsAnErrorWithASuggestion(line: String, keyPath: String, suggestion: String) throws {
        let yaml = minimal(appending: "system:\n  cache:\n" + line)
        let error = try #require(loadError(yaml))
        #expect(error.keyPath == keyPath)
        #expect(error.line == 10)
        #expect(error.suggestion == suggestion)
        #expect(error.description.contains("scenarios/bad.yaml:10:"))
    }

    @Test func sizesNeedAUnit() throws {
        let error = try #require(loadError(minimal(appending: "system:\n  cache: { maxmemory: 64 }")))
        #expect(error.keyPath == "system.cache.maxmemory")
        #expect(error.expected?.contains("64mb") == true)
        #expect(error.found == "'64'")
    }

    @Test func otpStepsParseAndMisspellingsAreSuggested() throws {
        #expect(try StepGrammar.parse("otp(wrong_code) x 2", permissions: ["read"]) == StepSpec(action: .otpWrongCode, repeats: 2))
        #expect(try StepGrammar.parse("otp_replay 50%", permissions: ["read"]) == StepSpec(action: .otpReplay, probability: 0.5))
        #expect(throws: ValueError.self) { try StepGrammar.parse("otp(wrong)", permissions: ["read"]) }
        do {
            _ = try StepGrammar.parse("otp_replya", permissions: ["read"])
            Issue.record("parsed a misspelt step")
        } catch {
            #expect(error.suggestion == "otp_replay")
        }
    }

    @Test func everyStrategyScenarioValidatesAndDiffersOnlyInItsStrategy() throws {
        let dir = packageRoot.appendingPathComponent("scenarios/strategies")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count == StrategyKind.allCases.count)
        for file in files {
            let spec = try ScenarioLoader.load(path: dir.appendingPathComponent(file).path)
            let strategy = try #require(StrategyKind(rawValue: String(file.dropLast(5))))
            #expect(DataClass.allCases.allSatisfy { spec.system.cache.classes[$0].strategy == strategy }, "\(file)")
            #expect(spec.events.count == 14 && spec.traffic.journeys.count == 3, "\(file)")
        }
    }
}
