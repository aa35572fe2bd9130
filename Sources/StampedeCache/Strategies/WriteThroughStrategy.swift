import StampedeKernel
import StampedeModel

/// `write-through` and `write-through-update`: every write goes to the store, then to the cache.
///
/// `write-through` sets the key on a create, sets it only if present (`SET XX`) on an
/// update, and deletes it on a security change (a failed-login count included); reads never fill, so a read cannot put back
/// what a concurrent invalidation removed, and a late update cannot re-create a deleted key.
///
/// `write-through-update` (`updateInPlace`) sets the new value on every write instead. Two
/// writers of one key race: the first to reach the store can be the last to reach the cache,
/// leaving the older value cached (the reorder race) - a revoked session overwritten by a
/// concurrent touch's live copy, for instance.
public final class WriteThroughStrategy: CachingStrategy {
    public let core: StrategyCore
    public let updateInPlace: Bool

    public init(core: StrategyCore, updateInPlace: Bool) {
        self.core = core
        self.updateInPlace = updateInPlace
    }

    public func read(_ key: CacheKey, load: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        try await core.read(key, load) { _ in }
    }

    public func write(_ key: CacheKey, _ kind: WriteKind, predicted: CacheValue?,
                      persist: @escaping @Sendable () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        let start = core.now
        let value = try await core.persist(persist)
        await apply(key, kind, value)
        core.reportWrite(key, kind, value, source: .store, start: start)
        return value
    }

    public func afterStoreWrite(_ key: CacheKey, _ kind: WriteKind, value: CacheValue?) async {
        let start = core.now
        await apply(key, kind, value)
        core.reportWrite(key, kind, value, source: .store, start: start)
    }

    /// The cache side of a write whose store side is done.
    private func apply(_ key: CacheKey, _ kind: WriteKind, _ value: CacheValue?) async {
        defer { core.wrote(key, value) }
        guard let value else {
            await core.delete(key)
            return
        }
        switch (kind, updateInPlace) {
        case (.create, _), (_, true):
            await core.overwrite(key, value)
        case (.update, false):
            await core.overwrite(key, value, onlyIfPresent: true)
        case (.invalidate, false), (.increment, false):
            // A failed login is a security event too, and two concurrent counts set in the
            // cache could land in either order: delete, and let reads ask the store.
            await core.delete(key)
        }
    }
}
