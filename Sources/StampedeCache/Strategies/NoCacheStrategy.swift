import StampedeKernel
import StampedeModel

/// `none`: every read and write goes to the store; the cache is never asked. The baseline
/// an architect compares the others with: no stale reads, all the store load.
public final class NoCacheStrategy: CachingStrategy {
    public let core: StrategyCore

    public init(core: StrategyCore) { self.core = core }

    public func read(_ key: CacheKey, load: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        let start = core.now
        core.metrics.add(.reads)
        return try await core.loadStore(key, start: start, load)
    }

    public func write(_ key: CacheKey, _ kind: WriteKind, predicted: CacheValue?,
                      persist: @escaping @Sendable () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        let start = core.now
        let value = try await core.persist(persist)
        core.reportWrite(key, kind, value, source: .store, start: start)
        return value
    }

    public func afterStoreWrite(_ key: CacheKey, _ kind: WriteKind, value: CacheValue?) async {
        core.reportWrite(key, kind, value, source: .store, start: core.now)
    }
}
