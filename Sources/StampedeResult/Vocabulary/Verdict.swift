/// What a run's result calls for, from best to worst.
///
/// The raw value is the name in `result.json`, `compare.json` and JUnit properties.
public enum Verdict: String, CaseIterable, Codable, Sendable, Hashable {
    /// Every SLO met and no invariant violated.
    case pass
    /// An SLO failed; no invariant violated.
    case sloFailed = "slo_failed"
    /// Worse than the baseline run beyond the threshold, otherwise passing (`run --baseline`).
    case regressed
    /// A correctness invariant was violated.
    case violated

    /// `PASS`, `SLO FAILED`, `REGRESSED`, `VIOLATED`: how every writer and the terminal say it.
    public var words: String {
        rawValue.replacingUnderscores(with: " ").uppercased()
    }

    /// The process exit code the verdict calls for (0, 1 or 3).
    public var exitCode: Int {
        switch self {
        case .pass: return 0
        case .sloFailed, .regressed: return 1
        case .violated: return 3
        }
    }
}

extension String {
    /// The string with every `_` replaced, without Foundation.
    func replacingUnderscores(with replacement: Character) -> String {
        String(map { $0 == "_" ? replacement : $0 })
    }
}
