import Foundation
import NIOCore
import StampedeCache
import StampedeKernel
import StampedeModel
@testable import StampedeRedis
import StampedeTestSupport
import Testing

/// What only the real cache has: caller deadlines on a hung server, namespaces, the probe.
@Suite struct RealRedisCacheTests {
    /// Records what a cache reports, as the run's probe would.
    final class RecordingProbe: SystemProbe {
        let calls = Locked<[(BackendCall, failed: Bool)]>([])
        let lookups = Locked<[Bool]>([])
        let events = Locked<[ProbeEvent]>([])
        func observe(_ event: ProbeEvent) { events.withLock { $0.append(event) } }
        func backendCall(_ call: BackendCall, wait: SimDuration, service: SimDuration, failed: Bool, at: SimInstant) {
            calls.withLock { $0.append((call, failed)) }
        }
        func cacheLookup(hit: Bool, at: SimInstant) { lookups.withLock { $0.append(hit) } }
        func cacheFallback(at: SimInstant) {}
        func resilience(_ signal: ResilienceSignal, source: ResilienceSource, at: SimInstant) {}
    }

    /// A stopped (SIGSTOP) server reads nothing and answers nothing: the caller's deadline,
    /// bound as the resilience policies bind it, is what ends the call.
    @Test func aHungServerFailsTheCallAtTheCallersDeadline() async throws {
        try await withRedis { server in
            let client = server.client(poolSize: 2, callTimeout: .seconds(30))
            let clock = WallClock()
            let cache = RealRedisCache(client: client, namespace: "hung", clock: clock)
            try await cache.set(sessionKey(1), sessionValue(1), ttl: nil)
            server.signal(SIGSTOP)
            let started = clock.now
            let outcome: Result<CacheValue?, BackendError> = await CallContext.with(deadline: clock.now + .milliseconds(200)) {
                do throws(BackendError) { return .success(try await cache.get(sessionKey(1))) } catch { return .failure(error) }
            }
            let took = clock.now - started
            server.signal(SIGCONT)
            #expect(outcome == .failure(.timeout))
            #expect(took >= .milliseconds(200) && took < .seconds(10), "gave up after \(took)")
            // The connection it reset is replaced; the server, running again, answers.
            let read = try await cache.get(sessionKey(1))
            #expect(read == sessionValue(1))
            await client.shutdown()
        }
    }

    @Test func aCallWhoseDeadlineHasPassedIsNotSent() async throws {
        try await withRedis { server in
            let client = server.client(poolSize: 1)
            let clock = WallClock()
            let probe = RecordingProbe()
            let cache = RealRedisCache(client: client, namespace: "late", clock: clock, observer: probe)
            let outcome: Result<Void, BackendError> = await CallContext.with(deadline: clock.now - .milliseconds(1)) {
                do throws(BackendError) { return .success(try await cache.set(sessionKey(1), sessionValue(1), ttl: nil)) } catch {
                    return .failure(error)
                }
            }
            #expect(outcome.map { true } == .failure(.timeout))
            #expect(client.statistics.calls == 0)
            #expect(probe.calls.value.map(\.failed) == [true])
            await client.shutdown()
        }
    }

    @Test func callsAreReportedToTheProbeAsTheModelReportsThem() async throws {
        try await withRedis { server in
            let client = server.client(poolSize: 2)
            let probe = RecordingProbe()
            let cache = RealRedisCache(client: client, namespace: "probe", observer: probe)
            try await cache.set(sessionKey(1), sessionValue(1), ttl: nil)
            _ = try await cache.get(sessionKey(1))
            _ = try await cache.get(sessionKey(2))
            _ = try await cache.increment(.failures(UserID(1)), ttl: .seconds(1))
            try await cache.delete(sessionKey(1))
            _ = try await cache.getLeased(sessionKey(1), leaseTTL: .seconds(1))
            #expect(probe.calls.value.map(\.0) == [.cacheSet, .cacheGet, .cacheGet, .cacheIncr, .cacheDelete, .cacheGet])
            #expect(probe.calls.value.allSatisfy { !$0.failed })
            #expect(probe.lookups.value == [true, false, false])
            await client.shutdown()
        }
    }

    @Test func crashesAndRecoveriesReachTheProbe() async throws {
        try await withRedis { server in
            let probe = RecordingProbe()
            let control = RedisServerControl(server: server, observer: probe)
            try await control.crash()
            try await control.crash()   // already down: nothing more happens
            try await control.restart()
            let kinds = probe.events.value.map { event -> String in
                switch event {
                case .cacheCrashed: return "crashed"
                case .cacheRecovered: return "recovered"
                default: return "other"
                }
            }
            #expect(kinds == ["crashed", "recovered"])
            #expect(control.epoch == 1)
            await control.shutdown()
        }
    }

    @Test func twoNamespacesOnOneServerDoNotSeeEachOther() async throws {
        try await withRedis { server in
            let client = server.client(poolSize: 2)
            let a = RealRedisCache(client: client, namespace: "a"), b = RealRedisCache(client: client, namespace: "b")
            try await a.set(sessionKey(1), sessionValue(1), ttl: nil)
            let inB = try await b.get(sessionKey(1))
            let lease = try await b.getLeased(sessionKey(1), leaseTTL: .seconds(120))
            #expect(inB == nil)
            #expect(lease.lease != nil, "a's key is no hit for b")
            let keys = try await client.send(RedisCommand("KEYS", "*")).arrayStrings
            #expect(keys.sorted() == [
                "stampede:{a}:session:00000000000000010000000000000001",
                "stampede:{b}:lease:session:00000000000000010000000000000001",
            ])
            await client.shutdown()
        }
    }

    @Test func aValueWeDidNotWriteIsAMissAndCounted() async throws {
        try await withRedis { server in
            let client = server.client(poolSize: 1)
            let cache = RealRedisCache(client: client, namespace: "foreign")
            _ = try await client.send(RedisCommand("SET", .string(cache.keys.key(sessionKey(1))), "\u{3}garbage"))
            let read = try await cache.get(sessionKey(1))
            #expect(read == nil)
            #expect(cache.counters.undecodable == 1)
            await client.shutdown()
        }
    }
}

extension RESPValue {
    /// The strings of an array reply.
    var arrayStrings: [String] {
        guard case .array(let items?) = self else { return [] }
        return items.compactMap(\.string)
    }
}
