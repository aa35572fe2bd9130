@testable import StampedeMetrics
import StampedeKernel
import Testing

@Suite struct LatencyRecorderTests {
    /// Three significant digits: every value within 0.1 % (plus one 1 µs unit).
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= b * 0.001 + 0.001 }

    @Test func percentilesOfUniformData() {
        let recorder = LatencyRecorder()
        for v in 1...1_000 { recorder.record(.milliseconds(Double(v))) }
        let s = recorder.snapshot()
        #expect(s.count == 1_000)
        #expect(close(s.p50, 500) && close(s.p90, 900) && close(s.p99, 990) && close(s.p999, 999))
        #expect(s.max == 1_000)
        #expect(close(s.mean, 500.5))
    }

    @Test func percentileCurveRisesToTheMaximum() {
        let recorder = LatencyRecorder()
        for v in 1...10_000 { recorder.record(.microseconds(Double(v * 37 % 100_000 + 1))) }
        let s = recorder.snapshot()
        let curve = s.percentiles
        #expect(curve.count > 20 && curve.count <= LatencySnapshot.maxCurvePoints)
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $0.percentile <= $1.percentile && $0.ms <= $1.ms })
        #expect(curve.last?.percentile == 100)
        #expect(curve.last?.ms == s.max)
    }

    @Test func curveIsThinnedToTheCap() {
        let curve = (0..<1_000).map { (percentile: Double($0) / 10, ms: Double($0)) }
        let thin = LatencySnapshot.thin(curve, to: 120)
        #expect(thin.count == 120)
        #expect(thin.first?.ms == 0 && thin.last?.ms == 999)
        #expect(LatencySnapshot.thin(Array(curve.prefix(50)), to: 120).count == 50)
    }

    @Test func valuesAreClampedToOneMicrosecondAndOneHour() {
        let recorder = LatencyRecorder()
        recorder.record(.zero)
        recorder.record(.nanoseconds(-5))
        recorder.record(.minutes(120))
        let s = recorder.snapshot()
        #expect(s.count == 3)
        #expect(s.p50 == 0.001)
        #expect(s.max == 3_600_000)
    }

    @Test func emptyRecorderSnapshotIsZero() {
        let s = LatencyRecorder().snapshot()
        #expect(s.count == 0 && s.p99 == 0 && s.max == 0 && s.mean == 0 && s.percentiles.isEmpty)
    }

    @Test func mergeAddsCounts() {
        let a = LatencyRecorder(), b = LatencyRecorder()
        for _ in 0..<100 { a.record(.milliseconds(1)) }
        for _ in 0..<50 { b.record(.milliseconds(9)) }
        a.merge(b)
        let s = a.snapshot()
        #expect(s.count == 150)
        #expect(close(s.max, 9) && close(s.p50, 1))
        #expect(b.snapshot().count == 50, "the source is unchanged")
        a.merge(a)
        #expect(a.snapshot().count == 300)
    }

    @Test func concurrentRecordsAreAllCounted() async {
        let recorder = LatencyRecorder()
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for i in 0..<10_000 { recorder.record(.microseconds(Double(worker * 10_000 + i + 1))) }
                }
            }
        }
        #expect(recorder.snapshot().count == 40_000)
    }
}
