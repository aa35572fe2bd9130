@testable import StampedeAuth
import StampedeFaults
import StampedeKernel
import StampedeModel
import Testing

private func seconds(_ s: Double) -> SimInstant { .zero + .seconds(s) }

/// Registers `accounts` users, then has 50 concurrent wrong guesses hit each at time `at`;
/// returns, per account, how many were refused as wrong (the password checks that got through).
private func guessStorm(accounts: Int, at: SimInstant, cacheDownFrom outage: ClosedRange<Double>?) -> (checked: [Int], locked: [Int]) {
    var config = Harness.system
    config.lockout.maxFailures = 10
    let faults = outage.map { [CacheFault(start: seconds($0.lowerBound), end: seconds($0.upperBound), effect: .down)] } ?? []
    let h = Harness(config: config, cacheFaults: faults, users: accounts)
    return h.run { s, clock in
        for a in 0..<accounts {
            _ = await s.register(id: UserID(a), email: "user\(a)@example.com", password: "correct horse", permissions: both)
        }
        try? await clock.sleep(until: at)
        let denials = await withTaskGroup(of: (Int, DenyReason?).self) { group in
            for a in 0..<accounts {
                for _ in 0..<50 {
                    group.addTask { (a, await s.login(email: "user\(a)@example.com", password: "a wrong guess").denial) }
                }
            }
            var out: [(Int, DenyReason?)] = []
            for await d in group { out.append(d) }
            return out
        }
        let checked = (0..<accounts).map { a in denials.filter { $0.0 == a && $0.1 == .invalidCredentials }.count }
        let locked = (0..<accounts).map { a in denials.filter { $0.0 == a && $0.1 == .lockedOut }.count }
        return (checked, locked)
    }
}

@Test func lockoutHoldsUnderFiftyConcurrentWrongGuessesPerAccount() {
    let r = guessStorm(accounts: 4, at: seconds(10), cacheDownFrom: nil)
    #expect(r.checked == [10, 10, 10, 10])
    #expect(r.locked == [40, 40, 40, 40])
}

@Test func lockoutHoldsUnderFiftyConcurrentWrongGuessesWhileTheCounterCacheIsDown() {
    let r = guessStorm(accounts: 4, at: seconds(10), cacheDownFrom: 5...3600)
    #expect(r.checked == [10, 10, 10, 10])
    #expect(r.locked == [40, 40, 40, 40])
}

@Test func failuresCountedBeforeAnOutageStillCountDuringAndAfterIt() {
    var config = Harness.system
    config.lockout.maxFailures = 5
    let outage = CacheFault(start: seconds(10), end: seconds(20), effect: .down)
    let h = Harness(config: config, cacheFaults: [outage])
    _ = h.registerAlice()
    let r = h.run { s, clock in
        var out: [DenyReason?] = []
        for _ in 0..<3 { out.append(await s.login(email: "alice@example.com", password: "bad guess 1").denial) }
        try? await clock.sleep(until: seconds(12))
        for _ in 0..<3 { out.append(await s.login(email: "alice@example.com", password: "bad guess 2").denial) }
        try? await clock.sleep(until: seconds(25))
        out.append(await s.login(email: "alice@example.com", password: "correct horse").denial)
        return out
    }
    #expect(r == [.invalidCredentials, .invalidCredentials, .invalidCredentials,
                  .invalidCredentials, .invalidCredentials, .lockedOut, .lockedOut])
}

@Test func requestsAreShedWhenTheCoreQueueIsOverTheLimit() {
    var config = Harness.system
    config.resilience.shedQueueLimit = 1
    let h = Harness(config: config, users: 40)
    let r = h.run { s, clock in
        await withTaskGroup(of: (DenyReason?, SimDuration).self) { group in
            for i in 0..<30 {
                group.addTask {
                    try? await clock.sleep(for: .milliseconds(Double(i)))
                    let start = clock.now
                    let d = await s.register(id: UserID(i), email: "u\(i)@example.com", password: "correct horse", permissions: both).denial
                    return (d, clock.now - start)
                }
            }
            var out: [(DenyReason?, SimDuration)] = []
            for await x in group { out.append(x) }
            return out
        }
    }
    let shed = r.filter { $0.0 == .overloaded }
    #expect(shed.count > 0 && shed.count < 30)
    #expect(shed.allSatisfy { $0.1 == .zero })
    #expect(r.filter { $0.0 == nil }.count == 30 - shed.count)
}

@Test func whileTheProcessIsDownRequestsFailFastAndCPUFaultsScaleTheWork() {
    let plan = ServiceFaultPlan(
        down: [RecurringWindow(start: seconds(10), end: seconds(20))],
        cpu: [.init(window: RecurringWindow(start: seconds(30), end: seconds(40)), factor: 3, fading: false)])
    let h = Harness(cpuFaults: plan)
    let g = h.registerAlice()!
    let outage = ServiceOutage(wrapping: h.service, plan: plan, clock: h.clock)
    let r = h.run { s, clock in
        try? await clock.sleep(until: seconds(15))
        let down = await outage.validate(g.access, permission: read).denial
        try? await clock.sleep(until: seconds(31))
        let t0 = clock.now
        _ = await s.login(email: "alice@example.com", password: "correct horse")
        return (down, clock.now - t0)
    }
    #expect(r.0 == .unavailable)
    // Hash 100 ms × 3 plus round trips.
    #expect(r.1 >= .milliseconds(300) && r.1 < .milliseconds(330))
}

@Test func aRestartLosesOwedInvalidationsAndLocalCounts() {
    let outage = CacheFault(start: seconds(10), end: seconds(20), effect: .down)
    let h = Harness(cacheFaults: [outage])
    let g = h.registerAlice()!
    let r = h.run { s, clock in
        try? await clock.sleep(until: seconds(12))
        _ = await s.logout(session: g.session, user: g.user)
        let owed = s.pendingInvalidations
        s.restart()
        let afterRestart = s.pendingInvalidations
        try? await clock.sleep(until: seconds(25))
        // The cache still holds the session as live: with the backlog gone, nothing stops it.
        let validated = await s.validate(g.access, permission: read).denial
        return (owed, afterRestart, validated)
    }
    #expect(r.0 == 1 && r.1 == 0)
    #expect(r.2 == nil)
}

@Test func theLocalLimiterForgetsAccountsWhoseWindowHasPassed() {
    let lockout = LocalLockout(maxFailures: 3, window: .seconds(60))
    for u in 0..<100 {
        _ = lockout.admit(UserID(u), shared: nil, at: seconds(1))
        lockout.finish(UserID(u), failed: true, at: seconds(1))
    }
    _ = lockout.admit(UserID(500), shared: nil, at: seconds(2))
    lockout.finish(UserID(500), failed: false, at: seconds(2))
    #expect(lockout.trackedUsers == 100)
    // A later check sweeps every window that started more than 60 s before it.
    #expect(lockout.admit(UserID(7), shared: nil, at: seconds(70)) == 0)
    #expect(lockout.trackedUsers == 1)
    // The shared counter still counts: 2 recorded there plus this check in flight make 3.
    #expect(lockout.admit(UserID(8), shared: 2, at: seconds(70)) == 2)
    #expect(lockout.admit(UserID(8), shared: 2, at: seconds(70)) == nil)
}
