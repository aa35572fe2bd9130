import Foundation
import StampedeResult
import Testing

/// The names a result speaks, each list defined once in the leaf.
@Suite struct VocabularyTests {
    @Test func namesAreTheWireNamesInTheirListedOrder() {
        #expect(OperationKind.allCases.map(\.name) == ["register", "login", "validate", "refresh", "logout", "change_password",
                                                       "change_permissions", "otp_issue", "otp_verify"])
        #expect(BackendCallKind.allCases.map(\.name) == ["cache.get", "cache.set", "cache.delete", "cache.incr", "store.query",
                                                         "store.write"])
        #expect(BackendCallKind.allCases.filter(\.isCacheCall).count == 4)
        #expect(DataClassKind.allCases.map(\.name) == ["profiles", "sessions", "permissions", "otp", "counters"])
        #expect(PoolKind.allCases.map(\.name) == ["store", "cache", "cores"])
        #expect(ResilienceSourceKind.allCases.map(\.name) == ["cache", "store", "service"])
        #expect(ResilienceSignalKind.allCases.map(\.name) == ["timeouts", "retries", "short_circuited", "breaker_opened",
                                                              "breaker_half_opened", "breaker_closed", "shed", "fallbacks",
                                                              "local_limiter"])
        #expect(EventKind.allCases.map(\.rawValue) == ["fault", "security", "alert", "breaker"])
        #expect(InvariantKind.allCases.count == 12 && InvariantKind.lockoutExceeded.rawValue == "lockout_exceeded" && InvariantKind.afterLogout.rawValue == "authorized_after_logout")
    }

    /// The simulator keeps per-case counters in arrays indexed by the raw value.
    @Test func rawValuesArePositions() {
        func positional<T: ResultVocabulary>(_: T.Type) -> Bool {
            T.allCases.enumerated().allSatisfy { $0.offset == $0.element.rawValue && T(name: $0.element.name) == $0.element }
        }
        #expect(positional(OperationKind.self) && positional(BackendCallKind.self) && positional(DataClassKind.self))
        #expect(positional(ResilienceSourceKind.self) && positional(ResilienceSignalKind.self))
        #expect(OperationKind(name: "login_") == nil)
    }

    @Test func verdictsSayTheirWordsAndExitCodes() {
        #expect(Verdict.allCases.map(\.words) == ["PASS", "SLO FAILED", "REGRESSED", "VIOLATED"])
        #expect(Verdict.allCases.map(\.exitCode) == [0, 1, 1, 3])
        #expect(Verdict.sloFailed.rawValue == "slo_failed")
    }

    @Test func keysAndValuesAreWrittenByName() throws {
        struct Sample: Codable, Equatable {
            var operations: [OperationKind: Int]
            var critical: [DataClassKind]
            var signals: [ResilienceSignalKind: Int]
        }
        let sample = Sample(operations: [.changePassword: 2, .login: 1], critical: [.sessions], signals: [.retry: 3])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(sample), as: UTF8.self)
        #expect(json == #"{"critical":["sessions"],"operations":{"change_password":2,"login":1},"signals":{"retries":3}}"#)
        #expect(try JSONDecoder().decode(Sample.self, from: Data(json.utf8)) == sample)
    }

    @Test func anUnknownNameIsADecodingErrorThatListsTheKnownOnes() {
        do {
            _ = try JSONDecoder().decode([DataClassKind].self, from: Data(#"["sesions"]"#.utf8))
            Issue.record("decoded an unknown data class")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription == "unknown name 'sesions' (known: profiles, sessions, permissions, otp, counters)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
