import Foundation
import StampedeKernel
@testable import StampedeLanguage
import StampedeResult
@testable import StampedeRunner
import Testing

/// Runs with the caching features on: results, warnings, crashes, warming, determinism.
@Suite struct CachingRunTests {
    static let yaml = """
        name: caching-run
        seed: 3
        duration: 20s
        users: { count: 1000, preregistered: 100%, popularity: zipf(1.1) }
        system:
          cache:
            warm: top-users(200)
            persistence: { snapshot_every: 5s, fsync: everysec }
            sessions: { strategy: write-behind, critical: true, flush_interval: 500ms }
          otp: { required_for: 50% }
        traffic:
          think_time: exponential(mean: 200ms)
          phases:
            - { name: steady, for: 20s, rate: 40/s }
          journeys:
            user: { steps: [login, otp, validate x 5, logout, replay_after_logout] }
        events:
          - { at: 12s, for: 1s, fault: cache-crash }
        """

    func run(_ yaml: String = yaml, seed: UInt64 = 3) throws -> RunResult {
        Runner.run(try ScenarioLoader.load(yaml: yaml, path: "caching-run.yaml"), options: RunOptions(seed: seed))
    }

    @Test func theResultReportsStrategiesQueuesCrashesAndWarnings() throws {
        let r = try run()
        let c = try #require(r.caching)
        #expect(c.warnings.count == 1 && c.warnings[0].hasPrefix("sessions is write-behind"))
        let sessions = try #require(c.classes[.sessions])
        #expect(sessions.strategy == "write-behind" && sessions.critical)
        let queue = try #require(sessions.writeBehind)
        #expect(queue.enqueued > 0 && queue.flushed > 0 && queue.flushLagMaxMs <= 600)
        #expect(queue.enqueued == queue.flushed + queue.lost + queue.unflushedAtEnd)
        #expect(c.classes[.profiles]?.writeBehind == nil)
        let crash = try #require(c.persistence.crashes.first)
        #expect(crash.atS == 12 && crash.restartedAtS == 13 && (crash.recoveredAtS ?? 0) > 13)
        #expect(crash.fromSnapshot && crash.keysRecovered > 0)
        #expect(c.persistence.snapshots >= 2 && c.persistence.critical == [.sessions])
        #expect(c.keysWarmed >= 400)
        #expect((r.operations[.otpIssue]?.count ?? 0) > 0 && (r.operations[.otpVerify]?.count ?? 0) > 0)
        #expect(MetricCatalog.value(of: "cache.sessions.hit_ratio", in: r) == sessions.hitRatio)
        #expect(MetricCatalog.value(of: "write_behind.lost", in: r) == Double(queue.lost))
    }

    @Test func theSameSeedGivesTheSameCachingResult() throws {
        #expect(try deterministicJSON(run()) == deterministicJSON(run()))
        #expect(try deterministicJSON(run()) != deterministicJSON(run(seed: 4)))
    }

    @Test func aWarmStartTakesLoadOffTheStore() throws {
        let cold = try run(Self.yaml.replacingOccurrences(of: "warm: top-users(200)", with: "warm: none"))
        let warm = try run()
        let coldReads = try #require(cold.caching?.classes[.profiles]?.storeReads)
        let warmReads = try #require(warm.caching?.classes[.profiles]?.storeReads)
        #expect(warmReads < coldReads)
        #expect((warm.caching?.classes[.profiles]?.hitRatio ?? 0) > (cold.caching?.classes[.profiles]?.hitRatio ?? 1))
    }

    @Test func resultsWithoutCachingStillDecode() throws {
        var r = try run()
        r.caching = nil
        let data = try JSONEncoder().encode(r)
        #expect(!String(decoding: data, as: UTF8.self).contains("\"caching\""))
        #expect(try JSONDecoder().decode(RunResult.self, from: data).caching == nil)
    }
}
