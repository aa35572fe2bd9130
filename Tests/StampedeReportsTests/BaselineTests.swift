import Foundation
import StampedeAnalysis
@testable import StampedeReports
import StampedeResult
import Testing

/// `run --baseline`: which changes regress, and how every writer shows them.
@Suite struct BaselineTests {
    static func passing(loginP99: Double = 200) -> RunResult {
        var r = Fixture.result()
        r.operations[.login]?.latencyMs.p99 = loginP99
        r.violations = Violations(count: 0, byInvariant: [.afterLogout: 0], items: [])
        r.slos = r.slos.map { var s = $0; s.passed = true; return s }
        r.verdict = .pass
        r.exitCode = 0
        return r
    }

    @Test func judgesTheWorseDirectionBeyondTheThreshold() {
        func judge(_ better: MetricDirection, _ base: Double, _ value: Double, unit: MetricUnit = .ms) -> Bool {
            BaselineCheck.judge("m", unit: unit, better: better, baseline: base, value: value, threshold: 0.1).regressed
        }
        #expect(judge(.lower, 100, 111) && !judge(.lower, 100, 110) && !judge(.lower, 100, 50))
        #expect(judge(.higher, 0.9, 0.8, unit: .ratio) && !judge(.higher, 0.9, 0.85, unit: .ratio))
        #expect(judge(.lower, 0, 1, unit: .count), "a first violation regresses")
        #expect(!judge(.lower, 0, 5), "a latency from 0 ms means the baseline never ran the operation")
        #expect(!judge(.neither, 100, 1_000))
        let check = BaselineCheck.judge("m", unit: .ms, better: .lower, baseline: 0, value: 3, threshold: 0.1)
        #expect(check.change == nil)
    }

    @Test func aRegressionFailsAPassingRunWithExitOne() throws {
        var r = Self.passing(loginP99: 300)
        r.compare(withBaseline: Self.passing(loginP99: 200), file: "base.json", threshold: 0.1)
        let b = try #require(r.baseline)
        #expect(r.verdict == .regressed && r.exitCode == 1)
        #expect(b.regressions == 1 && b.checks.first { $0.regressed }?.metric == "login.p99")
        #expect(b.checks.first?.metric == "login.p99", "SLO metrics first")
        #expect(b.checks.contains { $0.metric == "violations" } && b.checks.contains { $0.metric == "cache.hit_ratio" })
        var same = Self.passing()
        same.compare(withBaseline: Self.passing(), file: "base.json", threshold: 0.1)
        #expect(same.verdict == .pass && same.exitCode == 0 && same.baseline?.regressions == 0)
    }

    @Test func aViolatedRunKeepsExitThree() {
        var r = Fixture.result()
        r.compare(withBaseline: Self.passing(loginP99: 1), file: "base.json", threshold: 0.1)
        #expect(r.verdict == .violated && r.exitCode == 3 && (r.baseline?.regressions ?? 0) > 0)
    }

    @Test func everyWriterListsTheRegressions() throws {
        var r = Self.passing(loginP99: 300)
        r.compare(withBaseline: Self.passing(loginP99: 200), file: "base/result.json", threshold: 0.1)
        let junit = JUnitWriter.render(r)
        let checks = r.baseline?.checks.count ?? 0
        #expect(junit.components(separatedBy: "classname=\"regression\"").count - 1 == checks)
        #expect(junit.contains("<failure message=\"login.p99 regressed: 200ms -&gt; 300ms (+50.0%, limit +10%)\" type=\"regression\">"))
        let md = MarkdownSummary.render(r)
        #expect(md.contains("### Baseline") && md.contains("**1 regressed.**"))
        #expect(md.contains("| `login.p99` | 200ms | 300ms | +50.0% | **REGRESSED** |"))
        let html = HTMLReport.render(r)
        #expect(html.contains("id=\"baseline\"") && html.contains("<a href=\"#baseline\">"))
        #expect(html.contains("<span class=\"verdict-word\">REGRESSED</span>"))
        #expect(!HTMLReport.render(Self.passing()).contains("id=\"baseline\""), "no section without a baseline")
    }

    @Test func resultWithBaselineRoundTrips() throws {
        var r = Self.passing(loginP99: 300)
        r.compare(withBaseline: Self.passing(), file: "b.json", threshold: 0.25)
        let back = try ResultJSON.decode(from: ResultJSON.encode(r))
        #expect(back.baseline?.checks == r.baseline?.checks && back.baseline?.threshold == 0.25)
        #expect(try ResultJSON.encode(back) == ResultJSON.encode(r))
    }
}
