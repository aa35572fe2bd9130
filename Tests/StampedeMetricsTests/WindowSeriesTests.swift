@testable import StampedeMetrics
import StampedeKernel
import StampedeModel
import Testing

@Suite struct WindowSeriesTests {
    @Test func windowsWithoutTrafficAppearAsZeros() {
        let metrics = RunMetrics(window: .seconds(1))
        metrics.op(.validate, 2, endingAt: 500)
        metrics.op(.validate, 4, endingAt: 700)
        metrics.op(.login, 100, endingAt: 3_200)
        metrics.finish(at: at(5_000))
        let series = metrics.report().series
        #expect(series.count == 5)
        #expect(series.requests == [2, 0, 0, 1, 0])
        #expect(series.start(ofWindow: 3) == at(3_000))
        let validate = series.operations[Operation.validate.rawValue]
        #expect(validate.count == [2, 0, 0, 0, 0])
        // Two significant digits: within 1 %.
        #expect(abs(validate.p50[0] - 2) < 0.02 && validate.p50.dropFirst().allSatisfy { $0 == 0 })
        #expect(validate.max == [4, 0, 0, 0, 0])
        let login = series.operations[Operation.login.rawValue]
        #expect(login.p99 == [0, 0, 0, 100, 0])
    }

    @Test func eachWindowHasItsOwnPercentiles() {
        let metrics = RunMetrics(window: .milliseconds(100))
        for i in 0..<10 {
            for _ in 0..<50 { metrics.op(.refresh, Double(i + 1), endingAt: Double(i * 100 + 50)) }
        }
        metrics.finish(at: at(1_000))
        let refresh = metrics.report().series.operations[Operation.refresh.rawValue]
        #expect(refresh.p50 == (1...10).map(Double.init))
        #expect(refresh.count == Array(repeating: 50, count: 10))
    }

    @Test func lateRecordGoesIntoTheOpenWindow() {
        let metrics = RunMetrics(window: .seconds(1))
        metrics.op(.login, 1, endingAt: 3_200)
        metrics.op(.login, 1, endingAt: 1_500)
        metrics.finish(at: at(4_000))
        let report = metrics.report()
        #expect(report.series.requests == [0, 0, 0, 2])
        #expect(report.totalRequests == 2)
    }

    @Test func finishKeepsARecordAtTheEndAndRecordsAfterItOpenNewWindows() {
        let metrics = RunMetrics(window: .seconds(1))
        metrics.op(.login, 1, endingAt: 2_000)
        metrics.finish(at: at(2_000))
        #expect(metrics.report().series.requests == [0, 0, 1])
        metrics.op(.login, 1, endingAt: 4_500)
        metrics.finish(at: at(5_000))
        #expect(metrics.report().series.requests == [0, 0, 1, 0, 1])
    }

    @Test func openWindowIsNotReportedBeforeFinish() {
        let metrics = RunMetrics(window: .seconds(1))
        metrics.op(.login, 1, endingAt: 1_500)
        #expect(metrics.report().series.requests == [0])
        #expect(metrics.report().totalRequests == 1)
    }

    @Test func cacheAndStoreActivityPerWindow() {
        let metrics = RunMetrics(window: .seconds(1))
        for _ in 0..<3 { metrics.recordCacheLookup(hit: true, at: at(100)) }
        metrics.recordCacheLookup(hit: false, at: at(200))
        metrics.recordCacheLookup(hit: false, at: at(2_100))
        metrics.recordCacheFallback(at: at(2_100))
        metrics.recordBackend(.storeQuery, wait: .zero, service: .milliseconds(3), failed: false, at: at(2_100))
        metrics.recordBackend(.storeWrite, wait: .zero, service: .milliseconds(3), failed: false, at: at(2_200))
        metrics.recordBackend(.cacheGet, wait: .zero, service: .milliseconds(1), failed: false, at: at(2_300))
        metrics.finish(at: at(3_000))
        let report = metrics.report()
        #expect(report.series.cacheHits == [3, 0, 0])
        #expect(report.series.cacheMisses == [1, 0, 1])
        #expect(report.series.cacheHitRatio == [0.75, 0, 0], "no lookups reads as 0, never NaN")
        #expect(report.series.storeCalls == [0, 0, 2])
        #expect((report.cache.hits, report.cache.misses, report.cache.fallbacks) == (3, 2, 1))
        #expect(report.cache.hitRatio == 0.6)
    }

    /// 5M records spread over 10,000 windows: the histograms are reset, never replaced, so
    /// their footprint does not move; only the series grows, one entry per window.
    @Test func memoryDoesNotGrowWithRequests() {
        let metrics = RunMetrics(window: .milliseconds(100))
        let before = metrics.histogramFootprintInBytes
        let ops = Operation.allCases
        for i in 0..<5_000_000 {
            let t = Int64(i) * 200_000  // 0.2 ms apart: 500 records per 100 ms window
            let latency = Int64(i % 997 + 1) * 10_000
            metrics.recordOperation(ops[i % ops.count], start: SimInstant(nanoseconds: t - latency),
                                    end: SimInstant(nanoseconds: t), outcome: .ok)
        }
        metrics.finish(at: at(1_000_000))
        // Resetting a histogram may reallocate its counts with a slightly different capacity,
        // so allow a few bytes; growth with requests would be megabytes.
        #expect(metrics.histogramFootprintInBytes <= before + 1_024)
        let report = metrics.report()
        #expect(report.series.count == 10_000)
        #expect(report.series.requests.reduce(0, +) == 5_000_000)
        #expect(report.totalRequests == 5_000_000)
    }
}
