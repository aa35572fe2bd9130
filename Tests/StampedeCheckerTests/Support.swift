import StampedeChecker
import StampedeKernel
import StampedeModel

/// Milliseconds since the start of the run.
func ms(_ v: Int64) -> SimInstant { SimInstant(nanoseconds: v * 1_000_000) }

/// A recognisable session or token id.
func token(_ n: UInt64) -> Token128 { Token128(high: 0xABCD_0000_0000_0000 | n, low: n) }

let alice = UserID(1)
let bob = UserID(2)
let read = Permission(index: 0)
let write = Permission(index: 1)
let admin = Permission(index: 2)

/// idle 10 s, absolute 60 s, no staleness, changer kept, everyone starts with {read, write}.
func testConfig(
    staleness: SimDuration = .zero, keepChangerSession: Bool = true, witnessLength: Int = 12,
    maxReported: Int = 100
) -> CheckerConfig {
    CheckerConfig(
        sessions: SessionPolicy(idleTimeout: .seconds(10), absoluteTimeout: .seconds(60), keepChangerSession: keepChangerSession),
        permissionStaleness: staleness,
        initialPermissions: PermissionSet.empty.adding(read).adding(write),
        permissionNames: ["read", "write", "admin"], witnessLength: witnessLength,
        maxReportedPerInvariant: maxReported, maxRequestDuration: .seconds(5)
    )
}

func issued(_ user: UserID, _ session: SessionID, at: Int64) -> HistoryEvent {
    .sessionIssued(user: user, session: session, at: ms(at))
}

func validate(_ user: UserID, _ session: SessionID, _ p: Permission?, _ start: Int64, _ end: Int64, allowed: Bool = true) -> HistoryEvent {
    .authorization(Authorization(
        user: user, session: session, permission: p, start: ms(start), end: ms(end),
        allowed: allowed, reason: allowed ? nil : .sessionRevoked
    ))
}

func logout(_ user: UserID, _ session: SessionID, _ start: Int64, _ end: Int64) -> HistoryEvent {
    .logout(user: user, session: session, start: ms(start), end: ms(end))
}

func passwordChange(_ user: UserID, kept: SessionID?, _ start: Int64, _ end: Int64) -> HistoryEvent {
    .passwordChanged(user: user, kept: kept, start: ms(start), end: ms(end))
}

func permissions(_ user: UserID, _ set: [Permission], _ start: Int64, _ end: Int64) -> HistoryEvent {
    .permissionsChanged(
        user: user, permissions: set.reduce(PermissionSet.empty) { $0.adding($1) }, start: ms(start), end: ms(end)
    )
}

func redeemed(_ user: UserID, _ session: SessionID, _ t: RefreshTokenID, _ start: Int64, _ end: Int64) -> HistoryEvent {
    .refreshRedeemed(user: user, session: session, token: t, start: ms(start), end: ms(end))
}

/// When the system emitted `event`.
func completion(_ event: HistoryEvent) -> SimInstant {
    event.completedAt
}

/// Checks `events` after putting them in completion order (stable for ties).
func run(_ events: [HistoryEvent], _ config: CheckerConfig = testConfig()) -> Checker {
    let ordered = events.enumerated()
        .sorted { (completion($0.element), $0.offset) < (completion($1.element), $1.offset) }
        .map(\.element)
    return check(history: ordered, config: config)
}

extension Checker {
    /// The count for one invariant.
    func count(_ invariant: Invariant) -> Int {
        counts().first { $0.0 == invariant }?.1 ?? 0
    }
}
