import Foundation
import StampedeResult

/// Runs to put side by side: one column per group, each group one or more seeds of the
/// same configuration.
public struct ComparisonGroup: Sendable {
    /// The column's name, e.g. `cache-aside` or `baseline`.
    public var name: String
    /// One result per seed, in any order (they are sorted by seed).
    public var results: [RunResult]

    public init(name: String, results: [RunResult]) {
        self.name = name
        self.results = results.sorted { $0.seed < $1.seed }
    }
}

/// Several runs side by side: every SLO metric and the key metrics per run, with mean, 95%
/// confidence interval and the difference from the first (baseline) run, and a verdict per
/// cell. The input of `compare.json`, `compare.md` and the comparison page.
///
/// Built only from the results (never from `meta`), so the same inputs give the same bytes.
public struct Comparison: Codable, Sendable {
    public var version: String
    public var method: ComparisonMethod
    public var runs: [ComparedRun]
    public var metrics: [MetricRow]

    /// Compares `groups`; the first is the baseline.
    ///
    /// - Parameter tolerance: the relative difference still called the same when a side has a
    ///   single run (with several seeds on both sides Welch's t-test decides instead).
    public init(_ groups: [ComparisonGroup], tolerance: Double = ComparisonMethod.defaultTolerance) {
        version = StampedeVersion.current
        let method = ComparisonMethod(tolerance: tolerance)
        self.method = method
        runs = groups.map(ComparedRun.init)
        let all = groups.flatMap(\.results)
        metrics = MetricCatalog.comparedMetrics(for: all).map { metric, slo in
            MetricRow(metric: metric, slo: slo, groups: groups, method: method)
        }
    }

    enum CodingKeys: String, CodingKey { case version, method, runs, metrics }
}

/// How differences are judged, written into `compare.json` so a reader knows.
public struct ComparisonMethod: Codable, Sendable {
    public static let defaultTolerance = 0.05
    /// `welch_t_test` with two or more seeds on both sides; `relative_tolerance` otherwise.
    public var significance: String = "welch_t_test"
    /// Significance level of the t-test.
    public var alpha: Double = 0.05
    /// Confidence level of the intervals.
    public var confidence: Double = 0.95
    /// Relative difference called the same when a side has only one run.
    public var tolerance: Double

    public init(tolerance: Double) { self.tolerance = tolerance }
}

/// One column: a configuration and its seeds.
public struct ComparedRun: Codable, Sendable {
    public var name: String
    public var scenario: String
    public var file: String
    public var sha256: String
    public var overrides: [String]
    public var seeds: [UInt64]
    /// Each seed's verdict, in seed order.
    public var verdicts: [Verdict]
    /// The worst exit code among the seeds (3 over 1 over 0).
    public var exitCode: Int
    /// Violations per seed, in seed order.
    public var violations: [Int]

    init(_ group: ComparisonGroup) {
        name = group.name
        let first = group.results.first
        scenario = first?.scenario.name ?? ""
        file = first?.scenario.file ?? ""
        sha256 = first?.scenario.sha256 ?? ""
        overrides = first?.scenario.overrides ?? []
        seeds = group.results.map(\.seed)
        verdicts = group.results.map(\.verdict)
        exitCode = worstExitCode(group.results.map(\.exitCode))
        violations = group.results.map(\.violations.count)
    }

    enum CodingKeys: String, CodingKey { case name, scenario, file, sha256, overrides, seeds, verdicts, exitCode = "exit_code", violations }
}

/// The most severe of several exit codes: 3 (violation) over 1 (SLO or regression) over 0.
public func worstExitCode(_ codes: [Int]) -> Int {
    codes.max { rank($0) < rank($1) } ?? 0
}

private func rank(_ code: Int) -> Int {
    switch code {
    case 0: return 0
    case 1: return 1
    case 3: return 2
    default: return 3
    }
}
