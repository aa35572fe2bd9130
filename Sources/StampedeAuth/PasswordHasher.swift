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
        // Written in one buffer: this runs on every registration and password change.
        let head = "$pbkdf2-sha256$i=\(iterations),l=32$"
        let length = head.utf8.count + Base64.encodedCount(salt.count) + 1 + Base64.encodedCount(derived.count)
        return String(unsafeUninitializedCapacity: length) { out in
            var o = 0
            for c in head.utf8 { out[o] = c; o += 1 }
            o += Base64.encode(salt, into: UnsafeMutableBufferPointer(rebasing: out[o...]))
            out[o] = UInt8(ascii: "$"); o += 1
            o += Base64.encode(derived, into: UnsafeMutableBufferPointer(rebasing: out[o...]))
            return o
        }
    }

    /// Whether `password` matches the stored PHC string (using the iterations it records).
    public func verify(_ password: String, against phc: String) -> Bool {
        verify(password, against: phc, atLeast: 0)
    }

    /// Whether `password` matches the stored PHC string, spending at least `minimum`
    /// iterations of real work: a hash stored with fewer is checked with its own count, and the
    /// rest is derived too (and discarded), so the check costs what a production one does.
    public func verify(_ password: String, against phc: String, atLeast minimum: Int) -> Bool {
        guard let stored = Self.parse(phc) else { return false }
        let derived = derive(password, salt: stored.salt, iterations: stored.iterations)
        if minimum > stored.iterations { _ = derive(password, salt: stored.salt, iterations: minimum - stored.iterations) }
        guard derived.count == stored.hash.count else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(derived, stored.hash) { diff |= a ^ b }
        return diff == 0
    }

    /// The iterations, salt and hash of `$pbkdf2-sha256$i=<n>,l=32$<salt>$<hash>`, or nil when
    /// it is not one. Reads the UTF-8 bytes in place (this runs on every login).
    static func parse(_ phc: String) -> (iterations: Int, salt: [UInt8], hash: [UInt8])? {
        var phc = phc
        return phc.withUTF8 { bytes -> (iterations: Int, salt: [UInt8], hash: [UInt8])? in
            let prefix = "$pbkdf2-sha256$i=".utf8
            guard bytes.count > prefix.count, bytes.starts(with: prefix) else { return nil }
            var i = prefix.count
            var n = 0
            let digitsStart = i
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9"), i - digitsStart < 10 {
                n = n * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                i += 1
            }
            guard i > digitsStart, n >= 1 else { return nil }
            // Parameters after the count (",l=32") up to the next "$".
            while i < bytes.count, bytes[i] != UInt8(ascii: "$") { i += 1 }
            guard i < bytes.count else { return nil }
            let saltStart = i + 1
            guard let saltEnd = bytes[saltStart...].firstIndex(of: UInt8(ascii: "$")) else { return nil }
            guard let salt = Base64.decode(bytes[saltStart..<saltEnd]),
                  let hash = Base64.decode(bytes[(saltEnd + 1)...]) else { return nil }
            return (n, salt, hash)
        }
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

/// Standard base64 without padding, as PHC strings write it.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8] = {
        var v = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { v[Int(c)] = UInt8(i) }
        return v
    }()

    /// The length of `count` bytes coded without padding.
    static func encodedCount(_ count: Int) -> Int { (count * 4 + 2) / 3 }

    static func encode(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: encodedCount(bytes.count)) { encode(bytes, into: $0) }
    }

    /// Writes `bytes` coded into `out` (at least `encodedCount(bytes.count)` long); returns the
    /// length written.
    static func encode(_ bytes: [UInt8], into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var o = 0
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out[o] = alphabet[Int(n >> 18 & 63)]; out[o + 1] = alphabet[Int(n >> 12 & 63)]
            out[o + 2] = alphabet[Int(n >> 6 & 63)]; out[o + 3] = alphabet[Int(n & 63)]
            o += 4
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out[o] = alphabet[Int(n >> 18 & 63)]; out[o + 1] = alphabet[Int(n >> 12 & 63)]; o += 2
            if rest == 2 { out[o] = alphabet[Int(n >> 6 & 63)]; o += 1 }
        }
        return o
    }

    /// Decodes unpadded (or padded) standard base64; nil on any other character.
    static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for c in text {
            if c == UInt8(ascii: "=") { break }
            let v = values[Int(c)]
            guard v != 0xFF else { return nil }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        return out
    }
}
