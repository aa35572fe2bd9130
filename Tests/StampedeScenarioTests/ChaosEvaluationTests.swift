import Foundation
import StampedeAnalysis
import StampedeKernel
@testable import StampedeLanguage
import StampedeResult
@testable import StampedeRunner
import Testing

/// A timeline of 1 s windows: `p99` of login per window (0 for no logins), 100 requests
/// per window, `errors` per window.
private func timeline(p99: [Double], errors: [Double]? = nil) -> Timeline {
    let n = p99.count
    let login = OperationSeries(count: p99.map { $0 > 0 ? 10 : 0 }, p50Ms: p99.map { $0 / 2 }, p90Ms: p99, p99Ms: p99, maxMs: p99)
    return Timeline(windowS: 1, startS: (0..<n).map(Double.init), throughput: Array(repeating: 100, count: n),
                    errors: errors ?? Array(repeating: 0, count: n), cacheHitRatio: Array(repeating: 0.9, count: n),
                    storeCalls: Array(repeating: 0, count: n), operations: [.login: login])
}

private func slo(_ text: String) throws -> SLOSpec { try SLOGrammar.parse(text, line: 1) }

@Suite struct RecoveryTests {
    @Test func recoveryIsTheTimeFromTheFaultsEndUntilEverySLOHoldsForTheSustainedWindow() throws {
        // Fault from 10 s to 20 s; latency stays high until 26 s, dips once at 28 s, then holds.
        var p99 = Array(repeating: 100.0, count: 60)
        for i in 10..<26 { p99[i] = 900 }
        p99[28] = 700
        let judge = WindowJudge(slos: [try slo("login.p99 < 250ms")], timeline: timeline(p99: p99))
        #expect(judge.recovery(after: 20, sustain: 10) == 9)    // 29..<39 is the first clean run of 10
        #expect(judge.recovery(after: 20, sustain: 1) == 6)     // 26 alone is enough
        #expect(judge.recovery(after: 20.5, sustain: 1) == 5.5) // windows start at whole seconds
        #expect(judge.recovery(after: 55, sustain: 10) == nil)  // not enough run left to show it
    }

    @Test func windowsWithoutRequestsDoNotBreakALatencySLOButRatesAreSummed() throws {
        var p99 = Array(repeating: 100.0, count: 30)
        p99[12] = 0                                          // no logins in window 12
        var errors = Array(repeating: 0.0, count: 30)
        errors[10] = 3                                       // 3 % in one window…
        let t = timeline(p99: p99, errors: errors)
        let latency = WindowJudge(slos: [try slo("login.p99 < 250ms")], timeline: t)
        #expect(latency.recovery(after: 10, sustain: 5) == 0)
        let rate = WindowJudge(slos: [try slo("errors.rate < 1%")], timeline: t)
        #expect(rate.recovery(after: 10, sustain: 5) == 0)   // …is 0.6 % over five windows
        let strict = WindowJudge(slos: [try slo("errors.rate < 0.5%")], timeline: t)
        #expect(strict.recovery(after: 10, sustain: 5) == 1)
        let availability = WindowJudge(slos: [try slo("availability >= 99.5%")], timeline: t)
        #expect(availability.recovery(after: 10, sustain: 5) == 1)
    }

    @Test func onlySLOsReadablePerWindowJudgeRecovery() throws {
        let all = try ["login.p99 < 1s", "login.p999 < 1s", "violations == 0", "errors.rate < 1%", "store.query.p99 < 5ms",
                       "cache.hit_ratio > 0.8", "throughput > 10", "during(x): login.p99 < 1s", "recovery(x) < 5s"].map(slo)
        let judge = WindowJudge(slos: all, timeline: timeline(p99: [1]))
        #expect(judge.slos.map(\.expression) == ["login.p99 < 1s", "errors.rate < 1%", "cache.hit_ratio > 0.8", "throughput > 10"])
        #expect(WindowJudge(slos: [try slo("violations == 0")], timeline: timeline(p99: [1])).recovery(after: 0, sustain: 1) == nil)
    }
}

@Suite struct BurnRateTests {
    @Test func aShortSharpBurnRaisesACriticalAlertAndALongOneAWarning() {
        // 100 requests a second against 99.9 %: 2.9 % errors for 90 s from 100 s, 0.7 % from 600 s to 1000 s.
        var errors = Array(repeating: 0.0, count: 1100)
        for i in 100..<190 { errors[i] = 2.9 }
        for i in 600..<1000 { errors[i] = 0.7 }
        let alerts = burnRateAlerts(timeline(p99: Array(repeating: 1, count: 1100), errors: errors), target: 0.999)
        let critical = alerts.filter { $0.severity == "critical" }
        let warning = alerts.filter { $0.severity == "warning" }
        // 2.9 % is 29× the budget: the 1-minute rule fires once 30 such seconds are in its window.
        #expect(critical.map { [$0.startS, $0.endS, $0.peakBurnRate] } == [[130, 221, 29]])
        // The 5-minute rule reads what there is early in the run (127 s hold 27 bad ones: 6.2×)
        // and then needs 258 seconds of the 7× burn.
        #expect(warning.map { [$0.startS, $0.endS, $0.peakBurnRate] } == [[127, 428, 13.74], [858, 1043, 7]])
        #expect(alerts.map(\.startS) == [127, 130, 858])
    }

    @Test func noBudgetNoAlerts() {
        let t = timeline(p99: [1, 1], errors: [50, 50])
        #expect(burnRateAlerts(t, target: 1).isEmpty)
        #expect(burnRateAlerts(t, target: 0.999).count == 2)
    }
}
