import StampedeKernel

/// A one-time passcode as the store holds it: one per user; issuing a new one replaces it.
public struct OTPRecord: Sendable, Hashable {
    public var user: UserID
    /// Six decimal digits, 0 ... 999,999.
    public var code: UInt32
    /// Identifies this issue of a code (a random 64-bit value), so the checker can tell codes apart.
    public var serial: UInt64
    public var issuedAt: SimInstant
    public var expiresAt: SimInstant
    /// Wrong submissions so far.
    public var attempts: UInt8
    public var consumed: Bool
    /// Bumped on every change of the user's OTP state (issue, attempt, consumption).
    public var version: UInt32

    public init(user: UserID, code: UInt32, serial: UInt64, issuedAt: SimInstant, expiresAt: SimInstant,
                attempts: UInt8 = 0, consumed: Bool = false, version: UInt32 = 1) {
        self.user = user; self.code = code; self.serial = serial; self.issuedAt = issuedAt
        self.expiresAt = expiresAt; self.attempts = attempts; self.consumed = consumed; self.version = version
    }

    /// The code as a user types it: six digits with leading zeros.
    public var digits: String {
        let s = String(code)
        return String(repeating: "0", count: max(0, 6 - s.count)) + s
    }
}

/// What an atomic OTP check-and-consume did.
public enum OTPConsumption: Sendable, Hashable {
    /// The code matched and is now spent; the record as it is now.
    case accepted(OTPRecord)
    /// The code did not match; one more attempt is counted.
    case wrongCode(OTPRecord)
    case expired(OTPRecord)
    case alreadyUsed(OTPRecord)
    /// Too many wrong attempts: the code no longer works.
    case attemptsExhausted(OTPRecord)
    /// No code was issued to the user.
    case none

    /// The record after the check, if there is one.
    public var record: OTPRecord? {
        switch self {
        case .accepted(let r), .wrongCode(let r), .expired(let r), .alreadyUsed(let r), .attemptsExhausted(let r): return r
        case .none: return nil
        }
    }

    /// Judges `submitted` against `record` at `now` with `maxAttempts`: the single rule every
    /// path (store, write-behind cache) applies, so they cannot disagree.
    public static func judge(_ record: OTPRecord?, submitted: UInt32, now: SimInstant, maxAttempts: Int) -> OTPConsumption {
        guard var r = record else { return .none }
        if r.consumed { return .alreadyUsed(r) }
        if now >= r.expiresAt { return .expired(r) }
        if Int(r.attempts) >= maxAttempts { return .attemptsExhausted(r) }
        r.version &+= 1
        if r.code != submitted {
            r.attempts &+= 1
            return .wrongCode(r)
        }
        r.consumed = true
        return .accepted(r)
    }
}
