import Foundation
import StampedeAnalysis
import StampedeResult
import Testing

/// Predicted against measured (`stampede predict`): which metrics are judged, by what bound,
/// and how the table reads.
@Suite struct ModelAgreementTests {
    /// The fixture with login at `p50`/`p99` ms, `calls` store queries over its 60 s, and `hit` as the hit ratio.
    static func result(p50: Double, p99: Double, calls: Int, hit: Double) -> RunResult {
        var r = Fixture.result()
        r.operations = [.login: OperationStats(count: 100, errors: 0, denied: 0,
                                               latencyMs: LatencySummary(p50: p50, p90: p99, p99: p99, p999: p99, max: p99, mean: p50),
                                               percentiles: [])]
        let s = LatencySummary(p50: 1, p90: 1, p99: 1, p999: 1, max: 1, mean: 1)
        r.backends = [.storeQuery: BackendStats(count: calls, errors: 0, latencyMs: s, waitMs: s, serviceMs: s)]
        r.cache.hitRatio = hit
        return r
    }

    func row(_ a: ModelAgreement, _ metric: String) throws -> ModelAgreement.Row {
        try #require(a.rows.first { $0.metric == metric }, "no row \(metric) in \(a.rows.map(\.metric))")
    }

    @Test func p50IsHeldTo25PercentAndP99To50() throws {
        let predicted = Self.result(p50: 100, p99: 200, calls: 6_000, hit: 0.80)
        // 24% off at p50, 49% at p99: both agree.
        let close = ModelAgreement(predicted: predicted, measured: Self.result(p50: 124, p99: 298, calls: 6_000, hit: 0.80))
        #expect(try row(close, "login.p50").withinBound == true && row(close, "login.p99").withinBound == true)
        #expect(close.disagreements.isEmpty)
        // 26% off at p50 (too slow) and 51% at p99 (too fast): both disagree, and say by how much.
        let far = ModelAgreement(predicted: predicted, measured: Self.result(p50: 126, p99: 98, calls: 6_000, hit: 0.80))
        let p50 = try row(far, "login.p50"), p99 = try row(far, "login.p99")
        #expect(p50.withinBound == false && abs((p50.off ?? 0) - 0.26) < 1e-9)
        #expect(p99.withinBound == false && abs((p99.off ?? 0) + 0.51) < 1e-9)
        #expect(far.disagreements.map(\.metric) == ["login.p50", "login.p99"])
    }

    @Test func callRatesAreJudgedPerSecondAndTheHitRatioInPoints() throws {
        let predicted = Self.result(p50: 10, p99: 20, calls: 6_000, hit: 0.80)
        let measured = Self.result(p50: 10, p99: 20, calls: 9_000, hit: 0.74)
        let a = ModelAgreement(predicted: predicted, measured: measured)
        let calls = try row(a, "store.calls_per_second")
        #expect(calls.predicted == 100 && calls.measured == 150 && calls.withinBound == false, "6,000 and 9,000 calls over 60 s")
        let hit = try row(a, "cache.hit_ratio")
        #expect(abs((hit.off ?? 0) + 0.06) < 1e-9 && hit.withinBound == false, "6 points is past the 5-point bound")
        // Counts are shown, not judged.
        let violations = try row(a, "violations")
        #expect(violations.bound == nil && violations.withinBound == nil)
    }

    @Test func theTableNamesEachMetricWithItsVerdict() {
        let a = ModelAgreement(predicted: Self.result(p50: 100, p99: 200, calls: 6_000, hit: 0.8),
                               measured: Self.result(p50: 200, p99: 210, calls: 6_000, hit: 0.8))
        let md = a.markdown(title: "Predicted against measured")
        #expect(md.contains("| login.p50 | 100 ms | 200 ms | +100% | 25% | **no** |"), "\(md)")
        #expect(md.contains("| login.p99 | 200 ms | 210 ms | +5% | 50% | yes |"))
        #expect(md.contains("| cache.hit_ratio | 80.0% | 80.0% | +0.0 pts | 5 pts | yes |"))
    }
}
