import StampedeRedis
import StampedeTestSupport

/// The Redis tests' own thread (see `WallClockThread`).
let redisTestsThread = WallClockThread(name: "stampede-redis-tests")

/// Runs `body` and every task it starts on the Redis tests' thread.
func onWallClockThread<T>(_ body: () async throws -> T) async throws -> T {
    try await redisTestsThread.run(body)
}

/// A managed server for the length of `body`, which runs on the Redis tests' thread.
func withRedis<T>(_ configuration: ManagedRedisServer.Configuration = ManagedRedisServer.Configuration(),
                  _ body: (ManagedRedisServer) async throws -> T) async throws -> T {
    try await onWallClockThread { try await ManagedRedisServer.withRunning(configuration, body) }
}
