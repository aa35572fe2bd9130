import StampedeTestSupport
import Testing
@testable import StampedeKernel

private func ms(_ v: Double) -> SimDuration { .milliseconds(v) }
private func at(_ v: Double) -> SimInstant { .zero + .milliseconds(v) }

/// Runs `bodies` as concurrent tasks on one virtual executor; returns what each returned.
private func run<T: Sendable>(_ bodies: [@Sendable (VirtualClock, ResourcePool) async -> T],
                              capacity: Int = 1) -> (results: [T], pool: ResourcePool, end: SimInstant) {
    let executor = VirtualExecutor()
    let clock = VirtualClock(executor: executor)
    let pool = ResourcePool(name: "p", capacity: capacity, clock: clock)
    let results = Locked<[Int: T]>([:])
    for (i, body) in bodies.enumerated() {
        TaskSpawner(executor: executor).spawn { let r = await body(clock, pool); results.withLock { $0[i] = r } }
    }
    executor.run()
    let dict = results.value
    return ((0..<bodies.count).map { dict[$0]! }, pool, clock.now)
}

@Test func aCallThatWouldFinishPastItsDeadlineReturnsAtTheDeadlineWhileTheServerStaysBusy() {
    let (results, pool, _) = run([
        { @Sendable clock, pool in
            let u = await pool.use(for: ms(100), deadline: at(30))
            return (u.timedOut, clock.now, u.wait, u.service)
        },
        { @Sendable clock, pool in
            // Arrives later; the server is held by the abandoned call until 100 ms.
            try? await clock.sleep(for: ms(10))
            let u = await pool.use(for: ms(5), deadline: nil)
            return (u.timedOut, clock.now, u.wait, u.service)
        },
    ])
    #expect(results[0].0 == true && results[0].1 == at(30) && results[0].2 == .zero && results[0].3 == ms(30))
    #expect(results[1].0 == false && results[1].1 == at(105) && results[1].2 == ms(90))
    #expect(pool.statistics().busy == 0)
}

@Test func aCallThatFinishesBeforeItsDeadlineIsUntouched() {
    let (results, _, _) = run([{ @Sendable clock, pool in
        let u = await pool.use(for: ms(20), deadline: at(21))
        return (u.timedOut, clock.now)
    }])
    #expect(results[0].0 == false && results[0].1 == at(20))
}

@Test func aQueuedCallerLeavesAtItsDeadlineAndDoesNotBlockThoseBehindIt() {
    let (results, pool, _) = run([
        { @Sendable clock, pool in let u = await pool.use(for: ms(50), deadline: nil); return (u.timedOut, clock.now) },
        { @Sendable clock, pool in let u = await pool.use(for: ms(5), deadline: at(20)); return (u.timedOut, clock.now) },
        { @Sendable clock, pool in let u = await pool.use(for: ms(5), deadline: nil); return (u.timedOut, clock.now) },
    ])
    #expect(results[0] == (false, at(50)))
    // Gave up while queued, at exactly its deadline.
    #expect(results[1] == (true, at(20)))
    // Served right after the first call: the abandoned entry is skipped.
    #expect(results[2] == (false, at(55)))
    #expect(pool.statistics().queued == 0)
    #expect(pool.statistics().maxQueue == 2)
}

@Test func aPoolWithOnlyAbandonedEntriesServesANewCallerAtOnce() {
    let (results, _, _) = run([
        { @Sendable clock, pool in _ = await pool.use(for: ms(50), deadline: at(10)); return clock.now },
        { @Sendable clock, pool in _ = await pool.use(for: ms(5), deadline: at(5)); return clock.now },
        { @Sendable clock, pool in
            try? await clock.sleep(for: ms(60))
            _ = await pool.use(for: ms(5), deadline: nil)
            return clock.now
        },
    ])
    #expect(results == [at(10), at(5), at(65)])
}

@Test func aDeadlineAlreadyPastFailsWithoutTakingAServer() {
    let (results, pool, _) = run([{ @Sendable clock, pool in
        try? await clock.sleep(for: ms(10))
        return await pool.use(for: ms(5), deadline: at(10)).timedOut
    }])
    #expect(results == [true])
    #expect(pool.statistics().calls == 0)
}

@Test func theCallDeadlineReachesModeledResources() {
    let executor = VirtualExecutor()
    let clock = VirtualClock(executor: executor)
    let resource = ModeledResource(pool: ResourcePool(name: "r", capacity: 1, clock: clock),
                                   latency: LatencySource(.constant(ms(40)), seed: SeedTree(1)))
    let out = Locked<[Bool]>([])
    TaskSpawner(executor: executor).spawn {
        let a = await CallContext.with(deadline: at(25)) { () async -> Bool in await resource.call().timedOut }
        let b = await resource.call().timedOut
        out.withLock { $0 = [a, b] }
    }
    executor.run()
    #expect(out.value == [true, false])
}

@Test func recurringWindowsAnswerMembershipProgressAndOccurrences() {
    let w = RecurringWindow(start: at(100), length: ms(20), period: ms(50), until: at(260))
    #expect(!w.contains(at(99)) && w.contains(at(100)) && w.contains(at(119)) && !w.contains(at(120)))
    #expect(w.contains(at(150)) && !w.contains(at(175)) && w.contains(at(250)) && !w.contains(at(260)))
    #expect(w.occurrences().map { ($0.start, $0.end) }.elementsEqual(
        [(at(100), at(120)), (at(150), at(170)), (at(200), at(220)), (at(250), at(260))], by: ==))
    #expect(w.occurrenceCount == 4 && w.lastEnd == at(260))
    #expect(w.progress(at: at(155)) == 0.25)
    #expect(w.progress(at: at(130)) == nil)
    let once = RecurringWindow(start: at(5), end: at(15))
    #expect(once.occurrenceCount == 1 && once.occurrences().count == 1 && once.lastEnd == at(15))
    let instant = RecurringWindow(start: at(5), length: .zero, until: at(100))
    #expect(!instant.contains(at(5)) && instant.occurrences().count == 1)
}
