import StampedeCache
@testable import StampedeRedis
import StampedeTestSupport
import Testing

/// What a real redis-server keeps across SIGKILL, by its own persistence settings.
@Suite struct RedisPersistenceTests {
    /// Eight writers keep writing while the server is killed, after the first 2,000 writes;
    /// returns how many SETs were acknowledged and how many of them the restarted server has.
    static func killUnderLoad(_ config: ManagedRedisServer.Configuration) async throws -> (acknowledged: Int, kept: Int) {
        try await withRedis(config) { server in
            let client = server.client(poolSize: 8, callTimeout: .seconds(5))
            let acknowledged = Locked<[String]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        var i = 0
                        while true {
                            let key = "w\(writer):\(i)"
                            guard (try? await client.send(RedisCommand("SET", .string(key), "v"))) != nil else { return }
                            acknowledged.withLock { $0.append(key) }
                            i += 1
                        }
                    }
                }
                group.addTask {
                    // Killed mid-stream, once the writers are well under way (however busy the machine).
                    let clock = ContinuousClock()
                    let giveUp = clock.now + .seconds(20)
                    while acknowledged.withLock({ $0.count }) < 2_000, clock.now < giveUp {
                        try await Task.sleep(for: .milliseconds(2))
                    }
                    await server.kill()
                }
                try await group.waitForAll()
            }
            try await server.restart()
            let keys = acknowledged.value
            var kept = 0
            for chunk in stride(from: 0, to: keys.count, by: 500) {
                let batch = keys[chunk..<min(chunk + 500, keys.count)]
                let replies = try await client.pipeline(batch.map { RedisCommand("EXISTS", .string($0)) })
                kept += replies.filter { $0 == .integer(1) }.count
            }
            await client.shutdown()
            return (keys.count, kept)
        }
    }

    @Test func withFsyncAlwaysEveryAcknowledgedWriteSurvivesAKill() async throws {
        var config = ManagedRedisServer.Configuration()
        config.appendOnly = true
        config.appendFsync = .always
        let (acknowledged, kept) = try await Self.killUnderLoad(config)
        #expect(acknowledged > 100, "the load was too light to mean anything")
        #expect(kept == acknowledged)
    }

    /// Without a log or snapshots, a killed server comes back empty: what survives a crash is
    /// what the server's files hold, nothing kept in this process.
    @Test func withoutPersistenceAKilledServerComesBackEmpty() async throws {
        let (acknowledged, kept) = try await Self.killUnderLoad(ManagedRedisServer.Configuration())
        #expect(acknowledged > 100)
        #expect(kept == 0)
    }
}
