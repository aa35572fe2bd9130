import StampedeAnalysis
@testable import StampedeReports
import Testing

/// The t distribution, confidence intervals and Welch's test against reference values
/// (computed with SciPy's `t.ppf`, `t.sf` and `ttest_ind(equal_var=False)`).
@Suite struct StatisticsTests {
    @Test(arguments: [(1.0, 12.70620474), (2, 4.30265273), (4, 2.77644511), (10, 2.22813885), (30, 2.04227246)])
    func quantileMatchesReference(df: Double, expected: Double) {
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: df) - expected) < 1e-6)
        #expect(abs(StudentT.quantile(0.025, degreesOfFreedom: df) + expected) < 1e-6)
    }

    @Test func twoSidedPMatchesReference() {
        #expect(abs(StudentT.twoSidedP(2.0, degreesOfFreedom: 10) - 0.07338803) < 1e-7)
        #expect(StudentT.twoSidedP(0, degreesOfFreedom: 5) == 1)
        #expect(abs(StudentT.cdf(0, degreesOfFreedom: 3) - 0.5) < 1e-12)
    }

    @Test func confidenceIntervalOfTheMean() {
        let s = SampleSummary([10.1, 10.4, 9.8, 10.0, 10.3])
        #expect(s.n == 5 && abs(s.mean - 10.12) < 1e-12)
        let sd = (0.228 / 4.0).squareRoot() // Σ(x - mean)² = 0.228
        #expect(abs((s.stddev ?? 0) - sd) < 1e-9)
        let half = 2.77644511 * sd / 5.0.squareRoot()
        #expect(abs((s.ci95High ?? 0) - (10.12 + half)) < 1e-6 && abs((s.ci95Low ?? 0) - (10.12 - half)) < 1e-6)
        let single = SampleSummary([4])
        #expect(single.mean == 4 && single.stddev == nil && single.ci95Low == nil)
    }

    @Test func welchMatchesReference() throws {
        let a = SampleSummary([10.1, 10.4, 9.8, 10.0, 10.3]), b = SampleSummary([10.9, 11.2, 10.7, 11.4, 10.8, 11.0])
        let test = try #require(WelchTest(a, b))
        #expect(abs(test.t - 5.836481485) < 1e-6)
        #expect(abs(test.degreesOfFreedom - 8.883023624) < 1e-6)
        #expect(abs(test.p - 0.000260719) < 1e-8)
        let close = try #require(WelchTest(SampleSummary([1, 2, 3]), SampleSummary([1.5, 2.5, 3.5])))
        #expect(abs(close.p - 0.5733922538) < 1e-8)
    }

    @Test func samplesWithoutSpreadDifferOnlyByTheirMeans() throws {
        #expect(try #require(WelchTest(SampleSummary([0, 0]), SampleSummary([0, 0]))).p == 1)
        #expect(try #require(WelchTest(SampleSummary([0, 0]), SampleSummary([1, 1]))).p == 0)
        #expect(WelchTest(SampleSummary([1]), SampleSummary([1, 2])) == nil, "one value has no variance to test")
    }
}
