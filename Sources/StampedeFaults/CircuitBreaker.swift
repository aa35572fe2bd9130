import StampedeKernel

/// When a circuit breaker opens and how it recovers. The defaults are resilience4j's,
/// except the slow-call duration, which callers set per backend (50 ms suits a cache).
public struct BreakerConfig: Sendable, Hashable {
    /// Open when at least this share of the calls in the window failed.
    public var failureRateThreshold: Double = 0.5
    /// Open when at least this share of the calls in the window were slow.
    public var slowCallRateThreshold: Double = 1.0
    /// A call that takes at least this long is slow, even if it succeeds.
    public var slowCallDuration: SimDuration = .seconds(60)
    /// Calls remembered while closed (a count-based sliding window).
    public var windowSize: Int = 100
    /// Calls the window must hold before the rates are judged.
    public var minimumCalls: Int = 100
    /// How long the breaker stays open before letting trial calls through.
    public var openDuration: SimDuration = .seconds(60)
    /// Trial calls let through while half-open; their outcome closes or reopens the breaker.
    public var halfOpenCalls: Int = 10

    public init() {}
}

/// A circuit breaker as a pure state machine: callers pass the time in and act on what it
/// returns; it never reads a clock, sleeps or locks, so every transition can be tested
/// exhaustively (hummingbird's connection state machines work the same way).
///
/// Closed: every call is permitted and its outcome recorded in a sliding window; once the
/// window holds `minimumCalls`, a failure or slow-call rate at or above its threshold opens
/// the breaker. Open: calls are rejected until `openDuration` has passed; the next call
/// then finds it half-open. Half-open: `halfOpenCalls` trial calls are permitted and the rest
/// rejected; when every trial has reported, the same thresholds reopen or close it.
public struct CircuitBreaker: Sendable {
    public enum State: Sendable, Hashable {
        case closed
        case open(until: SimInstant)
        case halfOpen
    }

    /// What the breaker says to a call that wants to start.
    public enum Admission: Sendable, Hashable {
        case permitted(Ticket)
        case rejected
    }

    /// Proof that a call was permitted, to be handed back with its outcome. Outcomes of
    /// calls permitted before the breaker last changed state are ignored.
    public struct Ticket: Sendable, Hashable {
        let generation: UInt64
    }

    public enum Transition: Sendable, Hashable {
        case opened, halfOpened, closed
    }

    public let config: BreakerConfig
    public private(set) var state: State = .closed
    private var generation: UInt64 = 0
    /// Outcomes while closed: bit 0 failed, bit 1 slow; a ring of `windowSize`.
    private var ring: [UInt8]
    private var head = 0
    private var recorded = 0
    private var failures = 0
    private var slows = 0
    /// Trials while half-open.
    private var trialsPermitted = 0
    private var trialsDone = 0

    public init(config: BreakerConfig) {
        precondition(config.windowSize >= 1 && config.minimumCalls >= 1 && config.halfOpenCalls >= 1)
        self.config = config
        ring = Array(repeating: 0, count: config.windowSize)
    }

    /// Decides whether a call starting at `now` may go ahead; an open breaker whose time is
    /// up becomes half-open here (reported as the transition).
    public mutating func admit(at now: SimInstant) -> (Admission, Transition?) {
        switch state {
        case .closed:
            return (.permitted(Ticket(generation: generation)), nil)
        case .open(let until):
            guard now >= until else { return (.rejected, nil) }
            enter(.halfOpen)
            trialsPermitted = 1
            return (.permitted(Ticket(generation: generation)), .halfOpened)
        case .halfOpen:
            guard trialsPermitted < config.halfOpenCalls else { return (.rejected, nil) }
            trialsPermitted += 1
            return (.permitted(Ticket(generation: generation)), nil)
        }
    }

    /// Records the outcome of a permitted call that took `duration` and ended at `now`.
    public mutating func record(_ ticket: Ticket, failed: Bool, duration: SimDuration, at now: SimInstant) -> Transition? {
        guard ticket.generation == generation else { return nil }
        let slow = duration >= config.slowCallDuration
        switch state {
        case .open:
            return nil
        case .closed:
            remember(failed: failed, slow: slow)
            guard recorded >= config.minimumCalls, tripped(over: recorded) else { return nil }
            enter(.open(until: now + config.openDuration))
            return .opened
        case .halfOpen:
            remember(failed: failed, slow: slow)
            trialsDone += 1
            guard trialsDone >= config.halfOpenCalls else { return nil }
            if tripped(over: recorded) {
                enter(.open(until: now + config.openDuration))
                return .opened
            }
            enter(.closed)
            return .closed
        }
    }

    /// The failure and slow-call rates over the calls remembered, for reports and tests.
    public var rates: (failure: Double, slow: Double) {
        recorded == 0 ? (0, 0) : (Double(failures) / Double(recorded), Double(slows) / Double(recorded))
    }

    private func tripped(over calls: Int) -> Bool {
        let n = Double(calls)
        return Double(failures) / n >= config.failureRateThreshold || Double(slows) / n >= config.slowCallRateThreshold
    }

    private mutating func remember(failed: Bool, slow: Bool) {
        if recorded == ring.count {
            let old = ring[head]
            failures -= Int(old & 1)
            slows -= Int(old >> 1)
        } else {
            recorded += 1
        }
        ring[head] = (failed ? 1 : 0) | (slow ? 2 : 0)
        head = (head + 1) % ring.count
        if failed { failures += 1 }
        if slow { slows += 1 }
    }

    /// Moves to `next` with an empty window: outcomes from before do not count after.
    private mutating func enter(_ next: State) {
        state = next
        generation &+= 1
        head = 0
        recorded = 0
        failures = 0
        slows = 0
        trialsPermitted = 0
        trialsDone = 0
    }
}
