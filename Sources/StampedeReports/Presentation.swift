import Foundation
import StampedeResult

/// How the writers name, order and word the parts of a result, so every format agrees.
enum Presentation {
    /// The operations among `kinds`, in the order a journey meets them (`OperationKind`'s).
    static func orderedOperations(_ kinds: some Sequence<OperationKind>) -> [OperationKind] {
        let present = Set(kinds)
        return OperationKind.allCases.filter { present.contains($0) }
    }

    /// Operation names in `OperationKind`'s order, then any others sorted.
    static func orderedOperationNames(_ names: some Sequence<String>) -> [String] {
        let present = Set(names)
        let known = OperationKind.allCases.map(\.name).filter { present.contains($0) }
        return known + present.subtracting(known).sorted()
    }

    /// A one-sentence reading of the verdict for people who do not know the codes.
    static func verdictSentence(_ r: RunResult) -> String {
        let failed = r.slos.filter { !$0.passed }.count
        switch r.verdict {
        case .pass:
            return "All \(r.slos.count) SLOs met and no invariant violated."
        case .sloFailed:
            return "\(failed) of \(r.slos.count) SLOs failed; no invariant violated."
        case .regressed:
            let n = r.baseline?.regressions ?? 0
            return "\(n) metric\(n == 1 ? "" : "s") regressed against the baseline; all \(r.slos.count) SLOs met "
                + "and no invariant violated."
        case .violated:
            let noun = r.violations.count == 1 ? "violation" : "violations"
            return "\(Format.thousands(r.violations.count)) correctness \(noun); \(failed) of \(r.slos.count) SLOs failed."
        }
    }

    /// A CSS class for the verdict colour.
    static func verdictClass(_ verdict: Verdict) -> String {
        switch verdict {
        case .pass: return "pass"
        case .sloFailed, .regressed: return "slo-failed"
        case .violated: return "violated"
        }
    }

    /// The invariants checked with their counts, sorted by name.
    static func invariants(_ v: Violations) -> [(invariant: InvariantKind, count: Int)] {
        v.byInvariant.keys.sorted { $0.rawValue < $1.rawValue }.map { ($0, v.byInvariant[$0] ?? 0) }
    }

    /// The first recorded violation of an invariant, if any was kept.
    static func firstViolation(of invariant: InvariantKind, in v: Violations) -> ViolationItem? {
        v.items.first { $0.invariant == invariant }
    }
}

/// The columns every writer shows for one SLO.
struct SLORow {
    let expression: String
    let measured: String
    let threshold: String
    let margin: String
    let passed: Bool

    init(_ slo: SLOResult) {
        expression = slo.expression
        measured = SLORow.value(slo.value, unit: slo.unit)
        threshold = slo.comparator.rawValue + " " + SLORow.value(slo.threshold, unit: slo.unit)
        margin = SLORow.margin(slo)
        passed = slo.passed
    }

    /// A measured value or threshold in its unit: `312.4ms`, `0.21%`, `3`.
    static func value(_ value: Double, unit: MetricUnit) -> String {
        switch unit {
        case .ms: return Format.precise(value) + "ms"
        case .ratio: return trimZeros(Format.percent(value))
        case .count: return Format.number(value)
        }
    }

    /// `1.00%` → `1%`, `12.50%` → `12.5%`: thresholds read as they were written.
    private static func trimZeros(_ percent: String) -> String {
        guard percent.contains(".") else { return percent }
        var text = String(percent.dropLast())
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "%"
    }

    /// The headroom left before the SLO fails, signed: positive inside the budget.
    ///
    /// Latencies also show the headroom relative to the threshold; ratios show percentage
    /// points, which cannot be confused with a relative change.
    static func margin(_ slo: SLOResult) -> String {
        let headroom: Double
        switch slo.comparator {
        case .lessThan, .lessOrEqual: headroom = slo.threshold - slo.value
        case .greaterThan, .greaterOrEqual: headroom = slo.value - slo.threshold
        case .equal:
            let off = abs(slo.value - slo.threshold)
            return off == 0 ? "exact" : "off by " + value(off, unit: slo.unit)
        }
        let sign = headroom > 0 ? "+" : headroom < 0 ? "-" : ""
        let size = abs(headroom)
        switch slo.unit {
        case .ms:
            let relative = slo.threshold != 0 ? " (" + sign + Format.fixed(size / abs(slo.threshold) * 100, 0) + "%)" : ""
            return sign + Format.precise(size) + "ms" + relative
        case .ratio:
            return sign + trimZeros(Format.significant(size * 100) + "%").dropLast() + " pp"
        case .count:
            return sign + value(size, unit: slo.unit)
        }
    }
}
