import StampedeKernel
import StampedeModel

/// The policy a history is judged against: timeouts, staleness bound, permissions.
///
/// The values must match what the scenario configured for the system under test; the
/// checker has no other way to know them.
public struct CheckerConfig: Sendable {
    /// The system's session policy: a session must not authorize a request that starts
    /// longer than `idleTimeout` after its previous allowed request (or its issue), nor
    /// longer than `absoluteTimeout` after its issue; `keepChangerSession` says whether a
    /// password change keeps the session that made it (`kept` in the event).
    public var sessions: SessionPolicy
    /// How long after a permission change completes the old permissions may still be honoured
    /// (an access-token or cache TTL); zero means "immediately".
    public var permissionStaleness: SimDuration
    /// What every user holds from registration until their first permission change.
    public var initialPermissions: PermissionSet
    /// Names of the permissions by index, used in messages and witnesses.
    public var permissionNames: [String]
    /// How many of the user's latest events the checker keeps for witnesses.
    ///
    /// A witness shows the last `witnessContext` of them that are not the violating event
    /// itself, which is the latest, so `witnessContext + 2` keeps every event a witness can
    /// show even when one other event looks the same as the violating one (same kind, start
    /// and end). The ring is kept for every user with a live session; more is memory no
    /// witness reads.
    public var witnessLength: Int
    /// How many of the user's events just before the violating request a witness shows,
    /// besides the causal chain (the session's issue, the event that made it illegal).
    public var witnessContext = 4
    /// How many violations of each invariant keep their message and witness; all are counted.
    public var maxReportedPerInvariant: Int
    /// An upper bound on how long any request takes from start to completion.
    ///
    /// The checker keeps state this much longer than strictly needed (a session after its
    /// absolute deadline, an old permission set) so that a request still in flight is judged
    /// correctly, and waits this long before confirming a violation that an in-flight request
    /// could still excuse (idle timeout, permission). A request that takes longer may be
    /// misjudged; choose a bound above the system's own request timeout.
    public var maxRequestDuration: SimDuration
    /// Per data class (`DataClass.index`): how long after a write completes an older value
    /// may still be read before the read counts as stale.
    public var dataStaleness: [SimDuration] = Array(repeating: .zero, count: DataClass.allCases.count)
    /// How many users the run has (their indices are below it), or 0 if not known: the
    /// checker keeps per-user data items in arrays of this length rather than by key.
    public var users = 0
    /// How long the checker remembers an item's writes: longer than any cache TTL, or a stale
    /// value served late is not recognised.
    public var dataRetention: SimDuration = .minutes(60)
    /// The lockout the service enforces: at most `maxFailures` failed password checks per
    /// account reach the hasher in any `window` (nil: not judged).
    public var lockout: LockoutPolicy? = LockoutPolicy()
    /// Service instances, each with its own limiter: while the shared counter is down each
    /// lets `maxFailures` through, so the bound judged is `maxFailures × serviceInstances`.
    public var serviceInstances = 1

    /// Creates a policy; the session defaults are `SessionPolicy`'s.
    public init(
        sessions: SessionPolicy = SessionPolicy(),
        permissionStaleness: SimDuration = .zero,
        initialPermissions: PermissionSet = .empty,
        permissionNames: [String] = [],
        witnessLength: Int = 6,
        maxReportedPerInvariant: Int = 20,
        maxRequestDuration: SimDuration = .minutes(5)
    ) {
        self.sessions = sessions
        self.permissionStaleness = permissionStaleness
        self.initialPermissions = initialPermissions
        self.permissionNames = permissionNames
        self.witnessLength = max(0, witnessLength)
        self.maxReportedPerInvariant = max(0, maxReportedPerInvariant)
        self.maxRequestDuration = maxRequestDuration
    }

    /// The display name of permission `p`: its configured name, or `p<index>`.
    func name(of p: Permission) -> String {
        let i = Int(p.index)
        return i < permissionNames.count ? permissionNames[i] : "p\(i)"
    }

    /// `{read, write}` in index order.
    func describe(_ set: PermissionSet) -> String {
        var names: [String] = []
        for i in 0..<64 where set.bits & (1 << UInt64(i)) != 0 {
            names.append(name(of: Permission(index: i)))
        }
        return "{" + names.joined(separator: ", ") + "}"
    }
}

/// A security property the checker enforces; the names and their statements are the
/// result vocabulary's (`InvariantKind`).
public typealias Invariant = InvariantKind
