import StampedeCalibration
import Testing

/// The sweep's stopping rule on synthetic measurement series: where it says a backend saturated.
@Suite struct SweepRuleTests {
    /// Runs the rule over `series` (throughput and p99 by concurrency) as the sweep would:
    /// the levels it asked for, and its final decision.
    func sweep(_ rule: SweepRule, _ series: (Int) -> (throughput: Double, p99: Double, errors: Int)) -> (levels: [Int], end: SweepRule.Decision) {
        var points: [SweepRule.Point] = []
        var decision = rule.decide(after: [])
        while case .measure(let c) = decision {
            let m = series(c)
            points.append(.init(concurrency: c, throughput: m.throughput, p99: m.p99, calls: 10_000, errors: m.errors))
            decision = rule.decide(after: points)
            if points.count > 100 { break }
        }
        return (points.map(\.concurrency), decision)
    }

    @Test func aBackendThatFlattensStopsTwoLevelsAfterTheKnee() {
        // Throughput doubles up to 8 callers, then grows 4 % per level: saturated at 8, measured
        // at two levels past it to be sure.
        let rule = SweepRule(maxConcurrency: 256, growth: 0.10)
        let r = sweep(rule) { c in (throughput: c <= 8 ? 1_000 * Double(c) : 8_000 * (1 + 0.04 * Double(c / 16)), p99: 1, errors: 0) }
        #expect(r.levels == [1, 2, 4, 8, 16, 32])
        guard case .stop(let reached, let reason) = r.end else { Issue.record("did not stop"); return }
        #expect(reached)
        #expect(reason == "no gain at 2 levels in a row: at 16 throughput did not beat 8,000 calls/s (at 8) by more than 10%; "
                + "at 32 throughput did not beat 8,320 calls/s (at 16) by more than 10%", "\(reason)")
        #expect(SweepRule.peak(of: points(rule, r.levels) { c in c <= 8 ? 1_000 * Double(c) : 8_000 * (1 + 0.04 * Double(c / 16)) })?
            .concurrency == 32)
    }

    @Test func oneLowLevelDoesNotEndTheSweep() {
        // A step that came out low (a thread woken late) between levels that still grow.
        let r = sweep(SweepRule(maxConcurrency: 64, growth: 0.10)) { c in
            (throughput: c == 2 ? 900 : c <= 16 ? 1_000 * Double(c) : 16_000, p99: 1, errors: 0)
        }
        #expect(r.levels == [1, 2, 4, 8, 16, 32, 64])
        guard case .stop(true, let reason) = r.end else { Issue.record("\(r.end)"); return }
        #expect(reason.contains("at 32 throughput") && reason.contains("at 64 throughput"), "\(reason)")
    }

    @Test func aThresholdJustAboveTheGrowthGoesOn() {
        let series: (Int) -> (throughput: Double, p99: Double, errors: Int) = { c in
            (throughput: 1_000 * pow(1.11, Double(c.trailingZeroBitCount)), p99: 1, errors: 0)
        }
        #expect(sweep(SweepRule(maxConcurrency: 64, growth: 0.10), series).levels == [1, 2, 4, 8, 16, 32, 64])
        #expect(sweep(SweepRule(maxConcurrency: 64, growth: 0.12), series).levels == [1, 2, 4])
        var patient = SweepRule(maxConcurrency: 64, growth: 0.12)
        patient.patience = 1
        #expect(sweep(patient, series).levels == [1, 2])
    }

    @Test func fallingThroughputStopsAfterTwoLevels() {
        let r = sweep(SweepRule(maxConcurrency: 64, growth: 0.05)) { c in (throughput: c == 1 ? 9_000 : 8_000, p99: 1, errors: 0) }
        #expect(r.levels == [1, 2, 4])
        guard case .stop(true, let reason) = r.end else { Issue.record("\(r.end)"); return }
        #expect(reason.contains("at 2 throughput did not beat 9,000 calls/s (at 1)"), "\(reason)")
        #expect(reason.contains("at 4 throughput did not beat 9,000 calls/s (at 1)"), "\(reason)")
    }

    @Test func aLatencyCliffStopsEvenWhileThroughputGrows() {
        // From 8 callers on, p99 rises twentyfold per level.
        let r = sweep(SweepRule(maxConcurrency: 64, growth: 0.10)) { c in
            (throughput: 1_000 * Double(c), p99: c >= 8 ? pow(20, Double(c.trailingZeroBitCount - 2)) : 1, errors: 0)
        }
        #expect(r.levels == [1, 2, 4, 8, 16])
        guard case .stop(true, let reason) = r.end else { Issue.record("\(r.end)"); return }
        #expect(reason == "no gain at 2 levels in a row: at 8 p99 rose 20-fold from 4; at 16 p99 rose 20-fold from 8", "\(reason)")
    }

    @Test func oneSlowStepDoesNotEndTheSweep() {
        // The step at 2 came out slow (p99 30 times the others, throughput down); the rest still gain.
        let r = sweep(SweepRule(maxConcurrency: 16, growth: 0.10)) { c in
            (throughput: c == 2 ? 800 : 1_000 * Double(c), p99: c == 2 ? 30 : 1, errors: 0)
        }
        #expect(r.levels == [1, 2, 4, 8, 16])
        guard case .stop(false, _) = r.end else { Issue.record("\(r.end)"); return }
    }

    @Test func failingCallsStopTheSweep() {
        let r = sweep(SweepRule(maxConcurrency: 64, growth: 0.10)) { c in (throughput: 1_000 * Double(c), p99: 1, errors: c == 4 ? 500 : 0) }
        #expect(r.levels == [1, 2, 4])
        guard case .stop(true, let reason) = r.end else { Issue.record("\(r.end)"); return }
        #expect(reason.contains("5% of calls failed at concurrency 4"), "\(reason)")
    }

    @Test func theLastLevelIsTheMaximumAndSaysItDidNotSaturate() {
        let r = sweep(SweepRule(maxConcurrency: 12, growth: 0.10)) { c in (throughput: 1_000 * Double(c), p99: 1, errors: 0) }
        #expect(r.levels == [1, 2, 4, 8, 12])
        guard case .stop(false, let reason) = r.end else { Issue.record("\(r.end)"); return }
        #expect(reason.contains("--max-concurrency 12"))
        let one = sweep(SweepRule(maxConcurrency: 1, growth: 0.10)) { _ in (throughput: 5, p99: 1, errors: 0) }
        #expect(one.levels == [1])
    }

    @Test func thePeakIsTheHighestThroughputAtTheLowestConcurrency() {
        let points = [(1, 100.0), (2, 180.0), (4, 200.0), (8, 200.0), (16, 150.0)].map {
            SweepRule.Point(concurrency: $0.0, throughput: $0.1, p99: 1, calls: 1, errors: 0)
        }
        #expect(SweepRule.peak(of: points)?.concurrency == 4)
        #expect(SweepRule.peak(of: []) == nil)
    }
}

private func points(_ rule: SweepRule, _ levels: [Int], _ throughput: (Int) -> Double) -> [SweepRule.Point] {
    levels.map { SweepRule.Point(concurrency: $0, throughput: throughput($0), p99: 1, calls: 1, errors: 0) }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    for _ in 0..<Int(exponent) { result *= base }
    return result
}
