@testable import StampedeAuth
import StampedeKernel
import StampedeModel
import Testing

@Test func registerAcceptsAGoodUserAndRejectsTheRest() {
    let h = Harness()
    let results = h.run { s, _ in
        [
            await s.register(id: UserID(0), email: "alice@example.com", password: "correct horse", permissions: both).denial,
            await s.register(id: UserID(1), email: "not-an-email", password: "correct horse", permissions: both).denial,
            await s.register(id: UserID(2), email: "bob@example", password: "correct horse", permissions: both).denial,
            await s.register(id: UserID(3), email: "carol@example.com", password: "short", permissions: both).denial,
            await s.register(id: UserID(4), email: "dave@example.com", password: "Password123", permissions: both).denial,
            await s.register(id: UserID(5), email: "erin@example.com", password: String(repeating: "x", count: 65), permissions: both).denial,
            await s.register(id: UserID(6), email: "alice@example.com", password: "another good one", permissions: both).denial,
        ]
    }
    #expect(results == [nil, .invalidEmail, .invalidEmail, .weakPassword, .weakPassword, .weakPassword, .emailTaken])
}

@Test func storedHashIsPHCAndVerifiesOnlyTheRightPassword() {
    let hasher = PasswordHasher(iterations: 16)
    let phc = hasher.hash("correct horse", salt: Array(repeating: 7, count: 16))
    #expect(phc.hasPrefix("$pbkdf2-sha256$i=16,l=32$"))
    #expect(hasher.verify("correct horse", against: phc))
    #expect(!hasher.verify("correct horsf", against: phc))
    #expect(!hasher.verify("correct horse", against: "$bcrypt$junk"))
}

@Test func loginIssuesASessionAndRefusesWrongOrUnknownCredentials() {
    let h = Harness()
    #expect(h.registerAlice() != nil)
    let outcomes = h.runClient { s, _ in
        [
            await s.login(email: "alice@example.com", password: "wrong password").denial,
            await s.login(email: "nobody@example.com", password: "correct horse").denial,
            await s.login(email: "alice@example.com", password: "correct horse").denial,
        ]
    }
    #expect(outcomes == [.invalidCredentials, .invalidCredentials, nil])
    let issued = h.observer.history.filter { if case .sessionIssued = $0 { return true } else { return false } }
    #expect(issued.count == 2)
}

@Test func loginTakesTheModeledHashTime() {
    let h = Harness()
    _ = h.registerAlice()
    let elapsed = h.run { s, clock in
        let t0 = clock.now
        _ = await s.login(email: "alice@example.com", password: "correct horse")
        return clock.now - t0
    }
    // Hash (100 ms) + token (35 µs) on a core, plus cache and store round trips.
    #expect(elapsed >= .milliseconds(100))
    #expect(elapsed < .milliseconds(130))
}

@Test func lockoutAfterTheConfiguredFailuresEvenWithTheRightPassword() {
    var config = Harness.system
    config.lockout.maxFailures = 3
    config.lockout.window = .minutes(15)
    let h = Harness(config: config)
    _ = h.registerAlice()
    let outcomes = h.run { s, clock in
        var out: [DenyReason?] = []
        for _ in 0..<3 { out.append(await s.login(email: "alice@example.com", password: "bad guess 1").denial) }
        out.append(await s.login(email: "alice@example.com", password: "correct horse").denial)
        try? await clock.sleep(for: .minutes(16))
        out.append(await s.login(email: "alice@example.com", password: "correct horse").denial)
        return out
    }
    #expect(outcomes == [.invalidCredentials, .invalidCredentials, .invalidCredentials, .lockedOut, nil])
}

@Test func lockoutIsPerAccount() {
    var config = Harness.system
    config.lockout.maxFailures = 2
    let h = Harness(config: config)
    let outcomes = h.runClient { s, _ in
        _ = await s.register(id: UserID(0), email: "a@example.com", password: "correct horse", permissions: both)
        _ = await s.register(id: UserID(1), email: "b@example.com", password: "correct horse", permissions: both)
        for _ in 0..<2 { _ = await s.login(email: "a@example.com", password: "bad guess 1") }
        return [await s.login(email: "a@example.com", password: "correct horse").denial,
                await s.login(email: "b@example.com", password: "correct horse").denial]
    }
    #expect(outcomes == [.lockedOut, nil])
}

extension Result where Failure == DenyReason {
    var denial: DenyReason? {
        if case .failure(let r) = self { return r }
        return nil
    }
}
