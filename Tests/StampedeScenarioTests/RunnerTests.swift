import Foundation
import StampedeAnalysis
import StampedeKernel
@testable import StampedeLanguage
import StampedeResult
@testable import StampedeRunner
import StampedeTestSupport
import StampedeWorkload
import Testing

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func loadShipped(_ name: String) throws -> ScenarioSpec {
    try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/\(name)").path)
}

/// The result as JSON without its `meta` object: the part that must be deterministic.
func deterministicJSON(_ r: RunResult) throws -> Data {
    var copy = r
    copy.meta = Meta(startedAt: "", wallSeconds: 0, simRequestsPerSecond: 0, speedup: 0, version: "", host: "", clock: "",
                     interrupted: false, reproduce: "", peakMemoryMB: 0)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(copy)
}

@Test func sameScenarioAndSeedGiveIdenticalResults() throws {
    let spec = try loadShipped("smoke.yaml")
    let a = Runner.run(spec, options: RunOptions(seed: 11))
    let b = Runner.run(spec, options: RunOptions(seed: 11))
    #expect(try deterministicJSON(a) == deterministicJSON(b))
    #expect(a.simulated.requests > 5_000)
    let c = Runner.run(spec, options: RunOptions(seed: 12))
    #expect(try deterministicJSON(a) != deterministicJSON(c))
}

@Test func theSmokeScenarioHoldsItsInvariantsAndExercisesEveryOperation() throws {
    let r = Runner.run(try loadShipped("smoke.yaml"), options: RunOptions(seed: 3))
    #expect(r.violations.count == 0, "\(r.violations.items.first?.message ?? "")")
    for op in [OperationKind.register, .login, .validate, .refresh, .logout, .changePassword] {
        #expect((r.operations[op]?.count ?? 0) > 0, "no \(op.name) ran")
    }
    // The planted attacks were refused for the right reasons.
    #expect((r.outcomes["validate.denied.session_revoked"] ?? 0) > 0)
    #expect((r.outcomes["refresh.denied.refresh_reused"] ?? 0) > 0)
    #expect((r.outcomes["login.denied.invalid_credentials"] ?? 0) > 0)
    // The outage was felt: cache calls failed and reads fell back to the store.
    #expect(r.cache.failures > 0)
    #expect(r.cache.fallbacks > 0)
    #expect(r.verdict == .pass, "\(r.slos.filter { !$0.passed }.map(\.expression))")
    #expect(r.exitCode == 0)
}

@Test func theCheckerCatchesAPlantedInvalidationBug() throws {
    let spec = try loadShipped("smoke.yaml")
    var options = RunOptions(seed: 3)
    options.decorators.cache = { SessionInvalidationsDropped(wrapping: $0) }
    let r = Runner.run(spec, options: options)
    #expect((r.violations.byInvariant[.afterLogout] ?? 0) > 0)
    #expect(r.verdict == .violated)
    #expect(r.exitCode == 3)
    let first = try #require(r.violations.items.first { $0.invariant == .afterLogout })
    #expect(!first.witness.isEmpty)
    #expect(first.atS > first.eventAtS)
}

@Test func interruptingARunKeepsWhatWasMeasured() throws {
    let spec = try loadShipped("smoke.yaml")
    var options = RunOptions(seed: 3)
    let polls = Locked(0)
    options.shouldStop = { polls.withLock { $0 += 1; return $0 > 2 } }
    let r = Runner.run(spec, options: options)
    #expect(r.meta.interrupted)
    #expect(r.simulated.durationS < 30)
    #expect(r.simulated.requests > 0)
}

@Test func theSameSystemRunsOnTheWallClock() async throws {
    var spec = try loadShipped("smoke.yaml")
    spec.duration = .seconds(2)
    spec.traffic.phases = [PhaseSpec(name: "short", duration: .seconds(2), rate: .constant(perSecond: 40))]
    spec.traffic.thinkTime = .exponential(mean: .milliseconds(50))
    spec.events = []
    let r = try await Runner.runWallClock(spec, options: RunOptions(seed: 1))
    // A slow machine lags the schedule and finishes fewer steps before the end, so nothing here
    // depends on speed: the arrivals are the seeded schedule's, the same as in virtual time.
    let virtual = Runner.run(spec, options: RunOptions(seed: 1))
    #expect(r.meta.clock == "wall")
    #expect(virtual.simulated.journeys > 0)
    #expect(r.simulated.journeys == virtual.simulated.journeys)
    #expect(r.simulated.requests >= 1)
    #expect(r.violations.count == 0)
    #expect(r.simulated.durationS >= 2, "the generator sleeps on the wall clock until its last arrival")
}


@Test func aWallClockRunReportsItsGeneratorLagAndIsJudgedByItsBound() async throws {
    var spec = try loadShipped("smoke.yaml")
    spec.duration = .seconds(1)
    spec.window = .milliseconds(250)
    spec.traffic.phases = [PhaseSpec(name: "short", duration: .seconds(1), rate: .constant(perSecond: 40))]
    spec.traffic.thinkTime = .exponential(mean: .milliseconds(50))
    spec.events = []
    spec.slos = []
    let r = try await Runner.runWallClock(spec, options: RunOptions(seed: 1))
    let g = try #require(r.generator, "a wall-clock run says how well its generator kept the schedule")
    #expect(g.arrivals == r.simulated.journeys)
    #expect(g.windowMaxMs.count == r.timeline.startS.count)
    #expect(g.boundMs == 5)
    let judged = try #require(r.slos.first { $0.metric == "generator.lag_p99" }, "the default bound is judged")
    #expect(judged.passed == !g.behind)
    #expect(judged.value == g.lagMs.p99)

    // A bound no real generator can meet (no lag at all) fails the run, and says why.
    spec.slos = [SLOSpec(expression: "generator.lag_p99 < 0ms", metric: "generator.lag_p99", comparator: .lessThan, threshold: 0, line: 1)]
    let strict = try await Runner.runWallClock(spec, options: RunOptions(seed: 1))
    #expect(strict.generator?.boundMs == 0)
    #expect(strict.generator?.behind == true)
    #expect(strict.slos.count == 1 && strict.slos[0].passed == false)
    #expect(strict.verdict == .sloFailed && strict.exitCode == 1)

    // Virtual time keeps the schedule exactly: no generator section, no implicit SLO.
    spec.slos = []
    let virtual = Runner.run(spec, options: RunOptions(seed: 1))
    #expect(virtual.generator == nil)
    #expect(virtual.slos.isEmpty)
}
