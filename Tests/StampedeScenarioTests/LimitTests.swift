import Foundation
@testable import StampedeLanguage
@testable import StampedeRunner
import Testing

/// Values that `validate` used to accept and `run` could not do (an allocation abort, gigabytes,
/// minutes of real hashing) are refused at load time, at their line, naming the limit.
@Suite struct LimitTests {
    /// Each case: text appended to the minimal scenario (from line 8), the line the error
    /// must name, and words it must contain.
    static let refused: [(yaml: String, line: Int, words: [String])] = [
        ("users: { count: 1000000000 }", 8, ["value too large", "at most 5,000,000", "450 bytes"]),
        ("users: { count: 9223372036854775807 }", 8, ["at most 5,000,000"]),
        ("users: { popularity: zipf(1000) }", 8, ["at most 10"]),
        ("system:\n  service: { cores: 1000000 }", 9, ["at most 10,000"]),
        ("system:\n  store: { pool: 20000 }", 9, ["at most 10,000"]),
        ("system:\n  cache: { pool: 20000 }", 9, ["at most 10,000"]),
        ("system:\n  service: { password_hash: { simulated_iterations: 1000000000 } }", 9, ["at most 1,000", "real hashing"]),
        ("system:\n  service: { password_hash: { iterations: 9223372036854775807 } }", 9, ["at most 100,000,000"]),
        ("system:\n  cache: { maxmemory: 99999999999gb }", 9, ["size too large"]),
        ("system:\n  cache: { maxmemory_samples: 1000000000 }", 9, ["at most 64"]),
        ("system:\n  cache: { persistence: { snapshot_every: 1ns } }", 9, ["snapshots too often", "600,000,000,000 times"]),
        ("system:\n  cache: { profiles: { flush_interval: 1ns } }", 9, ["write-behind flushes too often"]),
        ("system:\n  resilience: { store: { retry: { max_attempts: 1000000000 } } }", 9, ["at most 100"]),
        ("system:\n  resilience: { store: { retry: { multiplier: 1000000 } } }", 9, ["at most 1000"]),
        ("system:\n  resilience: { store: { breaker: { window: 1000000000 } } }", 9, ["at most 1,000,000"]),
        ("events:\n  - { at: 1m, for: 1s, fault: hash-spike, factor: 100000 }", 9, ["at most 1000"]),
        ("events:\n  - { at: 1m, for: 1s, fault: pool-exhaustion, target: store, connections: 100000 }", 9, ["at most 10,000"]),
        ("events:\n  - { at: 0s, for: 1ns, every: 2ns, fault: latency, latency: 1ms }", 9, ["300,000,000,000 times", "10,000"]),
        ("window: 1ns", 8, ["window too narrow", "600,000,000,000 windows", "at least 10ms"]),
        ("system:\n  cache: { latency: 'empirical(\(points(1_001)))' }", 9, ["too many points"]),
    ]

    static func points(_ n: Int) -> String {
        (0..<n).map { "p\(Double($0) / Double(n) * 100): \($0 + 1)us" }.joined(separator: ", ")
    }

    @Test(arguments: refused.indices)
    func anExtremeValueIsRefusedAtItsLine(index: Int) throws {
        let (yaml, line, words) = Self.refused[index]
        let error = try #require(loadError(minimal(appending: yaml)), "\(yaml) loads")
        #expect(error.line == line, "\(error)")
        for word in words { #expect(error.description.contains(word), "'\(word)' missing: \(error)") }
    }

    @Test func aRunLongerThanAWeekIsRefused() throws {
        let yaml = minimalScenario.replacingOccurrences(of: "duration: 10m", with: "duration: 169h")
            .replacingOccurrences(of: "for: 10m", with: "for: 169h")
        let error = try #require(loadError(yaml))
        #expect(error.line == 2 && error.message.contains("run too long"), "\(error)")
    }

    @Test func aHugeRateIsRefusedWithTheEstimate() throws {
        let yaml = minimalScenario.replacingOccurrences(of: "rate: 100/s", with: "rate: 1000000000/s")
        let error = try #require(loadError(yaml))
        #expect(error.line == 5, "\(error)")
        #expect(error.message.contains("about 3 × 10^12 requests"), "\(error)")
        #expect(error.message.contains("600,000,000,000 journeys"), "\(error)")
        #expect(error.message.contains("at most 100,000,000 requests"), "\(error)")
    }

    @Test func manyRepeatsAreCountedInTheEstimate() throws {
        let yaml = minimalScenario.replacingOccurrences(of: "validate x 3", with: "validate x 1000000000")
        let error = try #require(loadError(yaml))
        #expect(error.message.contains("traffic too heavy"), "\(error)")
        let logins = minimalScenario.replacingOccurrences(of: "validate x 3", with: "login x 100")
        let sessions = try #require(loadError(logins))
        #expect(sessions.message.contains("sessions") && sessions.message.contains("at most 5,000,000"), "\(sessions)")
    }

    @Test func theShippedScenariosAreWellInsideTheLimits() throws {
        let spec = try ScenarioLoader.load(path: packageRoot.appendingPathComponent("scenarios/reference.yaml").path)
        let journeys = ScenarioLoader.journeyEstimate(spec.traffic.phases).reduce(0, +)
        let (requests, logins) = ScenarioLoader.perJourney(spec.traffic.journeys)
        #expect(journeys == 1_620_000)
        #expect(journeys * requests < Double(ScenarioLimits.requests.value) / 2)
        #expect(journeys * logins < Double(ScenarioLimits.sessions.value) / 2)
    }

    @Test func aLongRunWithTheDefaultWindowGetsWiderWindowsAndANotice() throws {
        let yaml = minimalScenario.replacingOccurrences(of: "duration: 10m", with: "duration: 48h")
            .replacingOccurrences(of: "for: 10m", with: "for: 48h").replacingOccurrences(of: "100/s", with: "1/s")
        let spec = try ScenarioLoader.load(yaml: yaml, path: "long.yaml")
        #expect(spec.window == .seconds(2))
        #expect(spec.notices.count == 1)
        #expect(spec.notices.first?.description.hasPrefix("long.yaml:2:11: note: a 48h run has 172,800 windows") == true,
                "\(spec.notices)")
        let short = try ScenarioLoader.load(yaml: minimalScenario, path: "short.yaml")
        #expect(short.window == .seconds(1) && short.notices.isEmpty)
    }

    @Test func tooManyItemsInAListAreRefused() throws {
        let slos = String(repeating: "  - violations == 0\n", count: ScenarioLimits.slos.value + 1)
        let error = try #require(loadError(minimal(appending: "slos:\n" + slos)))
        #expect(error.line == 9 && error.message.contains("too many SLOs"), "\(error)")
        let events = (0...ScenarioLimits.events.value).map { "  - { at: \($0)ms, security: logout-everywhere, users: 1 }" }
        let eventError = try #require(loadError(minimal(appending: "events:\n" + events.joined(separator: "\n"))))
        #expect(eventError.line == 9 && eventError.message.contains("too many events"), "\(eventError)")
    }

    @Test func tooManyMeasuredStretchesAreRefusedAtTheOneOverTheLimit() throws {
        let n = ScenarioLimits.measuredStretches.value
        let events = (0..<n).map { "  - { at: \($0)ms, for: 1ms, fault: latency, latency: 1ms, name: f\($0) }" }
        let slos = ["  - during(f0): login.p99 < 1s", "  - after(f0): login.p99 < 1s"]
        let yaml = minimal(appending: "events:\n" + events.joined(separator: "\n") + "\nslos:\n" + slos.joined(separator: "\n"))
        let error = try #require(loadError(yaml))
        #expect(error.line == 9 + n + 2, "\(error)")
        #expect(error.message.contains("SLO scope after(f0) is number \(n + 1)"), "\(error)")
        let fits = minimal(appending: "events:\n" + events.joined(separator: "\n") + "\nslos:\n" + slos[0])
        #expect(loadError(fits) == nil, "during(f0) is the fault's own stretch")
    }

    @Test func aTinyStormRateDoesNotOverflow() throws {
        let error = try #require(loadError(minimal(appending:
            "events:\n  - { at: 1m, security: password-change, users: 100, rate: 0.000000000001/s }")))
        #expect(error.line == 9 && error.message.contains("after the end of the run"), "\(error)")
    }

    @Test func theREADMEListsEveryLimit() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("scenarios/README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Limits").dropFirst().first, "no Limits section")
        let rows = section.components(separatedBy: "\n").filter { $0.hasPrefix("|") }
        for (what, value) in ScenarioLimits.documented {
            #expect(rows.contains { $0.contains(what) && $0.contains(value) }, "scenarios/README.md, Limits: no row for \(what) = \(value)")
        }
    }
}
