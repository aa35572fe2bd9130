import StampedeKernel

/// What a chaos plan does to a cache besides failing its calls: flush it, shrink it,
/// crash it and bring it back.
///
/// A cache with persistence implements `restart()` by recovering its snapshot and log;
/// one without comes back empty. The fault plan only ever talks to this protocol, so a
/// persistent cache plugs in without the plan changing.
public protocol CacheLifecycle: AnyObject, Sendable {
    /// Every key is gone at once (`FLUSHALL`).
    func flushAll()
    /// Sets the most entries the cache keeps; shrinking evicts at once.
    func setMaxEntries(_ maxEntries: Int)
    /// The entries the cache keeps when no fault shrinks it.
    var configuredMaxEntries: Int { get }
    /// The process dies: what lived only in memory is lost.
    func crash()
    /// The process is back; returns how many entries it recovered.
    @discardableResult func restart() -> Int
}
