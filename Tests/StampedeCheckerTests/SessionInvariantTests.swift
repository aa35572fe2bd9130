import StampedeChecker
import StampedeKernel
import StampedeModel
import Testing

@Suite struct LogoutTests {
    let s = token(1)

    @Test func requestStartedAfterLogoutCompletedIsFlagged() {
        let checker = run([
            issued(alice, s, at: 0),
            validate(alice, s, write, 1_000, 1_001),
            logout(alice, s, 2_000, 2_010),
            validate(alice, s, write, 2_020, 2_021),
        ])
        #expect(checker.violationCount == 1)
        #expect(checker.count(.afterLogout) == 1)
        let v = try! #require(checker.reported.first)
        #expect(v.session == s && v.user == alice)
        #expect(v.requestStart == ms(2_020))
        #expect(v.eventEnd == ms(2_010))
        #expect(v.message.contains("t=2.02s") && v.message.contains("t=2.01s"))
    }

    @Test func requestStartedBeforeLogoutCompletedIsLegal() {
        let checker = run([
            issued(alice, s, at: 0),
            logout(alice, s, 2_000, 2_010),
            validate(alice, s, write, 2_005, 2_030),
            validate(alice, s, write, 2_010, 2_011),
            validate(alice, s, write, 2_020, 2_021, allowed: false),
        ])
        #expect(checker.violationCount == 0)
    }
}

@Suite struct PasswordChangeTests {
    let old = token(1)
    let changer = token(2)
    let during = token(3)
    let after = token(4)

    func history(requestStart: Int64) -> [HistoryEvent] {
        [
            issued(alice, old, at: 0),
            issued(alice, changer, at: 100),
            passwordChange(alice, kept: changer, 1_000, 1_100),
            issued(alice, during, at: 1_050),
            issued(alice, after, at: 1_150),
            validate(alice, old, read, requestStart, requestStart + 5),
            validate(alice, changer, read, requestStart, requestStart + 5),
            validate(alice, during, read, requestStart, requestStart + 5),
            validate(alice, after, read, 1_160, 1_165),
        ]
    }

    @Test func oldSessionAfterChangeIsFlaggedButKeptOneIsNot() {
        let checker = run(history(requestStart: 1_200))
        #expect(checker.count(.afterPasswordChange) == 1)
        #expect(checker.violationCount == 1)
        let v = try! #require(checker.reported.first)
        #expect(v.session == old && v.eventEnd == ms(1_100))
    }

    @Test func keptSessionIsRevokedWhenThePolicyDoesNotKeepIt() {
        let checker = run(history(requestStart: 1_200), testConfig(keepChangerSession: false))
        #expect(checker.count(.afterPasswordChange) == 2)
        #expect(Set(checker.reported.map(\.session)) == [old, changer])
    }

    @Test func requestStartedBeforeChangeCompletedIsLegal() {
        let checker = run(history(requestStart: 1_100))
        #expect(checker.violationCount == 0)
    }
}

@Suite struct TimeoutTests {
    let s = token(7)

    @Test func idleGapIsFlaggedAtItsDeadline() {
        let checker = run([
            issued(alice, s, at: 0),
            validate(alice, s, read, 5_000, 5_001),
            validate(alice, s, read, 16_000, 16_001),
        ])
        #expect(checker.count(.idleTimeout) == 1)
        #expect(checker.reported.first?.eventEnd == ms(15_000))
    }

    @Test func gapWithinIdleTimeoutIsLegal() {
        let checker = run([
            issued(alice, s, at: 0),
            validate(alice, s, read, 5_000, 5_001),
            validate(alice, s, read, 15_000, 15_001),
            validate(alice, s, read, 24_999, 25_000),
            validate(alice, s, read, 50_000, 50_001, allowed: false),
        ])
        #expect(checker.violationCount == 0)
    }

    @Test func anEarlierRequestStillInFlightExcusesAnIdleSuspect() {
        let events = [
            issued(alice, s, at: 0),
            validate(alice, s, read, 9_000, 17_000),   // slow, completes last
            validate(alice, s, read, 15_000, 15_001),  // 15 s after issue, but 6 s after the slow one started
        ]
        let midway = run(Array(events.prefix(1)) + [events[2]])
        #expect(midway.count(.idleTimeout) == 1, "held as a suspect until the slow request could arrive")
        // The last request arrives after the suspect's confirmation time has passed.
        let checker = run(events + [validate(alice, s, read, 20_000, 20_001), validate(alice, s, read, 29_000, 29_001)])
        #expect(checker.violationCount == 0)
    }

    @Test func absoluteTimeoutIsFlaggedEvenWithActivity() {
        var events = [issued(alice, s, at: 0)]
        for t in stride(from: Int64(5_000), through: 60_000, by: 5_000) {
            events.append(validate(alice, s, read, t, t + 1))
        }
        #expect(run(events).violationCount == 0, "a request at exactly the deadline is legal")
        events.append(validate(alice, s, read, 60_001, 60_002))
        let checker = run(events)
        #expect(checker.count(.absoluteTimeout) == 1)
        #expect(checker.reported.first?.eventEnd == ms(60_000))
    }
}

@Suite struct RefreshAndUnknownTests {
    let s = token(9)

    @Test func secondRedemptionOfATokenIsFlagged() {
        let checker = run([
            issued(alice, s, at: 0),
            redeemed(alice, s, token(100), 1_000, 1_010),
            redeemed(alice, s, token(101), 2_000, 2_010),
            redeemed(alice, s, token(100), 3_000, 3_010),
        ])
        #expect(checker.count(.refreshReuse) == 1)
        let v = try! #require(checker.reported.first)
        #expect(v.eventEnd == ms(1_010) && v.requestStart == ms(3_000))
    }

    @Test func freshTokensAreLegal() {
        var events = [issued(alice, s, at: 0)]
        for i in 0..<20 { events.append(redeemed(alice, s, token(200 + UInt64(i)), Int64(i) * 100, Int64(i) * 100 + 5)) }
        #expect(run(events).violationCount == 0)
    }

    @Test func neverIssuedSessionIsFlaggedOnlyWhenAllowed() {
        let checker = run([
            validate(alice, token(55), read, 10, 11, allowed: false),
            validate(alice, token(56), read, 20, 21),
        ])
        #expect(checker.count(.unknownSession) == 1)
        #expect(checker.reported.first?.session == token(56))
    }

    @Test func sessionForgottenAfterItsAbsoluteTimeoutIsUnknown() {
        let checker = run([
            issued(alice, s, at: 0),
            issued(bob, token(10), at: 70_000),
            validate(alice, s, read, 80_000, 80_001),
        ])
        #expect(checker.liveSessionsTracked == 1)
        #expect(checker.count(.unknownSession) == 1)
    }

    @Test func countsListEveryInvariantInOrder() {
        let counts = run([validate(alice, token(1), read, 0, 1)]).counts()
        #expect(counts.map(\.0) == Invariant.allCases)
        #expect(counts.map(\.1) == [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
    }

    @Test func reportsAreCappedButCountsAreNot() {
        let events = (0..<30).map { validate(alice, token(UInt64($0)), read, Int64($0), Int64($0) + 1) }
        let checker = run(events, testConfig(maxReported: 5))
        #expect(checker.violationCount == 30)
        #expect(checker.reported.count == 5)
    }
}
