import StampedeKernel

/// A registered user as the store holds it.
///
/// Widest fields first, so the two 4-byte ones share a word: 56 bytes, not 64 (a cached user
/// value and every async frame that holds one pay for the padding).
public struct UserRecord: Sendable, Hashable {
    public var email: String
    /// PHC-style string: `$pbkdf2-sha256$i=<iterations>$<salt b64>$<hash b64>`.
    public var passwordHash: String
    public var permissions: PermissionSet
    public var passwordChangedAt: SimInstant
    public var id: UserID
    /// Bumped on every permission change; access tokens carry the version they were issued at.
    public var permissionVersion: UInt32

    public init(id: UserID, email: String, passwordHash: String, permissions: PermissionSet,
                permissionVersion: UInt32 = 1, passwordChangedAt: SimInstant = .zero) {
        self.id = id; self.email = email; self.passwordHash = passwordHash; self.permissions = permissions
        self.permissionVersion = permissionVersion; self.passwordChangedAt = passwordChangedAt
    }
}

/// A login session. Its refresh tokens form one family: reuse of a spent one revokes it.
///
/// Widest fields first: 53 bytes, not 64 with the padding after `user` and `revoked`.
public struct SessionRecord: Sendable, Hashable {
    public var id: SessionID
    /// The refresh token that may be redeemed next.
    public var refreshToken: RefreshTokenID
    public var issuedAt: SimInstant
    /// Start of the last authorized request, written at most every touch interval.
    public var lastSeen: SimInstant
    public var user: UserID
    public var revoked: Bool

    public init(id: SessionID, user: UserID, issuedAt: SimInstant, lastSeen: SimInstant, revoked: Bool = false, refreshToken: RefreshTokenID) {
        self.id = id; self.user = user; self.issuedAt = issuedAt; self.lastSeen = lastSeen
        self.revoked = revoked; self.refreshToken = refreshToken
    }
}

extension SessionRecord: TokenKeyed {
    @inlinable public var key: Token128 { id }
}

/// What redeeming a refresh token did.
public enum RefreshRedemption: Sendable, Hashable {
    /// The token was current; the session now expects `next`.
    case rotated(SessionRecord)
    /// The token was already spent: the whole family (session) is now revoked.
    case reused(SessionRecord)
    /// The session was already revoked.
    case revoked(SessionRecord)
    case unknown
}
