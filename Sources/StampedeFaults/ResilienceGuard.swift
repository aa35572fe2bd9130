import StampedeKernel
import StampedeModel
import Synchronization

/// The policies guarding calls to one backend; each is off when nil.
public struct ResiliencePolicy: Sendable {
    /// A call that has not completed this long after it started fails as timed out.
    public var timeout: SimDuration?
    public var retry: RetryPolicy?
    public var breaker: BreakerConfig?

    public init(timeout: SimDuration? = nil, retry: RetryPolicy? = nil, breaker: BreakerConfig? = nil) {
        self.timeout = timeout; self.retry = retry; self.breaker = breaker
    }

    /// No policy at all: the backend need not be wrapped.
    public var isEmpty: Bool { timeout == nil && retry == nil && breaker == nil }
}

/// Applies a `ResiliencePolicy` to calls: the breaker admits or rejects each attempt, the
/// timeout bounds it, and a failed attempt is retried after a seeded backoff.
///
/// Only idempotent calls are retried after a timeout (a timed-out call may have taken
/// effect); any call is retried after a fast failure, which never reached the backend.
/// A call the breaker rejects fails fast as `.unavailable` and is not retried.
public final class ResilienceGuard: Sendable {
    public let policy: ResiliencePolicy
    let source: ResilienceSource
    let clock: any SimClock
    let observer: (any ResilienceObserver)?
    /// Nil inside when the policy has no breaker (a `Mutex` cannot itself be optional).
    private let breaker: Mutex<CircuitBreaker?>
    private let rng: Mutex<Xoshiro256>

    public init(policy: ResiliencePolicy, source: ResilienceSource, clock: any SimClock, seed: SeedTree,
                observer: (any ResilienceObserver)?) {
        self.policy = policy
        self.source = source
        self.clock = clock
        self.observer = observer
        self.breaker = Mutex(policy.breaker.map { CircuitBreaker(config: $0) })
        self.rng = Mutex(seed.generator())
    }

    /// The breaker's state now (closed when there is no breaker).
    public var breakerState: CircuitBreaker.State { breaker.withLock { $0?.state } ?? .closed }

    /// Runs `body` under the policy.
    public func perform<T>(idempotent: Bool, _ body: () async throws(BackendError) -> T) async throws(BackendError) -> T {
        var attempt = 1
        while true {
            let ticket = try admit()
            let started = clock.now
            let outcome = await attemptOnce(body, started: started)
            if let ticket {
                let failed: Bool
                if case .failure = outcome { failed = true } else { failed = false }
                let now = clock.now
                report(breaker.withLock { $0?.record(ticket, failed: failed, duration: now - started, at: now) })
            }
            switch outcome {
            case .success(let value):
                return value
            case .failure(let error):
                guard let retry = policy.retry, attempt < retry.maxAttempts, error != .outOfMemory,
                      error == .unavailable || idempotent else { throw error }
                let pause = rng.withLock { retry.backoff(afterAttempt: attempt, rng: &$0) }
                signal(.retry)
                try? await clock.sleep(for: pause)
                attempt += 1
            }
        }
    }

    /// Asks the breaker for a ticket; throws `.unavailable` when it rejects the call.
    private func admit() throws(BackendError) -> CircuitBreaker.Ticket? {
        guard policy.breaker != nil else { return nil }
        let now = clock.now
        let (admission, transition) = breaker.withLock { b -> (CircuitBreaker.Admission, CircuitBreaker.Transition?) in
            b?.admit(at: now) ?? (.rejected, nil)
        }
        report(transition)
        guard case .permitted(let ticket) = admission else {
            signal(.shortCircuit)
            throw .unavailable
        }
        return ticket
    }

    /// One attempt, bounded by the timeout: a call that ends at or after its deadline failed.
    private func attemptOnce<T>(_ body: () async throws(BackendError) -> T, started: SimInstant) async -> Result<T, BackendError> {
        guard let timeout = policy.timeout else {
            do throws(BackendError) { return .success(try await body()) } catch { return .failure(error) }
        }
        let deadline = started + timeout
        do throws(BackendError) {
            let value = try await CallContext.with(deadline: deadline, body)
            if clock.now >= deadline {
                signal(.timeout)
                return .failure(.timeout)
            }
            return .success(value)
        } catch {
            if error == .timeout { signal(.timeout) }
            return .failure(error)
        }
    }

    private func report(_ transition: CircuitBreaker.Transition?) {
        switch transition {
        case .opened?: signal(.breakerOpened)
        case .halfOpened?: signal(.breakerHalfOpened)
        case .closed?: signal(.breakerClosed)
        case nil: break
        }
    }

    private func signal(_ s: ResilienceSignal) {
        observer?.resilience(s, source: source, at: clock.now)
    }
}
