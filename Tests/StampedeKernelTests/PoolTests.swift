import StampedeTestSupport
import Foundation
import Testing
@testable import StampedeKernel

/// Simulates an M/M/c queue on a pool and returns (measured mean wait, pool statistics, measured mean in system).
private func simulateMMc(servers c: Int, arrivalRate lambda: Double, meanService: Double, arrivals: Int, seed: UInt64)
    -> (meanWait: Double, stats: ResourcePool.Statistics, meanInSystem: Double, elapsed: Double) {
    let executor = VirtualExecutor()
    let clock = VirtualClock(executor: executor)
    let pool = ResourcePool(name: "test", capacity: c, clock: clock)
    let spawner = TaskSpawner(executor: executor)
    let totals = Locked<[Double]>([0, 0])
    spawner.spawn {
        var rng = Xoshiro256(seed: seed)
        let service = Distribution.exponential(mean: .seconds(meanService))
        for _ in 0..<arrivals {
            try? await clock.sleep(for: Distribution.exponential(mean: .seconds(1 / lambda)).sample(&rng))
            let s = service.sample(&rng)
            spawner.spawn {
                let u = await pool.use(for: s)
                totals.withLock { $0[0] += u.wait.seconds; $0[1] += u.wait.seconds + u.service.seconds }
            }
        }
    }
    executor.run()
    let t = totals.value
    return (t[0] / Double(arrivals), pool.statistics(), t[1] / Double(arrivals), clock.now.seconds)
}

/// Mean wait in queue of M/M/c by the Erlang-C formula.
private func erlangCWait(servers c: Int, arrivalRate lambda: Double, meanService: Double) -> Double {
    let a = lambda * meanService
    let rho = a / Double(c)
    var sum = 0.0, term = 1.0
    for k in 0..<c {
        if k > 0 { term *= a / Double(k) }
        sum += term
    }
    let last = term * a / Double(c) / (1 - rho)
    let probabilityOfWait = last / (sum + last)
    return probabilityOfWait / (Double(c) / meanService - lambda)
}

@Test func meanWaitMatchesErlangC() {
    let (c, lambda, s) = (4, 320.0, 0.010)
    let expected = erlangCWait(servers: c, arrivalRate: lambda, meanService: s)
    let measured = simulateMMc(servers: c, arrivalRate: lambda, meanService: s, arrivals: 120_000, seed: 3)
    #expect(abs(measured.meanWait - expected) / expected < 0.1, "measured \(measured.meanWait) s, Erlang-C \(expected) s")
    #expect(abs(measured.stats.utilization - 0.8) < 0.03)
    #expect(measured.stats.maxQueue > 0)
}

@Test func littlesLawHolds() {
    let lambda = 150.0
    let m = simulateMMc(servers: 2, arrivalRate: lambda, meanService: 0.01, arrivals: 60_000, seed: 5)
    // L = λW: the mean number in service, from utilization, equals λ times the mean service time.
    let inService = m.stats.utilization * 2
    #expect(abs(inService - lambda * (m.meanInSystem - m.meanWait)) / inService < 0.05)
}

@Test func waitersAreServedInArrivalOrder() {
    let executor = VirtualExecutor()
    let clock = VirtualClock(executor: executor)
    let pool = ResourcePool(name: "one", capacity: 1, clock: clock)
    let order = Locked<[Int]>([])
    let spawner = TaskSpawner(executor: executor)
    for i in 0..<20 {
        spawner.spawn {
            try? await clock.sleep(for: .microseconds(Double(i)))
            _ = await pool.use(for: .milliseconds(1))
            order.withLock { $0.append(i) }
        }
    }
    executor.run()
    #expect(order.withLock { $0 } == Array(0..<20))
    #expect(pool.statistics().maxQueue == 19)
    #expect(clock.now.nanoseconds == 20_000_000)
}

@Test func growingThePoolLetsWaitersIn() {
    let executor = VirtualExecutor()
    let clock = VirtualClock(executor: executor)
    let pool = ResourcePool(name: "p", capacity: 1, clock: clock)
    let spawner = TaskSpawner(executor: executor)
    for _ in 0..<4 { spawner.spawn { _ = await pool.use(for: .seconds(1)) } }
    spawner.spawn {
        try? await clock.sleep(for: .milliseconds(1))
        pool.setCapacity(4)
    }
    executor.run()
    // One call ran alone for 1 ms, then all started together: the run ends at ~1.001 s.
    #expect(clock.now.nanoseconds == 1_001_000_000)
}
