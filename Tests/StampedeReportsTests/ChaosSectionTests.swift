import Foundation
import StampedeResult
import Testing
@testable import StampedeReports

/// The fixture with a fault plan: an outage that recovered, a storm that did not, breaker
/// and alert spells on the timeline.
private func chaosResult() -> RunResult {
    var r = Fixture.result()
    let summary = PhaseSummary(requests: 30_000, errors: 600, availability: 0.98, p99Ms: [.login: 812.5])
    r.chaos = ChaosResult(
        faults: [
            FaultResult(name: "cache-outage", target: "cache", kind: "down", detail: "every cache call fails fast for 15s",
                        occurrences: [FaultOccurrence(startS: 20, endS: 35, recoveryS: 4)], recoveryS: 4, recovered: true,
                        during: summary),
            FaultResult(name: "store-slow", target: "store", kind: "latency", detail: "every store call is slowed",
                        occurrences: [FaultOccurrence(startS: 40, endS: 45, recoveryS: nil),
                                      FaultOccurrence(startS: 50, endS: 55, recoveryS: nil)],
                        recoveryS: nil, recovered: false, during: summary),
        ],
        resilience: ResilienceResult(counts: [.cache: [.shortCircuit: 7_000, .breakerOpened: 2], .service: [.shed: 12]],
                                     breakerAtEnd: [.cache: "closed"]),
        availability: AvailabilityResult(measured: 0.9929, target: 0.999, errorBudget: 0.001, budgetConsumed: 7.1),
        alerts: [AlertResult(severity: "critical", threshold: 14.4, windowS: 60, startS: 22, endS: 41, peakBurnRate: 31.5)],
        recoveryWindowS: 10, recoveryJudgedBy: ["login.p99 < 250ms"])
    r.events += [TimelineEvent(type: .breaker, label: "cache breaker open", startS: 20.1, endS: 36, detail: "refused"),
                 TimelineEvent(type: .alert, label: "burn-rate critical", startS: 22, endS: 41, detail: "burning")]
    return r
}

@Suite struct ChaosSectionTests {
    let html = HTMLReport.render(chaosResult())

    @Test func showsEachFaultWithItsRecoveryAndWhatThePoliciesDid() {
        #expect(html.contains("<a href=\"#chaos\">Faults</a>") && html.contains("<section id=\"chaos\">"))
        #expect(html.contains("<code>cache-outage</code>") && html.contains("00:20.000–00:35.000"))
        #expect(html.contains("00:40.000–00:45.000 ×2"))
        #expect(html.contains("4 s") && html.contains("not recovered"))
        #expect(html.contains("<tr class=\"fail\"><td><code>store-slow</code>"))
        #expect(html.contains("short circuited") && html.contains("7,000"))
        #expect(html.contains("710.00% of the error budget consumed") || html.contains("of the error budget consumed"))
        #expect(html.contains("Error-budget burn-rate alerts") && html.contains("31.5x"))
    }

    @Test func drawsBreakerAndAlertSpellsAsStripsWithALegend() {
        #expect(html.contains("class=\"breaker-strip\"") && html.contains("class=\"alert-strip\""))
        #expect(html.contains("breaker open</li>") && html.contains("burn-rate alert</li>"))
    }

    @Test func aResultWithoutAPlanHasNoSection() {
        let plain = HTMLReport.render(Fixture.result())
        #expect(!plain.contains("id=\"chaos\"") && !plain.contains("href=\"#chaos\""))
    }
}
