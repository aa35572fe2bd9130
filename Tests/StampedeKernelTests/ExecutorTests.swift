import StampedeTestSupport
import Testing
@testable import StampedeKernel

/// Runs `tasks` tasks that each sleep a few random times and append to a trace; returns a checksum.
private func traceChecksum(seed: UInt64, tasks: Int = 500) -> UInt64 {
    let executor = VirtualExecutor()
    let clock = VirtualClock(executor: executor)
    let spawner = TaskSpawner(executor: executor)
    let trace = Locked<UInt64>(0xCBF2_9CE4_8422_2325)
    for i in 0..<tasks {
        spawner.spawn {
            var rng = SeedTree(seed).child(UInt64(i)).generator()
            for step in 0..<4 {
                try? await clock.sleep(for: .microseconds(Double(rng.nextInt(below: 5_000))))
                let t = clock.now.nanoseconds
                trace.withLock { h in h = (h ^ UInt64(bitPattern: t) ^ UInt64(i << 8 | step)) &* 0x0000_0100_0000_01B3 }
            }
        }
    }
    executor.run()
    return trace.withLock { $0 }
}

@Test func sameSeedSameTrace() {
    let a = traceChecksum(seed: 42)
    for _ in 0..<5 { #expect(traceChecksum(seed: 42) == a) }
    #expect(traceChecksum(seed: 43) != a)
}

@Test func virtualTimeJumpsToTheNextTimer() {
    let executor = VirtualExecutor()
    let clock = VirtualClock(executor: executor)
    let woke = Locked<[Int64]>([])
    TaskSpawner(executor: executor).spawn {
        try? await clock.sleep(for: .seconds(3600))
        woke.withLock { $0.append(clock.now.nanoseconds) }
    }
    executor.run()
    #expect(woke.withLock { $0 } == [3_600_000_000_000])
}

@Test func timersDueTogetherFireInTheOrderTheyWereSet() {
    let executor = VirtualExecutor()
    let clock = VirtualClock(executor: executor)
    let order = Locked<[Int]>([])
    let spawner = TaskSpawner(executor: executor)
    for i in 0..<50 {
        spawner.spawn {
            try? await clock.sleep(until: SimInstant(nanoseconds: 1_000))
            order.withLock { $0.append(i) }
        }
    }
    executor.run()
    #expect(order.withLock { $0 } == Array(0..<50))
}

/// Appends its number to `order` when its timer fires, at the time it fires.
private final class Mark: TimerStart, Sendable {
    let n: Int
    let order: Locked<[(Int, SimInstant)]>
    let clock: VirtualClock
    init(_ n: Int, _ order: Locked<[(Int, SimInstant)]>, _ clock: VirtualClock) { self.n = n; self.order = order; self.clock = clock }
    func fire() {
        let (n, order, now) = (n, order, clock.now)
        order.withLock { $0.append((n, now)) }
    }
}

/// A timer that starts work takes its turn among sleeping tasks' timers by instant, then by
/// the order they were set, and no task waits for it meanwhile.
@Test func timerStartsFireAtTheirInstantInTheOrderTheyWereSet() {
    let executor = VirtualExecutor()
    let clock = VirtualClock(executor: executor)
    let order = Locked<[(Int, SimInstant)]>([])
    let spawner = TaskSpawner(executor: executor)
    for i in 0..<20 {
        if i.isMultiple(of: 2) {
            spawner.fire(Mark(i, order, clock), after: .microseconds(Double(1_000 + i % 3)), on: clock)
        } else {
            spawner.spawn {
                try? await clock.sleep(for: .microseconds(Double(1_000 + i % 3)))
                let now = clock.now
                order.withLock { $0.append((i, now)) }
            }
        }
    }
    executor.run()
    let fired = order.withLock { $0 }
    // By instant (i % 3), then in the order set: the even timers were set before the run, the
    // odd ones by their tasks' first jobs inside it.
    let expected = (0..<20).sorted { ($0 % 3, $0 % 2, $0) < ($1 % 3, $1 % 2, $1) }
    #expect(fired.map(\.0) == expected)
    #expect(fired.allSatisfy { $0.1 == SimInstant.zero + .microseconds(Double(1_000 + $0.0 % 3)) })
}

@Test func stopRequestEndsTheRunEarly() {
    let executor = VirtualExecutor()
    let clock = VirtualClock(executor: executor)
    TaskSpawner(executor: executor).spawn {
        while true { try? await clock.sleep(for: .milliseconds(1)) }
    }
    let completed = executor.run(shouldStop: { clock.now > SimInstant.zero + .seconds(1) })
    #expect(!completed)
    #expect(clock.now >= SimInstant.zero + .seconds(1))
}

@Test func timerHeapKeepsItsOrderUnderRandomUse() async {
    var heap = TimerHeap()
    var rng = Xoshiro256(seed: 9)
    var expected: [(Int64, Int)] = []
    // Continuations are needed as payload; park and never resume: collect them via a throwaway task.
    await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
        for i in 0..<2_000 {
            let t = Int64(rng.nextInt(below: 100))
            heap.push(SimInstant(nanoseconds: t), c)
            expected.append((t, i))
            #expect(heap.checkInvariants())
        }
        var popped: [Int64] = []
        while let e = heap.popMin() { popped.append(e.instant.nanoseconds) }
        #expect(popped == expected.map(\.0).sorted())
        c.resume()
    }
}
