import StampedeKernel
import StampedeModel

/// What the service caches, each kind under its own key.
public enum CacheKey: Hashable, Sendable {
    /// The user record, looked up by email at login (cache-aside).
    case userByEmail(String)
    /// The user's permission set and version (cache-aside).
    case permissions(UserID)
    /// A session record (write-through).
    case session(SessionID)
    /// Failed-login counter of a user (lockout).
    case failures(UserID)
}

public enum CacheValue: Sendable, Hashable {
    case user(UserRecord)
    case permissions(PermissionSet, version: UInt32)
    case session(SessionRecord)
    case counter(Int)
}

/// A Redis-like cache: get, set, delete and counters, each with a TTL in virtual time.
public protocol AuthCache: AnyObject, Sendable {
    func get(_ key: CacheKey) async throws(BackendError) -> CacheValue?
    func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError)
    /// Sets only if the key is present (Redis `SET XX`); returns whether it was.
    func update(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) -> Bool
    func delete(_ key: CacheKey) async throws(BackendError)
    /// Increments a counter, creating it with `ttl` when absent; returns the new value.
    func increment(_ key: CacheKey, ttl: SimDuration) async throws(BackendError) -> Int
}
