import Foundation
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

@Test func oneRoundMatchesTheRFC7914TestVector() {
    // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P = "passwd", S = "salt", c = 1; its first 32 bytes
    // are 55ac046e…0dacbc.
    let phc = PasswordHasher(iterations: 1).hash("passwd", salt: Array("salt".utf8))
    #expect(phc == "$pbkdf2-sha256$i=1,l=32$c2FsdA$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw")
    #expect(PasswordHasher(iterations: 1).verify("passwd", against: phc))
    #expect(!PasswordHasher(iterations: 1).verify("passwe", against: phc))
}

@Test func theOneRoundPathDerivesWhatBoringSSLDoes() {
    // Keys shorter than, equal to and longer than SHA-256's 64-byte block (hashed first), an
    // empty password and salt, non-ASCII text.
    let passwords = ["", "a", "passwd", "correct horse battery staple", String(repeating: "k", count: 64),
                     String(repeating: "long", count: 40), "pässwörd-日本"]
    let salts: [[UInt8]] = [[], Array("salt".utf8), Array(0..<16), Array(repeating: 0xFF, count: 100)]
    for p in passwords {
        for s in salts {
            #expect(PasswordHasher.oneRound(p, salt: s) == PasswordHasher.pbkdf2(p, salt: s, iterations: 1), "\(p.count) \(s.count)")
        }
    }
    #expect(PasswordHasher.oneRound("a", salt: []) != PasswordHasher.oneRound("b", salt: []))
}

@Test func aPackedPHCStringFormatsBackToItselfAndOnlyCanonicalOnesPack() {
    for iterations in [1, 16, 600_000] {
        let phc = PasswordHasher(iterations: iterations).hash("correct horse", salt: Array(0..<16))
        #expect(PackedPHC(phc)?.string == phc)
    }
    let good = PasswordHasher(iterations: 1).hash("correct horse", salt: Array(0..<16))
    let salt = good.split(separator: "$")[2]
    var changedBits = Array(good.utf8)
    let last = good.utf8.count - 1
    changedBits[last] = changedBits[last] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
    #expect(PackedPHC(String(decoding: changedBits, as: UTF8.self)) != nil) // another hash, still canonical
    for other in [good.replacingOccurrences(of: "i=1,", with: "i=01,"),               // a leading zero
                  good.replacingOccurrences(of: ",l=32", with: ",l=32,p=1"),          // other parameters
                  good.replacingOccurrences(of: String(salt), with: String(salt) + "=="), // padding
                  PasswordHasher(iterations: 1).hash("correct horse", salt: [1, 2, 3, 4, 5]), // a short salt
                  "$bcrypt$junk", ""] {
        #expect(PackedPHC(other) == nil, "\(other)")
    }
}

@Test func phcStringsAreParsedStrictly() {
    let good = PasswordHasher(iterations: 3).hash("correct horse", salt: [1, 2, 3, 4, 5])
    #expect(PHC.parse(good)?.iterations == 3)
    #expect(PHC.parse(good)?.salt == [1, 2, 3, 4, 5])
    for bad in ["", "$pbkdf2-sha256$i=", "$pbkdf2-sha256$i=0,l=32$AAAA$AAAA", "$pbkdf2-sha256$i=x,l=32$AAAA$AAAA",
                "$pbkdf2-sha256$i=2,l=32$AA*A$AAAA", "$pbkdf2-sha256$i=2,l=32$AAAA", "$pbkdf2-sha512$i=2,l=32$AAAA$AAAA"] {
        #expect(PHC.parse(bad) == nil, "\(bad)")
    }
}

@Test func base64MatchesFoundationWithoutPadding() {
    var bytes: [UInt8] = []
    for n in 0..<40 {
        let foundation = Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
        #expect(Base64.encode(bytes) == foundation, "length \(n)")
        #expect(Base64.decode(Array(foundation.utf8)) == bytes, "length \(n)")
        bytes.append(UInt8(truncatingIfNeeded: n &* 37 &+ 11))
    }
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

@Test func emailRulesAreTheDocumentedOnes() {
    /// The rules as first written (split on "@" and "."), against which the one-pass check is held.
    func reference(_ email: String) -> Bool {
        let u = email.utf8
        guard u.count <= 254, !u.contains(UInt8(ascii: " ")) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }
    let local64 = String(repeating: "a", count: 64), local65 = String(repeating: "a", count: 65)
    let cases = ["alice@example.com", "a@b.c", "@example.com", "alice@", "alice@example", "alice@.com", "alice@example.",
                 "alice@exa..mple.com", "al@ice@example.com", "alice example@x.com", "", "@", "a@b", "a@b.c.d",
                 "\(local64)@x.io", "\(local65)@x.io", "é@exämple.com", "a@" + String(repeating: "b", count: 260) + ".com"]
    for email in cases {
        #expect((CredentialPolicy.emailProblem(email) == nil) == reference(email), "\(email)")
    }
}
