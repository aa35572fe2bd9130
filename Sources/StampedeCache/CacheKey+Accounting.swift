import StampedeKernel
import StampedeModel

extension CacheKey {
    /// The data class the key belongs to.
    @inlinable public var dataClass: DataClass {
        switch self {
        case .userByEmail: return .profiles
        case .permissions: return .permissions
        case .session: return .sessions
        case .failures: return .counters
        case .otp: return .otp
        }
    }

    /// Bytes of the key as Redis would store it (`user:<email>`, `sess:<32 hex>`, ...).
    @inlinable public var byteSize: Int {
        switch self {
        case .userByEmail(let email): return 5 + email.utf8.count
        case .permissions, .failures: return 12
        case .otp: return 11
        case .session: return 37
        }
    }

    /// The item the key names within its class, when the key alone says (not for emails).
    @inlinable public var identity: UInt64? {
        switch self {
        case .userByEmail: return nil
        case .permissions(let u), .failures(let u), .otp(let u): return u.dataIdentity
        case .session(let s): return s.dataIdentity
        }
    }
}

extension CacheValue {
    /// Bytes of the serialized value.
    @inlinable public var byteSize: Int {
        switch self {
        case .user(let u): return 24 + u.email.utf8.count + u.passwordHash.utf8.count
        case .permissions: return 12
        case .session: return 53
        case .counter: return 8
        case .otp: return 40
        }
    }

    /// The version the checker compares (see `DataAccess.version`).
    @inlinable public var version: UInt64 {
        switch self {
        case .user(let u): return UInt64(bitPattern: u.passwordChangedAt.nanoseconds)
        case .permissions(_, let v): return UInt64(v)
        case .session(let s): return s.revoked ? 2 : 1
        case .counter(let n): return UInt64(max(0, n))
        case .otp(let r):
            // Later issues are newer; within one code, each attempt and the consumption are.
            let step = UInt64(min(r.attempts, 31)) * 2 + (r.consumed ? 1 : 0)
            return UInt64(bitPattern: r.issuedAt.nanoseconds) &* 64 &+ step
        }
    }
}

/// The identity of the item `key` names, using the value for keys that do not say (emails).
@inlinable public func dataIdentity(_ key: CacheKey, _ value: CacheValue) -> UInt64 {
    if let id = key.identity { return id }
    if case .user(let u) = value { return u.id.dataIdentity }
    return 0
}

/// The user an item belongs to, and its session for the sessions class.
@inlinable public func dataOwner(_ key: CacheKey, _ value: CacheValue) -> (user: UserID, session: SessionID?) {
    switch (key, value) {
    case (_, .user(let u)): return (u.id, nil)
    case (_, .session(let s)): return (s.user, s.id)
    case (_, .otp(let r)): return (r.user, nil)
    case (.permissions(let u), _), (.failures(let u), _), (.otp(let u), _): return (u, nil)
    default: return (UserID(0), nil)
    }
}
