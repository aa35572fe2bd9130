import Foundation
@testable import StampedeLanguage
@testable import StampedeRunner
import Testing

/// Each malformed scenario must fail with its own specific error: the code, the line, the
/// key path, and the suggestion where a name was misspelt.
@Suite struct MalformedScenarioTests {
    @Test func unknownTopLevelKeySuggestsNearest() throws {
        let error = try #require(loadError(minimal(appending: "sloz:\n  - violations == 0")))
        #expect(error.code == .unknownKey)
        #expect(error.line == 8 && error.column == 1)
        #expect(error.keyPath == "sloz")
        #expect(error.suggestion == "slos")
        #expect(error.summary == "scenarios/bad.yaml:8:1: error: unknown key 'sloz' at top level; expected one of name, "
            + "description, seed, duration, window, users, system, traffic, events, slos, regression, recovery_window. Did you mean 'slos'?")
    }

    @Test func unknownNestedKeySuggestsNearest() throws {
        let error = try #require(loadError(minimal(appending: "system:\n  store: { pool: 4, latncy: 3ms }")))
        #expect(error.code == .unknownKey)
        #expect(error.line == 9 && error.column == 21)
        #expect(error.keyPath == "system.store.latncy")
        #expect(error.suggestion == "latency")
        #expect(error.message.contains("unknown key 'latncy' at system.store"))
    }

    @Test func bareNumberDuration() throws {
        let yaml = minimalScenario.replacingOccurrences(of: "duration: 10m", with: "duration: 600")
        let error = try #require(loadError(yaml))
        #expect(error.code == .invalidValue)
        #expect(error.line == 2 && error.keyPath == "duration")
        #expect(error.message.contains("a duration needs a unit"))
        #expect(error.found == "'600'")
        #expect(error.more.isEmpty, "the phases check is skipped when the duration is unreadable: \(error)")
    }

    @Test func negativePool() throws {
        let error = try #require(loadError(minimal(appending: "system:\n  store:\n    pool: -3")))
        #expect(error.code == .invalidValue)
        #expect(error.line == 10 && error.keyPath == "system.store.pool")
        #expect(error.expected == "a whole number ≥ 1" && error.found == "-3")
    }

    @Test func lognormalP99BelowMedian() throws {
        let error = try #require(loadError(minimal(appending: """
            system:
              cache:
                latency: lognormal(median: 30ms, p99: 3ms)
            """)))
        #expect(error.line == 10 && error.column == 14)
        #expect(error.keyPath == "system.cache.latency")
        #expect(error.message == "invalid distribution at system.cache.latency: lognormal p99 must be ≥ median, found median 30ms and p99 3ms")
    }

    @Test func unknownStepSuggestsNearest() throws {
        let yaml = minimalScenario.replacingOccurrences(of: "[login, validate x 3", with: "[login, valdate x 3")
        let error = try #require(loadError(yaml))
        #expect(error.line == 7)
        #expect(error.keyPath == "traffic.journeys.returning.steps[1]")
        #expect(error.message.contains("unknown step 'valdate'"))
        #expect(error.suggestion == "validate")
    }

    @Test func validatedPermissionMustBeListed() throws {
        let yaml = minimalScenario.replacingOccurrences(of: "validate x 3", with: "validate(admin) x 3")
        let error = try #require(loadError("users: { permissions: [read, write] }\n" + yaml))
        #expect(error.line == 8 && error.keyPath == "traffic.journeys.returning.steps[1]")
        #expect(error.message.contains("unknown permission 'admin'"))
        #expect(error.expected?.contains("(read, write)") == true)
    }

    @Test func zeroWeight() throws {
        let yaml = minimalScenario.replacingOccurrences(of: "weight: 100%", with: "weight: 0%")
        let error = try #require(loadError(yaml))
        #expect(error.line == 7 && error.keyPath == "traffic.journeys.returning.weight")
        #expect(error.message.contains("weight must be above zero"))
    }

    @Test func eventAfterTheEnd() throws {
        let error = try #require(loadError(minimal(appending: "events:\n  - { at: 11m, security: password-change, users: 1% }")))
        #expect(error.code == .inconsistent)
        #expect(error.line == 9 && error.keyPath == "events[0].at")
        #expect(error.message.contains("event at 11m is after the end of the run"))
        #expect(error.expected == "a time before the duration, 10m")
    }

    @Test func faultWindowPastTheEnd() throws {
        let error = try #require(loadError(minimal(appending: "events:\n  - { at: 9m, for: 2m, fault: cache-down }")))
        #expect(error.code == .inconsistent && error.keyPath == "events[0].for")
        #expect(error.message.contains("fault window 9m–11m ends after the end of the run"))
    }

    @Test func sloUnknownMetricSuggestsNearest() throws {
        let error = try #require(loadError(minimal(appending: "slos:\n  - violations == 0\n  - login.p99 < 250ms\n  - validate.p98 < 10ms")))
        #expect(error.code == .unknownMetric)
        #expect(error.line == 11 && error.keyPath == "slos[2]")
        #expect(error.suggestion == "validate.p90")
    }

    @Test func sloWrongUnit() throws {
        let error = try #require(loadError(minimal(appending: "slos:\n  - login.p99 < 250")))
        #expect(error.code == .invalidValue && error.line == 9 && error.keyPath == "slos[0]")
        #expect(error.message.contains("wrong unit in SLO at slos[0]: login.p99 is a latency"))
        let ratio = try #require(loadError(minimal(appending: "slos:\n  - errors.rate < 5ms")))
        #expect(ratio.message.contains("errors.rate is a ratio"))
    }

    @Test func phasesMustAddUpToDuration() throws {
        let yaml = minimalScenario.replacingOccurrences(of: "- { name: steady, for: 10m, rate: 100/s }",
                                                        with: "- { for: 4m, rate: 100/s }\n    - { for: 5m, rate: 200/s }")
        let error = try #require(loadError(yaml))
        #expect(error.code == .inconsistent && error.line == 5 && error.keyPath == "traffic.phases")
        #expect(error.message == "phases add up to 9m but the duration is 10m at traffic.phases; "
            + "expected phase lengths that add up to 10m, found 4m + 5m = 9m")
    }

    @Test func yamlSyntaxError() throws {
        let error = try #require(loadError("name: x\nduration: 10m\nusers: { count: 10\ntraffic: {}\n"))
        #expect(error.code == .syntax)
        #expect(error.line == 4)
        #expect(error.message.hasPrefix("invalid YAML"))
    }

    @Test func missingFile() throws {
        let error = try #require(fileLoadError("scenarios/does-not-exist.yaml"))
        #expect(error.code == .unreadableFile && error.line == nil)
        #expect(error.summary == "scenarios/does-not-exist.yaml: error: scenario file not found; expected a YAML file, "
            + "found no file at 'scenarios/does-not-exist.yaml'")
    }

    @Test func missingName() throws {
        let yaml = minimalScenario.replacingOccurrences(of: "name: minimal\n", with: "")
        let error = try #require(loadError(yaml))
        #expect(error.code == .missingKey && error.line == 1 && error.keyPath == "name")
        #expect(error.message.contains("missing key 'name' at top level"))
    }

    @Test func badNameCharacters() throws {
        let yaml = minimalScenario.replacingOccurrences(of: "name: minimal", with: "name: Login Storm")
        let error = try #require(loadError(yaml))
        #expect(error.line == 1 && error.column == 7 && error.keyPath == "name")
    }

    @Test func eventNeedsExactlyOneKind() throws {
        let error = try #require(loadError(minimal(appending: "events:\n  - { at: 1m, for: 1m, fault: cache-down, security: password-change }")))
        #expect(error.line == 9 && error.keyPath == "events[0]")
        #expect(error.message.contains("exactly one of 'fault' and 'security'"))
    }

    @Test func revokedPermissionMustExist() throws {
        let error = try #require(loadError(minimal(appending:
            "events:\n  - { at: 1m, security: permission-revoke, permission: wrte, users: 5% }")))
        #expect(error.keyPath == "events[0].permission" && error.suggestion == "write")
    }

    @Test func unknownFaultSuggestsNearest() throws {
        let error = try #require(loadError(minimal(appending: "events:\n  - { at: 1m, for: 1m, fault: cache-dwn }")))
        #expect(error.keyPath == "events[0].fault" && error.suggestion == "cache-down")
    }

    @Test func mappingWhereListExpected() throws {
        let error = try #require(loadError(minimal(appending: "slos: { login: fast }")))
        #expect(error.code == .wrongType && error.keyPath == "slos" && error.found == "a mapping")
    }

    @Test func duplicateKey() throws {
        let error = try #require(loadError(minimal(appending: "name: again")))
        #expect(error.code == .syntax && error.message.contains("duplicate key 'name'"))
    }

    @Test func everyErrorIsReportedInFileOrder() throws {
        let yaml = """
            name: many-problems
            duration: 10m
            users: { count: 0 }
            traffic:
              phases: [{ for: 10m, rate: 100/s }]
              journeys:
                a: { weight: 1, steps: [logn] }
            slos: [login.p99 < 1]
            """
        let error = try #require(loadError(yaml))
        #expect(error.all.map(\.line) == [3, 7, 8])
        #expect(error.all.map(\.keyPath) == ["users.count", "traffic.journeys.a.steps[0]", "slos[0]"])
        #expect(error.description.split(separator: "\n").count == 3)
    }
}
