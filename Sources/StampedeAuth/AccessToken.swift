import Crypto
import StampedeKernel
import StampedeModel

/// What an access token asserts.
public struct TokenClaims: Sendable, Hashable {
    public var user: UserID
    public var session: SessionID
    public var issuedAt: SimInstant
    public var expiresAt: SimInstant
    /// The user's permission version when the token was issued.
    public var permissionVersion: UInt32
}

/// A signed access token: a 41-byte binary payload followed by its HMAC-SHA256 tag.
///
/// Equivalent to an HS256 JWT in what it proves, without the base64/JSON framing.
public struct AccessToken: Sendable, Hashable {
    public var bytes: [UInt8]
    public init(bytes: [UInt8]) { self.bytes = bytes }
}

/// Signs and verifies access tokens with one HMAC-SHA256 key.
public struct TokenSigner: Sendable {
    private let key: SymmetricKey
    static let payloadLength = 41
    static let version: UInt8 = 1

    public init(keyBytes: [UInt8]) { key = SymmetricKey(data: keyBytes) }

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
        let tag = HMAC<SHA256>.authenticationCode(for: p, using: key)
        p.append(contentsOf: tag)
        return AccessToken(bytes: p)
    }

    /// The claims if the signature is valid, nil if the token was forged or altered.
    public func verify(_ token: AccessToken) -> TokenClaims? {
        let b = token.bytes
        guard b.count == Self.payloadLength + 32, b[0] == Self.version else { return nil }
        let payload = b[0..<Self.payloadLength]
        let tag = b[Self.payloadLength...]
        guard HMAC<SHA256>.isValidAuthenticationCode(tag, authenticating: payload, using: key) else { return nil }
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
