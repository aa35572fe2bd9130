import StampedeKernel

/// One read or completed write of a cached data item, as the checker sees it.
///
/// Cheap by design (no strings): the item is `(dataClass, identity)` and its state is a
/// number that grows with every security-relevant write, so "older" is a comparison.
public struct DataAccess: Sendable, Hashable {
    public var dataClass: DataClass
    /// Where a read's answer came from (for a write: where it was applied first).
    public var source: DataSource
    /// The item within its class: a user id, or a session id folded to 64 bits.
    public var identity: UInt64
    /// The user the item belongs to (reads always say; a write may leave it 0).
    public var owner: UserID
    /// The session, for the sessions class.
    public var session: SessionID?
    /// The item's version: password-change time for profiles, permission version, 1 live /
    /// 2 revoked for sessions, issue time then attempts then consumption for OTP codes,
    /// failed-login count for counters.
    public var version: UInt64
    public var start: SimInstant
    public var end: SimInstant

    public init(dataClass: DataClass, source: DataSource, identity: UInt64, owner: UserID = UserID(0), session: SessionID? = nil,
                version: UInt64, start: SimInstant, end: SimInstant) {
        self.dataClass = dataClass; self.source = source; self.identity = identity; self.owner = owner
        self.session = session; self.version = version; self.start = start; self.end = end
    }
}

/// Which tier answered a read.
public enum DataSource: UInt8, Sendable, Hashable, CaseIterable {
    case cache, store, local
    public var name: String {
        switch self {
        case .cache: return "cache"
        case .store: return "store"
        case .local: return "local"
        }
    }
}

/// One OTP submission and its verdict.
public struct OTPVerification: Sendable, Hashable {
    public var user: UserID
    /// The serial of the code the service matched, or 0 when there was none.
    public var serial: UInt64
    public var start: SimInstant
    public var end: SimInstant
    public var accepted: Bool

    public init(user: UserID, serial: UInt64, start: SimInstant, end: SimInstant, accepted: Bool) {
        self.user = user; self.serial = serial; self.start = start; self.end = end; self.accepted = accepted
    }
}

extension Token128 {
    /// The id folded to 64 bits: how history names a session's cached item.
    @inlinable public var dataIdentity: UInt64 { high ^ (low &* 0x9E37_79B9_7F4A_7C15) }
}

extension UserID {
    /// How history names a user's cached items.
    @inlinable public var dataIdentity: UInt64 { UInt64(UInt32(bitPattern: rawValue)) }
}

extension HistoryEvent {
    /// When the system emitted the event: the stream is ordered by this.
    public var completedAt: SimInstant {
        switch self {
        case .sessionIssued(_, _, let at), .otpIssued(_, _, _, let at), .cacheCrashed(let at), .cacheRecovered(let at),
             .serviceRestarted(let at):
            return at
        case .authorization(let a): return a.end
        case .refreshRedeemed(_, _, _, _, let end), .logout(_, _, _, let end),
             .passwordChanged(_, _, _, let end, _), .permissionsChanged(_, _, _, let end):
            return end
        case .passwordChecked(let c): return c.end
        case .dataRead(let d), .dataWrite(let d): return d.end
        case .otpVerified(let v): return v.end
        }
    }
}
