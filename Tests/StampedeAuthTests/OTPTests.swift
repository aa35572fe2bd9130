@testable import StampedeAuth
import StampedeCache
import StampedeFaults
import StampedeKernel
import StampedeModel
import Testing

/// One-time passcodes: seeded six digits, one current code per user, single use, expiry,
/// attempt limit, and exactly one winner among concurrent submissions, under every strategy.
@Suite struct OTPTests {
    func harness(_ strategy: StrategyKind = .writeThrough, seed: UInt64 = 1) -> Harness {
        var config = Harness.system
        config.cache.classes[.otp].strategy = strategy
        config.otp.maxAttempts = 3
        return Harness(config: config, seed: seed)
    }

    @Test func codesAreSixSeededDigits() {
        func codes(seed: UInt64) -> [String] {
            harness(seed: seed).run { s, _ in
                var out: [String] = []
                for u in 0..<20 { if case .success(let c) = await s.issueOTP(user: UserID(u)) { out.append(c.code) } }
                return out
            }
        }
        let a = codes(seed: 1)
        #expect(a.count == 20 && a.allSatisfy { $0.count == 6 && $0.allSatisfy(\.isNumber) })
        #expect(a == codes(seed: 1))
        #expect(a != codes(seed: 2))
    }

    @Test(arguments: StrategyKind.allCases)
    func aCodeIsAcceptedOnceAndANewOneReplacesTheOld(strategy: StrategyKind) {
        let h = harness(strategy)
        let r = h.run { s, _ in
            let first = try! await s.issueOTP(user: UserID(0)).get()
            let second = try! await s.issueOTP(user: UserID(0)).get()
            let old = first.code == second.code ? nil : await s.verifyOTP(user: UserID(0), code: first.code).denial
            let ok = await s.verifyOTP(user: UserID(0), code: second.code).denial
            let again = await s.verifyOTP(user: UserID(0), code: second.code).denial
            return [old, ok, again]
        }
        #expect(r == [.otpInvalid, nil, .otpUsed])
    }

    @Test(arguments: StrategyKind.allCases)
    func aCodeExpiresAfterItsLifetime(strategy: StrategyKind) {
        let h = harness(strategy)
        let r = h.run { s, clock in
            let c = try! await s.issueOTP(user: UserID(0)).get()
            // Write-behind: the queued write reaches the store (the cached copy expires with the code).
            await (s.strategies[DataClass.otp.rawValue] as? WriteBehindStrategy)?.flush(all: true)
            try? await clock.sleep(for: .minutes(5) + .seconds(1))
            return await s.verifyOTP(user: UserID(0), code: c.code).denial
        }
        #expect(r == .otpExpired)
    }

    @Test(arguments: StrategyKind.allCases)
    func wrongAttemptsAreLimited(strategy: StrategyKind) {
        let h = harness(strategy)
        let r = h.run { s, _ in
            let c = try! await s.issueOTP(user: UserID(0)).get()
            var out: [DenyReason?] = []
            for _ in 0..<3 { out.append(await s.verifyOTP(user: UserID(0), code: "999999" == c.code ? "000000" : "999999").denial) }
            out.append(await s.verifyOTP(user: UserID(0), code: c.code).denial)
            return out
        }
        #expect(r == [.otpInvalid, .otpInvalid, .otpInvalid, .otpAttemptsExhausted])
    }

    /// Of k concurrent submissions of the same valid code exactly one is accepted.
    @Test(arguments: StrategyKind.allCases)
    func concurrentSubmissionsOfTheRightCodeHaveExactlyOneWinner(strategy: StrategyKind) {
        let h = harness(strategy)
        let (accepted, refusals) = h.runClient { s, _ in
            var totals = (0, [DenyReason]())
            for round in 0..<5 {
                let user = UserID(round)
                let c = try! await s.issueOTP(user: user).get()
                let outcomes = await withTaskGroup(of: DenyReason?.self) { group in
                    for _ in 0..<8 { group.addTask { await s.verifyOTP(user: user, code: c.code).denial } }
                    return await group.reduce(into: [DenyReason?]()) { $0.append($1) }
                }
                totals.0 += outcomes.filter { $0 == nil }.count
                totals.1 += outcomes.compactMap { $0 }
            }
            return totals
        }
        #expect(accepted == 5)
        #expect(refusals.count == 35 && refusals.allSatisfy { $0 == .otpUsed })
        let history = h.observer.history.compactMap { e -> OTPVerification? in
            if case .otpVerified(let v) = e { return v } else { return nil }
        }
        #expect(history.filter(\.accepted).count == 5)
    }

    @Test func aLoginThatNeedsACodeIssuesTheSessionOnlyAfterIt() {
        var config = Harness.system
        config.otp.requiredFraction = 1
        let h = Harness(config: config)
        _ = h.registerAlice()   // the login inside needs a code: no grant
        let r = h.run { s, _ in
            let step = try! await s.authenticate(email: "alice@example.com", password: "correct horse").get()
            guard case .needsOTP(let user) = step else { return [DenyReason?]() }
            let c = try! await s.issueOTP(user: user).get()
            let wrong = await s.completeLogin(user: user, code: c.code == "123456" ? "654321" : "123456").denial
            let grant = await s.completeLogin(user: user, code: c.code)
            let valid = await s.validate(try! grant.grant.get().access, permission: read).denial
            let replay = await s.completeLogin(user: user, code: c.code).denial
            return [await s.login(email: "alice@example.com", password: "correct horse").denial, wrong, valid, replay]
        }
        #expect(r == [.otpRequired, .otpInvalid, nil, .otpUsed])
    }

    /// Fail-closed reads the store during an outage (the code is judged there and consumed);
    /// `deny` refuses without asking it.
    @Test(arguments: [UnavailablePolicy.failClosed, .deny])
    func aCodeDuringACacheOutage(policy: UnavailablePolicy) {
        let outage = CacheFault(start: SimInstant.zero + .seconds(10), end: SimInstant.zero + .seconds(20), effect: .down)
        var config = Harness.system
        config.cache.classes[.otp].whenUnavailable = policy
        let h = Harness(config: config, cacheFaults: [outage])
        let r = h.run { s, clock in
            let c = try! await s.issueOTP(user: UserID(0)).get()
            try? await clock.sleep(until: SimInstant.zero + .seconds(11))
            let during = await s.verifyOTP(user: UserID(0), code: c.code).denial
            try? await clock.sleep(until: SimInstant.zero + .seconds(21))
            return [during, await s.verifyOTP(user: UserID(0), code: c.code).denial]
        }
        #expect(r == (policy == .deny ? [.unavailable, nil] : [nil, .otpUsed]))
    }
}
