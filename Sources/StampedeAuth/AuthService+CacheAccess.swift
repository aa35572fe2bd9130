import StampedeCache
import StampedeKernel
import StampedeModel

/// How the service reads each kind of data: through its class's caching strategy, handing it
/// the store read to use on a miss.
extension AuthService {
    /// The strategy of a data class.
    @inline(__always) func strategy(_ c: DataClass) -> any CachingStrategy { strategies[c.rawValue] }

    /// A user by email (profiles).
    func loadUser(email: String) async throws(BackendError) -> UserRecord? {
        let value = try await strategy(.profiles).read(.userByEmail(email)) { () async throws(BackendError) -> CacheValue? in
            try await store.user(email: email).map { .user($0) }
        }
        if case .user(let u)? = value { return u }
        return nil
    }

    /// A user's permissions and their version.
    func loadPermissionEntry(_ user: UserID) async throws(BackendError) -> (set: PermissionSet, version: UInt32)? {
        let value = try await strategy(.permissions).read(.permissions(user)) { () async throws(BackendError) -> CacheValue? in
            try await store.user(id: user).map { .permissions($0.permissions, version: $0.permissionVersion) }
        }
        if case .permissions(let p, let v)? = value { return (p, v) }
        return nil
    }

    func loadPermissions(_ user: UserID) async throws(BackendError) -> PermissionSet? {
        try await loadPermissionEntry(user)?.set
    }

    func loadPermissionVersion(_ user: UserID) async throws(BackendError) -> UInt32? {
        try await loadPermissionEntry(user)?.version
    }

    /// A session. Under the default write-through the cache holds what the writes put there
    /// and a miss reads the store without filling, so a read can never put back a session
    /// that a concurrent logout just deleted.
    func loadSession(_ id: SessionID) async throws(BackendError) -> SessionRecord? {
        let value = try await strategy(.sessions).read(.session(id)) { () async throws(BackendError) -> CacheValue? in
            try await store.session(id: id).map { .session($0) }
        }
        if case .session(let s)? = value { return s }
        return nil
    }

    /// A user's current one-time passcode.
    func loadOTP(_ user: UserID) async throws(BackendError) -> OTPRecord? {
        let value = try await strategy(.otp).read(.otp(user)) { () async throws(BackendError) -> CacheValue? in
            try await store.otp(user: user).map { .otp($0) }
        }
        if case .otp(let r)? = value { return r }
        return nil
    }

    /// Failed logins of a user in the current window.
    func loadFailures(_ user: UserID) async throws(BackendError) -> Int {
        let window = config.lockout.window
        let value = try await strategy(.counters).read(.failures(user)) { () async throws(BackendError) -> CacheValue? in
            .counter(try await store.failedLogins(user: user, window: window, at: clock.now))
        }
        if case .counter(let n)? = value { return n }
        return 0
    }
}
