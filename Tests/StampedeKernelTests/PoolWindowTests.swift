import Testing
@testable import StampedeKernel

/// Per-window pool load: exact integrals, split across window boundaries.
@Suite struct PoolWindowTests {
    /// One server, window 1 s: a 1.5 s call from 0 s, then a second call that waits 1.5 s
    /// for the server and holds it 1 s.
    @Test func utilizationAndQueueAreExactPerWindow() throws {
        let executor = VirtualExecutor()
        let clock = VirtualClock(executor: executor)
        let pool = ResourcePool(name: "p", capacity: 1, clock: clock, window: .seconds(1))
        let spawner = TaskSpawner(executor: executor)
        spawner.spawn { _ = await pool.use(for: .milliseconds(1_500)) }
        spawner.spawn { _ = await pool.use(for: .seconds(1)) }
        executor.run()
        let w = try #require(pool.windows())
        // busy from 0 to 2.5 s, when the run ends: every observed moment of windows 0 to 2.
        #expect(w.utilization(0) == 1 && w.utilization(1) == 1 && w.utilization(2) == 1)
        #expect(w.busy == [1_000_000_000, 1_000_000_000, 500_000_000] && w.capacity == w.busy)
        // the second call waits from 0 to 1.5 s: one waiter all of window 0, half of window 1.
        #expect(w.meanQueue(0) == 1 && w.meanQueue(1) == 0.5 && w.meanQueue(2) == 0)
        #expect(w.longestQueue(0) == 1 && w.longestQueue(1) == 1 && w.longestQueue(2) == 0)
        #expect(w.utilization(9) == 0 && w.meanQueue(9) == 0, "a window never reached reads as idle")
    }

    /// The per-window integrals add up to the whole-run statistics.
    @Test func windowsSumToTheRunTotals() throws {
        let executor = VirtualExecutor()
        let clock = VirtualClock(executor: executor)
        let pool = ResourcePool(name: "p", capacity: 3, clock: clock, window: .milliseconds(250))
        let spawner = TaskSpawner(executor: executor)
        spawner.spawn {
            var rng = Xoshiro256(seed: 9)
            for _ in 0..<400 {
                try? await clock.sleep(for: Distribution.exponential(mean: .milliseconds(4)).sample(&rng))
                let s = Distribution.exponential(mean: .milliseconds(10)).sample(&rng)
                spawner.spawn { _ = await pool.use(for: s) }
            }
        }
        executor.run()
        let w = try #require(pool.windows())
        let stats = pool.statistics()
        let busy = w.busy.reduce(0, +), capacity = w.capacity.reduce(0, +)
        #expect(abs(Double(busy) / Double(capacity) - stats.utilization) < 1e-12)
        #expect(w.maxQueue.max() == stats.maxQueue)
        #expect(w.maxQueue.max() ?? 0 > 0, "the load makes calls wait")
    }

    @Test func poolsWithoutAWindowKeepNone() {
        let executor = VirtualExecutor()
        let pool = ResourcePool(name: "p", capacity: 1, clock: VirtualClock(executor: executor))
        #expect(pool.windows() == nil)
    }
}
