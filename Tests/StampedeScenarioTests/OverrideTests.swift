import Foundation
@testable import StampedeLanguage
@testable import StampedeRunner
import Testing

/// `ScenarioLoader.load(path:overrides:)`: overrides go through the same decoding as the
/// file, and errors about them name the override.
@Suite struct OverrideTests {
    static let smoke = packageRoot.appendingPathComponent("scenarios/smoke.yaml").path

    func load(_ overrides: [(path: String, value: String)]) throws(ScenarioError) -> ScenarioSpec {
        try ScenarioLoader.load(path: Self.smoke, overrides: overrides)
    }

    func error(_ overrides: [(path: String, value: String)]) -> ScenarioError? {
        do {
            _ = try load(overrides)
            return nil
        } catch {
            return error
        }
    }

    @Test func replacesValuesInBlockAndInlineMappings() throws {
        let spec = try load([("system.cache.pool", "7"), ("system.store.latency", "lognormal(median: 1ms, p99: 5ms)"),
                             ("traffic.phases[1].rate", "30/s"), ("seed", "99")])
        #expect(spec.system.cache.pool == 7)
        #expect(spec.system.store.latency == .lognormal(median: .milliseconds(1), p99: .milliseconds(5)))
        #expect(spec.traffic.phases[1].rate == .constant(perSecond: 30))
        #expect(spec.seed == 99)
        #expect(spec.system.cache.server.maxEntries == 20_000, "the rest of the mapping is kept")
        #expect(spec.overrides.map(\.description) == ["system.cache.pool=7", "system.store.latency=lognormal(median: 1ms, p99: 5ms)",
                                                      "traffic.phases[1].rate=30/s", "seed=99"])
        let plain = try ScenarioLoader.load(path: Self.smoke)
        #expect(spec.sourceSHA256 == plain.sourceSHA256, "the hash is the file's")
    }

    @Test func createsMappingsTheFileLeavesOut() throws {
        let spec = try load([("system.sessions.idle_timeout", "5m"), ("regression", "5%")])
        #expect(spec.system.sessions.idleTimeout == .seconds(300))
        #expect(spec.regression == 0.05)
    }

    @Test func laterOverridesWin() throws {
        #expect(try load([("system.cache.pool", "7"), ("system.cache.pool", "9")]).system.cache.pool == 9)
    }

    @Test func anUnknownKeyIsNamedWithASuggestion() throws {
        let e = try #require(error([("system.cache.pol", "3")]))
        #expect(e.code == .unknownKey && e.suggestion == "pool" && e.line == nil)
        #expect(e.summary == "\(Self.smoke): error: override system.cache.pol=3: unknown key 'pol' at system.cache; "
            + "expected one of backend, url, pool, latency, max_entries, user_ttl, permission_ttl, maxmemory, maxmemory_policy, "
            + "maxmemory_samples, persistence, warm, profiles, sessions, permissions, otp, counters. Did you mean 'pool'?")
        let top = try #require(error([("sytem.cache.pool", "3")]))
        #expect(top.suggestion == "system" && top.message.hasPrefix("override sytem.cache.pool=3: unknown key 'sytem'"))
        #expect(top.more.isEmpty, "one mistake, one error: \(top)")
    }

    @Test func aBadValueGetsTheFilesValidation() throws {
        let pool = try #require(error([("system.cache.pool", "-3")]))
        #expect(pool.code == .invalidValue && pool.keyPath == "system.cache.pool")
        #expect(pool.message == "override system.cache.pool=-3: value out of range at system.cache.pool; "
            + "expected a whole number ≥ 1, found -3")
        let latency = try #require(error([("system.cache.latency", "lognormal(median: 5ms, p99: 1ms)")]))
        #expect(latency.message.contains("p99 must be ≥ median"))
        let regression = try #require(error([("regression", "0%")]))
        #expect(regression.message.contains("regression threshold must be above zero"))
    }

    @Test func badPathsAndValuesAreErrorsNotCrashes() throws {
        #expect(try #require(error([("traffic.phases[5].rate", "3/s")])).message.contains("no item [5] in traffic.phases"))
        #expect(try #require(error([("name.first", "x")])).message.contains("expected name to be a mapping"))
        #expect(try #require(error([("system..pool", "3")])).message.contains("invalid key path"))
        #expect(try #require(error([("system.cache.pool", "")])).message.contains("no value"))
        #expect(try #require(error([("system.cache.pool", "[1")])).message.contains("not valid YAML"))
    }

    @Test func anErrorInTheFileStillNamesItsLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-override-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try minimal(appending: "system:\n  store: { pool: 0 }").write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioLoader.load(path: file.path, overrides: [("system.cache.pool", "4")])
            Issue.record("the file's own error was lost")
        } catch {
            #expect(error.line == 9 && error.keyPath == "system.store.pool" && !error.message.hasPrefix("override"))
        }
    }
}
