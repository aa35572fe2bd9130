@testable import StampedeAuth
import StampedeCache
import StampedeFaults
import StampedeKernel
import StampedeModel
import StampedeSystem
import StampedeTestSupport
import Testing

@Test func validateAllowsALiveSessionWithThePermission() {
    let h = Harness()
    let g = h.registerAlice()!
    let r = h.run { s, _ in await s.validate(g.access, permission: write).denial }
    #expect(r == nil)
}

@Test func aTamperedTokenFailsItsSignature() {
    let h = Harness()
    let g = h.registerAlice()!
    var forged = g.access
    forged.bytes[2] ^= 1
    let tampered = forged
    #expect(h.run { s, _ in await s.validate(tampered, permission: read).denial } == .badSignature)
    let other = Harness(seed: 2)   // another signing key
    #expect(other.run { s, _ in await s.validate(g.access, permission: read).denial } == .badSignature)
}

@Test func anExpiredTokenIsRefusedAndRefreshGivesANewOne() {
    var config = Harness.system
    config.sessions.accessTokenTTL = .minutes(5)
    let h = Harness(config: config)
    let g = h.registerAlice()!
    let outcomes = h.run { s, clock in
        try? await clock.sleep(for: .minutes(6))
        let expired = await s.validate(g.access, permission: read).denial
        let next = try? await s.refresh(g.refresh).get()
        let fresh = await s.validate(next!.access, permission: read).denial
        return [expired, fresh]
    }
    #expect(outcomes == [.tokenExpired, nil])
}

@Test func logoutRevokesTheSession() {
    let h = Harness()
    let g = h.registerAlice()!
    let r = h.run { s, _ in
        _ = await s.logout(session: g.session, user: g.user)
        return await s.validate(g.access, permission: read).denial
    }
    #expect(r == .sessionRevoked)
}

@Test func aRevokedPermissionIsDeniedAtOnce() {
    let h = Harness()
    let g = h.registerAlice()!
    let r = h.run { s, _ in
        let before = await s.validate(g.access, permission: write).denial
        _ = await s.changePermissions(user: g.user, to: PermissionSet.empty.adding(read))
        return [before, await s.validate(g.access, permission: write).denial, await s.validate(g.access, permission: read).denial]
    }
    #expect(r == [nil, .permissionDenied, nil])
}

/// Idle 30 min, absolute 90 min, tokens that outlive both, a touch at most every minute.
private var shortSessions: SystemSpec {
    var config = Harness.system
    config.sessions.idleTimeout = .minutes(30)
    config.sessions.absoluteTimeout = .minutes(90)
    config.sessions.accessTokenTTL = .seconds(4 * 3600)
    config.sessions.touchInterval = .minutes(1)
    return config
}

@Test func idleAndAbsoluteTimeoutsEndSessions() {
    let h = Harness(config: shortSessions)
    let g = h.registerAlice()!
    let idle = h.run { s, clock in
        try? await clock.sleep(for: .minutes(31))
        return await s.validate(g.access, permission: read).denial
    }
    #expect(idle == .idleTimeout)
    let g2 = h.run { s, _ in try? await s.login(email: "alice@example.com", password: "correct horse").get() }!
    let absolute = h.run { s, clock in
        var out: [DenyReason?] = []
        for _ in 0..<4 {   // active every 25 minutes: never idle, but past 90 minutes in all
            try? await clock.sleep(for: .minutes(25))
            out.append(await s.validate(g2.access, permission: read).denial)
        }
        return out
    }
    #expect(absolute == [nil, nil, nil, .absoluteTimeout])
}

@Test func aTouchNeverCarriesACachedSessionPastItsAbsoluteTimeout() {
    let h = Harness(config: shortSessions)
    let g = h.registerAlice()!
    let cache = h.system.parts.cache
    let cached = h.run { s, clock in
        var seen: [Bool] = []
        for _ in 0..<3 {   // touched at 25, 50 and 75 minutes: each rewrites the cached session
            try? await clock.sleep(for: .minutes(25))
            _ = await s.validate(g.access, permission: read)
            seen.append(((try? await cache.get(.session(g.session))) ?? nil) != nil)
        }
        try? await clock.sleep(for: .minutes(15) + .seconds(1))   // just past the 90-minute deadline
        seen.append(((try? await cache.get(.session(g.session))) ?? nil) != nil)
        return seen
    }
    #expect(cached == [true, true, true, false], "the entry written at 75 minutes expires at 90, not at 75 + the TTL")
}

@Test func refreshRotatesAndReuseRevokesTheFamily() {
    let h = Harness()
    let g = h.registerAlice()!
    let r = h.run { s, _ in
        let next = try? await s.refresh(g.refresh).get()
        let reuse = await s.refresh(g.refresh).denial
        let afterReuse = await s.validate(next!.access, permission: read).denial
        let rotatedToo = await s.refresh(next!.refresh).denial
        let unknown = await s.refresh(Token128(high: 1, low: 2)).denial
        return [reuse, afterReuse, rotatedToo, unknown]
    }
    #expect(r == [.refreshReused, .sessionRevoked, .sessionRevoked, .refreshUnknown])
}

@Test func passwordChangeRevokesOtherSessionsButKeepsTheChangers() {
    let h = Harness()
    let phone = h.registerAlice()!
    let r = h.run { s, _ in
        let laptop = try! await s.login(email: "alice@example.com", password: "correct horse").get()
        _ = await s.changePassword(user: laptop.user, old: "correct horse", new: "battery staple", from: laptop.session)
        return [
            await s.validate(phone.access, permission: read).denial,
            await s.validate(laptop.access, permission: read).denial,
            await s.login(email: "alice@example.com", password: "correct horse").denial,
            await s.login(email: "alice@example.com", password: "battery staple").denial,
            await s.changePassword(user: laptop.user, old: "wrong old one", new: "another good one", from: laptop.session).denial,
        ]
    }
    #expect(r == [.sessionRevoked, nil, .invalidCredentials, nil, .invalidCredentials])
}

@Test(arguments: [UnavailablePolicy.store, .failClosed, .deny, .local])
func aLogoutDuringACacheOutageStaysEffectiveAfterIt(policy: UnavailablePolicy) {
    let outage = CacheFault(start: SimInstant.zero + .seconds(10), end: SimInstant.zero + .seconds(20), effect: .down)
    var config = Harness.system
    config.cache.classes[.sessions].whenUnavailable = policy
    let h = Harness(config: config, cacheFaults: [outage])
    let g = h.registerAlice()!   // cached write-through at t≈0
    let r = h.run { s, clock in
        try? await clock.sleep(until: SimInstant.zero + .seconds(12))
        _ = await s.logout(session: g.session, user: g.user)   // the cache delete fails
        let during = await s.validate(g.access, permission: read).denial
        try? await clock.sleep(until: SimInstant.zero + .seconds(25))
        let after = await s.validate(g.access, permission: read).denial
        return [during, after]
    }
    // Fail-closed refuses during the outage without asking the store; the others ask the
    // store (the local copy was updated by the logout itself). Afterwards the owed delete
    // is retried and the session stays revoked.
    #expect(r == [policy == .deny ? .unavailable : .sessionRevoked, .sessionRevoked])
    #expect(h.observer.failedCalls > 0)
    #expect(h.service.pendingInvalidations == 0)
}

@Test func theTestOnlyFaultLeavesALoggedOutSessionValid() {
    let h = Harness(cacheDecorator: { SessionInvalidationsDropped(wrapping: $0) })
    let g = h.registerAlice()!
    let r = h.run { s, _ in
        _ = await s.logout(session: g.session, user: g.user)
        return await s.validate(g.access, permission: read).denial
    }
    #expect(r == nil)   // the bug: the cached session still says live
}

@Test func failClosedWhenCacheAndStoreAreBothDown() {
    let outage = CacheFault(start: .zero, end: SimInstant.zero + .seconds(3600), effect: .down)
    let healthy = Harness()
    let g = healthy.registerAlice()!
    // A service with the same signing seed but nothing to ask: the token verifies, the session cannot be read.
    let broken = Harness(cacheFaults: [outage], unreachableStore: true)
    let r = broken.run { s, _ in await s.validate(g.access, permission: read).denial }
    #expect(r == .unavailable)
}

@Test func aSessionTheStoreHasForgottenIsUnknown() {
    var config = Harness.system
    config.sessions.absoluteTimeout = .minutes(10)
    config.sessions.idleTimeout = .minutes(10)
    config.sessions.accessTokenTTL = .minutes(30)
    let h = Harness(config: config)
    let old = h.registerAlice()!
    let r = h.run { s, clock in
        try? await clock.sleep(for: .minutes(11))
        // A later login sweeps sessions past their absolute timeout out of the store.
        _ = await s.login(email: "alice@example.com", password: "correct horse")
        return await s.validate(old.access, permission: read).denial
    }
    #expect(r == .sessionUnknown)
    #expect(h.store.sessionCount == 1)
}
