import Foundation
@testable import StampedeRedis
import StampedeTestSupport
import Testing

/// The managed redis-server: a fresh directory and port, PING before use, gone afterwards.
@Suite struct ManagedRedisServerTests {
    @Test func startsOnALoopbackPortAndLeavesNothingBehind() async throws {
        try await onWallClockThread {
            let server = try await ManagedRedisServer.start()
            #expect(server.isRunning)
            #expect(server.port > 0)
            let conf = try String(contentsOf: server.directory.appendingPathComponent("redis.conf"), encoding: .utf8)
            #expect(conf.contains("bind 127.0.0.1"))
            #expect(conf.contains("port \(server.port)"))
            let client = server.client(poolSize: 1)
            #expect(try await client.send(RedisCommand("PING")) == .simpleString("PONG"))
            await client.shutdown()
            await server.stop()
            #expect(!server.isRunning)
            #expect(!FileManager.default.fileExists(atPath: server.directory.path))
        }
    }

    @Test func aMissingBinaryIsAClearError() async throws {
        var config = ManagedRedisServer.Configuration()
        config.executable = "/nonexistent/redis-server"
        await #expect {
            _ = try await ManagedRedisServer.start(config)
        } throws: { error in
            (error as? ManagedRedisError)?.code == .notInstalled
        }
        // Not on PATH: the message says how to install it, the way CI does.
        let error = #expect(throws: ManagedRedisError.self) {
            _ = try ManagedRedisServer.locate(nil, searchPath: "/nonexistent-a:/nonexistent-b")
        }
        #expect(error?.message.contains(".ci/install-packages.sh redis-server=redis-server") == true)
        #expect(error?.message.contains("/nonexistent-a") == true)
    }

    @Test func aServerThatCannotStartNamesTheCommandAndItsLog() async {
        var config = ManagedRedisServer.Configuration()
        config.extraDirectives = ["no-such-directive yes"]
        await #expect {
            _ = try await ManagedRedisServer.start(config)
        } throws: { error in
            guard let e = error as? ManagedRedisError, e.code == .startFailed else { return false }
            return e.message.contains("redis-server") && e.message.contains("redis.conf") && e.message.contains("no-such-directive")
        }
    }

    @Test func aKilledServerRestartsOnItsPortAndDirectory() async throws {
        try await withRedis { server in
            let pid = server.processIdentifier
            await server.kill()
            #expect(!server.isRunning)
            #expect(server.epoch == 1)
            try await server.restart()
            #expect(server.isRunning)
            #expect(server.processIdentifier != pid)
            let client = server.client(poolSize: 1)
            let pong = try await client.send(RedisCommand("PING"))
            #expect(pong == .simpleString("PONG"))
            await client.shutdown()
        }
    }

    struct Planted: Error {}

    @Test func aFailingBodyStillStopsTheServer() async throws {
        try await onWallClockThread {
            let seen = Locked<ManagedRedisServer?>(nil)
            await #expect(throws: Planted.self) {
                try await ManagedRedisServer.withRunning { server in
                    seen.withLock { $0 = server }
                    throw Planted()
                }
            }
            let server = try #require(seen.value)
            #expect(!server.isRunning)
            #expect(!FileManager.default.fileExists(atPath: server.directory.path))
        }
    }

    /// A server nobody stopped dies with its last reference.
    @Test func aServerDroppedWithoutStopIsKilled() async throws {
        try await onWallClockThread {
            var server: ManagedRedisServer? = try await ManagedRedisServer.start()
            let pid = try #require(server?.processIdentifier)
            let directory = server!.directory
            server = nil
            var alive = true
            for _ in 0..<200 where alive {
                alive = ManagedRedisServer.processExists(pid)
                if alive { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(!alive, "redis-server \(pid) outlived its ManagedRedisServer")
            #expect(!FileManager.default.fileExists(atPath: directory.path))
        }
    }
}
