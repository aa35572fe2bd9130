import Testing
@testable import StampedeFaults
import StampedeKernel

@Test func backoffGrowsExponentiallyUpToTheCap() {
    var p = RetryPolicy()
    p.initialBackoff = .milliseconds(10)
    p.multiplier = 2
    p.maxBackoff = .milliseconds(100)
    p.jitter = .none
    var rng = Xoshiro256(seed: 1)
    let pauses = (1...6).map { p.backoff(afterAttempt: $0, rng: &rng).milliseconds }
    #expect(pauses == [10, 20, 40, 80, 100, 100])
}

@Test func jitteredPausesNeverExceedTheCapOrFallBelowTheirFloor() {
    for jitter in RetryPolicy.Jitter.allCases {
        var p = RetryPolicy()
        p.maxBackoff = .milliseconds(50)
        p.jitter = jitter
        var rng = Xoshiro256(seed: 7)
        for attempt in 1...20 {
            for _ in 0..<200 {
                let pause = p.backoff(afterAttempt: attempt, rng: &rng)
                let cap = p.ceiling(afterAttempt: attempt)
                #expect(pause <= cap && cap <= .milliseconds(50))
                #expect(pause >= (jitter == .full ? .zero : jitter == .equal ? cap * 0.5 : cap))
            }
        }
    }
}

@Test func theSameSeedGivesTheSamePausesAndAnotherSeedOthers() {
    let p = RetryPolicy()
    func pauses(_ seed: UInt64) -> [SimDuration] {
        var rng = Xoshiro256(seed: seed)
        return (1...10).map { p.backoff(afterAttempt: $0 % 4 + 1, rng: &rng) }
    }
    #expect(pauses(42) == pauses(42))
    #expect(pauses(42) != pauses(43))
}
