import StampedeKernel

/// What an access token asserts.
public struct TokenClaims: Sendable, Hashable {
    public var user: UserID
    public var session: SessionID
    public var issuedAt: SimInstant
    public var expiresAt: SimInstant
    /// The user's permission version when the token was issued.
    public var permissionVersion: UInt32

    public init(user: UserID, session: SessionID, issuedAt: SimInstant, expiresAt: SimInstant, permissionVersion: UInt32) {
        self.user = user; self.session = session; self.issuedAt = issuedAt
        self.expiresAt = expiresAt; self.permissionVersion = permissionVersion
    }
}

/// A signed access token: a 41-byte binary payload followed by its HMAC-SHA256 tag.
///
/// Equivalent to an HS256 JWT in what it proves, without the base64/JSON framing.
public struct AccessToken: Sendable, Hashable {
    public var bytes: [UInt8]
    public init(bytes: [UInt8]) { self.bytes = bytes }
}

