import StampedeResult
/// Where an SLO is judged, relative to a named fault, security event or traffic phase
/// (Chaos Toolkit's steady-state hypothesis, checked continuously).
public enum SLOScope: Sendable, Hashable, CustomStringConvertible {
    /// From the start of the run to the first start of `name`.
    case before(String)
    /// While `name` is active (every occurrence of a repeating fault).
    case during(String)
    /// From the last end of `name` to the end of the run.
    case after(String)

    /// The fault, event or phase it refers to.
    public var name: String {
        switch self {
        case .before(let n), .during(let n), .after(let n): return n
        }
    }

    /// `during(cache-outage)`: how the scope is written and how its metrics are labelled.
    public var description: String {
        switch self {
        case .before(let n): return "before(\(n))"
        case .during(let n): return "during(\(n))"
        case .after(let n): return "after(\(n))"
        }
    }
}
