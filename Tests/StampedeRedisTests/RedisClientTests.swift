import NIOCore
@testable import StampedeRedis
import StampedeTestSupport
import Testing

/// The client against a real redis-server: pipelining, deadlines, the pool and reconnects.
@Suite struct RedisClientTests {
    @Test func aThousandCommandsInOneWriteComeBackInOrder() async throws {
        try await withRedis { server in
            let client = server.client(poolSize: 1)
            let sets = (0..<1_000).map { RedisCommand("SET", .string("k\($0)"), .string("v\($0)")) }
            let acks = try await client.pipeline(sets)
            #expect(acks.count == 1_000 && acks.allSatisfy { $0 == .simpleString("OK") })
            let replies = try await client.pipeline((0..<1_000).map { RedisCommand("GET", .string("k\($0)")) })
            #expect(replies.map(\.string) == (0..<1_000).map { "v\($0)" })
            #expect(client.statistics.connects == 1)
            await client.shutdown()
        }
    }

    /// A thousand callers sharing four connections, many calls in flight on each.
    @Test func aThousandConcurrentCallsOnSharedConnections() async throws {
        try await withRedis { server in
            let client = server.client(poolSize: 4, callsPerConnection: 256)
            let wrong = await withTaskGroup(of: Int.self) { group in
                for i in 0..<1_000 {
                    group.addTask {
                        let n = try? await client.send(RedisCommand("INCRBY", "total", .integer(Int64(i)))).integer
                        let echo = try? await client.send(RedisCommand("ECHO", .string("m\(i)"))).string
                        return n != nil && echo == "m\(i)" ? 0 : 1
                    }
                }
                return await group.reduce(0, +)
            }
            #expect(wrong == 0)
            let total = try await client.send(RedisCommand("GET", "total")).integer
            #expect(total == Int64((0..<1_000).reduce(0, +)))
            #expect(client.statistics.connects <= 4)
            await client.shutdown()
        }
    }

    /// BLPOP on an empty list holds its reply for a second: the call gives up at its deadline,
    /// and the connection it reset is replaced for the next call.
    @Test func aCallPastItsDeadlineTimesOutAndTheNextCallWorks() async throws {
        try await withRedis { server in
            let client = server.client(poolSize: 1)
            _ = try await client.send(RedisCommand("PING"))   // connected, so only the round trip is timed
            let started = ContinuousClock.now
            await #expect {
                _ = try await client.send(RedisCommand("BLPOP", "empty", "1"), timeout: .milliseconds(100))
            } throws: { ($0 as? RedisError)?.code == .timeout && ($0 as? RedisError)?.backendError == .timeout }
            // Not an upper bound: BLPOP itself would have answered a null after 1 s, not failed.
            let took = ContinuousClock.now - started
            #expect(took >= .milliseconds(100), "gave up after \(took)")
            let pong = try await client.send(RedisCommand("PING"))
            #expect(pong == .simpleString("PONG"))
            #expect(client.statistics.connects == 2)
            #expect(client.statistics.timeouts == 1)
            await client.shutdown()
        }
    }

    /// With every connection busy, a call waits in line — and its deadline counts the wait.
    @Test func waitingForABusyPoolCountsAgainstTheDeadline() async throws {
        try await withRedis { server in
            let client = server.client(poolSize: 1, callTimeout: .seconds(5))
            async let blocker = client.send(RedisCommand("BLPOP", "empty", "2"), timeout: .seconds(4))
            // Not a fixed pause: on a loaded machine the BLPOP may not have taken the only
            // connection yet, and the PING would take it instead. The server says when it blocks.
            let observer = server.client(poolSize: 1)
            var blocked = false
            for _ in 0..<1_000 where !blocked {
                let info = try await observer.send(RedisCommand("INFO", "clients")).string ?? ""
                blocked = info.contains("blocked_clients:1")
                if !blocked { try await Task.sleep(for: .milliseconds(2)) }
            }
            await observer.shutdown()
            try #require(blocked, "the BLPOP never blocked on the server")
            await #expect {
                _ = try await client.send(RedisCommand("PING"), timeout: .milliseconds(100))
            } throws: { ($0 as? RedisError)?.code == .timeout }
            let popped = try await blocker
            #expect(popped.isNull)   // BLPOP timed out on the server side: a null array
            #expect(client.statistics.waits >= 1)
            await client.shutdown()
        }
    }

    @Test func callsToAKilledServerFailFastAndTheSameClientWorksAfterRestart() async throws {
        try await withRedis { server in
            let client = server.client(poolSize: 4, callTimeout: .seconds(20))
            _ = try await client.send(RedisCommand("SET", "k", "v"))
            await server.kill()
            let started = ContinuousClock.now
            await #expect {
                _ = try await client.send(RedisCommand("GET", "k"))
            } throws: { ($0 as? RedisError)?.backendError == .unavailable }
            #expect(ContinuousClock.now - started < .seconds(5), "a refused connection fails fast, not at the deadline")
            try await server.restart()
            // Every connection of the pool is replaced as it is used, with no call failing.
            let replies = try await withThrowingTaskGroup(of: RESPValue.self) { group in
                for _ in 0..<16 { group.addTask { try await client.send(RedisCommand("PING")) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0 == .simpleString("PONG") })
            #expect(client.statistics.connects >= 2)
            await client.shutdown()
        }
    }

    @Test func anUnreachableServerIsUnavailableAndNamesTheAddress() async throws {
        try await onWallClockThread {
            // A port nobody listens on: the one a stopped server had.
            let server = try await ManagedRedisServer.start()
            await server.stop()
            let client = RedisClient(host: "127.0.0.1", port: server.port, poolSize: 1)
            await #expect {
                _ = try await client.send(RedisCommand("PING"))
            } throws: { error in
                guard let e = error as? RedisError else { return false }
                return e.code == .unavailable && e.message.contains("127.0.0.1:\(server.port)")
            }
            await client.shutdown()
        }
    }

    @Test func serverErrorsAreThrownAndPipelinesKeepThem() async throws {
        try await withRedis { server in
            let client = server.client(poolSize: 1)
            await #expect {
                _ = try await client.send(RedisCommand("NOSUCHCOMMAND"))
            } throws: { ($0 as? RedisError)?.code == .server }
            let replies = try await client.pipeline([RedisCommand("SET", "s", "text"), RedisCommand("INCR", "s"), RedisCommand("GET", "s")])
            #expect(replies[0] == .simpleString("OK"))
            if case .error(let m) = replies[1] { #expect(m.hasPrefix("ERR")) } else { Issue.record("INCR of text answered \(replies[1])") }
            #expect(replies[2].string == "text")
            await client.shutdown()
        }
    }

    @Test func aNonDefaultDatabaseIsSelectedOnEveryConnection() async throws {
        try await withRedis { server in
            let three = RedisClient(host: server.host, port: server.port, poolSize: 2, database: 3)
            let zero = server.client(poolSize: 1)
            _ = try await three.send(RedisCommand("SET", "k", "in-3"))
            let inZero = try await zero.send(RedisCommand("GET", "k"))
            let inThree = try await three.send(RedisCommand("GET", "k"))
            #expect(inZero.isNull)
            #expect(inThree.string == "in-3")
            await three.shutdown()
            await zero.shutdown()
        }
    }
}
