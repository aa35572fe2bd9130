import Crypto
import Foundation
import _CryptoExtras
import StampedeModel

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
        PHC.format(iterations: iterations, salt: salt, hash: derive(password, salt: salt, iterations: iterations))
    }

    /// Whether `password` matches the stored PHC string (using the iterations it records).
    public func verify(_ password: String, against phc: String) -> Bool {
        verify(password, against: phc, atLeast: 0)
    }

    /// Whether `password` matches the stored PHC string, spending at least `minimum`
    /// iterations of real work: a hash stored with fewer is checked with its own count, and the
    /// rest is derived too (and discarded), so the check costs what a production one does.
    public func verify(_ password: String, against phc: String, atLeast minimum: Int) -> Bool {
        guard let stored = PHC.parse(phc) else { return false }
        let derived = derive(password, salt: stored.salt, iterations: stored.iterations)
        if minimum > stored.iterations { _ = derive(password, salt: stored.salt, iterations: minimum - stored.iterations) }
        guard derived.count == stored.hash.count else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(derived, stored.hash) { diff |= a ^ b }
        return diff == 0
    }

    private func derive(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        iterations == 1 ? Self.oneRound(password, salt: salt) : Self.pbkdf2(password, salt: salt, iterations: iterations)
    }

    /// PBKDF2-HMAC-SHA256 with a 32-byte output, by BoringSSL (any iteration count).
    static func pbkdf2(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        // Only fails for parameters we never pass (an output length or round count of 0).
        guard let key = try? KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: iterations)
        else { return [] }
        return key.withUnsafeBytes { Array($0) }
    }

    /// PBKDF2-HMAC-SHA256 at one iteration with a 32-byte output (RFC 8018 section 5.2): its only
    /// block is T1 = U1 = HMAC(P, S || INT(1)). The HMAC is RFC 2104's, computed on two SHA-256
    /// hashers with the padded key on the stack: the simulator's default work factor, where the
    /// general path's copies into `Data` and key objects cost more than the hashing.
    static func oneRound(_ password: String, salt: [UInt8]) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { pad in
            pad.initialize(repeating: 0)
            var password = password
            password.withUTF8 { p in
                if p.count > 64 {
                    SHA256.hash(data: p).withUnsafeBytes { d in _ = pad.initialize(fromContentsOf: d) }
                } else {
                    _ = pad.initialize(fromContentsOf: p)
                }
            }
            for i in 0..<64 { pad[i] ^= 0x36 }
            var inner = SHA256()
            inner.update(bufferPointer: UnsafeRawBufferPointer(pad))
            salt.withUnsafeBytes { inner.update(bufferPointer: $0) }
            withUnsafeBytes(of: UInt32(1).bigEndian) { inner.update(bufferPointer: $0) }
            let innerDigest = inner.finalize()
            for i in 0..<64 { pad[i] ^= 0x36 ^ 0x5C }
            var outer = SHA256()
            outer.update(bufferPointer: UnsafeRawBufferPointer(pad))
            innerDigest.withUnsafeBytes { outer.update(bufferPointer: $0) }
            return outer.finalize().withUnsafeBytes { Array($0) }
        }
    }
}
