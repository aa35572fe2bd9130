import StampedeCache
import StampedeKernel
import StampedeModel

/// Process-level chaos on a managed redis-server: the real twin of the model's lifecycle.
///
/// `flushAll` is `FLUSHALL`; `crash` is SIGKILL, so the server loses what its `appendfsync`
/// policy and its snapshots had not written; `restart` starts it on its own directory, where
/// it recovers from its files. Crashes and recoveries are reported to `observer` as the model
/// reports them. A server given by URL has no such control: a scenario that crashes it is
/// refused when it loads.
public final class RedisServerControl: CacheControl {
    public let server: ManagedRedisServer
    let admin: RedisClient
    let clock: any SimClock
    let observer: (any SystemProbe)?

    public init(server: ManagedRedisServer, clock: any SimClock = WallClock(), observer: (any SystemProbe)? = nil) {
        self.server = server
        self.admin = server.client(poolSize: 1, callTimeout: .seconds(10))
        self.clock = clock
        self.observer = observer
    }

    public var epoch: UInt64 { server.epoch }

    public func flushAll() async throws(BackendError) {
        do {
            _ = try await admin.send(RedisCommand("FLUSHALL"))
        } catch {
            throw error.backendError
        }
    }

    public func crash() async throws(BackendError) {
        guard server.isRunning else { return }
        await server.kill()
        observer?.observe(.cacheCrashed(at: clock.now))
    }

    public func restart() async throws(BackendError) {
        guard !server.isRunning else { return }
        do {
            try await server.restart()
        } catch {
            throw .unavailable
        }
        observer?.observe(.cacheRecovered(at: clock.now))
    }

    /// Closes the admin connection.
    public func shutdown() async { await admin.shutdown() }
}
