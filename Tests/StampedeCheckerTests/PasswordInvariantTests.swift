import StampedeChecker
import StampedeKernel
import StampedeModel
import Testing

let oldPassword = PasswordFingerprint("old secret")
let newPassword = PasswordFingerprint("new secret")

func login(_ user: UserID, _ password: PasswordFingerprint, _ start: Int64, _ end: Int64,
           denial: DenyReason? = nil) -> HistoryEvent {
    .passwordChecked(PasswordCheck(user: user, password: password, start: ms(start), end: ms(end), denial: denial))
}

func replace(_ user: UserID, _ old: PasswordFingerprint?, with new: PasswordFingerprint, _ start: Int64, _ end: Int64) -> HistoryEvent {
    .passwordChanged(user: user, kept: nil, start: ms(start), end: ms(end), password: PasswordReplacement(old: old, new: new))
}

@Suite struct ReplacedPasswordTests {
    @Test func theOldPasswordAcceptedAfterTheChangeCompletedIsFlagged() throws {
        let checker = run([
            login(alice, oldPassword, 0, 100),
            replace(alice, oldPassword, with: newPassword, 1_000, 1_050),
            login(alice, oldPassword, 2_000, 2_100),
        ])
        #expect(checker.count(.loginWithReplacedPassword) == 1)
        let v = try #require(checker.reported.first)
        #expect(v.invariant == .loginWithReplacedPassword && v.user == alice)
        #expect(v.witness.contains { $0.what.hasPrefix("password change completed") && $0.end == ms(1_050) }, "the cause is kept")
        #expect(v.witness.last?.start == ms(2_000))
        #expect(v.eventEnd == ms(1_050))
        #expect(v.message.contains("t=1.05s"), "\(v.message)")
    }

    @Test func aLoginThatOverlapsTheChangeOrUsesTheNewPasswordIsLegal() {
        let checker = run([
            replace(alice, oldPassword, with: newPassword, 1_000, 1_050),
            login(alice, oldPassword, 1_020, 1_200),   // started before the change completed
            login(alice, newPassword, 1_100, 1_200),
            login(alice, oldPassword, 2_000, 2_100, denial: .invalidCredentials),
        ])
        #expect(checker.violationCount == 0)
    }

    @Test func aPasswordSetAgainByALaterChangeWorksAgain() {
        let checker = run([
            replace(alice, oldPassword, with: newPassword, 1_000, 1_050),
            replace(alice, newPassword, with: oldPassword, 2_000, 2_050),
            login(alice, oldPassword, 2_010, 2_200),   // the second change had started
            login(alice, oldPassword, 3_000, 3_100),
        ])
        #expect(checker.violationCount == 0)
    }

    @Test func aResetWithoutTheOldPasswordReplacesWhatTheLastChangeSet() {
        let third = PasswordFingerprint("third")
        let checker = run([
            replace(alice, oldPassword, with: newPassword, 1_000, 1_050),
            replace(alice, nil, with: third, 2_000, 2_050),
            login(alice, newPassword, 3_000, 3_100),
            login(bob, newPassword, 3_000, 3_100),   // another user's passwords are theirs
        ])
        #expect(checker.count(.loginWithReplacedPassword) == 1)
        #expect(checker.reported.first?.eventEnd == ms(2_050))
    }
}

/// Lockout of 3 failures per 10 s.
func lockoutConfig(instances: Int = 1) -> CheckerConfig {
    var config = testConfig()
    config.lockout = LockoutPolicy(maxFailures: 3, window: .seconds(10))
    config.serviceInstances = instances
    return config
}

@Suite struct LockoutInvariantTests {
    let wrong = PasswordFingerprint("guess")

    func failures(_ starts: [Int64], user: UserID = alice, duration: Int64 = 100) -> [HistoryEvent] {
        starts.map { login(user, wrong, $0, $0 + duration, denial: .invalidCredentials) }
    }

    @Test func aFourthFailureInsideTheWindowIsFlagged() throws {
        let checker = run(failures([0, 1_000, 2_000, 3_000]), lockoutConfig())
        #expect(checker.count(.lockoutExceeded) == 1)
        let v = try #require(checker.reported.first)
        #expect(v.invariant == .lockoutExceeded && v.requestStart == ms(3_000))
        #expect(v.message.contains("4 failed password checks") && v.message.contains("3 per 10s"), "\(v.message)")
    }

    @Test func failuresSpreadWiderThanTheWindowAndLockedOutAttemptsAreLegal() {
        var events = failures([0, 4_000, 8_000, 10_200, 14_500])
        events += [login(alice, wrong, 9_000, 9_001, denial: .lockedOut), login(alice, wrong, 9_500, 9_501, denial: .unavailable)]
        #expect(run(events, lockoutConfig()).violationCount == 0)
    }

    @Test func aFailureThatMayHaveFinishedOutsideTheWindowIsNotCounted() {
        // The first check started at 0 and ended at 1 s: it may have finished at 0, more
        // than 10 s before the fourth finished at 10.5 s.
        #expect(run(failures([0, 8_000, 9_000, 10_000], duration: 500) + [], lockoutConfig()).violationCount == 0)
    }

    @Test func anAcceptedPasswordClearsTheCount() {
        let events = failures([0, 1_000, 2_000]) + [login(alice, oldPassword, 2_500, 2_600)] + failures([3_000, 4_000, 5_000])
        #expect(run(events, lockoutConfig()).violationCount == 0)
        #expect(run(events + failures([6_000]), lockoutConfig()).count(.lockoutExceeded) == 1)
    }

    @Test func aLoginRefusedAfterItsCheckMayHaveClearedTheCount() {
        // `unavailable` can come after a right password cleared the failures (the session
        // could not be written); a lock-out never checked anything.
        let cleared = failures([0, 1_000, 2_000]) + [login(alice, oldPassword, 2_500, 2_600, denial: .unavailable)]
        #expect(run(cleared + failures([3_000, 4_000, 5_000]), lockoutConfig()).violationCount == 0)
        let locked = failures([0, 1_000, 2_000]) + [login(alice, oldPassword, 2_500, 2_600, denial: .lockedOut)]
        #expect(run(locked + failures([3_000]), lockoutConfig()).count(.lockoutExceeded) == 1)
    }

    @Test func theWitnessIsTheFailedChecksThatCountedTogether() throws {
        var events = failures([0, 1_000, 2_000, 3_000])
        for i in 0..<20 { events.insert(validate(alice, token(1), read, Int64(2_900 + i), Int64(2_900 + i)), at: 3) }
        let v = try #require(run([issued(alice, token(1), at: 0)] + events, lockoutConfig()).reported.first)
        #expect(v.witness.count == 4)
        #expect(v.witness.allSatisfy { $0.what.contains("refused: invalid_credentials") }, "\(v.witness.map(\.what))")
        #expect(v.witness.map(\.start) == [ms(0), ms(1_000), ms(2_000), ms(3_000)])
    }

    @Test func aServiceRestartStartsTheCountAfresh() {
        let events = failures([0, 1_000, 2_000]) + [.serviceRestarted(at: ms(2_500))] + failures([3_000, 4_000])
        #expect(run(events, lockoutConfig()).violationCount == 0)
    }

    @Test func theBoundIsPerInstanceAndPerAccount() {
        let six = failures([0, 500, 1_000, 1_500, 2_000, 2_500])
        #expect(run(six, lockoutConfig(instances: 2)).violationCount == 0)
        #expect(run(six + failures([3_000]), lockoutConfig(instances: 2)).count(.lockoutExceeded) == 1)
        #expect(run(failures([0, 1_000, 2_000]) + failures([0, 1_000, 2_000], user: bob), lockoutConfig()).violationCount == 0)
    }

    @Test func unboundedGuessingIsFlaggedForEveryGuessPastTheBound() {
        let checker = run(failures((0..<50).map { Int64($0) * 100 }), lockoutConfig())
        #expect(checker.count(.lockoutExceeded) == 47)
    }

    @Test func memoryStaysBoundedUnderAFloodOfGuesses() {
        let checker = Checker(config: lockoutConfig())
        for i in 0..<20_000 {
            checker.observe(login(UserID(i % 200), wrong, Int64(i) * 10, Int64(i) * 10 + 5, denial: .invalidCredentials))
        }
        #expect(checker.lockoutAccountsTracked <= 200)
        checker.observe(issued(alice, token(1), at: 20_000 * 10 + 60_000))
        #expect(checker.lockoutAccountsTracked == 0, "accounts whose failures left the window are forgotten")
    }
}
