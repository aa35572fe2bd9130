import StampedeCache
import StampedeKernel
import StampedeModel
import StampedeRedis
import StampedeTestSupport
import Testing

/// What a contract test asks of the cache it runs against.
struct TwinSetup: Sendable {
    /// Room for data beyond what the empty server uses; 0 for no limit. The real twin sets
    /// `maxmemory` to its empty footprint plus this, so both twins hold about as much.
    var dataBytes = 0
    var policy: EvictionPolicy = .allkeysLRU
    /// An append-only log of every write, fsynced before the write is acknowledged.
    var durable = false
}

/// One cache under the contract, built fresh for each test.
struct CacheUnderTest: Sendable {
    let cache: any AuthCache
    /// Sleep on it to let TTLs run out: virtual for the model, real for Redis.
    let clock: any SimClock
    let control: any CacheControl
    let statistics: any CacheStatisticsSource
    let twin: CacheTwin

    /// Runs `steps`, which must take at most `budget` for what the test judges next to mean
    /// anything (a read meant to land before a TTL runs out). The model always keeps time; on
    /// a loaded machine real calls may not, and the twin then runs the test again.
    func inTime<T>(_ budget: SimDuration, _ steps: () async throws -> T) async throws -> T {
        let started = clock.now
        let result = try await steps()
        let took = clock.now - started
        if took > budget { throw TimingMissed(budget: budget, took: took) }
        return result
    }
}

/// A step of a test took longer than its budget, so its outcome says nothing.
struct TimingMissed: Error, CustomStringConvertible {
    var budget: SimDuration
    var took: SimDuration
    var description: String { "steps budgeted \(budget) took \(took)" }
}

/// The twins every contract test runs against, as swift-nio runs its channel tests on the
/// embedded and the real loop: the model in virtual time, real Redis on the wall clock.
enum CacheTwin: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case model
    case redis

    var testDescription: String { rawValue }

    /// Builds the twin, runs `body` against it and tears it down, also when `body` fails.
    ///
    /// A run whose timing was missed (`CacheUnderTest.inTime`) is repeated on a fresh twin, up
    /// to five times in all; then it fails, naming the budget it could not keep.
    func run(_ setup: TwinSetup = TwinSetup(), _ body: @escaping @Sendable (CacheUnderTest) async throws -> Void) async throws {
        var missed: [TimingMissed] = []
        while true {
            do {
                switch self {
                case .model: try runModel(setup, body)
                case .redis: try await runRedis(setup, body)
                }
                return
            } catch let timing as TimingMissed {
                missed.append(timing)
                guard missed.count < 5 else {
                    Issue.record("the machine was too busy to judge this test's timing in \(missed.count) runs: \(missed)")
                    return
                }
            }
        }
    }

    /// The model on a virtual clock, every call taking 100 µs on a pool of 8, as the real twin's
    /// client has 8 connections.
    private func runModel(_ setup: TwinSetup, _ body: @escaping @Sendable (CacheUnderTest) async throws -> Void) throws {
        var config = RedisCacheConfig()
        config.maxEntries = 10_000_000
        config.maxMemory = setup.dataBytes
        config.policy = setup.policy
        config.persistence.snapshotEvery = .zero
        if setup.durable {
            config.persistence.critical = Set(DataClass.allCases)
            config.persistence.fsync = .always
        }
        let executor = VirtualExecutor()
        let clock = VirtualClock(executor: executor)
        let cache = RedisCache(
            resource: ModeledResource(pool: ResourcePool(name: "cache", capacity: 8, clock: clock),
                                      latency: LatencySource(.constant(.microseconds(100)), seed: SeedTree(1))),
            clock: clock, config: config, seed: SeedTree(1), observer: nil)
        let rig = CacheUnderTest(cache: cache, clock: clock, control: cache, statistics: cache, twin: self)
        let outcome = Locked<Result<Void, any Error>?>(nil)
        TaskSpawner(executor: executor).spawn {
            do { try await body(rig); outcome.withLock { $0 = .success(()) } } catch { outcome.withLock { $0 = .failure(error) } }
        }
        executor.run()
        guard let result = outcome.value else {
            Issue.record("the test body never finished in virtual time")
            return
        }
        try result.get()
    }

    private func runRedis(_ setup: TwinSetup, _ body: @escaping @Sendable (CacheUnderTest) async throws -> Void) async throws {
        var config = ManagedRedisServer.Configuration()
        config.maxMemoryPolicy = setup.policy
        config.maxMemorySamples = 10
        if setup.durable {
            config.appendOnly = true
            config.appendFsync = .always
        }
        try await withRedis(config) { server in
            let client = server.client(poolSize: 8)
            if setup.dataBytes > 0 {
                let empty = try await RedisInfo.read(client, sections: ["memory"]).integer("used_memory") ?? 0
                _ = try await client.send(RedisCommand("CONFIG", "SET", "maxmemory", .integer(Int64(empty + setup.dataBytes))))
            }
            let clock = WallClock()
            let control = RedisServerControl(server: server, clock: clock)
            let cache = RealRedisCache(client: client, namespace: "contract", clock: clock, control: control)
            let rig = CacheUnderTest(cache: cache, clock: clock, control: control, statistics: cache, twin: self)
            do {
                try await body(rig)
            } catch {
                await control.shutdown()
                await client.shutdown()
                throw error
            }
            await control.shutdown()
            await client.shutdown()
        }
    }
}

/// A key and a value of the sessions class, numbered.
func sessionKey(_ i: Int) -> CacheKey { .session(Token128(high: 1, low: UInt64(i))) }
func sessionValue(_ i: Int, revoked: Bool = false) -> CacheValue {
    .session(SessionRecord(id: Token128(high: 1, low: UInt64(i)), user: UserID(i), issuedAt: .zero, lastSeen: .zero,
                           revoked: revoked, refreshToken: Token128(high: 2, low: UInt64(i))))
}
/// A profile whose value takes about `bytes` (a long password hash pads it).
func profileKey(_ i: Int) -> CacheKey { .userByEmail("user\(i)@example.com") }
func profileValue(_ i: Int, bytes: Int = 100) -> CacheValue {
    .user(UserRecord(id: UserID(i), email: "user\(i)@example.com",
                     passwordHash: "$pbkdf2-sha256$i=16$" + String(repeating: "h", count: max(0, bytes - 40)), permissions: .empty))
}
