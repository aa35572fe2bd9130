@testable import StampedeMetrics
import StampedeKernel
import StampedeModel
import Testing

@Test func phaseDistributionsHoldOnlyWhatCompletedInsideThePhase() {
    let during = MetricPhase(label: "during(outage)", windows: [RecurringWindow(start: at(1_000), end: at(2_000))])
    let after = MetricPhase(label: "after(outage)", windows: [RecurringWindow(start: at(2_000), end: at(5_000))])
    let metrics = RunMetrics(window: .seconds(1), phases: [during, after])
    metrics.op(.login, 5, endingAt: 500)
    for i in 0..<100 { metrics.op(.login, Double(200 + i), endingAt: 1_000 + Double(i)) }
    metrics.op(.login, 7, endingAt: 2_500, .denied(.unavailable))
    metrics.op(.login, 9, endingAt: 2_600, .denied(.invalidCredentials))
    metrics.recordBackend(.storeQuery, wait: .milliseconds(1), service: .milliseconds(2), failed: true, at: at(1_500))
    metrics.recordCacheLookup(hit: true, at: at(1_500))
    metrics.recordCacheLookup(hit: false, at: at(2_500))
    let reports = metrics.phases!.report(end: at(5_000))
    let d = reports[0], a = reports[1]
    let login = Operation.login.rawValue
    #expect(d.label == "during(outage)" && d.covered == .seconds(1) && a.covered == .seconds(3))
    #expect(d.operations[login].count == 100 && d.operations[login].latency.max >= 299 && d.operations[login].latency.p50 >= 249)
    #expect(d.operations[login].latency.p50 <= 250.2)
    #expect((a.operations[login].count, a.operations[login].errors, a.operations[login].denied) == (2, 1, 1))
    #expect(d.backends[BackendCall.storeQuery.rawValue].errors == 1 && a.backends[BackendCall.storeQuery.rawValue].count == 0)
    #expect((d.cacheHits, d.cacheMisses, a.cacheHits, a.cacheMisses) == (1, 0, 0, 1))
    #expect(d.requests == 100 && a.requests == 2 && a.errors == 1)
}

@Test func aRepeatingPhaseCoversEveryOccurrence() {
    let w = RecurringWindow(start: at(0), length: .seconds(1), period: .seconds(10), until: at(35_000))
    let metrics = RunMetrics(window: .seconds(1), phases: [MetricPhase(label: "during(x)", windows: [w])])
    for t in [500.0, 5_000, 10_200, 20_900, 21_000, 30_100] { metrics.op(.validate, 1, endingAt: t) }
    let r = metrics.phases!.report(end: at(35_000))[0]
    #expect(r.operations[Operation.validate.rawValue].count == 4)
    #expect(r.covered == .seconds(4))
}

@Test func resilienceSignalsAreCountedPerSourceAndPerWindow() {
    let m = ResilienceMetrics(window: .seconds(1))
    m.record(.retry, source: .store, at: at(100))
    m.record(.retry, source: .store, at: at(2_100))
    m.record(.timeout, source: .cache, at: at(2_200))
    m.record(.breakerOpened, source: .cache, at: at(2_300))
    m.record(.breakerClosed, source: .cache, at: at(4_000))
    let r = m.report(windowCount: 6)
    #expect(r.count(.retry) == 2 && r.count(.retry, source: .cache) == 0 && r.count(.timeout, source: .cache) == 1)
    #expect(r.series(.retry, source: .store) == [1, 0, 1, 0, 0, 0])
    #expect(r.series(.retry, source: .cache) == [0, 0, 0, 0, 0, 0])
    #expect(r.series(.breakerClosed, source: .cache) == [0, 0, 0, 0, 1, 0])
    #expect(r.transitions.map(\.signal) == [.breakerOpened, .breakerClosed])
}
