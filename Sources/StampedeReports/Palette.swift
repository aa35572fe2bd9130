import StampedeResult

/// Colours of the report, chosen to stay apart for common colour-vision deficiencies
/// (Tableau 10, with red kept for errors and violations).
enum Palette {
    static let throughput = "#4e79a7"
    static let errors = "#d62728"
    static let hitRatio = "#59a14f"
    static let storeCalls = "#8c6bb1"
    static let fault = "#f2a900"
    static let security = "#6a3d9a"
    static let breaker = "#cf222e"
    static let alert = "#bc4c00"
    static let neutral = "#6b7280"

    private static let operations: [OperationKind: String] = [
        .register: "#b07aa1",
        .login: "#4e79a7",
        .validate: "#f28e2b",
        .refresh: "#59a14f",
        .logout: "#9c755f",
        .changePassword: "#e377c2",
        .changePermissions: "#17becf",
    ]
    private static let others = ["#76b7b2", "#bcbd22", "#7f7f7f", "#ff9da7", "#1f77b4", "#8c564b"]

    /// The colour of an operation: fixed for most, by position for the rest (and for a
    /// series that is not an operation, `nil`).
    static func operation(_ op: OperationKind?, index: Int) -> String {
        op.flatMap { operations[$0] } ?? others[index % others.count]
    }
}
