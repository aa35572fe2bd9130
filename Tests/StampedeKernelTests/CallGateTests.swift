import StampedeTestSupport
import Testing
@testable import StampedeKernel

/// The gate in front of a real backend: the scenario's pool and injected latency, in virtual
/// time here so every instant is exact (a real call's own duration is a sleep).
@Suite struct CallGateTests {
    private static func ms(_ v: Double) -> SimDuration { .milliseconds(v) }
    private static func at(_ v: Double) -> SimInstant { .zero + .milliseconds(v) }

    /// Runs `bodies` concurrently on one virtual executor behind a gate of `capacity`.
    private static func run<T: Sendable>(capacity: Int, _ bodies: [@Sendable (VirtualClock, CallGate) async -> T]) -> ([T], ResourcePool) {
        let executor = VirtualExecutor()
        let clock = VirtualClock(executor: executor)
        let pool = ResourcePool(name: "store", capacity: capacity, clock: clock)
        let gate = CallGate(pool: pool, clock: clock)
        let results = Locked<[Int: T]>([:])
        for (i, body) in bodies.enumerated() {
            TaskSpawner(executor: executor).spawn { let r = await body(clock, gate); results.withLock { $0[i] = r } }
        }
        executor.run()
        return ((0..<bodies.count).map { results.value[$0]! }, pool)
    }

    /// A "real" call: enter, serve for `service`, leave; when it was admitted and when it ended.
    private static func call(_ service: SimDuration) -> @Sendable (VirtualClock, CallGate) async -> (Bool, SimInstant, SimInstant) {
        { @Sendable clock, gate in
            guard await gate.enter() else { return (false, clock.now, clock.now) }
            let admitted = clock.now
            try? await clock.sleep(for: service)
            gate.leave()
            return (true, admitted, clock.now)
        }
    }

    @Test func callsBeyondThePoolWaitInArrivalOrder() {
        let (r, pool) = Self.run(capacity: 2, [Self.call(Self.ms(10)), Self.call(Self.ms(10)), Self.call(Self.ms(10))])
        #expect(r[0] == (true, Self.at(0), Self.at(10)) && r[1] == (true, Self.at(0), Self.at(10)))
        #expect(r[2] == (true, Self.at(10), Self.at(20)), "the third waited for a connection")
        let s = pool.statistics()
        #expect(s.calls == 3 && s.maxQueue == 1 && s.busy == 0)
        #expect(s.totalWait == Self.ms(10))
    }

    @Test func injectedLatencyIsSpentHoldingTheConnection() {
        let (r, _) = Self.run(capacity: 1, [
            { @Sendable clock, gate in await CallContext.with(addedDelay: Self.ms(30)) { await Self.call(Self.ms(5))(clock, gate) } },
            Self.call(Self.ms(5)),
        ])
        #expect(r[0] == (true, Self.at(30), Self.at(35)), "the delay came before the call, on the connection")
        #expect(r[1] == (true, Self.at(35), Self.at(40)), "so the next caller waited for it")
    }

    @Test func aCallerWhoseDeadlineComesFirstIsNotLetThroughAndHoldsNothing() {
        let (r, pool) = Self.run(capacity: 1, [
            Self.call(Self.ms(50)),
            { @Sendable clock, gate in await CallContext.with(deadline: Self.at(20)) { await Self.call(Self.ms(5))(clock, gate) } },
            { @Sendable clock, gate in
                await CallContext.with(deadline: Self.at(100)) {
                    await CallContext.with(addedDelay: Self.ms(200)) { await Self.call(Self.ms(5))(clock, gate) }
                }
            },
        ])
        #expect(r[1].0 == false && r[1].1 == Self.at(20), "gave up queued at its deadline")
        #expect(r[2].0 == false && r[2].1 == Self.at(100), "the injected delay ran past its deadline")
        #expect(pool.statistics().busy == 0, "nothing is left held")
    }

    @Test func withoutAPoolEveryCallGoesStraightThrough() {
        let executor = VirtualExecutor()
        let clock = VirtualClock(executor: executor)
        let gate = CallGate(pool: nil, clock: clock)
        let admitted = Locked(0)
        for _ in 0..<50 {
            TaskSpawner(executor: executor).spawn {
                if await gate.enter() { admitted.withLock { $0 += 1 } }
                try? await clock.sleep(for: .milliseconds(1))
                gate.leave()
            }
        }
        executor.run()
        #expect(admitted.value == 50 && clock.now == .zero + .milliseconds(1))
    }
}
