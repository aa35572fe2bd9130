import StampedeCache
import StampedeKernel
import StampedeModel

/// Lockout: the shared failure counter lives in the cache; the per-instance limiter counts
/// too, and decides alone while the counter cache cannot answer. Either way at most
/// `lockoutMaxFailures` failed checks per account per window get through.
extension AuthService {
    /// Reads the shared counter and admits one password check; nil if the user is locked
    /// out. Returns the failures recorded so far.
    func admitPasswordCheck(_ user: UserID) async -> Int? {
        let shared: Int?
        do {
            if case .counter(let n)? = try await cache.get(.failures(user)) { shared = n } else { shared = 0 }
        } catch {
            signal(.localLimiter, source: .cache)
            shared = nil
        }
        return lockout.admit(user, shared: shared, at: clock.now)
    }

    /// A wrong password: counted at once in process, then in the shared counter.
    func recordFailure(_ user: UserID) async {
        lockout.finish(user, failed: true, at: clock.now)
        do {
            _ = try await cache.increment(.failures(user), ttl: config.lockoutWindow)
        } catch {
            signal(.localLimiter, source: .cache)
        }
    }

    /// The right password: the check is over and the user's failures are cleared.
    func passwordCheckSucceeded(_ user: UserID, hadFailures: Bool) async {
        lockout.finish(user, failed: false, at: clock.now)
        guard hadFailures else { return }
        lockout.clear(user)
        await invalidate(.failures(user))
    }

    /// Reports a resilience signal if the observer listens for them.
    func signal(_ s: ResilienceSignal, source: ResilienceSource) {
        (observer as? any ResilienceObserver)?.resilience(s, source: source, at: clock.now)
    }
}
