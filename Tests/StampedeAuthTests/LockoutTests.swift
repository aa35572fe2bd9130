@testable import StampedeAuth
import StampedeCache
import StampedeFaults
import StampedeKernel
import StampedeModel
import Testing

/// Failed logins are counted per account under every counters strategy, and, where the
/// store holds the count, across a cache outage too.
@Suite struct LockoutTests {
    func harness(_ strategy: StrategyKind, faults: [CacheFault] = []) -> Harness {
        var config = Harness.system
        config.lockout.maxFailures = 3
        config.cache.classes[.counters].strategy = strategy
        return Harness(config: config, cacheFaults: faults)
    }

    @Test(arguments: StrategyKind.allCases)
    func lockoutIsCountedPerAccount(strategy: StrategyKind) {
        let h = harness(strategy)
        let r = h.run { s, _ in
            for u in 0..<3 {
                _ = await s.register(id: UserID(u), email: "u\(u)@example.com", password: "correct horse", permissions: both)
            }
            for _ in 0..<3 { _ = await s.login(email: "u0@example.com", password: "bad guess 1") }
            for _ in 0..<2 { _ = await s.login(email: "u1@example.com", password: "bad guess 1") }
            return [await s.login(email: "u0@example.com", password: "correct horse").denial,
                    await s.login(email: "u1@example.com", password: "correct horse").denial,
                    await s.login(email: "u2@example.com", password: "correct horse").denial,
                    // A success cleared u1's count: two more failures do not lock it.
                    await s.login(email: "u1@example.com", password: "bad guess 2").denial,
                    await s.login(email: "u1@example.com", password: "bad guess 3").denial,
                    await s.login(email: "u1@example.com", password: "correct horse").denial]
        }
        #expect(r == [.lockedOut, nil, nil, .invalidCredentials, .invalidCredentials, nil])
    }

    /// Two failures before a cache outage and one during it lock the account.
    @Test(arguments: [StrategyKind.none, .cacheAside, .cacheAsideLease, .readThrough, .writeThrough, .writeThroughUpdate])
    func failuresDuringACacheOutageStillCount(strategy: StrategyKind) {
        let outage = CacheFault(start: SimInstant.zero + .seconds(10), end: SimInstant.zero + .seconds(20), effect: .down)
        let h = harness(strategy, faults: [outage])
        let r = h.run { s, clock in
            _ = await s.register(id: UserID(0), email: "u0@example.com", password: "correct horse", permissions: both)
            for _ in 0..<2 { _ = await s.login(email: "u0@example.com", password: "bad guess 1") }
            try? await clock.sleep(until: SimInstant.zero + .seconds(12))
            _ = await s.login(email: "u0@example.com", password: "bad guess 1")
            let during = await s.login(email: "u0@example.com", password: "correct horse").denial
            try? await clock.sleep(until: SimInstant.zero + .seconds(25))
            return [during, await s.login(email: "u0@example.com", password: "correct horse").denial]
        }
        #expect(r == [.lockedOut, .lockedOut])
    }
}
