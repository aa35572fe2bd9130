import Crypto
import Foundation
import _CryptoExtras

/// PBKDF2-HMAC-SHA256 password hashing, for real, at a cheap work factor.
///
/// Hashing really runs so a wrong password really fails; the CPU time the production
/// work factor stands for is modeled separately on the service's core pool.
public struct PasswordHasher: Sendable {
    public let iterations: Int

    public init(iterations: Int) {
        precondition(iterations >= 1)
        self.iterations = iterations
    }

    /// A PHC-style string: `$pbkdf2-sha256$i=<n>,l=32$<salt>$<hash>` (standard base64, unpadded).
    public func hash(_ password: String, salt: [UInt8]) -> String {
        let derived = derive(password, salt: salt, iterations: iterations)
        return "$pbkdf2-sha256$i=\(iterations),l=32$\(b64(salt))$\(b64(derived))"
    }

    /// Whether `password` matches the stored PHC string (using the iterations it records).
    public func verify(_ password: String, against phc: String) -> Bool {
        verify(password, against: phc, atLeast: 0)
    }

    /// Whether `password` matches the stored PHC string, spending at least `minimum`
    /// iterations of real work: a hash stored with fewer is checked with its own count, and the
    /// rest is derived too (and discarded), so the check costs what a production one does.
    public func verify(_ password: String, against phc: String, atLeast minimum: Int) -> Bool {
        let parts = phc.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[1] == "pbkdf2-sha256",
              let iField = parts[2].split(separator: ",").first, iField.hasPrefix("i="),
              let n = Int(iField.dropFirst(2)), n >= 1,
              let salt = unb64(parts[3]), let expected = unb64(parts[4]) else { return false }
        let derived = derive(password, salt: salt, iterations: n)
        if minimum > n { _ = derive(password, salt: salt, iterations: minimum - n) }
        guard derived.count == expected.count else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(derived, expected) { diff |= a ^ b }
        return diff == 0
    }

    private func derive(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        // Only fails for parameters we never pass (an output length or round count of 0).
        guard let key = try? KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: iterations)
        else { return [] }
        return key.withUnsafeBytes { Array($0) }
    }

    private func b64(_ bytes: [UInt8]) -> String {
        var s = Data(bytes).base64EncodedString()
        while s.hasSuffix("=") { s.removeLast() }
        return s
    }

    private func unb64(_ s: Substring) -> [UInt8]? {
        var t = String(s)
        while t.utf8.count % 4 != 0 { t += "=" }
        return Data(base64Encoded: t).map { Array($0) }
    }
}
