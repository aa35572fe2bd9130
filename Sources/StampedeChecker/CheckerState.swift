import Collections
import StampedeKernel
import StampedeModel

/// A redeemed refresh token, with its redemption's start and completion.
struct Redemption {
    var token: RefreshTokenID
    var start: SimInstant
    var end: SimInstant
}

/// What the checker remembers about one session until it is pruned: 96 bytes.
///
/// It is kept for the whole absolute timeout (hundreds of thousands at once), so what most
/// sessions have (a logout, one redeemed refresh token) is inline, and what few have (a
/// password change, more redemptions, idle suspects) is in a box only they allocate.
struct SessionState: TokenKeyed {
    let id: SessionID
    var user: UserID
    private var hasLogout = false
    private var hasRedemption = false
    var issuedAt: SimInstant
    /// Latest start of an allowed authorization, or the issue time.
    var lastActivity: SimInstant
    private var logoutEndStorage = SimInstant.zero
    /// Start of the first logout.
    private(set) var logoutStart = SimInstant.zero
    private var firstRedemption = Redemption(token: Token128(high: 0, low: 0), start: .zero, end: .zero)
    private var rare: RareSessionState?

    /// The rarely used part of a session's state.
    final class RareSessionState {
        var passwordChange: (start: SimInstant, end: SimInstant)?
        /// Redemptions after the first, in order.
        var laterRedemptions: [Redemption] = []
        var pendingIdle: [Int] = []
    }

    init(id: SessionID, user: UserID, issuedAt: SimInstant) {
        self.id = id; self.user = user; self.issuedAt = issuedAt; self.lastActivity = issuedAt
    }

    var key: Token128 { id }

    /// Completion of the first logout.
    var logoutEnd: SimInstant? { hasLogout ? logoutEndStorage : nil }

    mutating func loggedOut(start: SimInstant, end: SimInstant) {
        hasLogout = true; logoutStart = start; logoutEndStorage = end
    }

    private mutating func rareState() -> RareSessionState {
        if let rare { return rare }
        let box = RareSessionState()
        rare = box
        return box
    }

    /// The first password change that revoked this session (started, completed).
    var passwordChange: (start: SimInstant, end: SimInstant)? {
        get { rare?.passwordChange }
        set { rareState().passwordChange = newValue }
    }

    /// The redemption of `token`, if it was redeemed.
    func redemption(of token: RefreshTokenID) -> Redemption? {
        guard hasRedemption else { return nil }
        if firstRedemption.token == token { return firstRedemption }
        return rare?.laterRedemptions.first { $0.token == token }
    }

    mutating func redeemed(_ r: Redemption) {
        if hasRedemption { rareState().laterRedemptions.append(r) } else { hasRedemption = true; firstRedemption = r }
    }

    /// Sequence numbers of idle-timeout suspects on this session awaiting confirmation.
    var pendingIdle: [Int] { rare?.pendingIdle ?? [] }

    mutating func addPendingIdle(_ sequence: Int) { rareState().pendingIdle.append(sequence) }

    /// Removes the pending idle suspects `shouldRemove` says to.
    func removePendingIdle(where shouldRemove: (Int) -> Bool) {
        guard let rare, !rare.pendingIdle.isEmpty else { return }
        rare.pendingIdle.removeAll(where: shouldRemove)
    }
}

/// What the checker remembers about one user: live sessions, recent timeline, permissions.
struct UserState {
    /// Ordinals in `Checker.sessions` of the sessions not yet pruned, in issue order.
    var sessions: [Int] = []
    var ring = WitnessRing()
    var permissions: PermissionTimeline?
    /// Sequence numbers of permission suspects for this user awaiting confirmation.
    var pendingPermission: [Int] = []

    /// Whether nothing but the witness ring would be lost by dropping this user.
    var isIdle: Bool { sessions.isEmpty && permissions == nil && pendingPermission.isEmpty }
}

/// One completed permission change.
struct PermissionChange {
    var start: SimInstant
    var end: SimInstant
    /// `end` plus the staleness bound: from here on only `set` may be honoured.
    var binding: SimInstant
    var set: PermissionSet
}

/// A user's permission changes, oldest dropped once no request in flight can predate them.
struct PermissionTimeline {
    /// What held before `changes[0]` became binding, and the completion of the change that set it.
    var floor: PermissionSet
    var floorEnd: SimInstant?
    /// In completion order, so `binding` is nondecreasing.
    var changes: [PermissionChange] = []

    init(initial: PermissionSet) { floor = initial }

    mutating func append(_ change: PermissionChange, horizon: SimInstant) {
        changes.append(change)
        // Every request still to come starts after `horizon`, so a change that became
        // binding before it supersedes all earlier ones.
        var drop = 0
        while drop + 1 < changes.count, changes[drop + 1].binding < horizon { drop += 1 }
        if drop > 0 {
            floor = changes[drop - 1].set
            floorEnd = changes[drop - 1].end
            changes.removeFirst(drop)
        }
    }

    /// The set binding on a request that started at `t`, and the end of the change that set it.
    func binding(at t: SimInstant) -> (set: PermissionSet, end: SimInstant?) {
        for change in changes.reversed() where change.binding < t { return (change.set, change.end) }
        return (floor, floorEnd)
    }

    /// Whether `p` may be honoured for a request over [start, end]: it is in the binding set,
    /// or in a change that had started before the request ended but was not yet binding.
    func allows(_ p: Permission, start: SimInstant, end: SimInstant) -> Bool {
        if binding(at: start).set.contains(p) { return true }
        for change in changes where change.binding >= start && change.start < end && change.set.contains(p) {
            return true
        }
        return false
    }
}

/// A first-in first-out queue addressed by ever-increasing sequence numbers.
///
/// A ring buffer: its capacity stays within twice the most it ever held, where an array
/// compacted from the front keeps up to four times that (the queues of issued sessions and
/// of data writes hold hundreds of thousands of entries at a million users).
struct SequencedQueue<Element> {
    private var items = Deque<Element>()
    /// Sequence number of `items.first`.
    private var base = 0

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    /// Sequence number the next appended element gets.
    var nextSequence: Int { base + items.count }
    var firstSequence: Int { base }

    var first: Element? { items.first }

    @discardableResult
    mutating func append(_ e: Element) -> Int {
        items.append(e)
        return base + items.count - 1
    }

    subscript(sequence: Int) -> Element {
        get { items[sequence - base] }
        set { items[sequence - base] = newValue }
    }

    /// The elements still queued, oldest first.
    var live: Deque<Element> { items }

    mutating func removeFirst() -> Element {
        base += 1
        return items.removeFirst()
    }
}
