import Foundation
import StampedeLanguage
import StampedeResult
import StampedeRunner
import StampedeSystem
import StampedeTestSupport
import Testing

/// End to end against the real backends, on the wall clock: the same service, checker and
/// result as in virtual time, with Stampede starting and stopping the servers itself.
///
/// Each run is short (a few seconds of real time) but has what matters: a cache outage, a
/// password-change wave, logouts and replays after them. Nothing here depends on the
/// machine's speed; only on what the checker finds and on what the servers were.
/// The real-backend tests' own thread (see `WallClockThread`); the runner's tasks inherit it.
let backendsTestsThread = WallClockThread(name: "stampede-backends-tests")

@Suite(.serialized) struct RealRunTests {
    /// A short wall-clock scenario on `cache` and `store`, with a cache outage and a
    /// password-change wave; `extra` adds events.
    static func scenario(cache: String, store: String, extra: String = "", seconds: Int = 6) -> String {
        """
        name: real-e2e
        duration: \(seconds)s
        window: 1s
        users: { count: 400, preregistered: 90%, popularity: zipf(1.0) }
        system:
          service: { cores: 8 }
          store: { backend: \(store), pool: 8 }
          cache: { backend: \(cache), pool: 16, sessions: { when_unavailable: store } }
        traffic:
          think_time: exponential(mean: 100ms)
          phases:
            - { name: hold, for: \(seconds)s, rate: 40/s }
          journeys:
            returning: { weight: 90%, steps: [login, validate x 4, refresh, validate, logout 70%, replay_after_logout 50%] }
            changer:   { weight: 10%, steps: [login, validate, change_password, validate] }
        events:
          - { at: 1s, for: 2s, fault: cache-down }
          - { at: 3s, security: password-change, users: 10%, over: 1s }
        \(extra)
        slos:
          - violations == 0
        """
    }

    static func load(_ yaml: String) throws -> ScenarioSpec {
        try ScenarioLoader.load(yaml: yaml, path: "real-e2e.yaml", clock: .wall)
    }

    static func run(_ yaml: String, planted: Bool = false) async throws -> RunResult {
        var options = RunOptions(seed: 3)
        options.clock = .wall
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-real-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        options.workFolder = folder
        if planted { options.decorators.cache = { SessionInvalidationsDropped(wrapping: $0) } }
        let spec = try load(yaml)
        // On a thread of its own: the other suites' simulations hold the cooperative pool for
        // minutes, and a real-time run waiting for it would see its servers "not answer".
        return try await backendsTestsThread.run { try await Runner.runWallClock(spec, options: options) }
    }

    static func backend(_ r: RunResult, _ role: String) -> RealBackendInfo? {
        r.meta.realBackends?.first { $0.role == role }
    }

    @Test func aRealRedisCacheHoldsEveryInvariantThroughAnOutageAndAPasswordChangeWave() async throws {
        let r = try await Self.run(Self.scenario(cache: "redis", store: "model"))
        let redis = try #require(Self.backend(r, "cache"))
        #expect(redis.backend == "redis" && redis.endpoint == "managed" && redis.server.hasPrefix("redis "))
        #expect(Self.backend(r, "store") == nil, "the model store is not a real backend")
        #expect(r.violations.count == 0, "\(r.violations.items.prefix(3).map(\.message))")
        #expect((r.backends[.cacheGet]?.count ?? 0) > 100, "the service's reads went to redis")
        // The outage fails cache calls on the way to the real server: every one in its window,
        // when any were made there (a machine starved of CPU may make none in two seconds).
        let t = r.timeline
        let during = t.startS.indices.filter { t.startS[$0] >= 1 && t.startS[$0] < 3 && t.throughput[$0] > 0 }
        if !during.isEmpty {
            #expect(r.cache.failures > 0, "requests ran during the outage, and no cache call failed")
            #expect(during.allSatisfy { t.cacheHitRatio[$0] == 0 }, "no cache hit inside the outage: \(during.map { t.cacheHitRatio[$0] })")
        }
        #expect((r.pools[.cache]?.calls ?? 0) > 100, "the scenario's pool stands in front of the real connections")
        #expect(r.events.contains { $0.type == .security }, "the password-change wave ran")
        #expect(r.meta.clock == "wall" && r.verdict != .violated)
    }

    @Test func anSQLiteStoreHoldsEveryInvariantThroughAnOutageAndAPasswordChangeWave() async throws {
        let r = try await Self.run(Self.scenario(cache: "model", store: "sqlite"))
        let sqlite = try #require(Self.backend(r, "store"))
        #expect(sqlite.backend == "sqlite" && sqlite.server.contains("(wal)"), "\(sqlite)")
        #expect(r.violations.count == 0, "\(r.violations.items.prefix(3).map(\.message))")
        #expect((r.backends[.storeWrite]?.count ?? 0) > 50 && (r.backends[.storeQuery]?.count ?? 0) > 50)
    }

    @Test func aPostgreSQLStoreHoldsEveryInvariantThroughAnOutageAndAPasswordChangeWave() async throws {
        let r = try await Self.run(Self.scenario(cache: "model", store: "postgres"))
        let pg = try #require(Self.backend(r, "store"))
        #expect(pg.backend == "postgres" && pg.endpoint == "managed" && pg.server.hasPrefix("PostgreSQL"), "\(pg)")
        #expect(pg.address.contains("schema stampede_"), "a fresh schema per run")
        #expect(r.violations.count == 0, "\(r.violations.items.prefix(3).map(\.message))")
        #expect((r.backends[.storeWrite]?.count ?? 0) > 50 && (r.backends[.storeQuery]?.count ?? 0) > 50)
    }

    @Test func aStoreFailoverStopsTheManagedPostgreSQLAndTheServiceReconnects() async throws {
        let failover = "  - { at: 4s, for: 1s, fault: failover, target: store, warmup: 0s, latency: 1ms }"
        let r = try await Self.run(Self.scenario(cache: "model", store: "postgres", extra: failover, seconds: 9))
        let steps = try #require(r.meta.processFaults, "the failover acted on the server")
        #expect(steps.count == 2 && steps[0].contains("store server stopped") && steps[1].contains("started again"), "\(steps)")
        #expect(r.meta.faultFailures == nil, "\(r.meta.faultFailures ?? [])")
        #expect(r.violations.count == 0, "\(r.violations.items.prefix(3).map(\.message))")
        // Every store call after the window went to the restarted server over new connections.
        let writes = try #require(r.backends[.storeWrite])
        #expect(writes.count > 50 && writes.errors < writes.count / 2, "\(writes.count) writes, \(writes.errors) failed")
        // After the window the store serves again: some later second makes store calls and none
        // fails (how soon depends on how fast this machine runs crash recovery and reconnects).
        let t = r.timeline
        let after = t.startS.indices.filter { t.startS[$0] >= 5 }
        #expect(after.contains { t.storeCalls[$0] > 0 && t.errors[$0] == 0 },
                "store calls \(after.map { t.storeCalls[$0] }), errors \(after.map { t.errors[$0] })")
    }

    @Test func thePlantedLogoutBugIsCaughtAgainstRealRedis() async throws {
        let r = try await Self.run(Self.scenario(cache: "redis", store: "sqlite"), planted: true)
        #expect(Self.backend(r, "cache")?.backend == "redis")
        #expect((r.violations.byInvariant[.afterLogout] ?? 0) > 0, "\(r.violations.byInvariant)")
        #expect(r.verdict == .violated && r.exitCode == 3)
    }

    @Test func aCrashKillsTheManagedRedisServerAndItComesBackOnItsOwnFiles() async throws {
        let crash = "  - { at: 4s, for: 1s, fault: crash }\n  - { at: 500ms, fault: flush }"
        let r = try await Self.run(Self.scenario(cache: "redis", store: "sqlite", extra: crash, seconds: 7))
        let crashes = try #require(r.caching?.persistence.crashes)
        #expect(crashes.count == 1)
        let c = try #require(crashes.first)
        #expect(c.atS >= 4 && c.atS < 5, "\(c)")
        #expect(c.restartedAtS != nil && c.recoveredAtS != nil, "the server came back and served")
        #expect(r.meta.faultFailures == nil, "\(r.meta.faultFailures ?? [])")
        #expect(r.violations.count == 0, "\(r.violations.items.prefix(3).map(\.message))")
        // No persistence: every acknowledged write since the start is gone, measured by reading back.
        #expect(c.writesLostTotal > 0, "\(c)")

        // Sessions in the append-only log, fsync always: a SIGKILL loses none of them.
        let logged = Self.scenario(cache: "redis", store: "sqlite", extra: crash, seconds: 7)
            .replacingOccurrences(of: "sessions: { when_unavailable: store }",
                                  with: "sessions: { when_unavailable: store, critical: true }, persistence: { fsync: always }")
        let durable = try await Self.run(logged)
        let d = try #require(durable.caching?.persistence.crashes.first)
        #expect(d.keysRecovered > 0, "the server came back with its log: \(d)")
        #expect((d.writesLost[.sessions] ?? 0) == 0, "\(d.writesLost)")
        #expect(durable.violations.count == 0)
    }

    @Test func realPasswordHashingSpendsTheProductionIterationsAndTheResultSaysSo() async throws {
        // A modeled cost of 10 s per hash would hold every login for 10 s; real hashing does not use it.
        let yaml = Self.scenario(cache: "model", store: "sqlite", seconds: 4)
            .replacingOccurrences(of: "service: { cores: 8 }",
                                  with: "service: { cores: 8, password_hash: { iterations: 20000, compute: real, cost: constant(10s) } }")
        let r = try await Self.run(yaml)
        #expect(r.meta.passwordHashing == "real")
        #expect(r.violations.count == 0)
        let login = try #require(r.operations[.login])
        #expect(login.count > 10 && login.latencyMs.p50 < 10_000, "\(login.latencyMs)")
        #expect((r.pools[.cores]?.calls ?? 0) >= login.count, "each check held a core")
        // The same run with modeled hashing says so.
        let modeled = try await Self.run(Self.scenario(cache: "model", store: "sqlite", seconds: 4))
        #expect(modeled.meta.passwordHashing == "modeled")
    }
}
