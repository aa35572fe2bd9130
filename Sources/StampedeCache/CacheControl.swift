import StampedeKernel
import StampedeModel

/// A cache server's own counts: entries now, and evictions and expirations so far.
public struct CacheStatistics: Sendable, Hashable {
    public var entries: Int
    public var evictions: Int
    public var expirations: Int

    public init(entries: Int, evictions: Int, expirations: Int) {
        self.entries = entries; self.evictions = evictions; self.expirations = expirations
    }
}

/// The cache process's life where the process may be across a socket: flush it, crash it,
/// bring it back — each step may wait on the server and fail.
///
/// Asynchronous and failable because the process may be a real server: a `FLUSHALL` is a
/// round trip, a restart waits for the server to load its files, and either can fail. The
/// model answers at once with its own methods, so one contract test runs against both.
/// Resizing is not here but in `CacheLifecycle`: a real Redis bounds bytes (`maxmemory`),
/// not entries.
public protocol CacheControl: AnyObject, Sendable {
    /// Bumped by every crash.
    var epoch: UInt64 { get }
    /// Every key is gone at once (`FLUSHALL`).
    func flushAll() async throws(BackendError)
    /// The process dies now: what persistence did not keep is lost.
    func crash() async throws(BackendError)
    /// Brings a crashed process back on its own files; returns when it serves. Does nothing
    /// when it is not down.
    func restart() async throws(BackendError)
}

/// A cache server that reports its own counts when asked (Redis `INFO`), possibly over a socket.
public protocol CacheStatisticsSource: AnyObject, Sendable {
    func serverStatistics() async throws(BackendError) -> CacheStatistics
}

extension RedisCache: CacheStatisticsSource {
    public func serverStatistics() -> CacheStatistics {
        let (entries, evictions, expirations) = statistics()
        return CacheStatistics(entries: entries, evictions: evictions, expirations: expirations)
    }
}
