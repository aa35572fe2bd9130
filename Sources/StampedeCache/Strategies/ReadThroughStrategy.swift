import StampedeKernel
import StampedeModel
import Synchronization

/// `read-through`: the cache loads a missing key from the store itself.
///
/// Concurrent misses of one key wait for a single load (request coalescing), so a hot key
/// that expires costs the store one read, not one per reader. Writes are cache-aside's
/// (store, then delete); the fill can still land after a delete, as in cache-aside.
public final class ReadThroughStrategy: CachingStrategy {
    public let core: StrategyCore
    private let writes: CacheAsideStrategy
    private typealias Waiter = UnsafeContinuation<Result<CacheValue?, BackendError>, Never>
    /// Keys being loaded, with the readers waiting for them.
    private let loading = Mutex<[CacheKey: [Waiter]]>([:])

    public init(core: StrategyCore) {
        self.core = core
        self.writes = CacheAsideStrategy(core: core)
    }

    public func read(_ key: CacheKey, load: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        let start = core.now
        switch await core.probe(key) {
        case .hit(let v):
            core.local?.put(key, v, now: core.now, ttl: core.ttl(for: v))
            return core.served(key, v, start: start)
        case .unavailable:
            return try await core.fallback(key, start: start, load)
        case .miss:
            core.metrics.add(.reads)
            core.metrics.add(.misses)
            let value = try await coalescedLoad(key, start: start, load)
            if let value { core.local?.put(key, value, now: core.now, ttl: core.ttl(for: value)) }
            return value
        }
    }

    /// The first reader of a missing key loads and fills it; the others wait for its result.
    private func coalescedLoad(_ key: CacheKey, start: SimInstant,
                               _ load: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        let first = loading.withLock { l -> Bool in
            if l[key] != nil { return false }
            l[key] = []
            return true
        }
        guard first else {
            core.env.clock.beginPark() // resumed by the first reader's load, not by the executor
            let result = await withUnsafeContinuation { (c: Waiter) in
                let queued = loading.withLock { l -> Bool in
                    guard l[key] != nil else { return false }
                    l[key]!.append(c)
                    return true
                }
                if !queued { c.resume(returning: .success(nil)) }
            }
            core.env.clock.endPark()
            let value = try result.get()
            if let value { core.reportRead(key, value, .cache, start: start) }
            return value
        }
        let result: Result<CacheValue?, BackendError>
        do throws(BackendError) {
            let value = try await core.loadStore(key, start: start, load)
            if let value, !core.env.backlog.contains(key) { await core.fill(key, value) }
            result = .success(value)
        } catch {
            result = .failure(error)
        }
        let waiters = loading.withLock { $0.removeValue(forKey: key) ?? [] }
        for w in waiters { w.resume(returning: result) }
        return try result.get()
    }

    public func write(_ key: CacheKey, _ kind: WriteKind, predicted: CacheValue?,
                      persist: @escaping @Sendable () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        try await writes.write(key, kind, predicted: predicted, persist: persist)
    }

    public func afterStoreWrite(_ key: CacheKey, _ kind: WriteKind, value: CacheValue?) async {
        await writes.afterStoreWrite(key, kind, value: value)
    }
}
