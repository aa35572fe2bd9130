import Foundation
import StampedeAnalysis
@testable import StampedeReports
import StampedeResult
import Testing

/// Comparison of runs: metrics, verdicts, significance, and byte-stable output.
@Suite struct ComparisonTests {
    /// The fixture with login p99 (an SLO metric, `< 250ms`) and the seed changed.
    static func run(seed: UInt64 = 42, loginP99: Double, overrides: [String] = []) -> RunResult {
        var r = Fixture.result()
        r.seed = seed
        r.operations[.login]?.latencyMs.p99 = loginP99
        r.scenario.overrides = overrides
        return r
    }

    static func cell(_ c: Comparison, _ metric: String, run: Int) throws -> MetricCell {
        try #require(c.metrics.first { $0.metric == metric }).cells[run]
    }

    @Test func sloMetricsComeFirstThenTheKeyMetrics() {
        let c = Comparison([ComparisonGroup(name: "a", results: [Self.run(loginP99: 300)])])
        let names = c.metrics.map(\.metric)
        #expect(Array(names.prefix(4)) == ["login.p99", "validate.p99", "store.query.p99", "errors.rate"])
        #expect(names.contains("login.p50") && names.contains("cache.hit_ratio") && names.contains("violations"))
        #expect(Set(names).count == names.count, "each metric once")
        #expect(c.metrics[0].slo == "login.p99 < 250ms" && c.metrics[0].better == .lower)
        #expect(c.metrics.first { $0.metric == "cache.hit_ratio" }?.better == .higher)
    }

    @Test func singleRunsAreJudgedByTheTolerance() throws {
        let c = Comparison([ComparisonGroup(name: "base", results: [Self.run(loginP99: 300)]),
                            ComparisonGroup(name: "slower", results: [Self.run(loginP99: 390)]),
                            ComparisonGroup(name: "noise", results: [Self.run(loginP99: 310)]),
                            ComparisonGroup(name: "faster", results: [Self.run(loginP99: 200)])])
        #expect(try Self.cell(c, "login.p99", run: 0).verdict == "baseline")
        let slower = try Self.cell(c, "login.p99", run: 1)
        #expect(slower.verdict == "worse" && slower.difference == 90 && slower.relative == 0.3 && slower.pValue == nil)
        #expect(try Self.cell(c, "login.p99", run: 2).verdict == "same", "3% is within the 5% tolerance")
        #expect(try Self.cell(c, "login.p99", run: 3).verdict == "better")
        #expect(try Self.cell(c, "validate.p99", run: 1).verdict == "same" && Self.cell(c, "validate.p99", run: 1).difference == 0)
        #expect(ComparisonFormat.methodSentence(c).contains("within 5%"))
    }

    @Test func severalSeedsAreJudgedByWelchsTest() throws {
        let base = ComparisonGroup(name: "base", results: [300, 310, 305].enumerated().map { Self.run(seed: UInt64($0) + 1, loginP99: $1) })
        let apart = ComparisonGroup(name: "apart", results: [360, 365, 358].enumerated().map { Self.run(seed: UInt64($0) + 1, loginP99: $1) })
        let overlapping = ComparisonGroup(name: "overlap", results: [290, 330, 300].enumerated().map { Self.run(seed: UInt64($0) + 1, loginP99: $1) })
        let c = Comparison([base, apart, overlapping])
        let worse = try Self.cell(c, "login.p99", run: 1)
        #expect(worse.verdict == "worse" && worse.significant == true && (worse.pValue ?? 1) < 0.05)
        #expect(worse.summary.n == 3 && worse.summary.ci95Low != nil && worse.values == [360, 365, 358])
        let same = try Self.cell(c, "login.p99", run: 2)
        #expect(same.verdict == "same" && same.significant == false && (same.pValue ?? 0) > 0.05)
        #expect(try Self.cell(c, "login.p99", run: 0).sloPassed == 0, "no seed met login.p99 < 250ms")
        #expect(c.runs[1].seeds == [1, 2, 3] && c.runs[1].exitCode == 3)
        #expect(ComparisonFormat.methodSentence(c).contains("Welch"))
    }

    @Test func outputIsByteStable() throws {
        func groups(_ capacity: Int) -> [ComparisonGroup] {
            var b = Fixture.result(operationsCapacity: capacity)
            b.operations[.login]?.latencyMs.p99 = 280
            return [ComparisonGroup(name: "a", results: [Fixture.result(operationsCapacity: capacity)]),
                    ComparisonGroup(name: "b", results: [b])]
        }
        let a = Comparison(groups(0)), b = Comparison(groups(1_000))
        #expect(try ComparisonJSON.encode(a) == ComparisonJSON.encode(b))
        #expect(ComparisonMarkdown.render(a) == ComparisonMarkdown.render(b))
        #expect(ComparisonHTML.render(a, groups: groups(0)) == ComparisonHTML.render(b, groups: groups(1_000)))
        let json = String(decoding: try ComparisonJSON.encode(a), as: UTF8.self)
        #expect(!json.contains("wall") && !json.contains("started_at"), "nothing from meta")
    }

    @Test func pageHasItsSectionsChartsAndNoExternalReferences() throws {
        let groups = [ComparisonGroup(name: "cache-aside", results: [Self.run(loginP99: 300)]),
                      ComparisonGroup(name: "write-through", results: [Self.run(loginP99: 420)])]
        let html = ComparisonHTML.render(Comparison(groups), groups: groups)
        for id in ["overview", "runs", "metrics", "charts", "correctness"] { #expect(html.contains("id=\"\(id)\"")) }
        #expect(html.components(separatedBy: "<svg class=\"chart\"").count - 1 == 2, "login and validate p99")
        #expect(html.contains("login p99 by run") && html.contains("validate p99 by run"))
        #expect(html.contains("<span class=\"badge bad\">worse</span>"))
        for pattern in ["<script", "<link", "src=", "@import", "url("] { #expect(!html.contains(pattern)) }
        let md = ComparisonMarkdown.render(Comparison(groups))
        #expect(md.contains("| `login.p99` (SLO `login.p99 < 250ms`) | lower | 300ms | 420ms · Δ +120ms (+40.0%) **worse** |"))
        #expect(md.contains("### Worse than the baseline\n\n- write-through: `login.p99` +120ms (+40.0%)"))
    }

    @Test func worstExitCodeRanksViolationsOverFailures() {
        #expect(worstExitCode([0, 1, 0]) == 1)
        #expect(worstExitCode([1, 3, 0]) == 3)
        #expect(worstExitCode([]) == 0)
    }
}
