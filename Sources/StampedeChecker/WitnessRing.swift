import StampedeKernel
import StampedeModel

/// One event of a user's timeline, stored compactly; rendered to text only when a
/// violation is reported, so the hot path builds no strings.
struct WitnessRecord {
    enum Kind: UInt8 {
        case issued, authorized, denied, refreshRedeemed, logout, passwordChanged, permissionsChanged
        case otpIssued, otpAccepted, otpRejected, staleRead, passwordAccepted, passwordRefused
        /// A deadline that passed (`reason`: `Deadline`); `start == end` is the instant.
        case deadline
        case cacheCrashed
        /// A completed write of cached data, the one a stale read should have seen.
        case dataWritten
    }

    static let none: UInt8 = .max

    var kind: Kind
    /// Permission index asked for, or `none` (a refresh).
    var permission: UInt8 = WitnessRecord.none
    /// `DenyReason` raw value, or `none`.
    var reason: UInt8 = WitnessRecord.none
    /// Whether `extra` holds a value (kept session of a password change).
    var hasExtra = false
    var session: Token128
    /// Refresh token redeemed, session kept by a password change, or permission bits in `high`.
    var extra = Token128(high: 0, low: 0)
    var start: SimInstant
    var end: SimInstant

    init(kind: Kind, session: Token128, start: SimInstant, end: SimInstant) {
        self.kind = kind; self.session = session; self.start = start; self.end = end
    }

    init(_ a: Authorization) {
        self.init(kind: a.allowed ? .authorized : .denied, session: a.session, start: a.start, end: a.end)
        permission = a.permission?.index ?? WitnessRecord.none
        reason = a.reason.map { UInt8($0.rawValue) } ?? WitnessRecord.none
    }

    enum Deadline: UInt8 { case idle, absolute, otpExpiry }

    /// A deadline that passed at `at`.
    static func deadline(_ d: Deadline, session: Token128, at: SimInstant) -> WitnessRecord {
        var r = WitnessRecord(kind: .deadline, session: session, start: at, end: at)
        r.reason = d.rawValue
        return r
    }

    /// Whether `other` records the same event.
    func same(as other: WitnessRecord) -> Bool {
        kind == other.kind && session == other.session && start == other.start && end == other.end && extra == other.extra
    }

    init(passwordCheck c: PasswordCheck) {
        self.init(kind: c.denial == nil ? .passwordAccepted : .passwordRefused, session: Token128(high: 0, low: 0),
                  start: c.start, end: c.end)
        reason = c.denial.map { UInt8($0.rawValue) } ?? WitnessRecord.none
        extra = Token128(high: c.password.rawValue, low: 0)
    }

    func entry(_ config: CheckerConfig) -> WitnessEntry {
        WitnessEntry(start: start, end: end, what: text(config))
    }

    func text(_ config: CheckerConfig) -> String {
        let of = ", session " + shortID(session)
        switch kind {
        case .issued:
            return "login → session " + shortID(session)
        case .authorized, .denied:
            let request = permission == WitnessRecord.none
                ? "refresh" : "validate(\(config.name(of: Permission(index: Int(permission)))))"
            if kind == .authorized { return request + " allowed" + of }
            let why = DenyReason(rawValue: Int(reason)).map { ": " + $0.name } ?? ""
            return request + " denied" + why + of
        case .refreshRedeemed:
            return "refresh token \(shortID(extra)) redeemed" + of
        case .logout:
            return "logout completed" + of
        case .passwordChanged:
            return "password change completed (kept: \(hasExtra ? shortID(extra) : "none"))"
        case .permissionsChanged:
            return "permissions changed to " + config.describe(PermissionSet(bits: extra.high))
        case .otpIssued:
            return "one-time passcode \(shortSerial(extra.high)) issued, valid until \(SimInstant(nanoseconds: Int64(bitPattern: extra.low)))"
        case .otpAccepted:
            return "one-time passcode \(shortSerial(extra.high)) accepted"
        case .otpRejected:
            return "one-time passcode submission refused"
        case .passwordAccepted:
            return "login with password \(shortID(extra)) accepted"
        case .passwordRefused:
            let why = DenyReason(rawValue: Int(reason)).map { $0.name } ?? "refused"
            return "login with password \(shortID(extra)) refused: " + why
        case .deadline:
            switch Deadline(rawValue: reason) {
            case .idle?: return "idle timeout passed" + of
            case .absolute?: return "absolute timeout passed" + of
            default: return "one-time passcode \(shortSerial(extra.high)) expired"
            }
        case .cacheCrashed:
            return "cache crashed"
        case .dataWritten:
            return "write completed, " + (session.high == 0 ? "item \(session.low)" : "session " + shortID(session))
        case .staleRead:
            return "read a value the cache should no longer hold, " + (session.high == 0 ? "item \(session.low)" : "session " + shortID(session))
        }
    }
}

/// The last few events of one user, oldest overwritten first.
struct WitnessRing {
    private var records: [WitnessRecord] = []
    private var next = 0

    mutating func append(_ record: WitnessRecord, capacity: Int) {
        guard capacity > 0 else { return }
        if records.count < capacity {
            if records.isEmpty { records.reserveCapacity(capacity) }
            records.append(record)
        } else {
            records[next] = record
            next = next + 1 == capacity ? 0 : next + 1
        }
    }

    /// The records, oldest first.
    var ordered: [WitnessRecord] {
        Array(records[next...]) + Array(records[..<next])
    }
}
