import StampedeChecker
import StampedeKernel
import StampedeModel
import Testing

@Suite struct PermissionTests {
    let s = token(3)

    func revokeWrite(then requests: [HistoryEvent], staleness: SimDuration = .zero) -> Checker {
        run([issued(alice, s, at: 0), permissions(alice, [read], 1_000, 1_010)] + requests, testConfig(staleness: staleness))
    }

    @Test func revokedPermissionIsFlaggedAfterTheChangeCompletes() {
        let checker = revokeWrite(then: [validate(alice, s, write, 1_020, 1_021)])
        #expect(checker.count(.revokedPermission) == 1)
        let v = try! #require(checker.reported.first)
        #expect(v.eventEnd == ms(1_010))
        #expect(v.message.contains("'write'") && v.message.contains("{read}"))
    }

    @Test func requestStartedDuringTheChangeIsJudgedOnTheOldSet() {
        #expect(revokeWrite(then: [validate(alice, s, write, 1_005, 1_030)]).violationCount == 0)
    }

    @Test func stalenessBoundIsHonouredAndEnforced() {
        let within = revokeWrite(then: [validate(alice, s, write, 1_500, 1_501)], staleness: .milliseconds(500))
        #expect(within.violationCount == 0)
        let past = revokeWrite(then: [validate(alice, s, write, 1_511, 1_512)], staleness: .milliseconds(500))
        #expect(past.count(.revokedPermission) == 1)
    }

    @Test func regrantedPermissionIsLegalAgain() {
        let checker = revokeWrite(then: [
            permissions(alice, [read, write], 2_000, 2_010),
            validate(alice, s, write, 2_020, 2_021),
            validate(alice, s, read, 2_030, 2_031),
        ])
        #expect(checker.violationCount == 0)
    }

    @Test func permissionNeverGrantedIsFlagged() {
        let checker = run([issued(alice, s, at: 0), validate(alice, s, admin, 100, 101)])
        #expect(checker.count(.revokedPermission) == 1)
        #expect(checker.reported.first?.message.contains("registration") == true)
    }

    @Test func grantStillInFlightExcusesARequestThatSawIt() {
        let request = validate(alice, s, admin, 1_050, 1_100)
        let grant = permissions(alice, [read, write, admin], 1_000, 1_200)
        let before = run([issued(alice, s, at: 0), request])
        #expect(before.count(.revokedPermission) == 1, "suspected until the grant could still arrive")
        let checker = run([issued(alice, s, at: 0), request, grant, validate(alice, s, admin, 9_000, 9_001)])
        #expect(checker.violationCount == 0)
    }

    @Test func grantStartedAfterTheRequestEndedDoesNotExcuseIt() {
        let checker = run([
            issued(alice, s, at: 0),
            validate(alice, s, admin, 1_050, 1_100),
            permissions(alice, [admin], 1_100, 1_200),
            validate(alice, s, read, 9_000, 9_001),
        ])
        #expect(checker.count(.revokedPermission) == 2)
    }

    @Test func usersAreJudgedSeparately() {
        let checker = run([
            issued(alice, s, at: 0), issued(bob, token(4), at: 0),
            permissions(alice, [read], 1_000, 1_010),
            validate(bob, token(4), write, 1_020, 1_021),
        ])
        #expect(checker.violationCount == 0)
    }
}

@Suite struct WitnessTests {
    let s = token(0x3FA2)

    @Test func witnessShowsTheUsersTimelineEndingWithTheOffence() {
        let checker = run([
            issued(alice, s, at: 0),
            validate(alice, s, write, 1_000, 1_001),
            validate(alice, s, admin, 1_100, 1_101, allowed: false),
            logout(alice, s, 2_000, 2_010),
            issued(bob, token(5), at: 2_015),
            validate(alice, s, write, 2_020, 2_021),
        ])
        let v = try! #require(checker.reported.first)
        let lines = v.witness.map(\.what)
        #expect(lines.count == 5, "bob's events are not alice's timeline")
        #expect(lines.first?.hasPrefix("login → session abcd…") == true)
        #expect(lines.contains("validate(write) allowed, session abcd…"))
        #expect(lines.contains("validate(admin) denied: session_revoked, session abcd…"))
        #expect(lines.contains("logout completed, session abcd…"))
        #expect(lines.last == "validate(write) allowed, session abcd…")
        #expect(v.witness.last?.start == ms(2_020))
        #expect(v.witness.map(\.end) == v.witness.map(\.end).sorted())
    }

    @Test func aWitnessKeepsTheCauseAfterTheUsersLatestEventsScrolledItOut() {
        var events = [issued(alice, s, at: 0)]
        for i in Int64(1)...20 { events.append(validate(alice, s, read, i * 100, i * 100 + 1)) }
        events += [passwordChange(alice, kept: nil, 2_500, 2_600), validate(alice, s, read, 2_700, 2_701)]
        let v = try! #require(run(events, testConfig(witnessLength: 4)).reported.first)
        #expect(v.invariant == .afterPasswordChange)
        // The session's issue (21 events back) and the change that revoked it, then the
        // latest events before the request, then the request.
        #expect(v.witness.map(\.what) == [
            "login → session abcd…",
            "validate(read) allowed, session abcd…",
            "validate(read) allowed, session abcd…",
            "password change completed (kept: none)",
            "validate(read) allowed, session abcd…",
        ])
        #expect(v.witness.map(\.start) == [ms(0), ms(1_900), ms(2_000), ms(2_500), ms(2_700)])
    }

    @Test func refreshAndPermissionEventsAreDescribed() {
        let checker = run([
            issued(alice, s, at: 0),
            permissions(alice, [read], 10, 20),
            redeemed(alice, s, token(0x1A2B), 30, 40),
            redeemed(alice, s, token(0x1A2B), 50, 60),
        ])
        let lines = try! #require(checker.reported.first).witness.map(\.what)
        #expect(lines.contains("permissions changed to {read}"))
        #expect(lines.last == "refresh token abcd… redeemed, session abcd…")
    }
}

@Suite struct CausalWitnessTests {
    let s = token(7)

    @Test func aLogoutViolationShowsTheIssueAndTheLogoutHoweverBusyTheUser() throws {
        var events = [issued(alice, s, at: 0), logout(alice, s, 1_000, 1_010)]
        // Another session of the same user is busy: 50 events between the logout and the replay.
        events.append(issued(alice, token(8), at: 1_020))
        for i in Int64(0)..<50 { events.append(validate(alice, token(8), read, 1_100 + i * 10, 1_101 + i * 10)) }
        events.append(validate(alice, s, read, 2_000, 2_001))
        let v = try #require(run(events).reported.first)
        #expect(v.invariant == .afterLogout)
        #expect(v.witness.first?.what == "login → session abcd…" && v.witness.first?.start == ms(0))
        #expect(v.witness.contains { $0.what == "logout completed, session abcd…" && $0.start == ms(1_000) && $0.end == ms(1_010) })
        #expect(v.witness.last?.start == ms(2_000))
        #expect(v.witness.count <= 2 + 4 + 1, "the cause, a few events around it, and the request")
    }

    @Test func anIdleTimeoutViolationShowsTheLastActivityAndTheDeadline() throws {
        let v = try #require(run([
            issued(alice, s, at: 0), validate(alice, s, read, 1_000, 1_001), validate(alice, s, read, 12_000, 12_001),
            issued(bob, token(9), at: 30_000),
        ]).reported.first)
        #expect(v.invariant == .idleTimeout)
        #expect(v.witness.contains { $0.what == "idle timeout passed, session abcd…" && $0.start == ms(11_000) })
    }

    @Test func anOTPReplayShowsTheCodesIssueAndFirstAcceptanceForAUserWithoutASession() throws {
        let events: [HistoryEvent] = [
            .otpIssued(user: alice, serial: 0xBEEF_0000_0000_0000, expiresAt: ms(60_000), at: ms(100)),
            .otpVerified(OTPVerification(user: alice, serial: 0xBEEF_0000_0000_0000, start: ms(200), end: ms(210), accepted: true)),
            .otpVerified(OTPVerification(user: alice, serial: 0xBEEF_0000_0000_0000, start: ms(300), end: ms(310), accepted: true)),
        ]
        let v = try #require(run(events).reported.first)
        #expect(v.invariant == .otpAcceptedTwice)
        #expect(v.witness.map(\.start) == [ms(100), ms(200), ms(300)])
        #expect(v.witness.first?.what.hasPrefix("one-time passcode beef… issued") == true, "\(v.witness.map(\.what))")
    }

    @Test func violationsAreKeptPerInvariantSoAFloodOfOneKindHidesNoOther() {
        var events: [HistoryEvent] = []
        for i in UInt64(1)...30 { events.append(validate(alice, token(100 + i), read, Int64(i) * 10, Int64(i) * 10 + 1)) }
        events += [issued(bob, s, at: 1_000), logout(bob, s, 1_100, 1_110), validate(bob, s, read, 1_200, 1_201)]
        let checker = run(events, testConfig(maxReported: 5))
        #expect(checker.count(.unknownSession) == 30)
        #expect(checker.reported.filter { $0.invariant == .unknownSession }.count == 5)
        #expect(checker.reported.filter { $0.invariant == .afterLogout }.count == 1)
    }
}
