import Collections
import Synchronization

/// A bounded set of identical servers (connections, CPU cores) with FIFO waiting.
///
/// A call holds one server for its service time. When all are busy it waits in arrival
/// order; queueing, saturation and cascades come out of this, not out of formulas.
/// Wait and service time are returned separately so callers can record both.
public final class ResourcePool: Sendable {
    public let name: String
    let clock: any SimClock
    let state: Mutex<State>

    struct State {
        var capacity: Int
        var busy = 0
        var waiters = Deque<Waiter>()
        /// Waiters whose client gave up (see `use(for:deadline:)`) but are still in `waiters`.
        var abandoned = 0
        var maxQueue = 0
        var calls = 0
        var totalWait: Int64 = 0
        /// Integral of busy servers over time, in server-nanoseconds.
        var busyIntegral: Int64 = 0
        /// Integral of capacity over time, for utilization when capacity changes.
        var capacityIntegral: Int64 = 0
        var lastChange = SimInstant.zero
        /// Per-window load, when the pool was asked to keep it.
        var windows: PoolWindows?

        mutating func account(_ now: SimInstant) {
            let dt = now.nanoseconds - lastChange.nanoseconds
            if dt > 0 {
                let waiting = queued
                busyIntegral &+= Int64(busy) &* dt
                capacityIntegral &+= Int64(capacity) &* dt
                windows?.add(from: lastChange.nanoseconds, to: now.nanoseconds, busy: busy, capacity: capacity,
                             waiting: waiting)
                lastChange = now
            }
        }

        /// Callers actually waiting (abandoned entries excluded).
        var queued: Int { waiters.count - abandoned }

        /// The next waiter to hand a server to, skipping those that gave up; counts the call.
        mutating func popGrantable() -> Waiter? {
            while let w = waiters.popFirst() {
                if case .timed(let t) = w {
                    if t.done { abandoned -= 1; continue }
                    t.done = true
                }
                calls += 1
                return w
            }
            return nil
        }
    }

    /// What one use of the pool cost.
    public struct Usage: Sendable {
        public var wait: SimDuration
        public var service: SimDuration
        /// The client gave up at its deadline (the server may still be busy with the call).
        public var timedOut = false
    }

    /// - Parameter window: when given, the pool also keeps its load per window of this width
    ///   (`windows()`), for utilization and queueing over time.
    public init(name: String, capacity: Int, clock: any SimClock, window: SimDuration? = nil) {
        precondition(capacity >= 1, "a pool needs at least one server")
        self.name = name
        self.clock = clock
        self.state = Mutex(State(capacity: capacity, lastChange: clock.now, windows: window.map(PoolWindows.init)))
    }

    /// Holds one server for `service`, waiting first if all are busy.
    public func use(for service: SimDuration) async -> Usage {
        let arrived = clock.now
        // The common case takes a free server without an async call (each costs a frame).
        if !tryAcquire() { await acquire() }
        let started = clock.now
        try? await clock.sleep(for: service)
        release()
        return Usage(wait: started - arrived, service: service)
    }

    func tryAcquire() -> Bool {
        let now = clock.now
        return state.withLock { s -> Bool in
            guard s.busy < s.capacity, s.queued == 0 else { return false }
            s.account(now)
            s.busy += 1
            s.calls += 1
            return true
        }
    }

    /// Waits in FIFO order for a server.
    func acquire() async {
        let clock = self.clock
        let arrived = clock.now
        clock.beginPark() // a queued waiter is resumed by a release, not by the executor
        await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.busy < s.capacity && s.queued == 0 {
                    s.account(clock.now)
                    s.busy += 1
                    s.calls += 1
                    return true
                }
                s.account(clock.now) // the queue length changes: close the interval at the old length
                s.waiters.append(.plain(c))
                let queued = s.queued
                s.maxQueue = max(s.maxQueue, queued)
                s.windows?.noteQueue(queued, at: clock.now.nanoseconds)
                return false
            }
            if now { c.resume() }
        }
        clock.endPark()
        let waited = (clock.now - arrived).nanoseconds
        state.withLock { $0.totalWait &+= waited }
    }

    func release() {
        let now = clock.now
        let next = state.withLock { s -> Waiter? in
            s.account(now)
            if s.busy <= s.capacity, let w = s.popGrantable() { return w }
            s.busy -= 1
            return nil
        }
        next?.grant()
    }

    /// Changes the number of servers (a fault may shrink a pool). Extra waiters are let in
    /// at once when it grows; when it shrinks, busy servers finish their calls first.
    public func setCapacity(_ capacity: Int) {
        precondition(capacity >= 1)
        let now = clock.now
        let woken = state.withLock { s -> [Waiter] in
            s.account(now)
            s.capacity = capacity
            var out: [Waiter] = []
            while s.busy < s.capacity, let w = s.popGrantable() {
                s.busy += 1
                out.append(w)
            }
            return out
        }
        for w in woken { w.grant() }
    }

    /// A snapshot of the pool's counters up to now.
    public func statistics() -> Statistics {
        let now = clock.now
        return state.withLock { s in
            s.account(now)
            return Statistics(
                capacity: s.capacity, calls: s.calls, maxQueue: s.maxQueue, queued: s.queued, busy: s.busy,
                totalWait: SimDuration(nanoseconds: s.totalWait),
                utilization: s.capacityIntegral > 0 ? Double(s.busyIntegral) / Double(s.capacityIntegral) : 0)
        }
    }

    /// The per-window load up to now, or nil if the pool was created without a window.
    public func windows() -> PoolWindows? {
        let now = clock.now
        return state.withLock { s in
            s.account(now)
            return s.windows
        }
    }

    public struct Statistics: Sendable {
        public var capacity: Int
        public var calls: Int
        public var maxQueue: Int
        public var queued: Int
        public var busy: Int
        public var totalWait: SimDuration
        /// Busy server-time over available server-time.
        public var utilization: Double
        public var meanWait: SimDuration {
            calls > 0 ? SimDuration(nanoseconds: totalWait.nanoseconds / Int64(calls)) : .zero
        }
    }
}
