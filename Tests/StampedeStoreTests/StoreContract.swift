import StampedeKernel
import StampedeModel
import StampedeStore
import Testing

/// The store contract, written once and run against every twin (`Twin`): what the service
/// relies on, concurrent races included. A difference between the model and a real store
/// shows up here as a failing case.
///
/// The tests are spread over `StoreContract+*.swift`; the suite shares one managed PostgreSQL
/// server, and every test gets a fresh, empty store.
@Suite(.managedPostgres) struct StoreContract {}

// MARK: - Fixtures

/// A user whose fields exercise the column mappings: a permission bit 63, a large instant.
func userRecord(_ i: Int, email: String? = nil, hash: String = "$pbkdf2-sha256$i=1000$c2FsdA$aGFzaA") -> UserRecord {
    UserRecord(id: UserID(i), email: email ?? "user\(i)@example.com", passwordHash: hash,
               permissions: PermissionSet(bits: 1 << 63 | 0b101), permissionVersion: 1,
               passwordChangedAt: SimInstant(nanoseconds: 1_234_567_890_123))
}

/// A token with both halves' top bits set, so a signed column must keep the bit pattern.
func token(_ n: UInt64) -> Token128 {
    Token128(high: 0x8000_0000_0000_0000 | n, low: UInt64.max - n)
}

func sessionRecord(_ n: UInt64, user: Int, at: SimInstant = .zero, refresh: UInt64? = nil) -> SessionRecord {
    SessionRecord(id: token(n), user: UserID(user), issuedAt: at, lastSeen: at, refreshToken: token(refresh ?? 1_000_000 + n))
}

func at(seconds: Double) -> SimInstant { .zero + .seconds(seconds) }

/// Counts of each kind of answer in `outcomes`.
struct Tally<Key: Hashable> {
    private(set) var counts: [Key: Int] = [:]
    init<S: Sequence>(_ outcomes: S, by key: (S.Element) -> Key) {
        for o in outcomes { counts[key(o), default: 0] += 1 }
    }
    subscript(_ k: Key) -> Int { counts[k] ?? 0 }
}

enum RedemptionKind: Hashable { case rotated, reused, revoked, unknown }

extension RefreshRedemption {
    var kind: RedemptionKind {
        switch self {
        case .rotated: return .rotated
        case .reused: return .reused
        case .revoked: return .revoked
        case .unknown: return .unknown
        }
    }

    var session: SessionRecord? {
        switch self {
        case .rotated(let s), .reused(let s), .revoked(let s): return s
        case .unknown: return nil
        }
    }
}

enum ConsumptionKind: Hashable { case accepted, wrongCode, expired, alreadyUsed, attemptsExhausted, none }

extension OTPConsumption {
    var kind: ConsumptionKind {
        switch self {
        case .accepted: return .accepted
        case .wrongCode: return .wrongCode
        case .expired: return .expired
        case .alreadyUsed: return .alreadyUsed
        case .attemptsExhausted: return .attemptsExhausted
        case .none: return .none
        }
    }
}
