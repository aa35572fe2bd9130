import StampedeTestSupport
import StampedeCache
@testable import StampedeFaults
import StampedeKernel
import StampedeModel
import Testing

/// A guard over `b`'s clock with `policy`.
private func guarding(_ b: Bench, _ policy: ResiliencePolicy, seed: UInt64 = 1) -> ResilienceGuard {
    ResilienceGuard(policy: policy, source: .cache, clock: b.clock, seed: SeedTree(seed), observer: b.observer)
}

private func retry(_ attempts: Int, jitter: RetryPolicy.Jitter = .none) -> RetryPolicy {
    var r = RetryPolicy()
    r.maxAttempts = attempts
    r.initialBackoff = ms(10)
    r.maxBackoff = ms(25)
    r.jitter = jitter
    return r
}

@Test func fastFailuresAreRetriedUpToTheCapWithCappedBackoff() {
    let b = Bench()
    let g = guarding(b, ResiliencePolicy(retry: retry(4)))
    let tries = Locked(0)
    let r = b.run { clock in
        await probe(clock) { () async throws(BackendError) in
            try await g.perform(idempotent: false) { () async throws(BackendError) in
                tries.withLock { $0 += 1 }
                throw .unavailable
            }
        }
    }
    #expect(tries.value == 4)
    #expect(r == CallRecord(error: .unavailable, took: ms(10 + 20 + 25)))
    #expect(b.observer.count(.retry) == 3)
}

@Test func aRetryThatSucceedsReturnsItsValue() {
    let b = Bench()
    let g = guarding(b, ResiliencePolicy(retry: retry(3)))
    let tries = Locked(0)
    let value = b.run { _ in
        try? await g.perform(idempotent: true) { () async throws(BackendError) -> Int in
            let n = tries.withLock { $0 += 1; return $0 }
            if n < 2 { throw .unavailable }
            return 42
        }
    }
    #expect(value == 42 && tries.value == 2)
}

@Test func jitteredRetriesFollowTheSeed() {
    func elapsed(seed: UInt64) -> SimDuration {
        let b = Bench()
        let g = guarding(b, ResiliencePolicy(retry: retry(5, jitter: .full)), seed: seed)
        return b.run { clock in
            await probe(clock) { () async throws(BackendError) in
                try await g.perform(idempotent: true) { () async throws(BackendError) in throw .unavailable }
            }.took
        }
    }
    #expect(elapsed(seed: 3) == elapsed(seed: 3))
    #expect(elapsed(seed: 3) != elapsed(seed: 4))
    #expect(elapsed(seed: 3) <= ms(10 + 20 + 25 + 25))
}

@Test func aTimedOutCallIsRetriedOnlyIfItCanBeRepeated() {
    for idempotent in [true, false] {
        let b = Bench(cachePool: 1)
        let g = guarding(b, ResiliencePolicy(timeout: ms(5), retry: retry(3)))
        let slow = FaultyCache(wrapping: b.cache, faults: [CallFault(start: at(0), end: at(1000), effect: .hang)],
                               clock: b.clock, observer: b.observer)
        let cache = ResilientCache(wrapping: slow, guarding: g)
        let r = b.run { clock in
            await probe(clock) { () async throws(BackendError) in
                if idempotent { _ = try await cache.get(.failures(UserID(1))) } else { _ = try await cache.increment(.failures(UserID(1)), ttl: .seconds(60)) }
            }
        }
        #expect(r.error == .timeout)
        #expect(b.observer.count(.timeout) == (idempotent ? 3 : 1))
        #expect(r.took == (idempotent ? ms(5 + 10 + 5 + 20 + 5) : ms(5)))
    }
}

@Test func aSlowCallFailsAtItsTimeoutAndTheBackendStillDoesTheWork() {
    let b = Bench(cachePool: 1)
    let g = guarding(b, ResiliencePolicy(timeout: ms(0.5)))
    let cache = ResilientCache(wrapping: b.cache, guarding: g)
    let records = b.run { clock in
        let first = await probe(clock) { () async throws(BackendError) in _ = try await cache.get(.failures(UserID(1))) }
        // The pool's only connection is still busy with the abandoned call until 1 ms.
        let second = await probe(clock) { () async throws(BackendError) in _ = try await b.cache.get(.failures(UserID(1))) }
        return [first, second]
    }
    #expect(records == [CallRecord(error: .timeout, took: ms(0.5)), CallRecord(error: nil, took: ms(1.5))])
}

@Test func anOpenBreakerFailsCallsFastWithoutRetriesAndRecovers() {
    let b = Bench()
    var config = BreakerConfig()
    config.windowSize = 10
    config.minimumCalls = 10
    config.openDuration = .seconds(1)
    config.halfOpenCalls = 2
    let g = guarding(b, ResiliencePolicy(retry: retry(2), breaker: config))
    let down = FaultyCache(wrapping: b.cache, faults: [CallFault(start: at(0), end: at(500), effect: .down)],
                           clock: b.clock, observer: b.observer)
    let cache = ResilientCache(wrapping: down, guarding: g)
    let outcome = b.run { clock in
        var records: [CallRecord] = []
        for _ in 0..<8 { records.append(await probe(clock) { () async throws(BackendError) in _ = try await cache.get(.failures(UserID(1))) }) }
        let stateWhileOpen = g.breakerState
        try? await clock.sleep(until: at(1500))
        for _ in 0..<3 { records.append(await probe(clock) { () async throws(BackendError) in _ = try await cache.get(.failures(UserID(1))) }) }
        return (records, stateWhileOpen, g.breakerState)
    }
    // 5 calls × 2 attempts fill the window of 10 and open it; the rest fail at once.
    #expect(outcome.1 != .closed)
    #expect(b.observer.count(.breakerOpened) == 1 && b.observer.count(.shortCircuit) == 3)
    #expect(outcome.0[5..<8].allSatisfy { $0 == CallRecord(error: .unavailable, took: .zero) })
    #expect(outcome.0[8..<11].allSatisfy { $0.error == nil })
    #expect(outcome.2 == .closed)
    #expect(b.observer.count(.breakerHalfOpened) == 1 && b.observer.count(.breakerClosed) == 1)
}
