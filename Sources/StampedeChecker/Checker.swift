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

    var sessions: [SessionID: SessionState] = [:]
    var users: [UserID: UserState] = [:]
    /// Sessions in issue order, for pruning.
    var issueOrder = SequencedQueue<(issuedAt: SimInstant, session: SessionID)>()
    /// Suspected violations in detection order; their `confirmAt` is nondecreasing.
    var suspects = SequencedQueue<Suspect>()
    var liveSuspects = 0
    /// The latest completion time seen.
    var now = SimInstant(nanoseconds: .min)
    var confirmedCounts = [Int](repeating: 0, count: Invariant.allCases.count)
    var confirmedReports: [Violation] = []
    /// Writes, stale reads and crashes of cached data.
    var data = DataTracker()
    /// The latest one-time passcodes of each user.
    var otpCodes: [UserID: [OTPCode]] = [:]

    /// Creates a checker with no history.
    public init(config: CheckerConfig) {
        self.config = config
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
        case let .passwordChanged(user, kept, start, end):
            advance(to: end)
            changePassword(user: user, kept: kept, start: start, end: end)
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

    /// The first `maxReportedViolations` violations with message and witness, confirmed
    /// ones in confirmation order, then suspects still held in detection order.
    public var reported: [Violation] {
        var out = confirmedReports
        for suspect in suspects.live where !suspect.cancelled {
            guard out.count < config.maxReportedViolations else { break }
            out.append(suspect.detection.violation(config))
        }
        return out
    }

    /// How many sessions the checker currently remembers (for memory tests).
    public var liveSessionsTracked: Int { sessions.count }

    /// How many users the checker currently remembers (for memory tests).
    package var usersTracked: Int { users.count }

    // MARK: Time

    /// Moves the clock to `t`, forgetting expired sessions and confirming due suspects.
    func advance(to t: SimInstant) {
        guard t > now else { return }
        now = t
        let keep = config.sessions.absoluteTimeout + config.maxRequestDuration
        while let head = issueOrder.first, head.issuedAt + keep < now {
            _ = issueOrder.removeFirst()
            forget(head.session)
        }
        while let head = suspects.first, head.confirmAt < now {
            let sequence = suspects.firstSequence
            let suspect = suspects.removeFirst()
            if !suspect.cancelled { confirm(suspect, sequence: sequence) }
        }
    }

    func forget(_ session: SessionID) {
        guard let state = sessions.removeValue(forKey: session) else { return }
        guard var user = users.removeValue(forKey: state.user) else { return }
        if let i = user.sessions.firstIndex(of: session) { user.sessions.remove(at: i) }
        if user.sessions.isEmpty { user.ring = WitnessRing() }
        if !user.isIdle { users[state.user] = user }
    }

    // MARK: Findings

    /// Counts a certain violation now.
    func report(_ detection: Detection) {
        confirmedCounts[detection.finding.invariant.ordinal] += 1
        if confirmedReports.count < config.maxReportedViolations {
            confirmedReports.append(detection.violation(config))
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
            if let i = sessions.index(forKey: d.session) {
                sessions.values[i].pendingIdle.removeAll { $0 == sequence }
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

    /// The user's timeline for a new detection, or nil once no more reports are kept.
    func witness(of user: UserID, fallback: WitnessRecord) -> [WitnessRecord]? {
        guard confirmedReports.count < config.maxReportedViolations else { return nil }
        return users[user]?.ring.ordered ?? [fallback]
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
