import Foundation
@testable import StampedeLanguage
@testable import StampedeRunner
import Testing

/// Messages for mistakes that used to be reported badly: each names the line and says what
/// is wrong in plain words.
@Suite struct LoaderMessageTests {
    @Test func aShortKeyMisspeltTwiceGetsASuggestion() throws {
        let yaml = minimalScenario.replacingOccurrences(of: "name: minimal", with: "nameex: minimal")
        let error = try #require(loadError(yaml))
        let unknown = try #require(error.all.first { $0.code == .unknownKey })
        #expect(unknown.line == 1 && unknown.suggestion == "name", "\(error)")
    }

    @Test(arguments: [("=<", "<="), ("=>", ">="), ("=", "=="), ("<<", "<")])
    func aWrongComparisonIsShownWhole(op: String, meant: String) throws {
        let error = try #require(loadError(minimal(appending: "slos:\n  - login.p99 \(op) 250ms")))
        #expect(error.line == 9)
        #expect(error.message.contains("unknown comparison '\(op)'"), "\(error)")
        #expect(error.suggestion == meant)
    }

    @Test func aRecoveryComparisonIsShownWhole() throws {
        let error = try #require(loadError(minimal(appending: """
            events:
              - { at: 1m, for: 10s, fault: cache-down }
            slos:
              - login.p99 < 1s
              - recovery(cache-down) =< 30s
            """)))
        #expect(error.line == 12 && error.message.contains("unknown comparison '=<'"), "\(error)")
        #expect(error.suggestion == "<=")
    }

    @Test func anInvalidNameReadsAsEnglish() throws {
        let error = try #require(loadError(minimalScenario.replacingOccurrences(of: "name: minimal", with: "name: Login Storm")))
        #expect(error.message.hasPrefix("invalid scenario name at name;"), "\(error)")
        #expect(error.expected == "a scenario name made of a-z, 0-9, '-' and '_'")
        let event = try #require(loadError(minimal(appending: "events:\n  - { at: 1m, for: 1s, fault: cache-down, name: X }")))
        #expect(event.message.hasPrefix("invalid fault name at events[0].name;"), "\(event)")
        #expect(event.expected?.hasPrefix("a fault name") == true)
    }

    @Test func aLongNameIsRefused() throws {
        let long = String(repeating: "a", count: ScenarioLimits.nameLength.value + 1)
        let error = try #require(loadError(minimalScenario.replacingOccurrences(of: "name: minimal", with: "name: \(long)")))
        #expect(error.line == 1 && error.message.contains("scenario name too long"), "\(error)")
        let journey = try #require(loadError(minimalScenario.replacingOccurrences(of: "returning:", with: "\(long):")))
        #expect(journey.line == 7 && journey.message.contains("journey name too long"), "\(journey)")
    }

    @Test(arguments: ["1e308ms", "2.5E3s", "1e-3s"])
    func exponentNotationIsNamed(duration: String) throws {
        let error = try #require(loadError(minimal(appending: "slos:\n  - login.p99 < \(duration)")))
        #expect(error.line == 9 && error.message.contains("exponent notation"), "\(error)")
        #expect(!error.message.contains("unknown unit"))
    }

    @Test func exponentNotationInCountsAndRates() throws {
        let count = try #require(loadError(minimal(appending: "users: { count: 1e9 }")))
        #expect(count.line == 8 && count.message.contains("exponent notation"), "\(count)")
        let rate = try #require(loadError(minimalScenario.replacingOccurrences(of: "rate: 100/s", with: "rate: 1e9/s")))
        #expect(rate.line == 5 && rate.message.contains("exponent notation"), "\(rate)")
    }

    @Test func daysAndExponentsInOtherPlacesAreExplained() throws {
        let days = try #require(loadError(minimalScenario.replacingOccurrences(of: "duration: 10m", with: "duration: 1000000d")))
        #expect(days.line == 2 && days.message.contains("days are written in hours"), "\(days)")
        let count = try #require(loadError(minimal(appending: "slos:\n  - login.count > 1e308")))
        #expect(count.line == 9 && count.message.contains("exponent notation"), "\(count)")
    }

    @Test func aNumberTooLargeForAnIntegerSaysSo() throws {
        let error = try #require(loadError(minimal(appending: "users: { count: 99999999999999999999 }")))
        #expect(error.line == 8 && error.message.contains("number out of range"), "\(error)")
    }
}
