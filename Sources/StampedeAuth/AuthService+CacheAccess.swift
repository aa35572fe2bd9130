import StampedeCache
import StampedeKernel
import StampedeModel

/// How the service reads and writes through the cache for each kind of data.
extension AuthService {
    /// Cache-aside read of a user by email: cache, then store on a miss (and fill the cache).
    func loadUser(email: String) async throws(BackendError) -> UserRecord? {
        let key = CacheKey.userByEmail(email)
        if let cached = await cachedValue(key), case .user(let u) = cached { return u }
        let u = try await store.user(email: email)
        if let u { await fill(key, .user(u), ttl: config.userTTL) }
        return u
    }

    /// Cache-aside read of a user's permissions.
    func loadPermissions(_ user: UserID) async throws(BackendError) -> PermissionSet? {
        let key = CacheKey.permissions(user)
        if let cached = await cachedValue(key), case .permissions(let p, _) = cached { return p }
        guard let u = try await store.user(id: user) else { return nil }
        await fill(key, .permissions(u.permissions, version: u.permissionVersion), ttl: config.permissionTTL)
        return u.permissions
    }

    /// Write-through read of a session: the cache holds what the writes put there; a miss
    /// reads the store and does not fill (only writes fill, so a read can never put back
    /// a session that a concurrent logout just deleted).
    func loadSession(_ id: SessionID) async throws(BackendError) -> SessionRecord? {
        if let cached = await cachedValue(.session(id)), case .session(let s) = cached { return s }
        return try await store.session(id: id)
    }

    /// The cached value, or nil on a miss, on a cache failure (counted as a fallback) or
    /// when the key's invalidation is still owed (then the delete is retried).
    func cachedValue(_ key: CacheKey) async -> CacheValue? {
        if backlog.contains(key) {
            await invalidate(key)
            return nil
        }
        do {
            return try await cache.get(key)
        } catch {
            observer?.cacheFallback(at: clock.now)
            return nil
        }
    }

    /// Fills the cache after a miss; skipped while the key's invalidation is owed.
    func fill(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async {
        if backlog.contains(key) { return }
        _ = try? await cache.set(key, value, ttl: ttl)
    }

    /// A write-through set; a failure is tolerated because reads fall back to the store.
    func cacheSet(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async {
        _ = try? await cache.set(key, value, ttl: ttl)
    }

    /// Deletes a key; if the cache cannot be reached the delete is owed until it can.
    func invalidate(_ key: CacheKey) async {
        do {
            try await cache.delete(key)
            backlog.remove(key)
        } catch {
            backlog.add(key)
        }
    }
}
