import StampedeKernel
import StampedeModel

/// A streaming checker of the security invariants (see `Invariant`) over a history.
///
/// Feed it every `HistoryEvent` in completion order (the order the system emits them);
/// it judges each request by its start against security events by their completion.
/// Memory grows with live sessions and users, not with requests: a session is forgotten
/// `absoluteTimeout + maxRequestDuration` after its issue, after which any request it
/// authorizes is reported as `unknownSession`.
///
/// A suspected idle-timeout or permission violation is held for `maxRequestDuration`,
/// since a request still in flight (an earlier allowed request, a permission grant that
/// had already started) may excuse it. Counts and reports include suspects still held: at
/// the end of the stream they are final; read mid-stream, a count may still go down.
/// The idle clock of a session restarts at the latest start among its allowed requests
/// seen so far.
///
/// Not thread-safe: feed it from one thread, or behind a lock.
public final class Checker {
    /// The policy the history is judged against.
    public let config: CheckerConfig

    /// In issue order, so the oldest is the next to forget.
    var sessions = TokenTable<SessionState>()
    var users: [UserID: UserState] = [:]
    /// Suspected violations in detection order; their `confirmAt` is nondecreasing.
    var suspects = SequencedQueue<Suspect>()
    var liveSuspects = 0
    /// The latest completion time seen.
    var now = SimInstant(nanoseconds: .min)
    var confirmedCounts = [Int](repeating: 0, count: Invariant.allCases.count)
    /// Per invariant (`Invariant.ordinal`), the first confirmed violations with their witnesses.
    var confirmedReports = [[Violation]](repeating: [], count: Invariant.allCases.count)
    /// Writes, stale reads and crashes of cached data.
    var data: DataTracker
    /// The latest one-time passcodes of each user.
    var otpCodes: [UserID: [OTPCode]] = [:]
    /// The last few password changes of each user who changed one.
    var passwordChanges: [UserID: [PasswordChangeRecord]] = [:]
    /// Failed password checks that may still count together, per account.
    var failedChecks: [UserID: FailedChecks] = [:]
    /// Accounts in `failedChecks` by when they were last looked at, for forgetting them.
    var failedCheckOrder = SequencedQueue<(at: SimInstant, user: UserID)>()
    /// The latest service restart: checks that started before it are not counted.
    var restartedAt = SimInstant(nanoseconds: .min)

    /// Creates a checker with no history.
    public init(config: CheckerConfig) {
        self.config = config
        data = DataTracker(denseUsers: config.users)
    }

    /// Judges one event; events must arrive in nondecreasing completion time.
    public func observe(_ event: HistoryEvent) {
        switch event {
        case let .sessionIssued(user, session, at):
            advance(to: at)
            issue(user: user, session: session, at: at)
        case let .authorization(a):
            advance(to: a.end)
            authorize(a)
        case let .refreshRedeemed(user, session, token, start, end):
            advance(to: end)
            redeem(user: user, session: session, token: token, start: start, end: end)
        case let .logout(user, session, start, end):
            advance(to: end)
            logout(user: user, session: session, start: start, end: end)
        case let .passwordChanged(user, kept, start, end, password):
            advance(to: end)
            changePassword(user: user, kept: kept, start: start, end: end)
            if let password { passwordChanged(user: user, replacement: password, start: start, end: end) }
        case let .permissionsChanged(user, permissions, start, end):
            advance(to: end)
            changePermissions(user: user, set: permissions, start: start, end: end)
        case let .dataRead(r):
            advance(to: r.end)
            dataRead(r)
        case let .dataWrite(w):
            advance(to: w.end)
            dataWrite(w)
        case let .otpIssued(user, serial, expiresAt, at):
            advance(to: at)
            otpIssued(user: user, serial: serial, expiresAt: expiresAt, at: at)
        case let .otpVerified(v):
            advance(to: v.end)
            otpVerified(v)
        case let .cacheCrashed(at):
            advance(to: at)
            data.lastCrash = at
        case let .cacheRecovered(at):
            advance(to: at)
        case let .passwordChecked(c):
            advance(to: c.end)
            passwordChecked(c)
        case let .serviceRestarted(at):
            advance(to: at)
            serviceRestarted(at: at)
        }
    }

    /// All violations found so far, including suspects still held.
    public var violationCount: Int {
        confirmedCounts.reduce(0, +) + liveSuspects
    }

    /// The number of violations of every invariant, in declaration order, zeros included.
    public func counts() -> [(Invariant, Int)] {
        var counts = confirmedCounts
        for suspect in suspects.live where !suspect.cancelled {
            counts[suspect.detection.finding.invariant.ordinal] += 1
        }
        return Array(zip(Invariant.allCases, counts))
    }

    /// Of each invariant, in declaration order, the first `maxReportedPerInvariant`
    /// violations with message and witness: confirmed ones in confirmation order, then
    /// suspects still held in detection order. A flood of one kind never hides another.
    public var reported: [Violation] {
        var out = confirmedReports
        for suspect in suspects.live where !suspect.cancelled {
            let k = suspect.detection.finding.invariant.ordinal
            guard out[k].count < config.maxReportedPerInvariant else { continue }
            out[k].append(suspect.detection.violation(config))
        }
        return out.flatMap { $0 }
    }

    /// How many sessions the checker currently remembers (for memory tests).
    public var liveSessionsTracked: Int { sessions.count }

    /// How many users the checker currently remembers (for memory tests).
    package var usersTracked: Int { users.count }

    /// How many accounts' failed password checks the checker currently remembers (for memory tests).
    public var lockoutAccountsTracked: Int { failedChecks.count }

    // MARK: Time

    /// Moves the clock to `t`, forgetting expired sessions and confirming due suspects.
    func advance(to t: SimInstant) {
        guard t > now else { return }
        now = t
        let keep = config.sessions.absoluteTimeout + config.maxRequestDuration
        while let head = sessions.first, head.issuedAt + keep < now {
            let ordinal = sessions.firstOrdinal
            sessions.removeFirst()
            forget(ordinal, of: head.user)
        }
        while let head = suspects.first, head.confirmAt < now {
            let sequence = suspects.firstSequence
            let suspect = suspects.removeFirst()
            if !suspect.cancelled { confirm(suspect, sequence: sequence) }
        }
        forgetFailedChecks()
    }

    func forget(_ session: Int, of id: UserID) {
        guard var user = users.removeValue(forKey: id) else { return }
        if let i = user.sessions.firstIndex(of: session) { user.sessions.remove(at: i) }
        if user.sessions.isEmpty { user.ring = WitnessRing() }
        if !user.isIdle { users[id] = user }
    }

    // MARK: Findings

    /// Counts a certain violation now.
    func report(_ detection: Detection) {
        let k = detection.finding.invariant.ordinal
        confirmedCounts[k] += 1
        if confirmedReports[k].count < config.maxReportedPerInvariant {
            confirmedReports[k].append(detection.violation(config))
        }
    }

    /// Holds a violation that a request still in flight could excuse; returns its sequence number.
    func suspect(_ detection: Detection) -> Int {
        liveSuspects += 1
        return suspects.append(Suspect(detection: detection, confirmAt: detection.end + config.maxRequestDuration))
    }

    func confirm(_ suspect: Suspect, sequence: Int) {
        liveSuspects -= 1
        let d = suspect.detection
        switch d.finding {
        case .idleTimeout:
            if let i = sessions.ordinal(of: d.session) {
                sessions[i].removePendingIdle { $0 == sequence }
            }
        default:
            if var user = users.removeValue(forKey: d.user) {
                user.pendingPermission.removeAll { $0 == sequence }
                if !user.isIdle { users[d.user] = user }
            }
        }
        report(d)
    }

    func cancel(_ sequence: Int) {
        suspects[sequence].cancelled = true
        liveSuspects -= 1
    }

    /// A witness that keeps the cause: the events that made the request illegal (the
    /// session's issue, the logout, change, redemption, acceptance or deadline), the last
    /// `witnessContext` events of the user before the request, and the request itself, in
    /// completion order; nil once no more reports of `invariant` are kept.
    func causalWitness(of user: UserID, for invariant: Invariant, causes: some Collection<WitnessRecord>,
                       violating record: WitnessRecord, context: Int? = nil) -> [WitnessRecord]? {
        guard confirmedReports[invariant.ordinal].count < config.maxReportedPerInvariant else { return nil }
        var out = Array(causes)
        let context = context ?? config.witnessContext
        if context > 0, let ring = users[user]?.ring.ordered {
            let before = ring.filter { !($0.kind == record.kind && $0.start == record.start && $0.end == record.end) }
            for r in before.suffix(context) where !out.contains(where: { $0.same(as: r) }) { out.append(r) }
        }
        out.sort { ($0.end, $0.start) < ($1.end, $1.start) }
        out.append(record)
        return out
    }

    func appendWitness(_ record: WitnessRecord, user: UserID) {
        guard let i = users.index(forKey: user) else { return }
        users.values[i].ring.append(record, capacity: config.witnessLength)
    }
}

/// A detection held until no request in flight can excuse it.
struct Suspect {
    var detection: Detection
    var confirmAt: SimInstant
    var cancelled = false
}

extension Invariant {
    /// Position in `allCases`.
    var ordinal: Int {
        switch self {
        case .afterLogout: return 0
        case .afterPasswordChange: return 1
        case .revokedPermission: return 2
        case .idleTimeout: return 3
        case .absoluteTimeout: return 4
        case .refreshReuse: return 5
        case .unknownSession: return 6
        case .otpAcceptedTwice: return 7
        case .otpAfterExpiry: return 8
        case .resurrected: return 9
        case .loginWithReplacedPassword: return 10
        case .lockoutExceeded: return 11
        }
    }
}

/// Re-checks a complete history, e.g. one saved by an earlier run.
///
/// The events must be in completion order, as the system emitted them.
public func check(history: some Sequence<HistoryEvent>, config: CheckerConfig) -> Checker {
    let checker = Checker(config: config)
    for event in history { checker.observe(event) }
    return checker
}
