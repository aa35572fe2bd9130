import Testing
@testable import StampedeFaults
import StampedeKernel

private func t(_ s: Double) -> SimInstant { .zero + .seconds(s) }

/// A small breaker: window 4, judged from 4 calls, 50 % failures or 50 % slow (≥ 100 ms)
/// open it for 10 s, 2 trial calls while half-open.
private func breaker() -> CircuitBreaker {
    var c = BreakerConfig()
    c.windowSize = 4
    c.minimumCalls = 4
    c.failureRateThreshold = 0.5
    c.slowCallRateThreshold = 0.5
    c.slowCallDuration = .milliseconds(100)
    c.openDuration = .seconds(10)
    c.halfOpenCalls = 2
    return CircuitBreaker(config: c)
}

private enum Outcome { case ok, fail, slow }

/// Admits and records one call at `now`; returns the transitions it caused.
@discardableResult
private func call(_ b: inout CircuitBreaker, _ outcome: Outcome, at now: SimInstant) -> [CircuitBreaker.Transition] {
    var out: [CircuitBreaker.Transition] = []
    let (admission, transition) = b.admit(at: now)
    if let transition { out.append(transition) }
    guard case .permitted(let ticket) = admission else { return out }
    let duration: SimDuration = outcome == .slow ? .milliseconds(150) : .milliseconds(1)
    if let tr = b.record(ticket, failed: outcome == .fail, duration: duration, at: now) { out.append(tr) }
    return out
}

private func open(_ b: inout CircuitBreaker, at now: SimInstant) {
    for _ in 0..<4 { call(&b, .fail, at: now) }
}

@Test func closedStaysClosedUntilTheWindowHoldsTheMinimumCalls() {
    var b = breaker()
    for _ in 0..<3 { #expect(call(&b, .fail, at: t(0)).isEmpty) }
    #expect(b.state == .closed)
    #expect(call(&b, .fail, at: t(0)) == [.opened])
    #expect(b.state == .open(until: t(10)))
}

@Test func closedOpensAtTheFailureRateThresholdAndNotBelowIt() {
    var below = breaker()
    for o in [Outcome.ok, .ok, .ok, .fail] { call(&below, o, at: t(0)) }
    #expect(below.state == .closed)
    var at = breaker()
    for o in [Outcome.ok, .fail, .ok] { call(&at, o, at: t(0)) }
    #expect(call(&at, .fail, at: t(1)) == [.opened])
    #expect(at.state == .open(until: t(11)))
}

@Test func slowSuccessesOpenTheBreakerToo() {
    var b = breaker()
    for o in [Outcome.ok, .slow, .ok] { call(&b, o, at: t(0)) }
    #expect(call(&b, .slow, at: t(0)) == [.opened])
}

@Test func theSlidingWindowForgetsOldOutcomes() {
    var b = breaker()
    for o in [Outcome.fail, .ok, .ok, .ok] { call(&b, o, at: t(0)) }
    // The window is [ok, ok, ok, fail] after one more failure: 25 % then 50 %.
    #expect(call(&b, .ok, at: t(0)).isEmpty)
    #expect(b.rates.failure == 0)
    #expect(call(&b, .fail, at: t(0)).isEmpty)
    #expect(call(&b, .fail, at: t(0)) == [.opened])
}

@Test func openRejectsUntilItsTimeIsUpThenAdmitsATrialAsHalfOpen() {
    var b = breaker()
    open(&b, at: t(0))
    #expect(b.admit(at: t(9.999)).0 == .rejected)
    #expect(b.state == .open(until: t(10)))
    let (admission, transition) = b.admit(at: t(10))
    #expect(transition == .halfOpened)
    #expect(b.state == .halfOpen)
    if case .rejected = admission { Issue.record("the first call after the open time must be a trial") }
}

@Test func halfOpenPermitsExactlyItsTrialCalls() {
    var b = breaker()
    open(&b, at: t(0))
    var permitted = 0
    for _ in 0..<5 { if case .permitted = b.admit(at: t(10)).0 { permitted += 1 } }
    #expect(permitted == 2)
    #expect(b.state == .halfOpen)
}

@Test func goodTrialsCloseTheBreakerWithAnEmptyWindow() {
    var b = breaker()
    open(&b, at: t(0))
    let (a1, _) = b.admit(at: t(10)), (a2, _) = b.admit(at: t(10))
    guard case .permitted(let k1) = a1, case .permitted(let k2) = a2 else { Issue.record("trials refused"); return }
    #expect(b.record(k1, failed: false, duration: .milliseconds(1), at: t(10)) == nil)
    #expect(b.record(k2, failed: false, duration: .milliseconds(1), at: t(10)) == .closed)
    #expect(b.state == .closed)
    // The closed window starts empty: three failures are below the minimum.
    for _ in 0..<3 { #expect(call(&b, .fail, at: t(11)).isEmpty) }
}

@Test func badOrSlowTrialsReopenTheBreaker() {
    for bad in [Outcome.fail, .slow] {
        var b = breaker()
        open(&b, at: t(0))
        let (a1, _) = b.admit(at: t(10)), (a2, _) = b.admit(at: t(10))
        guard case .permitted(let k1) = a1, case .permitted(let k2) = a2 else { Issue.record("trials refused"); return }
        _ = b.record(k1, failed: false, duration: .milliseconds(1), at: t(12))
        let slow = bad == .slow ? SimDuration.milliseconds(500) : .milliseconds(1)
        #expect(b.record(k2, failed: bad == .fail, duration: slow, at: t(12)) == .opened)
        #expect(b.state == .open(until: t(22)))
    }
}

@Test func outcomesOfCallsAdmittedBeforeAStateChangeAreIgnored() {
    var b = breaker()
    guard case .permitted(let stale) = b.admit(at: t(0)).0 else { Issue.record("closed must admit"); return }
    open(&b, at: t(0))
    #expect(b.record(stale, failed: false, duration: .milliseconds(1), at: t(1)) == nil)
    #expect(b.state == .open(until: t(10)))
    // Also while half-open: the stale success does not count as a trial.
    _ = b.admit(at: t(10))
    #expect(b.record(stale, failed: false, duration: .milliseconds(1), at: t(10)) == nil)
    #expect(b.state == .halfOpen)
}

@Test func everyStateAnswersEveryEvent() {
    // (state reached by a setup, event, expected state afterwards)
    typealias Setup = (inout CircuitBreaker) -> Void
    let closed: Setup = { _ in }
    let opened: Setup = { open(&$0, at: t(0)) }
    // Half-open with one of its two trials done well: the next outcome decides.
    let halfOpen: Setup = { b in
        open(&b, at: t(0))
        if case .permitted(let k) = b.admit(at: t(10)).0 { _ = b.record(k, failed: false, duration: .milliseconds(1), at: t(10)) }
    }
    let cases: [(String, Setup, Outcome, SimInstant, CircuitBreaker.State)] = [
        ("closed+ok", closed, .ok, t(1), .closed),
        ("closed+fail", closed, .fail, t(1), .closed),
        ("open+early", opened, .ok, t(5), .open(until: t(10))),
        ("open+due ok", opened, .ok, t(10), .halfOpen),
        ("open+due fail", opened, .fail, t(10), .halfOpen),
        ("half+ok", halfOpen, .ok, t(11), .closed),
        ("half+fail", halfOpen, .fail, t(11), .open(until: t(21))),
        ("half+slow", halfOpen, .slow, t(11), .open(until: t(21))),
    ]
    for (name, setup, outcome, now, expected) in cases {
        var b = breaker()
        setup(&b)
        call(&b, outcome, at: now)
        #expect(b.state == expected, "\(name)")
    }
}
