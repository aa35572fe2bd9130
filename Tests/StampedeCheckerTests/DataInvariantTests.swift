import StampedeChecker
import StampedeKernel
import StampedeModel
import Testing

func sessionRead(_ s: SessionID, version: UInt64, _ start: Int64, _ end: Int64, from source: DataSource = .cache) -> HistoryEvent {
    .dataRead(DataAccess(dataClass: .sessions, source: source, identity: s.dataIdentity, owner: alice, session: s,
                         version: version, start: ms(start), end: ms(end)))
}

func dataWrite(_ c: DataClass, identity: UInt64, version: UInt64, _ start: Int64, _ end: Int64) -> HistoryEvent {
    .dataWrite(DataAccess(dataClass: c, source: .store, identity: identity, version: version, start: ms(start), end: ms(end)))
}

func dataRead(_ c: DataClass, identity: UInt64, version: UInt64, _ start: Int64, _ end: Int64) -> HistoryEvent {
    .dataRead(DataAccess(dataClass: c, source: .cache, identity: identity, owner: alice, version: version, start: ms(start), end: ms(end)))
}

/// Stale reads of cached data, the authorizations they decide, and what a crash brings back.
@Suite struct StaleReadTests {
    let s = token(1)

    @Test func aReadOlderThanACompletedWriteIsStaleOnlyPastTheBound() {
        let revoke = dataWrite(.sessions, identity: s.dataIdentity, version: 2, 5, 10)
        let events = [issued(alice, s, at: 0), revoke,
                      sessionRead(s, version: 1, 8, 12),    // started before the write completed: fine
                      sessionRead(s, version: 1, 11, 13),   // stale
                      sessionRead(s, version: 2, 14, 15)]   // current
        #expect(run(events).dataFindings()[DataClass.sessions.rawValue].staleReads == 1)
        var bounded = testConfig()
        bounded.dataStaleness[DataClass.sessions.rawValue] = .milliseconds(5)
        #expect(run(events + [sessionRead(s, version: 1, 16, 17)], bounded).dataFindings()[DataClass.sessions.rawValue].staleReads == 1)
    }

    @Test func aStaleReadThatLetsARequestThroughIsAStaleAuthorization() {
        let checker = run([issued(alice, s, at: 0), dataWrite(.sessions, identity: s.dataIdentity, version: 2, 5, 10),
                           sessionRead(s, version: 1, 20, 21), validate(alice, s, read, 20, 22),
                           sessionRead(s, version: 1, 30, 31), validate(alice, s, read, 30, 32, allowed: false)])
        let f = checker.dataFindings()[DataClass.sessions.rawValue]
        #expect(f.staleReads == 2)
        #expect(f.staleAuthorizations == 1)
    }

    @Test func dataAPreCrashWriteReplacedComingBackIsAViolation() {
        let checker = run([issued(alice, s, at: 0), dataWrite(.sessions, identity: s.dataIdentity, version: 2, 5, 10),
                           .cacheCrashed(at: ms(50)), .cacheRecovered(at: ms(60)),
                           sessionRead(s, version: 1, 70, 71)])
        #expect(checker.count(.resurrected) == 1)
        #expect(checker.dataFindings()[DataClass.sessions.rawValue].resurrections == 1)
        #expect(checker.reported.first?.message.contains("came back after the cache crash at t=50ms") == true)
    }

    @Test func aStaleReadBeforeTheCrashOrOfACounterIsNoResurrection() {
        let checker = run([dataWrite(.sessions, identity: s.dataIdentity, version: 2, 5, 10),
                           sessionRead(s, version: 1, 20, 21),
                           dataWrite(.counters, identity: 1, version: 4, 22, 23),
                           .cacheCrashed(at: ms(50)),
                           dataRead(.counters, identity: 1, version: 2, 60, 61)])
        #expect(checker.count(.resurrected) == 0)
        #expect(checker.dataFindings().map(\.staleReads) == [0, 1, 0, 0, 1])
    }

    @Test func writesAreForgottenAfterTheRetention() {
        var config = testConfig()
        config.dataRetention = .milliseconds(100)
        let checker = run([dataWrite(.permissions, identity: 1, version: 2, 0, 10),
                           dataWrite(.permissions, identity: 2, version: 2, 200, 210),
                           dataRead(.permissions, identity: 1, version: 1, 220, 221)], config)
        #expect(checker.dataFindings()[DataClass.permissions.rawValue].staleReads == 0)
    }

    /// Items of per-user classes live in arrays indexed by user when the run's user count is
    /// known, by key otherwise (and for indices past the count): both judge alike.
    @Test(arguments: [0, 2, 3, 1_000])
    func perUserItemsAreJudgedAlikeWhereverTheyAreKept(users: Int) {
        var config = testConfig()
        config.users = users
        config.dataRetention = .milliseconds(100)
        let checker = run([dataWrite(.permissions, identity: 1, version: 2, 0, 10),
                           dataRead(.permissions, identity: 1, version: 1, 20, 21),     // stale
                           dataWrite(.counters, identity: 2, version: 3, 22, 23),
                           dataWrite(.counters, identity: 2, version: 5, 24, 25),
                           dataRead(.counters, identity: 2, version: 3, 30, 31),        // stale
                           dataRead(.counters, identity: 2, version: 5, 32, 33),        // current
                           dataWrite(.profiles, identity: 7, version: 1, 34, 35),       // past a small count
                           dataRead(.profiles, identity: 7, version: 0, 40, 41),        // stale
                           dataWrite(.otp, identity: 1, version: 2, 200, 210),          // forgets the first
                           dataRead(.permissions, identity: 1, version: 1, 220, 221)], config)
        #expect(checker.dataFindings().map(\.staleReads) == [1, 0, 1, 0, 1])
    }
}

/// One-time passcodes: accepted at most once, never after expiry.
@Suite struct OTPInvariantTests {
    func verified(_ serial: UInt64, _ start: Int64, _ end: Int64, accepted: Bool = true) -> HistoryEvent {
        .otpVerified(OTPVerification(user: alice, serial: serial, start: ms(start), end: ms(end), accepted: accepted))
    }

    @Test func aCodeAcceptedOnceBeforeItExpiresIsFine() {
        let checker = run([.otpIssued(user: alice, serial: 7, expiresAt: ms(1_000), at: ms(0)),
                           verified(7, 10, 12, accepted: false), verified(7, 20, 22), verified(7, 30, 32, accepted: false),
                           .otpIssued(user: alice, serial: 8, expiresAt: ms(2_000), at: ms(40)), verified(8, 50, 52)])
        #expect(checker.violationCount == 0)
    }

    @Test func aCodeAcceptedTwiceIsAViolation() {
        let checker = run([.otpIssued(user: alice, serial: 7, expiresAt: ms(1_000), at: ms(0)), verified(7, 20, 22), verified(7, 21, 25)])
        #expect(checker.count(.otpAcceptedTwice) == 1)
        #expect(checker.reported.first?.message.contains("first accepted at t=22ms") == true)
    }

    @Test func aCodeAcceptedAfterItExpiredIsAViolation() {
        let checker = run([.otpIssued(user: alice, serial: 7, expiresAt: ms(1_000), at: ms(0)), verified(7, 999, 1_005), verified(7, 1_001, 1_010)])
        #expect(checker.count(.otpAfterExpiry) == 1)
        #expect(checker.count(.otpAcceptedTwice) == 1)
    }
}
