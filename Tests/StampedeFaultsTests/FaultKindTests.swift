import StampedeCache
@testable import StampedeFaults
import StampedeKernel
import StampedeModel
import StampedeStore
import Testing

/// Calls `cache.get` at each of `times` (ms) and records what happened.
private func getsAt(_ times: [Double], through faults: [CallFault], bench b: Bench = Bench()) -> [CallRecord] {
    let cache = FaultyCache(wrapping: b.cache, faults: faults, clock: b.clock, observer: b.observer)
    return b.run { clock in
        var out: [CallRecord] = []
        for t in times {
            try? await clock.sleep(until: at(t))
            out.append(await probe(clock) { () async throws(BackendError) in _ = try await cache.get(.failures(UserID(1))) })
        }
        return out
    }
}

@Test func duringDownEveryCacheCallFailsAndNoneAfter() {
    let down = CallFault(start: at(100), end: at(200), effect: .down)
    let times = stride(from: 0.0, to: 300, by: 10).map { $0 }
    let records = getsAt(times, through: [down])
    for (t, r) in zip(times, records) {
        if t >= 100 && t < 200 {
            #expect(r == CallRecord(error: .unavailable, took: .zero), "at \(t) ms")
        } else {
            #expect(r == CallRecord(error: nil, took: ms(1)), "at \(t) ms")
        }
    }
}

@Test func addedLatencyAppliesOnlyInsideTheWindow() {
    let slow = CallFault(start: at(100), end: at(200), effect: .delay(LatencySource(.constant(ms(30)), seed: SeedTree(3))))
    let records = getsAt([50, 150, 250], through: [slow])
    #expect(records.map(\.took) == [ms(1), ms(31), ms(1)])
    #expect(records.allSatisfy { $0.error == nil })
}

@Test func aHangLastsUntilTheClientDeadlineOrElseTheWindowsEnd() {
    let b = Bench()
    let hang = CallFault(start: at(0), end: at(500), effect: .hang)
    let cache = FaultyCache(wrapping: b.cache, faults: [hang], clock: b.clock, observer: b.observer)
    let records = b.run { clock in
        let withDeadline = await probe(clock) { () async throws(BackendError) in
            _ = try await CallContext.with(deadline: at(80)) { () async throws(BackendError) in try await cache.get(.failures(UserID(1))) }
        }
        let without = await probe(clock) { () async throws(BackendError) in _ = try await cache.get(.failures(UserID(1))) }
        return [withDeadline, without]
    }
    #expect(records == [CallRecord(error: .timeout, took: ms(80)), CallRecord(error: .timeout, took: ms(420))])
    #expect(b.observer.failedCalls == 2)
}

@Test func addedLatencyHoldsTheConnectionAndEndsAtTheDeadline() {
    let b = Bench()
    let slow = CallFault(start: at(0), end: at(500), effect: .delay(LatencySource(.constant(ms(30)), seed: SeedTree(3))))
    let cache = FaultyCache(wrapping: b.cache, faults: [slow], clock: b.clock, observer: b.observer)
    let r = b.run { clock in
        await probe(clock) { () async throws(BackendError) in
            _ = try await CallContext.with(deadline: at(20)) { () async throws(BackendError) in try await cache.get(.failures(UserID(1))) }
        }
    }
    // The pool returns at the deadline (the guard turns that into a timeout) and records a failed call.
    #expect(r == CallRecord(error: nil, took: ms(20)))
    #expect(b.observer.failedCalls == 1)
}

@Test func aFadingDelayShrinksToNothingOverItsWindow() {
    let fade = CallFault(start: at(0), end: at(1000), effect: .fadingDelay(LatencySource(.constant(ms(100)), seed: SeedTree(3))))
    let records = getsAt([0, 500, 999, 1000], through: [fade])
    #expect(records.map(\.took) == [ms(101), ms(51), ms(1.1), ms(1)])
}

@Test func probabilityHitsThatShareOfCallsDeterministically() {
    func failures(seed: UInt64) -> [Bool] {
        let errors = CallFault(window: RecurringWindow(start: at(0), end: at(100_000)), effect: .fail, probability: 0.2,
                               seed: SeedTree(seed))
        return getsAt((0..<2000).map { Double($0) * 10 }, through: [errors]).map { $0.error != nil }
    }
    let a = failures(seed: 1)
    let share = Double(a.filter { $0 }.count) / Double(a.count)
    #expect(abs(share - 0.2) < 0.03, "share \(share)")
    #expect(a == failures(seed: 1))
    #expect(a != failures(seed: 2))
}

@Test func aRepeatingFaultActsInEveryOccurrenceOnly() {
    let w = RecurringWindow(start: at(100), length: ms(50), period: ms(200), until: at(1000))
    let down = CallFault(window: w, effect: .fail)
    let times = [50.0, 120, 160, 320, 360, 520, 980]
    let failed = getsAt(times, through: [down]).map { $0.error != nil }
    #expect(failed == [false, true, false, true, false, true, false])
}

@Test func storeFaultsActOnEveryStoreCall() {
    let b = Bench()
    let store = FaultyStore(wrapping: b.store, faults: [CallFault(start: at(10), end: at(20), effect: .fail)],
                            clock: b.clock, observer: b.observer)
    let records = b.run { clock in
        var out: [Bool] = []
        for t in [0.0, 12, 30] {
            try? await clock.sleep(until: at(t))
            let r1 = await probe(clock) { () async throws(BackendError) in _ = try await store.user(id: UserID(1)) }
            let r2 = await probe(clock) { () async throws(BackendError) in _ = try await store.revokeSessions(user: UserID(1), except: nil) }
            out += [r1.error == .unavailable, r2.error == .unavailable]
        }
        return out
    }
    #expect(records == [false, false, true, true, false, false])
}

@Test func flushEvictionStormCrashAndRestartActOnTheCacheItself() throws {
    let b = Bench()
    let lifecycle = try #require(b.system.parts.cacheLifecycle)
    let counts = b.run { _ in
        for i in 0..<50 { try? await b.cache.set(.failures(UserID(i)), .counter(i), ttl: nil) }
        let full = b.server.statistics().entries
        lifecycle.setMaxEntries(10)
        let shrunk = b.server.statistics().entries
        lifecycle.setMaxEntries(lifecycle.configuredMaxEntries)
        for i in 0..<50 { try? await b.cache.set(.failures(UserID(i)), .counter(i), ttl: nil) }
        let refilled = b.server.statistics().entries
        try? await lifecycle.flushAll()
        let flushed = b.server.statistics().entries
        try? await b.cache.set(.failures(UserID(1)), .counter(1), ttl: nil)
        try? await lifecycle.crash()
        try? await lifecycle.restart()
        // Without persistence a restart comes back empty.
        let recovered = b.server.statistics().entries
        return [full, shrunk, refilled, flushed, recovered]
    }
    #expect(counts == [50, 10, 50, 0, 0])
    #expect(b.server.statistics().evictions == 40)
}

@Test func serviceFaultsAnswerByTime() {
    let plan = ServiceFaultPlan(
        down: [RecurringWindow(start: at(100), end: at(200))],
        cpu: [.init(window: RecurringWindow(start: at(0), end: at(50)), factor: 4, fading: false),
              .init(window: RecurringWindow(start: at(200), end: at(300)), factor: 3, fading: true)])
    #expect(!plan.isDown(at: at(99)) && plan.isDown(at: at(100)) && !plan.isDown(at: at(200)))
    #expect(plan.cpuFactor(at: at(10)) == 4 && plan.cpuFactor(at: at(60)) == 1)
    #expect(plan.cpuFactor(at: at(200)) == 3 && plan.cpuFactor(at: at(250)) == 2 && plan.cpuFactor(at: at(300)) == 1)
}
