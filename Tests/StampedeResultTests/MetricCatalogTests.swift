import StampedeResult
import StampedeTestSupport
import Testing

/// The one metric registry: every name SLOs, baselines and comparisons use, read from a result.
@Suite struct MetricCatalogTests {
    let result = handBuiltResult()

    @Test(arguments: [
        ("login.p99", 180.0), ("login.p999", 400), ("login.mean", 55), ("login.count", 1000), ("login.errors", 5),
        ("login.error_rate", 0.005), ("store.query.p99", 31), ("store.query.wait.p99", 2), ("store.query.wait.max", 8),
        ("store.query.service.p99", 29), ("errors.rate", 0.0005), ("cache.hit_ratio", 0.9), ("violations", 2),
        ("requests", 20_000), ("throughput", 200), ("pool.store.utilization", 0.42), ("pool.store.max_queue", 7),
        // Never ran: zero, for latencies and counts alike.
        ("validate.p99", 0), ("logout.count", 0), ("cache.get.wait.p50", 0), ("pool.cores.max_queue", 0),
    ])
    func readsMetric(metric: String, expected: Double) throws {
        let value = try #require(MetricCatalog.value(of: metric, in: result))
        #expect(abs(value - expected) < 1e-12)
    }

    @Test func unknownMetricHasNoValue() {
        #expect(MetricCatalog.value(of: "login.p95", in: result) == nil)
    }

    @Test func everyCatalogueMetricHasAValue() {
        for metric in MetricCatalog.all {
            #expect(metric.value(in: result) != nil, "\(metric.name)")
        }
    }

    @Test func catalogueIsCompleteAndUnique() {
        let names = MetricCatalog.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.count == 9 * 9 + 6 * 13 + 7 + 6 + 4 + 5 * 4)
        #expect(MetricCatalog.definition(of: "store.write.service.p99")?.unit == .ms)
        #expect(MetricCatalog.definition(of: "pool.cores.utilization")?.unit == .ratio)
        #expect(MetricCatalog.definition(of: "login.count")?.unit == .count)
        #expect(MetricCatalog.definition(of: "login.wait.p99") == nil)
    }

    /// The direction each metric had when it was derived from its name, which the registry
    /// replaced; pinned so a change of direction is a decision, not an accident.
    @Test func directionsAreThoseTheNameRuleGave() {
        func nameRule(_ metric: String) -> MetricDirection {
            if metric == "cache.hit_ratio" || metric == "throughput" { return .higher }
            if metric == "requests" || metric.hasSuffix(".count") || metric.hasSuffix(".utilization") { return .neither }
            return .lower
        }
        for metric in MetricCatalog.all {
            #expect(MetricCatalog.direction(of: metric.name) == nameRule(metric.name), "\(metric.name)")
        }
        #expect(MetricCatalog.direction(of: "recovery(cache-outage)") == .lower)
    }

    @Test func anSLOsComparatorDecidesTheDirectionUnlessItIsEquality() {
        #expect(MetricCatalog.direction(of: "cache.hit_ratio", comparator: .lessThan) == .lower)
        #expect(MetricCatalog.direction(of: "login.p99", comparator: .greaterOrEqual) == .higher)
        #expect(MetricCatalog.direction(of: "requests", comparator: .equal) == .neither)
        #expect(MetricCatalog.direction(of: "throughput", comparator: .equal) == .higher)
    }

    @Test func everyNameIsTheNameOfWhereItIsRead() {
        for metric in MetricCatalog.all {
            #expect(metric.reading?.name == metric.name)
        }
        #expect(MetricCatalog.unit(of: "recovery(cache-outage)") == .count)
        #expect(MetricCatalog.all.prefix(3).map(\.name) == ["register.p50", "register.p90", "register.p99"])
        #expect(MetricCatalog.all.last?.name == "cache.counters.store_reads")
    }

    @Test func keyMetricsNameTheOperationsThatRan() {
        #expect(MetricCatalog.keyMetrics(for: [result])
            == ["login.p50", "login.p99", "errors.rate", "cache.hit_ratio", "store.query.p99", "violations"])
    }
}
