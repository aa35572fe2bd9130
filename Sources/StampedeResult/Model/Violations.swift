/// What the checker found: how many violations, per invariant, and the first few with witnesses.
public struct Violations: Codable, Sendable {
    public var count: Int
    /// Count per invariant, for every invariant checked (zeros included).
    public var byInvariant: [InvariantKind: Int]
    /// The first violations found (capped), each with its witness.
    public var items: [ViolationItem]
    public init(count: Int, byInvariant: [InvariantKind: Int], items: [ViolationItem]) {
        self.count = count; self.byInvariant = byInvariant; self.items = items
    }
    enum CodingKeys: String, CodingKey { case count, byInvariant = "by_invariant", items }
}

/// One violation: the offending request, the event it should have respected, and the user's
/// timeline around it.
public struct ViolationItem: Codable, Sendable {
    public var invariant: InvariantKind
    public var user: Int
    public var session: String
    /// When the offending request started, seconds.
    public var atS: Double
    /// When the security event that should have prevented it completed, seconds.
    public var eventAtS: Double
    public var message: String
    public var witness: [WitnessEvent]
    public init(invariant: InvariantKind, user: Int, session: String, atS: Double, eventAtS: Double, message: String, witness: [WitnessEvent]) {
        self.invariant = invariant; self.user = user; self.session = session; self.atS = atS
        self.eventAtS = eventAtS; self.message = message; self.witness = witness
    }
    enum CodingKeys: String, CodingKey { case invariant, user, session, atS = "at_s", eventAtS = "event_at_s", message, witness }
}

/// One event of a violation's witness: the user's timeline around the offending request.
public struct WitnessEvent: Codable, Sendable {
    public var startS: Double
    public var endS: Double
    public var what: String
    public init(startS: Double, endS: Double, what: String) { self.startS = startS; self.endS = endS; self.what = what }
    enum CodingKeys: String, CodingKey { case startS = "start_s", endS = "end_s", what }
}
