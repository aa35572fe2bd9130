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
    /// The user's current one-time passcode.
    case otp(UserID)
}

public enum CacheValue: Sendable, Hashable {
    case user(UserRecord)
    case permissions(PermissionSet, version: UInt32)
    case session(SessionRecord)
    case counter(Int)
    case otp(OTPRecord)
}

extension CacheValue {
    /// When the value came into being, for values whose lifetime counts from it (a session).
    public var issuedAt: SimInstant? {
        if case .session(let s) = self { return s.issuedAt }
        return nil
    }
}

/// A memcache-style lease: the right to fill a key after a miss, cancelled by a delete.
public struct Lease: Sendable, Hashable {
    public var token: UInt64
    public init(token: UInt64) { self.token = token }
}

/// What a leased read found: a value, or a miss with (or without) a lease to fill it.
public struct LeasedRead: Sendable {
    public var value: CacheValue?
    /// Nil on a hit, and on a miss while another client holds the key's lease.
    public var lease: Lease?
    public init(value: CacheValue?, lease: Lease?) { self.value = value; self.lease = lease }
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

    /// Like `get`, but a miss hands out a lease unless another client holds one for the key
    /// (Facebook's memcache leases). Decorators must forward this, not emulate it.
    func getLeased(_ key: CacheKey, leaseTTL: SimDuration) async throws(BackendError) -> LeasedRead
    /// Sets the key only if `lease` is still outstanding; false when a delete cancelled it
    /// (the value read from the store may be stale) or it expired.
    func setLeased(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?, lease: Lease) async throws(BackendError) -> Bool
    /// Atomically replaces the key's value if it is `expected` (nil: the key is absent);
    /// `new` nil deletes it. Returns whether it did (Redis `SET NX`, or WATCH/MULTI).
    func compareAndSet(_ key: CacheKey, expected: CacheValue?, new: CacheValue?, ttl: SimDuration?) async throws(BackendError) -> Bool
}
