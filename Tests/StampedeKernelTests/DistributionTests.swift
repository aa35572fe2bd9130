import Testing
@testable import StampedeKernel

private func quantile(_ d: Distribution, _ q: Double, n: Int = 100_000, seed: UInt64 = 1) -> Double {
    var rng = Xoshiro256(seed: seed)
    let xs = (0..<n).map { _ in d.sample(&rng).milliseconds }.sorted()
    return xs[Int(Double(n - 1) * q)]
}

@Test func lognormalHitsItsMedianAndP99() {
    let d = Distribution.lognormal(median: .milliseconds(3), p99: .milliseconds(30))
    #expect(abs(quantile(d, 0.5) - 3) < 0.1)
    #expect(abs(quantile(d, 0.99) - 30) < 2)
}

@Test func exponentialHasItsMean() {
    var rng = Xoshiro256(seed: 2)
    let d = Distribution.exponential(mean: .milliseconds(10))
    let mean = (0..<100_000).reduce(0.0) { acc, _ in acc + d.sample(&rng).milliseconds } / 100_000
    #expect(abs(mean - 10) < 0.2)
    #expect(d.mean == .milliseconds(10))
}

@Test func uniformAndConstantStayInRange() {
    var rng = Xoshiro256(seed: 3)
    let u = Distribution.uniform(low: .milliseconds(1), high: .milliseconds(5))
    for _ in 0..<10_000 {
        let v = u.sample(&rng)
        #expect(v >= .milliseconds(1) && v <= .milliseconds(5))
    }
    #expect(Distribution.constant(.milliseconds(2)).sample(&rng) == .milliseconds(2))
}

@Test func empiricalFollowsItsPoints() {
    let d = Distribution.empirical([
        .init(percentile: 0, value: .milliseconds(1)), .init(percentile: 50, value: .milliseconds(2)),
        .init(percentile: 99, value: .milliseconds(10)), .init(percentile: 100, value: .milliseconds(40)),
    ])
    #expect(abs(quantile(d, 0.5) - 2) < 0.05)
    #expect(abs(quantile(d, 0.99) - 10) < 0.5)
}

@Test func invalidParametersAreExplained() {
    #expect(Distribution.lognormal(median: .milliseconds(30), p99: .milliseconds(3)).problem?.contains("p99 must be ≥ median") == true)
    #expect(Distribution.lognormal(median: .zero, p99: .milliseconds(3)).problem?.contains("median must be > 0") == true)
    #expect(Distribution.uniform(low: .milliseconds(5), high: .milliseconds(1)).problem != nil)
    #expect(Distribution.exponential(mean: .zero).problem != nil)
    #expect(Distribution.empirical([.init(percentile: 50, value: .milliseconds(2))]).problem != nil)
    #expect(Distribution.empirical([.init(percentile: 50, value: .milliseconds(2)), .init(percentile: 40, value: .milliseconds(3))]).problem != nil)
    #expect(Distribution.lognormal(median: .milliseconds(3), p99: .milliseconds(30)).problem == nil)
}

@Test func childSeedsAreIndependentAndStable() {
    let root = SeedTree(42)
    #expect(root.child("arrivals") == SeedTree(42).child("arrivals"))
    #expect(root.child("arrivals") != root.child("faults"))
    #expect(root.child(1) != root.child(2))
    var a = root.child("x").generator(), b = root.child("x").generator()
    for _ in 0..<100 { #expect(a.next() == b.next()) }
}

/// A lognormal whose p99 is 10^16 times its median draws values past 2^63 ns; every draw and
/// the mean are clamped to `longestSample` instead of trapping.
@Test func extremeDistributionsStayInRange() {
    let hours10000 = SimDuration(nanoseconds: 36_000_000_000_000_000)
    let wide = Distribution.lognormal(median: .nanoseconds(1), p99: hours10000)
    var rng = Xoshiro256(seed: 9)
    var longest = SimDuration.zero
    for _ in 0..<100_000 {
        let d = wide.sample(&rng)
        #expect(d >= .zero && d <= Distribution.longestSample)
        longest = max(longest, d)
    }
    #expect(longest == Distribution.longestSample, "the clamp is reached")
    #expect(wide.mean == Distribution.longestSample)
    let long = Distribution.exponential(mean: hours10000)
    for _ in 0..<1_000 { #expect(long.sample(&rng) <= Distribution.longestSample) }
}
