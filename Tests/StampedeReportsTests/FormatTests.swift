import Testing
@testable import StampedeReports
import StampedeResult

@Suite struct FormatTests {
    @Test func numbers() {
        #expect(Format.thousands(0) == "0")
        #expect(Format.thousands(999) == "999")
        #expect(Format.thousands(1_234_567) == "1,234,567")
        #expect(Format.thousands(-1_000) == "-1,000")
        #expect(Format.fixed(-0.001, 1) == "0.0")
        #expect(Format.fixed(12_345.678, 1) == "12,345.7")
        #expect(Format.compact(2_500) == "2500")
        #expect(Format.compact(25_000) == "25k")
        #expect(Format.compact(1_200_000) == "1.2M")
    }

    @Test func latenciesAndShares() {
        #expect(Format.ms(0.0423) == "0.042 ms")
        #expect(Format.ms(4.234) == "4.23 ms")
        #expect(Format.ms(42.34) == "42.3 ms")
        #expect(Format.ms(423.4) == "423 ms")
        #expect(Format.ms(1_240) == "1.24 s")
        #expect(Format.percent(0.0123) == "1.23%")
        #expect(Format.percent(0.9999) == "99.99%")
        #expect(Format.percent(1) == "100.0%")
        #expect(Format.axisMs(0.5) == "0.5ms")
        #expect(Format.axisMs(2_000) == "2s")
    }

    @Test func times() {
        #expect(Format.duration(45.25) == "45.2 s" || Format.duration(45.25) == "45.3 s")
        #expect(Format.duration(605) == "10m 05s")
        #expect(Format.duration(3_723) == "1h 02m 03s")
        #expect(Format.clock(481.2345) == "08:01.235" || Format.clock(481.2345) == "08:01.234")
        #expect(Format.clock(3_661.5) == "1:01:01.500")
        #expect(Format.tickTime(90) == "1m30s")
        #expect(Format.tickTime(3_600) == "1h")
    }

    @Test func linearScaleEndsOnARoundNumber() {
        let s = Scale.linear(maximum: 2_080, range: (0, 100), targetTicks: 4)
        #expect(s.upper == 2_500)
        #expect(s.ticks == [0, 500, 1_000, 1_500, 2_000, 2_500])
        #expect(s(1_250) == 50)
    }

    @Test func logScaleTicksAreDecadesOrOneTwoFive() {
        let wide = Scale.log(minimum: 0.3, maximum: 780, range: (100, 0))
        #expect(wide.ticks == [0.1, 1, 10, 100, 1_000])
        #expect(wide(0.1) == 100 && wide(1_000) == 0)
        let narrow = Scale.log(minimum: 2.2, maximum: 14, range: (100, 0))
        #expect(narrow.ticks == [2, 5, 10, 20])
        #expect(!narrow.canPlot(0))
    }

    @Test func timeStepsAreRound() {
        #expect(Scale.timeStep(span: 60, maxTicks: 8) == 10)
        #expect(Scale.timeStep(span: 3_600, maxTicks: 8) == 600)
    }

    @Test func downsamplingKeepsSpikesAndMeans() {
        let d = Downsample(count: 3_600)
        #expect(d.bucket == 6 && d.bucketCount == 600)
        var latency = [Double](repeating: 1, count: 3_600)
        latency[1_234] = 900
        #expect(d.max(latency).max() == 900)
        let rates = (0..<3_600).map { Double($0 % 6) }
        #expect(d.mean(rates).allSatisfy { $0 == 2.5 })
        #expect(Downsample(count: 600).bucket == 1)
    }

    @Test func percentilesMapToNines() {
        let points = PercentileChart.normalize([PercentilePoint(percentile: 99.9, ms: 3),
                                                PercentilePoint(percentile: 100, ms: 9),
                                                PercentilePoint(percentile: 50, ms: 1)])
        #expect(points.count == 2)
        #expect(abs(points[1].x - 3) < 1e-9)
        #expect(PercentileChart.percentileLabel(4) == "99.99%")
        #expect(PercentileChart.percentileLabel(1) == "90%")
    }

    @Test func sloMarginIsHeadroom() {
        let over = SLOResult(expression: "x", metric: "x", comparator: .greaterOrEqual, threshold: 0.9, value: 0.85,
                             unit: .ratio, passed: false)
        #expect(SLORow(over).margin == "-5 pp")
        #expect(SLORow(over).measured == "85%")
        let exact = SLOResult(expression: "violations == 0", metric: "violations", comparator: .equal, threshold: 0,
                              value: 3, unit: .count, passed: false)
        #expect(SLORow(exact).margin == "off by 3")
        #expect(SLORow(exact).threshold == "== 0")
    }
}
