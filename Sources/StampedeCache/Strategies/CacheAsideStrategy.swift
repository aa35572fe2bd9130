import StampedeKernel
import StampedeModel

/// `cache-aside`: a read tries the cache and on a miss reads the store and sets the key; a
/// write changes the store and then deletes the key.
///
/// The race it is known for ("stale set after delete"): a reader misses and reads the old
/// value; a writer changes the store and deletes the key; the reader's set lands after the
/// delete and the old value stays cached until its TTL. Leases remove it.
public final class CacheAsideStrategy: CachingStrategy {
    public let core: StrategyCore

    public init(core: StrategyCore) { self.core = core }

    public func read(_ key: CacheKey, load: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        try await core.read(key, load) { value in await core.fill(key, value) }
    }

    public func write(_ key: CacheKey, _ kind: WriteKind, predicted: CacheValue?,
                      persist: @escaping @Sendable () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        let start = core.now
        let value = try await core.persist(persist)
        await invalidateAfter(key, kind, value, start: start)
        return value
    }

    public func afterStoreWrite(_ key: CacheKey, _ kind: WriteKind, value: CacheValue?) async {
        await invalidateAfter(key, kind, value, start: core.now)
    }

    /// Deletes the key after every write (a create too: a new code replaces an old one).
    func invalidateAfter(_ key: CacheKey, _ kind: WriteKind, _ value: CacheValue?, start: SimInstant) async {
        await core.delete(key)
        core.wrote(key, value)
        core.reportWrite(key, kind, value, source: .store, start: start)
    }
}
