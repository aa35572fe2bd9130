import StampedeKernel

/// The cache process's life as the fault plan and the strategies see it: flush it, shrink
/// it, crash it and bring it back.
///
/// A cache with persistence recovers its snapshot and log on `restart()`; the fault plan
/// only ever talks to this protocol. Write-behind strategies read `epoch` to know that work
/// queued before a crash died with it.
public protocol CacheLifecycle: AnyObject, Sendable {
    /// Bumped by every crash.
    var epoch: UInt64 { get }
    /// Every key is gone at once (`FLUSHALL`).
    func flushAll()
    /// Sets the most entries the cache keeps; shrinking evicts at once.
    func setMaxEntries(_ maxEntries: Int)
    /// The entries the cache keeps when no fault shrinks it.
    var configuredMaxEntries: Int { get }
    /// The process dies now: what persistence did not keep is lost.
    func crash()
    /// Brings a crashed process back, taking its modeled recovery time; returns when it serves.
    func restart() async
}
