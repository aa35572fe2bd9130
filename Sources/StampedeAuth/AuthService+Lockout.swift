import StampedeCache
import StampedeFaults
import StampedeKernel
import StampedeModel

/// How a login's password checks are counted for lockout; `AuthService` is the one
/// implementation, and the seam lets a test plant a bug in it (`SystemDecorators.lockout`).
public protocol LoginLockout: AnyObject, Sendable {
    /// Admits one password check for `user`; nil if the user is locked out. Returns the
    /// failures recorded so far.
    func admitPasswordCheck(_ user: UserID) async -> Int?
    /// An admitted check found the password wrong.
    func recordFailure(_ user: UserID) async
    /// An admitted check found the password right.
    func passwordCheckSucceeded(_ user: UserID, hadFailures: Bool) async
}

/// Lockout: the shared failure counter goes through the counters' caching strategy (under
/// the default write-through the store's count is the truth); the per-instance limiter
/// counts too, and decides alone while neither cache nor store can answer. Either way at
/// most `lockoutMaxFailures` failed checks per account per window get through.
extension AuthService: LoginLockout {
    /// Reads the shared counter and admits one password check; nil if the user is locked
    /// out. Returns the failures recorded so far.
    public func admitPasswordCheck(_ user: UserID) async -> Int? {
        let shared: Int?
        do {
            shared = try await loadFailures(user)
        } catch {
            signal(.localLimiter, source: .cache)
            shared = nil
        }
        return lockout.admit(user, shared: shared, at: clock.now)
    }

    /// A wrong password: counted at once in process, then in the shared counter.
    public func recordFailure(_ user: UserID) async {
        lockout.finish(user, failed: true, at: clock.now)
        let window = config.lockout.window
        let at = clock.now
        do {
            _ = try await strategy(.counters).write(.failures(user), .increment, predicted: nil) {
                [store] () async throws(BackendError) -> CacheValue? in
                .counter(try await store.recordFailedLogin(user: user, window: window, at: at))
            }
        } catch {
            signal(.localLimiter, source: .cache)
        }
    }

    /// The right password: the check is over and the user's failures are cleared.
    public func passwordCheckSucceeded(_ user: UserID, hadFailures: Bool) async {
        lockout.finish(user, failed: false, at: clock.now)
        guard hadFailures else { return }
        lockout.clear(user)
        _ = try? await strategy(.counters).write(.failures(user), .invalidate, predicted: .counter(0)) {
            [store] () async throws(BackendError) -> CacheValue? in
            try await store.clearFailedLogins(user: user)
            return .counter(0)
        }
    }

    /// Reports a resilience signal if the observer listens for them.
    func signal(_ s: ResilienceSignal, source: ResilienceSource) {
        observer?.resilience(s, source: source, at: clock.now)
    }
}
