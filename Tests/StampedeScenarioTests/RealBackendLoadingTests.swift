import StampedeLanguage
import StampedeSystem
import Testing

/// What the loader says about real backends before anything starts: the clock they need,
/// where their servers may be, and the faults each can undergo.
@Suite struct RealBackendLoadingTests {
    static func yaml(store: String = "store: { pool: 8 }", cache: String = "cache: { pool: 8 }", service: String = "",
                     events: String = "") -> String {
        """
        name: real
        duration: 20s
        users: { count: 100 }
        system:
          \(store)
          \(cache)
          \(service)
        traffic:
          phases:
            - { name: steady, for: 20s, rate: 10/s }
          journeys:
            returning: { weight: 100%, steps: [login, validate] }
        \(events)
        """
    }

    func error(_ yaml: String, clock: RunClock) -> ScenarioError? {
        do {
            _ = try ScenarioLoader.load(yaml: yaml, path: "real.yaml", clock: clock)
            return nil
        } catch {
            return error
        }
    }

    @Test func aRealBackendInVirtualTimeSaysToUseTheWallClock() throws {
        for (store, cache) in [("store: { backend: sqlite }", "cache: { pool: 8 }"), ("store: { backend: postgres }", "cache: { pool: 8 }"),
                               ("store: { pool: 8 }", "cache: { backend: redis }")] {
            let e = try #require(error(Self.yaml(store: store, cache: cache), clock: .virtual))
            #expect(e.line == 5 || e.line == 6, "\(e)")
            #expect(e.message.contains("serves in real time"), "\(e.message)")
            #expect(e.expected?.contains("--clock wall") == true)
            #expect(self.error(Self.yaml(store: store, cache: cache), clock: .wall) == nil, "the same file loads for the wall clock")
        }
    }

    @Test func aServerURLMustBeOnThisMachineAndOfTheBackendsScheme() throws {
        let spec = try ScenarioLoader.load(yaml: Self.yaml(cache: "cache: { backend: redis, url: 'redis://127.0.0.1:6390/2' }"),
                                           path: "real.yaml", clock: .wall)
        #expect(spec.system.cache.endpoint == .url("redis://127.0.0.1:6390/2"))
        #expect(try ScenarioLoader.load(yaml: Self.yaml(store: "store: { backend: postgres }"), path: "real.yaml", clock: .wall)
            .system.store.endpoint == .managed, "managed is the default")

        let remote = try #require(error(Self.yaml(cache: "cache: { backend: redis, url: 'redis://10.1.2.3:6379/0' }"), clock: .wall))
        #expect(remote.message.contains("not on this machine") && remote.message.contains("loopback"), "\(remote)")
        #expect(remote.found == "'10.1.2.3'")
        let scheme = try #require(error(Self.yaml(store: "store: { backend: postgres, url: 'redis://127.0.0.1:5432/db' }"), clock: .wall))
        #expect(scheme.message.contains("is not a postgres URL"), "\(scheme.message)")
        let port = try #require(error(Self.yaml(cache: "cache: { backend: redis, url: 'redis://127.0.0.1:99999' }"), clock: .wall))
        #expect(port.expected == "a port from 1 to 65535")
        let typo = try #require(error(Self.yaml(cache: "cache: { backend: redis, url: managd }"), clock: .wall))
        #expect(typo.suggestion == "managed")
        let sqlite = try #require(error(Self.yaml(store: "store: { backend: sqlite, url: 'postgres://127.0.0.1/x' }"), clock: .wall))
        #expect(sqlite.message.contains("key 'url' does not apply to store backend 'sqlite'"), "\(sqlite.message)")
    }

    @Test func aFaultARealCacheCannotUndergoIsALoadError() throws {
        let storm = "events:\n  - { at: 5s, for: 5s, fault: eviction-storm, max_entries: 100 }"
        let e = try #require(error(Self.yaml(cache: "cache: { backend: redis }", events: storm), clock: .wall))
        #expect(e.message.contains("shrinks the cache process by entry count") && e.message.contains("'redis'"), "\(e.message)")
        #expect(e.expected?.contains("model") == true)

        let crash = "events:\n  - { at: 5s, for: 5s, fault: crash }"
        #expect(error(Self.yaml(cache: "cache: { backend: redis }", events: crash), clock: .wall) == nil,
                "a managed redis-server can be killed and restarted")
        let atURL = try #require(error(Self.yaml(cache: "cache: { backend: redis, url: 'redis://127.0.0.1:6379' }", events: crash),
                                       clock: .wall))
        #expect(atURL.message.contains("not one Stampede started"), "\(atURL.message)")
        let entries = try #require(error(Self.yaml(cache: "cache: { backend: redis, max_entries: 100 }"), clock: .wall))
        #expect(entries.message.contains("bounded by bytes"), "\(entries.message)")
    }

    @Test func realHashingIsWallClockOnlyAndCannotBeSpiked() throws {
        let real = "service: { password_hash: { compute: real } }"
        let e = try #require(error(Self.yaml(service: real), clock: .virtual))
        #expect(e.message.contains("real CPU time") && e.expected?.contains("--clock wall") == true, "\(e)")
        #expect(try ScenarioLoader.load(yaml: Self.yaml(service: real), path: "real.yaml", clock: .wall).system.service.realHashing)
        let spike = "events:\n  - { at: 5s, for: 5s, fault: hash-spike, factor: 3 }"
        let spiked = try #require(error(Self.yaml(service: real, events: spike), clock: .wall))
        #expect(spiked.message.contains("hash-spike"), "\(spiked.message)")
        let typo = try #require(error(Self.yaml(service: "service: { password_hash: { compute: reel } }"), clock: .wall))
        #expect(typo.suggestion == "real")
    }
}
