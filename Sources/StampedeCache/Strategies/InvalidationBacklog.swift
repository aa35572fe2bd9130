import Synchronization

/// Cache keys whose invalidation failed because the cache was unavailable.
///
/// While a key is here the service never trusts the cache for it: a read goes to the
/// store and retries the delete. Without this, a session logged out during a cache
/// outage would come back to life when the cache does.
public final class InvalidationBacklog: Sendable {
    private let keys = Mutex<Set<CacheKey>>([])
    private let size = Atomic<Int>(0)

    public init() {}

    public var isEmpty: Bool { size.load(ordering: .relaxed) == 0 }

    public func add(_ key: CacheKey) {
        keys.withLock { k in
            if k.insert(key).inserted { size.add(1, ordering: .relaxed) }
        }
    }

    public func contains(_ key: CacheKey) -> Bool {
        if isEmpty { return false }
        return keys.withLock { $0.contains(key) }
    }

    public func remove(_ key: CacheKey) {
        keys.withLock { k in
            if k.remove(key) != nil { size.subtract(1, ordering: .relaxed) }
        }
    }

    public var count: Int { size.load(ordering: .relaxed) }

    /// Forgets every owed invalidation: the process restarted and its memory is gone.
    public func removeAll() {
        keys.withLock { k in
            k.removeAll()
            size.store(0, ordering: .relaxed)
        }
    }
}
