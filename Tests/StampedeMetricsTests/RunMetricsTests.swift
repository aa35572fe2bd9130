@testable import StampedeMetrics
import StampedeKernel
import StampedeModel
import Testing

func at(_ ms: Double) -> SimInstant { SimInstant(nanoseconds: Int64(ms * 1e6)) }

extension RunMetrics {
    /// Records an operation that took `latency` ms and completed at `end` ms.
    func op(_ op: Operation, _ latency: Double, endingAt end: Double, _ outcome: Outcome = .ok) {
        recordOperation(op, start: at(end - latency), end: at(end), outcome: outcome)
    }
}

@Suite struct OutcomeTests {
    @Test func errorsAreTheSystemsFaultAndDenialsTheCallers() {
        let metrics = RunMetrics(window: .seconds(1))
        metrics.op(.login, 5, endingAt: 10)
        metrics.op(.login, 5, endingAt: 20)
        metrics.op(.login, 5, endingAt: 30, .denied(.invalidCredentials))
        metrics.op(.login, 5, endingAt: 40, .denied(.unavailable))
        metrics.op(.login, 5, endingAt: 50, .error("store timed out"))
        metrics.op(.validate, 1, endingAt: 60, .denied(.sessionRevoked))
        metrics.finish(at: at(1_000))
        let report = metrics.report()
        let login = report.operations[Operation.login.rawValue]
        #expect(login.operation == .login)
        #expect((login.count, login.ok, login.errors, login.denied) == (5, 2, 2, 1))
        #expect(report.totalRequests == 6 && report.totalErrors == 2)
        #expect(report.series.errors == [2])
        #expect(report.outcomes.map(\.name) == [
            "login.denied.invalid_credentials", "login.denied.unavailable", "login.error", "login.ok",
            "validate.denied.session_revoked",
        ])
        #expect(report.outcomes.map(\.count) == [1, 1, 1, 2, 1])
    }

    @Test func reportOrderingIsFixed() {
        func fill(_ metrics: RunMetrics, reversed: Bool) {
            var ops = Operation.allCases
            if reversed { ops.reverse() }
            for (i, op) in ops.enumerated() { metrics.op(op, Double(op.rawValue + 1), endingAt: Double(i + 10)) }
            for call in reversed ? BackendCall.allCases.reversed() : BackendCall.allCases {
                metrics.recordBackend(call, wait: .zero, service: .milliseconds(1), failed: false, at: at(5))
            }
            metrics.finish(at: at(1_000))
        }
        let a = RunMetrics(window: .seconds(1)), b = RunMetrics(window: .seconds(1))
        fill(a, reversed: false)
        fill(b, reversed: true)
        let ra = a.report(), rb = b.report()
        #expect(ra.operations.map(\.operation) == Operation.allCases)
        #expect(ra.backends.map(\.call) == BackendCall.allCases)
        #expect(ra.outcomes.map(\.name) == rb.outcomes.map(\.name))
        #expect(ra.outcomes.map(\.name) == ra.outcomes.map(\.name).sorted())
        #expect(ra.operations.map(\.latency.p50) == rb.operations.map(\.latency.p50))
        #expect(ra.series.operations.map(\.operation) == Operation.allCases)
    }

    @Test func backendLatencyIsWaitPlusService() {
        let metrics = RunMetrics(window: .seconds(1))
        metrics.recordBackend(.storeQuery, wait: .milliseconds(4), service: .milliseconds(6), failed: false, at: at(100))
        metrics.recordBackend(.storeQuery, wait: .milliseconds(4), service: .milliseconds(6), failed: true, at: at(200))
        metrics.recordBackend(.cacheGet, wait: .zero, service: .microseconds(300), failed: true, at: at(300))
        let report = metrics.report()
        let store = report.backends[BackendCall.storeQuery.rawValue]
        #expect(store.count == 2 && store.errors == 1)
        #expect(store.latency.p50 == 10 && store.wait.p50 == 4 && store.service.p50 == 6)
        #expect(report.cache.failures == 1, "a failed cache call is a cache failure; a failed store call is not")
    }
}
