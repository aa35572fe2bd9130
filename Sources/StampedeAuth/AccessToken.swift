import Crypto
import StampedeKernel
import StampedeModel

/// Signs and verifies access tokens with one HMAC-SHA256 key.
public struct TokenSigner: Sendable {
    /// The HMAC already keyed: copying it skips re-deriving the key pads on every token.
    private let keyed: HMAC<SHA256>
    static let payloadLength = 41
    static let version: UInt8 = 1

    public init(keyBytes: [UInt8]) { keyed = HMAC<SHA256>(key: SymmetricKey(data: keyBytes)) }

    /// The tag of `payload`.
    private func tag(_ payload: UnsafeRawBufferPointer) -> HMAC<SHA256>.MAC {
        var h = keyed
        h.update(data: payload)
        return h.finalize()
    }

    public func sign(_ c: TokenClaims) -> AccessToken {
        var p = [UInt8]()
        p.reserveCapacity(Self.payloadLength + 32)
        p.append(Self.version)
        append(UInt32(bitPattern: c.user.rawValue), to: &p)
        append(c.session.high, to: &p)
        append(c.session.low, to: &p)
        append(UInt64(bitPattern: c.issuedAt.nanoseconds), to: &p)
        append(UInt64(bitPattern: c.expiresAt.nanoseconds), to: &p)
        append(c.permissionVersion, to: &p)
        let mac = p.withUnsafeBytes { tag($0) }
        p.append(contentsOf: mac)
        return AccessToken(bytes: p)
    }

    /// The claims if the signature is valid, nil if the token was forged or altered.
    public func verify(_ token: AccessToken) -> TokenClaims? {
        let b = token.bytes
        guard b.count == Self.payloadLength + 32, b[0] == Self.version else { return nil }
        let valid = b.withUnsafeBytes { all -> Bool in
            let expected = tag(UnsafeRawBufferPointer(rebasing: all[0..<Self.payloadLength]))
            // Constant-time comparison: look at every byte whatever the first difference.
            var diff: UInt8 = 0
            expected.withUnsafeBytes { e in
                for i in 0..<32 { diff |= e[i] ^ all[Self.payloadLength + i] }
            }
            return diff == 0
        }
        guard valid else { return nil }
        var i = 1
        let user = UInt32(truncatingIfNeeded: read(b, &i, 4))
        let high = read(b, &i, 8), low = read(b, &i, 8)
        let iat = read(b, &i, 8), exp = read(b, &i, 8)
        let pv = UInt32(truncatingIfNeeded: read(b, &i, 4))
        return TokenClaims(
            user: UserID(Int(Int32(bitPattern: user))), session: SessionID(high: high, low: low),
            issuedAt: SimInstant(nanoseconds: Int64(bitPattern: iat)), expiresAt: SimInstant(nanoseconds: Int64(bitPattern: exp)),
            permissionVersion: pv)
    }

    private func append<T: FixedWidthInteger>(_ v: T, to p: inout [UInt8]) {
        withUnsafeBytes(of: v.bigEndian) { p.append(contentsOf: $0) }
    }

    private func read(_ b: [UInt8], _ i: inout Int, _ n: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<n { v = v << 8 | UInt64(b[i + k]) }
        i += n
        return v
    }
}
