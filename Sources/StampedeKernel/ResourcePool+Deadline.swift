import Synchronization

/// One caller waiting for a server.
enum Waiter: Sendable {
    /// A caller that waits as long as it takes.
    case plain(UnsafeContinuation<Void, Never>)
    /// A caller that gives up at a deadline.
    case timed(TimedWaiter)

    /// Hands the waiter the server it was waiting for.
    func grant() {
        switch self {
        case .plain(let c): c.resume()
        case .timed(let t): t.continuation?.resume(returning: true)
        }
    }
}

/// A waiter with a deadline: resumed once, with true when granted a server or false when
/// its deadline passed first.
final class TimedWaiter: @unchecked Sendable {
    // @unchecked Sendable: both fields are read and written only under the pool's lock.
    var continuation: UnsafeContinuation<Bool, Never>?
    /// Granted or given up: whichever happened first set this, and only it resumes.
    var done = false
}

extension ResourcePool {
    /// Callers waiting for a server right now (those that gave up excluded).
    public var queueLength: Int { state.withLock { $0.queued } }

    /// Holds one server for `service`, unless the client gives up at `deadline` first.
    ///
    /// A caller still queued at its deadline leaves the queue then; a caller whose service
    /// would end at or after its deadline returns at the deadline while the server stays busy
    /// for the full service time (the backend does the work nobody waits for). Either way
    /// the usage says `timedOut`. With no deadline this is `use(for:)`.
    public func use(for service: SimDuration, deadline: SimInstant?) async -> Usage {
        guard let deadline else { return await use(for: service) }
        let arrived = clock.now
        if arrived >= deadline { return Usage(wait: .zero, service: .zero, timedOut: true) }
        guard await acquire(before: deadline) else {
            return Usage(wait: clock.now - arrived, service: .zero, timedOut: true)
        }
        let started = clock.now
        let wait = started - arrived
        if started + service < deadline {
            try? await clock.sleep(for: service)
            release()
            return Usage(wait: wait, service: service)
        }
        let finish = started + service
        let clock = self.clock
        clock.spawner.spawn { [self] in
            try? await clock.sleep(until: finish)
            release()
        }
        try? await clock.sleep(until: deadline)
        return Usage(wait: wait, service: deadline - started, timedOut: true)
    }

    /// Takes a server, waiting in FIFO order until `deadline` at most; false if it passed.
    func acquire(before deadline: SimInstant) async -> Bool {
        if tryAcquire() { return true }
        let clock = self.clock
        let arrived = clock.now
        let waiter = TimedWaiter()
        clock.beginPark() // resumed by a release or by the deadline task, not by the executor
        let got = await withUnsafeContinuation { (c: UnsafeContinuation<Bool, Never>) in
            let free = state.withLock { s -> Bool in
                s.account(clock.now) // the queue length changes: close the interval at the old length
                // A server freed since `tryAcquire` (only possible on the wall clock): take it.
                if s.busy < s.capacity && s.queued == 0 {
                    s.busy += 1
                    s.calls += 1
                    return true
                }
                waiter.continuation = c
                s.waiters.append(.timed(waiter))
                let queued = s.queued
                s.maxQueue = max(s.maxQueue, queued)
                s.windows?.noteQueue(queued, at: clock.now.nanoseconds)
                return false
            }
            if free {
                c.resume(returning: true)
                return
            }
            clock.spawner.spawn { [self] in
                try? await clock.sleep(until: deadline)
                giveUp(waiter)
            }
        }
        clock.endPark()
        let waited = (clock.now - arrived).nanoseconds
        if got { state.withLock { $0.totalWait &+= waited } }
        return got
    }

    /// The waiter's deadline has come: if it is still queued it leaves with `false`.
    private func giveUp(_ waiter: TimedWaiter) {
        let now = clock.now
        let c = state.withLock { s -> UnsafeContinuation<Bool, Never>? in
            guard !waiter.done else { return nil }
            s.account(now)
            waiter.done = true
            s.abandoned += 1
            return waiter.continuation
        }
        c?.resume(returning: false)
    }
}

extension ResourcePool {
    /// Takes one server for a call whose service time is not modeled but real (a call to a
    /// real backend), waiting in FIFO order — until `deadline` at most; false if it passed.
    /// The caller gives the server back with `leave()` when its call ends.
    ///
    /// This is how a real backend keeps the scenario's pool: its utilisation, its queue, and
    /// a fault that shrinks it, measured in front of the real client's own connections.
    public func enter(before deadline: SimInstant?) async -> Bool {
        if let deadline {
            if clock.now >= deadline { return false }
            return await acquire(before: deadline)
        }
        if !tryAcquire() { await acquire() }
        return true
    }

    /// Gives back the server `enter(before:)` took.
    public func leave() { release() }
}
