import StampedeAnalysis
import StampedeLanguage
import StampedeTestSupport
import Testing

@Suite struct SLOEvaluationTests {
    let result = handBuiltResult()

    @Test func evaluatesInOrderWithUnits() throws {
        let yaml = minimal(appending: """
            slos:
              - login.p99 < 250ms
              - store.query.p99 < 30ms
              - errors.rate < 0.1%
              - violations == 0
              - throughput >= 200
            """)
        let slos = try ScenarioLoader.load(yaml: yaml, path: "slo.yaml").slos
        let results = evaluateSLOs(slos, in: result)
        #expect(results.map(\.metric) == ["login.p99", "store.query.p99", "errors.rate", "violations", "throughput"])
        #expect(results.map(\.passed) == [true, false, true, false, true])
        #expect(results.map(\.unit) == [.ms, .ms, .ratio, .count, .count])
        #expect(results.map(\.value) == [180, 31, 0.0005, 2, 200])
        #expect(results[0].comparator == .lessThan && results[0].threshold == 250 && results[0].expression == "login.p99 < 250ms")
    }

    @Test func unknownMetricFailsRatherThanPasses() {
        let slo = SLOSpec(expression: "made.up < 1", metric: "made.up", comparator: .lessThan, threshold: 1, line: 1)
        let judged = evaluateSLOs([slo], in: result)
        #expect(judged.count == 1 && judged[0].passed == false)
    }
}
