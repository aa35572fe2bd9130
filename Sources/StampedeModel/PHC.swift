/// PBKDF2-SHA256 password hashes in PHC string form, `$pbkdf2-sha256$i=<n>,l=32$<salt>$<hash>`
/// (standard base64, unpadded), and the same hash kept as its parts.
package enum PHC {
    /// The PHC string of a hash, written in one buffer (this runs on every registration and
    /// password change).
    package static func format(iterations: Int, salt: [UInt8], hash: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: length(iterations: iterations, salt: salt.count, hash: hash.count)) { out in
            salt.withUnsafeBytes { s in hash.withUnsafeBytes { h in write(iterations: iterations, salt: s, hash: h, into: out) } }
        }
    }

    /// The length of the PHC string of a hash with these parameters.
    static func length(iterations: Int, salt: Int, hash: Int) -> Int {
        prefix.count + digits(iterations) + parameters.count + Base64.encodedCount(salt) + 1 + Base64.encodedCount(hash)
    }

    /// How many decimal digits `n` (at least 1) has.
    private static func digits(_ n: Int) -> Int {
        var count = 1
        var n = n
        while n >= 10 { n /= 10; count += 1 }
        return count
    }

    private static let prefix = Array("$pbkdf2-sha256$i=".utf8)
    private static let parameters = Array(",l=32$".utf8)

    /// Writes the PHC string into `out` (at least `length(…)` long); returns the length written.
    static func write(iterations: Int, salt: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer,
                      into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var o = 0
        for c in prefix { out[o] = c; o += 1 }
        let count = digits(iterations)
        var n = iterations
        for d in stride(from: count - 1, through: 0, by: -1) { out[o + d] = UInt8(ascii: "0") + UInt8(n % 10); n /= 10 }
        o += count
        for c in parameters { out[o] = c; o += 1 }
        o += Base64.encode(salt, into: UnsafeMutableBufferPointer(rebasing: out[o...]))
        out[o] = UInt8(ascii: "$"); o += 1
        o += Base64.encode(hash, into: UnsafeMutableBufferPointer(rebasing: out[o...]))
        return o
    }

    /// Where the parts of a PHC string are: the iteration count, and the coded salt and hash.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (iterations: Int, salt: Range<Int>, hash: Range<Int>)? {
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
        return (n, saltStart..<saltEnd, (saltEnd + 1)..<bytes.count)
    }

    /// The iterations, salt and hash of a PHC string, or nil when it is not one. Reads the UTF-8
    /// bytes in place (this runs on every login).
    package static func parse(_ phc: String) -> (iterations: Int, salt: [UInt8], hash: [UInt8])? {
        var phc = phc
        return phc.withUTF8 { bytes -> (iterations: Int, salt: [UInt8], hash: [UInt8])? in
            guard let parts = split(bytes), let salt = Base64.decode(bytes[parts.salt]),
                  let hash = Base64.decode(bytes[parts.hash]) else { return nil }
            return (parts.iterations, salt, hash)
        }
    }
}

/// A PHC string of the hasher's own shape (16-byte salt, 32-byte hash) kept as its parts: 52
/// bytes inline instead of a 90-character heap string, which a million stored users would pay
/// 128 bytes each for. Only strings that format back to exactly themselves are packed.
///
/// The iteration count comes last, so the value is 52 bytes and a field after it (a `UInt32`)
/// fills the rest of its last word.
package struct PackedPHC: Sendable {
    private var salt: (UInt64, UInt64) = (0, 0)
    private var hash: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var iterations: UInt32

    /// All zero: a row's placeholder where the hash is kept some other way.
    package static let zero = PackedPHC(iterations: 0)

    /// Nil unless `phc` is a canonical PHC string with a 16-byte salt and a 32-byte hash.
    /// Decodes into place and compares the string it formats back on the stack: no heap.
    package init?(_ phc: String) {
        var phc = phc
        var packed: PackedPHC?
        phc.withUTF8 { bytes in
            guard let parts = PHC.split(bytes), parts.iterations <= Int(UInt32.max),
                  PHC.length(iterations: parts.iterations, salt: 16, hash: 32) == bytes.count else { return }
            var p = PackedPHC(iterations: UInt32(parts.iterations))
            let saltOK = withUnsafeMutableBytes(of: &p.salt) { Base64.decode(bytes[parts.salt], into: $0) == 16 }
            let hashOK = withUnsafeMutableBytes(of: &p.hash) { Base64.decode(bytes[parts.hash], into: $0) == 32 }
            guard saltOK, hashOK else { return }
            // The length matched above, so the string written back fills the buffer exactly.
            let same = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { out in
                _ = p.write(into: out)
                return out.elementsEqual(bytes)
            }
            if same { packed = p }
        }
        guard let packed else { return nil }
        self = packed
    }

    private init(iterations: UInt32) { self.iterations = iterations }

    private func write(into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        withUnsafeBytes(of: salt) { s in
            withUnsafeBytes(of: hash) { h in PHC.write(iterations: Int(iterations), salt: s, hash: h, into: out) }
        }
    }

    /// The PHC string.
    package var string: String {
        String(unsafeUninitializedCapacity: PHC.length(iterations: Int(iterations), salt: 16, hash: 32)) { write(into: $0) }
    }
}

/// Standard base64 without padding, as PHC strings write it.
package enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8] = {
        var v = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { v[Int(c)] = UInt8(i) }
        return v
    }()

    /// The length of `count` bytes coded without padding.
    package static func encodedCount(_ count: Int) -> Int { (count * 4 + 2) / 3 }

    package static func encode(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: encodedCount(bytes.count)) { out in bytes.withUnsafeBytes { encode($0, into: out) } }
    }

    /// Writes `bytes` coded into `out` (at least `encodedCount(bytes.count)` long); returns the
    /// length written.
    package static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
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

    /// Decodes unpadded (or padded) standard base64 into `out`; the length written, or nil on
    /// any other character or when `out` is too short.
    package static func decode(_ text: some Collection<UInt8>, into out: UnsafeMutableRawBufferPointer) -> Int? {
        var o = 0
        let decoded = decode(text) { byte in
            guard o < out.count else { return false }
            out[o] = byte
            o += 1
            return true
        }
        return decoded ? o : nil
    }

    /// Decodes unpadded (or padded) standard base64; nil on any other character.
    package static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        return decode(text) { out.append($0); return true } ? out : nil
    }

    /// Hands each decoded byte to `emit` (false stops the decoding as a failure), up to a
    /// padding "="; false on a character outside the alphabet.
    private static func decode(_ text: some Collection<UInt8>, emit: (UInt8) -> Bool) -> Bool {
        var acc: UInt32 = 0
        var bits = 0
        for c in text {
            if c == UInt8(ascii: "=") { break }
            let v = values[Int(c)]
            guard v != 0xFF else { return false }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                guard emit(UInt8(truncatingIfNeeded: acc >> UInt32(bits))) else { return false }
            }
        }
        return true
    }
}
