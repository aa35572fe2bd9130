import StampedeKernel
import StampedeModel
import StampedeStore
import Testing

/// Failed-login counters in a window, and one-time passcodes consumed once.
extension StoreContract {
    @Test(arguments: Twin.allCases)
    func failedLoginsCountWithinTheirWindowAndStartAgainAfterIt(_ twin: Twin) async throws {
        try await twin.run { rig in
            let u = UserID(1), window = SimDuration.seconds(60)
            #expect(try await rig.store.failedLogins(user: u, window: window, at: .zero) == 0)
            #expect(try await rig.store.recordFailedLogin(user: u, window: window, at: at(seconds: 0)) == 1)
            #expect(try await rig.store.recordFailedLogin(user: u, window: window, at: at(seconds: 1)) == 2)
            #expect(try await rig.store.recordFailedLogin(user: u, window: window, at: at(seconds: 2)) == 3)
            #expect(try await rig.store.failedLogins(user: u, window: window, at: at(seconds: 59.999)) == 3)
            // The window is counted from its first failure; at its end it is over.
            #expect(try await rig.store.failedLogins(user: u, window: window, at: at(seconds: 60)) == 0)
            #expect(try await rig.store.recordFailedLogin(user: u, window: window, at: at(seconds: 60)) == 1)
            #expect(try await rig.store.failedLogins(user: UserID(2), window: window, at: at(seconds: 60)) == 0, "per user")

            try await rig.store.clearFailedLogins(user: u)
            #expect(try await rig.store.failedLogins(user: u, window: window, at: at(seconds: 61)) == 0)
            #expect(try await rig.store.recordFailedLogin(user: u, window: window, at: at(seconds: 61)) == 1)
        }
    }

    @Test(arguments: Twin.allCases)
    func concurrentFailuresAreEachCountedOnce(_ twin: Twin) async throws {
        try await twin.run { rig in
            let counts = try await rig.concurrently(50) { _ in
                try await rig.store.recordFailedLogin(user: UserID(1), window: .seconds(60), at: at(seconds: 5))
            }
            #expect(counts.sorted() == Array(1...50))
            #expect(try await rig.store.failedLogins(user: UserID(1), window: .seconds(60), at: at(seconds: 6)) == 50)
        }
    }

    static func code(for user: Int, code: UInt32 = 123_456, version: UInt32 = 1, expiresAt: Double = 300) -> OTPRecord {
        OTPRecord(user: UserID(user), code: code, serial: 0xF000_0000_0000_0001, issuedAt: at(seconds: 0),
                  expiresAt: at(seconds: expiresAt), version: version)
    }

    @Test(arguments: Twin.allCases)
    func ofFiftyConcurrentSubmissionsOfTheRightCodeExactlyOneIsAccepted(_ twin: Twin) async throws {
        try await twin.run { rig in
            let issued = try await rig.store.putOTP(Self.code(for: 1))
            #expect(issued == Self.code(for: 1))
            let answers = try await rig.concurrently(50) { _ in
                try await rig.store.consumeOTP(user: UserID(1), code: 123_456, at: at(seconds: 10), maxAttempts: 5)
            }
            let tally = Tally(answers, by: \.kind)
            #expect(tally[.accepted] == 1, "\(tally.counts)")
            #expect(tally[.alreadyUsed] == 49, "\(tally.counts)")
            let after = try #require(try await rig.store.otp(user: UserID(1)))
            #expect(after.consumed)
            #expect(after.version == issued.version + 1)
        }
    }

    @Test(arguments: Twin.allCases)
    func wrongAttemptsAreCountedUpToTheLimitAndThenNothingWorks(_ twin: Twin) async throws {
        try await twin.run { rig in
            _ = try await rig.store.putOTP(Self.code(for: 1))
            for n in 1...3 {
                let answer = try await rig.store.consumeOTP(user: UserID(1), code: 111_111, at: at(seconds: 10), maxAttempts: 3)
                #expect(answer.kind == .wrongCode)
                #expect(answer.record?.attempts == UInt8(n))
            }
            #expect(try await rig.store.consumeOTP(user: UserID(1), code: 111_111, at: at(seconds: 10), maxAttempts: 3).kind == .attemptsExhausted)
            #expect(try await rig.store.consumeOTP(user: UserID(1), code: 123_456, at: at(seconds: 10), maxAttempts: 3).kind == .attemptsExhausted)
            let after = try #require(try await rig.store.otp(user: UserID(1)))
            #expect(after.attempts == 3)
            #expect(!after.consumed)
            #expect(after.version == 4)
        }
    }

    @Test(arguments: Twin.allCases)
    func aCodeWorksOnceBeforeItExpiresAndNeverAfter(_ twin: Twin) async throws {
        try await twin.run { rig in
            #expect(try await rig.store.consumeOTP(user: UserID(1), code: 123_456, at: .zero, maxAttempts: 3) == .none)
            #expect(try await rig.store.otp(user: UserID(1)) == nil)
            _ = try await rig.store.putOTP(Self.code(for: 1))
            _ = try await rig.store.putOTP(Self.code(for: 2))
            #expect(try await rig.store.consumeOTP(user: UserID(1), code: 123_456, at: at(seconds: 300), maxAttempts: 3).kind == .expired)
            let accepted = try await rig.store.consumeOTP(user: UserID(2), code: 123_456, at: at(seconds: 299), maxAttempts: 3)
            #expect(accepted.kind == .accepted)
            #expect(accepted.record?.consumed == true)
            #expect(try await rig.store.consumeOTP(user: UserID(2), code: 123_456, at: at(seconds: 299), maxAttempts: 3).kind == .alreadyUsed)
        }
    }

    @Test(arguments: Twin.allCases)
    func aNewCodeReplacesTheOldWithAHigherVersion(_ twin: Twin) async throws {
        try await twin.run { rig in
            _ = try await rig.store.putOTP(Self.code(for: 1))
            _ = try await rig.store.consumeOTP(user: UserID(1), code: 1, at: at(seconds: 1), maxAttempts: 3)  // version 2, one attempt
            let second = try await rig.store.putOTP(Self.code(for: 1, code: 654_321, version: 1))
            #expect(second.version == 3, "above every earlier version of the user's code")
            #expect(second.attempts == 0)
            #expect(try await rig.store.otp(user: UserID(1)) == second)
            #expect(try await rig.store.consumeOTP(user: UserID(1), code: 123_456, at: at(seconds: 2), maxAttempts: 3).kind == .wrongCode,
                    "the old code no longer works")
            let third = try await rig.store.putOTP(Self.code(for: 1, code: 7, version: 10))
            #expect(third.version == 10, "a version already above is kept")
            #expect(third.digits == "000007")
        }
    }

    @Test(arguments: Twin.allCases)
    func concurrentRightAndWrongSubmissionsKeepTheCountsExact(_ twin: Twin) async throws {
        try await twin.run { rig in
            let issued = try await rig.store.putOTP(Self.code(for: 1))
            // Every third submission is the right code.
            let answers = try await rig.concurrently(30) { i in
                try await rig.store.consumeOTP(user: UserID(1), code: i % 3 == 0 ? 123_456 : 1, at: at(seconds: 1), maxAttempts: 4)
            }
            let tally = Tally(answers, by: \.kind)
            let after = try #require(try await rig.store.otp(user: UserID(1)))
            #expect(tally[.accepted] <= 1, "\(tally.counts)")
            #expect(tally[.wrongCode] <= 4, "\(tally.counts)")
            #expect(Int(after.attempts) == tally[.wrongCode], "every wrong attempt counted once")
            #expect(after.consumed == (tally[.accepted] == 1))
            #expect(Int(after.version) == Int(issued.version) + tally[.wrongCode] + tally[.accepted], "one version per change")
            #expect(tally[.accepted] + tally[.wrongCode] + tally[.alreadyUsed] + tally[.attemptsExhausted] == 30)
        }
    }
}
