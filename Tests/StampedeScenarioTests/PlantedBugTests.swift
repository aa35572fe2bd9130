import StampedeResult
import StampedeRunner
import StampedeTestSupport
import Testing

/// Mutation testing of the checker: each planted bug (a decorator of one part, never a switch
/// in production code) must be caught by its shipped scenario with exit 3 and its invariant
/// at every seed, and the unmodified system must pass the same scenario at the same seeds.
@Suite struct PlantedBugTests {
    static let seeds: [UInt64] = Array(1...10)

    /// A planted bug, the scenario that must catch it, and the invariant it breaks.
    struct Plant: Sendable, CustomTestStringConvertible {
        var name: String
        var scenario: String
        var invariant: InvariantKind
        var plant: @Sendable (inout RunOptions) -> Void
        var testDescription: String { name }
    }

    static let plants: [Plant] = [
        Plant(name: "session invalidations dropped", scenario: "attacks/sessions.yaml", invariant: .afterLogout) {
            $0.decorators.cache = { SessionInvalidationsDropped(wrapping: $0) }
        },
        Plant(name: "other sessions never revoked", scenario: "attacks/sessions.yaml", invariant: .afterPasswordChange) {
            $0.decorators.store = { OtherSessionsNeverRevoked(wrapping: $0) }
        },
        Plant(name: "permission invalidations dropped", scenario: "attacks/sessions.yaml", invariant: .revokedPermission) {
            $0.decorators.cache = { PermissionInvalidationsDropped(wrapping: $0) }
        },
        Plant(name: "spent refresh tokens honoured", scenario: "attacks/sessions.yaml", invariant: .refreshReuse) {
            $0.decorators.store = { SpentRefreshTokensHonoured(wrapping: $0) }
        },
        Plant(name: "touches stamped an hour ahead", scenario: "session-timeouts.yaml", invariant: .idleTimeout) {
            $0.decorators.store = { TouchesStampedAnHourAhead(wrapping: $0) }
        },
        Plant(name: "rotation re-stamps the issue time", scenario: "session-timeouts.yaml", invariant: .absoluteTimeout) {
            $0.decorators.store = { RotationRestampsIssue(wrapping: $0) }
        },
        Plant(name: "issue time read as last seen", scenario: "attacks/returning-sessions.yaml", invariant: .unknownSession) {
            $0.decorators.store = { IssueTimeReadAsLastSeen(wrapping: $0) }
        },
        Plant(name: "reconnect replays deleted entries", scenario: "attacks/cache-crash.yaml", invariant: .resurrected) {
            $0.decorators.cache = { ReconnectReplaysDeletedEntries(wrapping: $0) }
        },
        Plant(name: "spent codes accepted", scenario: "attacks/sessions.yaml", invariant: .otpAcceptedTwice) {
            $0.decorators.cache = SpentCodesAccepted.cache
            $0.decorators.store = SpentCodesAccepted.store
        },
        Plant(name: "code expiry ignored", scenario: "attacks/sessions.yaml", invariant: .otpAfterExpiry) {
            $0.decorators.cache = CodeExpiryIgnored.cache
            $0.decorators.store = CodeExpiryIgnored.store
        },
        Plant(name: "cached user records never replaced", scenario: "attacks/passwords.yaml", invariant: .loginWithReplacedPassword) {
            $0.decorators.cache = { CachedUserRecordsNeverReplaced(wrapping: $0) }
        },
        Plant(name: "failed checks never counted", scenario: "attacks/passwords.yaml", invariant: .lockoutExceeded) {
            $0.decorators.lockout = { FailedChecksNeverCounted(wrapping: $0) }
        },
    ]

    @Test(arguments: plants)
    func thePlantedBugIsCaughtAtEverySeed(_ plant: Plant) throws {
        let spec = try loadShipped(plant.scenario)
        for seed in Self.seeds {
            var options = RunOptions(seed: seed)
            plant.plant(&options)
            let r = Runner.run(spec, options: options)
            #expect((r.violations.byInvariant[plant.invariant] ?? 0) > 0, "seed \(seed): \(plant.name) not caught")
            #expect(r.exitCode == 3, "seed \(seed)")
            let first = r.violations.items.first { $0.invariant == plant.invariant }
            #expect(first.map { !$0.witness.isEmpty } == true, "seed \(seed): a violation with its witness")
        }
    }

    @Test(arguments: Set(plants.map(\.scenario)).sorted())
    func theUnmodifiedSystemPassesAtTheSameSeeds(_ scenario: String) throws {
        let spec = try loadShipped(scenario)
        for seed in Self.seeds {
            let r = Runner.run(spec, options: RunOptions(seed: seed))
            #expect(r.violations.count == 0, "seed \(seed): \(r.violations.items.first?.message ?? "")")
            #expect(r.exitCode == 0, "seed \(seed): \(r.slos.filter { !$0.passed }.map(\.expression))")
        }
    }
}
