/// How an SLO compares a measured value with its threshold.
///
/// The raw value is how it is written in scenarios and stored in `result.json`.
public enum Comparator: String, Sendable, Hashable, Codable, CaseIterable {
    case lessThan = "<"
    case lessOrEqual = "<="
    case greaterThan = ">"
    case greaterOrEqual = ">="
    case equal = "=="

    /// Whether `value` compared with `threshold` holds.
    public func holds(_ value: Double, _ threshold: Double) -> Bool {
        switch self {
        case .lessThan: return value < threshold
        case .lessOrEqual: return value <= threshold
        case .greaterThan: return value > threshold
        case .greaterOrEqual: return value >= threshold
        case .equal: return value == threshold
        }
    }
}
