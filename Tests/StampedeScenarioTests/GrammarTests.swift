import StampedeKernel
@testable import StampedeLanguage
import StampedeResult
@testable import StampedeRunner
import StampedeWorkload
import Testing

/// The error a grammar throws for `text`, or nil if it accepts it.
func grammarError<T>(_ text: String, _ grammar: (String) throws(ValueError) -> T) -> ValueError? {
    do {
        _ = try grammar(text)
        return nil
    } catch {
        return error
    }
}

// Closures rather than function references: Swift 6.3.1's SILGen crashes on a reference to a
// typed-throws static function passed through `#require`.
func durationError(_ text: String) -> ValueError? { grammarError(text) { t throws(ValueError) in try DurationGrammar.parse(t) } }
func fractionError(_ text: String) -> ValueError? { grammarError(text) { t throws(ValueError) in try NumberGrammar.fraction(t) } }
func integerError(_ text: String) -> ValueError? { grammarError(text) { t throws(ValueError) in try NumberGrammar.integer(t) } }
func popularityError(_ text: String) -> ValueError? { grammarError(text) { t throws(ValueError) in try NumberGrammar.popularity(t) } }
func boolError(_ text: String) -> ValueError? { grammarError(text) { t throws(ValueError) in try NumberGrammar.bool(t) } }
func rateError(_ text: String) -> ValueError? { grammarError(text) { t throws(ValueError) in try RateGrammar.parse(t) } }
func distributionError(_ text: String) -> ValueError? { grammarError(text) { t throws(ValueError) in try DistributionGrammar.parse(t) } }
func sloError(_ text: String) -> ValueError? { grammarError(text) { t throws(ValueError) in try SLOGrammar.parse(t, line: 1) } }
func stepError(_ text: String) -> ValueError? {
    grammarError(text) { t throws(ValueError) in try StepGrammar.parse(t, permissions: ["read", "write"]) }
}

@Suite struct DurationGrammarTests {
    @Test(arguments: [
        ("250us", SimDuration.microseconds(250)), ("3ms", .milliseconds(3)), ("1.5s", .milliseconds(1500)),
        ("90s", .seconds(90)), ("10m", .minutes(10)), ("2h", .seconds(7200)), ("0s", .zero),
        ("1h30m", .minutes(90)), ("750ns", .nanoseconds(750)), (" 5ms ", .milliseconds(5)),
    ])
    func accepts(text: String, expected: SimDuration) throws {
        #expect(try DurationGrammar.parse(text) == expected)
    }

    @Test(arguments: ["90", "0", "1.5", "-3s", "3 ms", "3sec", "ms", "", "1e3ms", "3ms5"])
    func rejects(text: String) {
        #expect(durationError(text) != nil)
    }

    @Test func bareNumberSaysUnitIsMissing() throws {
        let error = try #require(durationError("90"))
        #expect(error.problem == "a duration needs a unit")
        #expect(error.found == "'90'")
    }
}

@Suite struct NumberGrammarTests {
    @Test(arguments: [("90%", 0.9), ("0.1%", 0.001), ("100%", 1.0), ("0.9", 0.9), ("0", 0.0), ("1", 1.0)])
    func fractions(text: String, expected: Double) throws {
        #expect(abs(try NumberGrammar.fraction(text) - expected) < 1e-15)
    }

    @Test(arguments: ["150%", "1.5", "-1%", "ninety", "%", "0.9.1"])
    func rejectsFractions(text: String) {
        #expect(fractionError(text) != nil)
    }

    @Test func integers() throws {
        #expect(try NumberGrammar.integer("600_000") == 600_000)
        #expect(try NumberGrammar.integer("-3") == -3)
        for bad in ["3.5", "_3", "3_", "ten", "", "1e6"] {
            #expect(integerError(bad) != nil, "\(bad)")
        }
    }

    @Test func popularity() throws {
        #expect(try NumberGrammar.popularity("zipf(1.1)") == 1.1)
        #expect(try NumberGrammar.popularity("zipf(0)") == 0)
        #expect(try NumberGrammar.popularity("uniform") == 0)
        #expect(popularityError("zipf(-1)") != nil)
        #expect(popularityError("zipf()") != nil)
        #expect(popularityError("zipff(1.1)")?.suggestion == "zipf")
        #expect(popularityError("unifrom")?.suggestion == "uniform")
    }

    @Test func booleans() throws {
        #expect(try NumberGrammar.bool("true") && !(try NumberGrammar.bool("false")))
        #expect(boolError("maybe") != nil)
    }
}

@Suite struct RateGrammarTests {
    @Test(arguments: [
        ("2000/s", RateSpec.constant(perSecond: 2000)), ("120/m", .constant(perSecond: 2)),
        ("7200/h", .constant(perSecond: 2)), ("0/s", .constant(perSecond: 0)),
        ("ramp(0/s -> 2000/s)", .ramp(from: 0, to: 2000)), ("ramp(60/m->30/s)", .ramp(from: 1, to: 30)),
        ("poisson(6000/s)", .poisson(perSecond: 6000)),
    ])
    func accepts(text: String, expected: RateSpec) throws {
        #expect(try RateGrammar.parse(text) == expected)
    }

    @Test(arguments: ["2000", "2000/d", "-5/s", "ramp(0/s, 2000/s)", "ramp(0/s -> 2000)", "poisson(0/s)", "poison(5/s)", "fast"])
    func rejects(text: String) {
        #expect(rateError(text) != nil)
    }

    @Test func misspeltShapeIsSuggested() {
        #expect(rateError("poison(5/s)")?.suggestion == "poisson")
        #expect(rateError("2000")?.problem == "a rate needs a unit")
    }
}

@Suite struct DistributionGrammarTests {
    @Test(arguments: [
        ("3ms", Distribution.constant(.milliseconds(3))), ("constant(3ms)", .constant(.milliseconds(3))),
        ("uniform(1ms, 5ms)", .uniform(low: .milliseconds(1), high: .milliseconds(5))),
        ("uniform(high: 5ms, low: 1ms)", .uniform(low: .milliseconds(1), high: .milliseconds(5))),
        ("exponential(mean: 2s)", .exponential(mean: .seconds(2))), ("exponential(2s)", .exponential(mean: .seconds(2))),
        ("lognormal(median: 3ms, p99: 30ms)", .lognormal(median: .milliseconds(3), p99: .milliseconds(30))),
        ("empirical(p50: 1ms, p90: 3ms, p99.9: 10ms)", .empirical([
            .init(percentile: 50, value: .milliseconds(1)), .init(percentile: 90, value: .milliseconds(3)),
            .init(percentile: 99.9, value: .milliseconds(10)),
        ])),
    ])
    func accepts(text: String, expected: Distribution) throws {
        #expect(try DistributionGrammar.parse(text) == expected)
    }

    @Test(arguments: [
        "3", "lognormal(median: 30ms, p99: 3ms)", "lognormal(median: 3ms)", "uniform(5ms, 1ms)",
        "exponential(mean: 0s)", "empirical(p50: 1ms)", "empirical(p90: 3ms, p50: 1ms)", "normal(3ms, 1ms)",
        "lognormal(median: 3ms, p95: 30ms)", "constant(3)", "slow",
    ])
    func rejects(text: String) {
        #expect(distributionError(text) != nil)
    }

    @Test func problemTextIsReported() throws {
        let error = try #require(distributionError("lognormal(median: 30ms, p99: 3ms)"))
        #expect(error.detail == "lognormal p99 must be ≥ median, found median 30ms and p99 3ms")
    }

    @Test func misspeltNamesAreSuggested() {
        #expect(distributionError("lognormall(median: 3ms, p99: 30ms)")?.suggestion == "lognormal")
        #expect(distributionError("lognormal(median: 3ms, p98: 30ms)")?.suggestion == "p99")
    }
}

@Suite struct StepGrammarTests {
    @Test(arguments: [
        ("login", StepSpec(action: .login)), ("login(wrong_password)", StepSpec(action: .loginWrongPassword)),
        ("login(old_password) x 2", StepSpec(action: .loginOldPassword, repeats: 2)),
        ("register", StepSpec(action: .register)), ("validate", StepSpec(action: .validate(permission: nil))),
        ("validate(write)", StepSpec(action: .validate(permission: "write"))), ("refresh", StepSpec(action: .refresh)),
        ("logout", StepSpec(action: .logout)), ("change_password", StepSpec(action: .changePassword)),
        ("replay_after_logout", StepSpec(action: .replayAfterLogout)), ("reuse_refresh", StepSpec(action: .reuseRefresh)),
        ("validate x 20", StepSpec(action: .validate(permission: nil), repeats: 20)),
        ("logout 60%", StepSpec(action: .logout, probability: 0.6)),
        ("validate(write) x 3 50%", StepSpec(action: .validate(permission: "write"), repeats: 3, probability: 0.5)),
        ("login(wrong_password) x3", StepSpec(action: .loginWrongPassword, repeats: 3)),
    ])
    func accepts(text: String, expected: StepSpec) throws {
        #expect(try StepGrammar.parse(text, permissions: ["read", "write"]) == expected)
    }

    @Test(arguments: [
        "logn", "validate(admin)", "login(bad)", "register(x)", "validate x 0", "validate x", "logout 0%",
        "logout 120%", "validate 50% x 3", "validate twice", "",
    ])
    func rejects(text: String) {
        #expect(stepError(text) != nil)
    }

    @Test func unknownStepSuggestsNearest() throws {
        let error = try #require(stepError("valdate x 3"))
        #expect(error.problem == "unknown step 'valdate'")
        #expect(error.suggestion == "validate")
        #expect(stepError("validate(wrte)")?.suggestion == "write")
    }
}

@Suite struct SLOGrammarTests {
    @Test(arguments: [
        ("login.p99 < 250ms", "login.p99", Comparator.lessThan, 250.0),
        ("validate.p999 <= 1s", "validate.p999", .lessOrEqual, 1000),
        ("store.query.wait.p99 < 500us", "store.query.wait.p99", .lessThan, 0.5),
        ("errors.rate < 0.1%", "errors.rate", .lessThan, 0.001),
        ("cache.hit_ratio >= 0.9", "cache.hit_ratio", .greaterOrEqual, 0.9),
        ("violations == 0", "violations", .equal, 0),
        ("throughput > 1500", "throughput", .greaterThan, 1500),
        ("pool.store.max_queue<10", "pool.store.max_queue", .lessThan, 10),
        ("change_permissions.error_rate < 1%", "change_permissions.error_rate", .lessThan, 0.01),
    ])
    func accepts(text: String, metric: String, comparator: Comparator, threshold: Double) throws {
        let slo = try SLOGrammar.parse(text, line: 7)
        #expect(slo.metric == metric && slo.comparator == comparator && slo.line == 7)
        #expect(abs(slo.threshold - threshold) < 1e-12)
    }

    @Test(arguments: [
        "login.p99 < 250", "errors.rate < 3ms", "violations == 0%", "login.p99 = 3ms", "login.p99 != 3ms",
        "login.p99", "< 3ms", "login.p99 <", "errors.rate < 150%", "login.p95 < 3ms",
    ])
    func rejects(text: String) {
        #expect(sloError(text) != nil)
    }

    @Test func unknownMetricIsALoadErrorWithSuggestion() throws {
        let error = try #require(sloError("errors.rat < 1%"))
        #expect(error.code == .unknownMetric)
        #expect(error.suggestion == "errors.rate")
    }
}

@Suite struct SuggestionTests {
    @Test func suggestsOnlyCloseNames() {
        #expect(nearest(to: "sloz", among: ScenarioLoader.topLevelKeys) == "slos")
        #expect(nearest(to: "duraton", among: ScenarioLoader.topLevelKeys) == "duration")
        #expect(nearest(to: "sysetm", among: ScenarioLoader.topLevelKeys) == "system")
        #expect(nearest(to: "banana", among: ScenarioLoader.topLevelKeys) == nil)
        #expect(nearest(to: "", among: ScenarioLoader.topLevelKeys) == nil)
    }

    /// Two edits are a plausible typo of a four-letter key when the typed word is long enough
    /// to hold them (`nameex`), not when they rewrite half of it (`rate` is not `name`).
    @Test func allowedDistanceGrowsWithTheWords() {
        #expect(nearest(to: "nameex", among: ScenarioLoader.topLevelKeys) == "name")
        #expect(nearest(to: "namee", among: ScenarioLoader.topLevelKeys) == "name")
        #expect(nearest(to: "rate", among: ["name"]) == nil)
        #expect(nearest(to: "sede", among: ScenarioLoader.topLevelKeys) == "seed")
        #expect(nearest(to: "window", among: ["for", "at"]) == nil)
        #expect(nearest(to: "fro", among: ["for", "at"]) == "for")
        #expect(nearest(to: "recovery_windwo", among: ScenarioLoader.topLevelKeys) == "recovery_window")
        #expect(nearest(to: "xyzzy", among: ScenarioLoader.topLevelKeys) == nil)
    }

    @Test func tiesGoToTheFirstListed() {
        #expect(nearest(to: "ab", among: ["ax", "ay"]) == "ax")
        #expect(nearest(to: "ab", among: ["ay", "ax"]) == "ay")
    }
}

@Suite struct ParenthesisMaskTests {
    @Test func callsStandUnquotedAndQuoted() throws {
        let yaml = minimal(appending: """
            description: Login storm (phase: 1, 2) with a colon
            system:
              store: { pool: 4, latency: lognormal(median: 3ms, p99: 30ms) }
              cache: { latency: "uniform(1ms, 2ms)" }
            """)
        let spec = try ScenarioLoader.load(yaml: yaml, path: "mask.yaml")
        #expect(spec.description == "Login storm (phase: 1, 2) with a colon")
        #expect(spec.system.store.latency == .lognormal(median: .milliseconds(3), p99: .milliseconds(30)))
        #expect(spec.system.cache.latency == .uniform(low: .milliseconds(1), high: .milliseconds(2)))
    }

    @Test func maskKeepsEveryColumn() {
        let text = "a: { b: f(x: 1, y: 2), c: 'g(h, i)' }\nnext: (unclosed, line\nlast: 1, 2"
        let masked = ParenthesisMask.mask(text)
        #expect(masked.unicodeScalars.count == text.unicodeScalars.count)
        #expect(ParenthesisMask.unmask(masked) == text)
        #expect(masked.hasSuffix("last: 1, 2"), "parentheses do not carry over to the next line")
    }
}
