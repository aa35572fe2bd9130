/// What a band or mark on the run's timeline stands for (`TimelineEvent.type`).
///
/// The raw value is the name in `result.json`; reports draw faults as shaded bands, security
/// events as dashed lines, and breaker and alert spells as strips.
public enum EventKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// A fault window of the plan.
    case fault
    /// A security event (password changes, revocations, ...).
    case security
    /// An error-budget burn-rate alert.
    case alert
    /// A spell during which a circuit breaker was not closed.
    case breaker
}
