import StampedeCache
import StampedeKernel
import StampedeModel

/// Failed-login counters per account, through the counters' strategy. Under the default
/// write-through the store's count is the truth, so lockout keeps counting while the cache
/// is down.
extension AuthService {
    /// Failed logins in the window; a backend failure counts as none (the password check
    /// still runs, and its failure is still recorded).
    func failedLogins(_ user: UserID) async throws(BackendError) -> Int {
        try await loadFailures(user)
    }

    func recordFailure(_ user: UserID) async {
        let window = config.lockoutWindow
        let at = clock.now
        _ = try? await strategy(.counters).write(.failures(user), .increment, predicted: nil) { [store] () async throws(BackendError) -> CacheValue? in
            .counter(try await store.recordFailedLogin(user: user, window: window, at: at))
        }
    }

    func clearFailures(_ user: UserID) async {
        _ = try? await strategy(.counters).write(.failures(user), .invalidate, predicted: .counter(0)) { [store] () async throws(BackendError) -> CacheValue? in
            try await store.clearFailedLogins(user: user)
            return .counter(0)
        }
    }
}
