import StampedeKernel

/// The cache process's life as the fault plan and the strategies see it: flush, crash and
/// restart it (`CacheControl`), and shrink it by entry count — which a real Redis, bounded by
/// bytes, cannot do, so only the model is one of these.
///
/// A cache with persistence recovers its snapshot and log on `restart()`; the fault plan
/// only ever talks to this protocol. Write-behind strategies read `epoch` to know that work
/// queued before a crash died with it.
public protocol CacheLifecycle: CacheControl {
    /// Sets the most entries the cache keeps; shrinking evicts at once.
    func setMaxEntries(_ maxEntries: Int)
    /// The entries the cache keeps when no fault shrinks it.
    var configuredMaxEntries: Int { get }
}
