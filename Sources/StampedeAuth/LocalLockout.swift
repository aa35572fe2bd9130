import StampedeKernel
import StampedeModel
import Synchronization

/// The per-instance lockout limiter: failed password checks per account in a sliding
/// window, and the checks still in flight, counted in process.
///
/// It is what keeps lockout holding while the counter cache is down, and under concurrent
/// guesses even while it is up: a check is admitted only if the failures recorded (here or
/// in the shared counter, whichever is higher) plus the checks in flight stay under the
/// limit, so N simultaneous wrong guesses cannot all slip past a count read before any of
/// them failed. The window slides (the failures that finished in the last `window`), so in
/// no interval of that length do more than `maxFailures` failed checks finish, which is
/// what the checker's `lockout_exceeded` judges. With several service instances each holds
/// its own count, so the bound is per instance while the shared counter is unavailable.
final class LocalLockout: Sendable {
    struct Entry {
        /// When the failures still inside the window finished, oldest first (at most `maxFailures`).
        var failures: [SimInstant] = []
        var inFlight = 0

        mutating func expire(before cutoff: SimInstant) {
            if let first = failures.first, first <= cutoff { failures.removeAll { $0 <= cutoff } }
        }
    }

    struct State {
        var entries: [UserID: Entry] = [:]
        /// Failures in the order they finished, to forget users whose window emptied; live from `head` on.
        var starts: [(start: SimInstant, user: UserID)] = []
        var head = 0
    }

    private let state = Mutex(State())
    let maxFailures: Int
    let window: SimDuration

    init(maxFailures: Int, window: SimDuration) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Admits a password check for `user`, counting it in flight; nil if the user is locked
    /// out. `shared` is the shared counter's value, nil when it could not be read. Returns
    /// the failures recorded so far.
    func admit(_ user: UserID, shared: Int?, at now: SimInstant) -> Int? {
        state.withLock { s in
            s.forgetExpired(before: now - window)
            var e = s.entries[user] ?? Entry()
            e.expire(before: now - window)
            let recorded = max(e.failures.count, shared ?? 0)
            guard recorded + e.inFlight < maxFailures else { return nil }
            e.inFlight += 1
            s.entries[user] = e
            return recorded
        }
    }

    /// An admitted check is over; a failed one counts in the user's window.
    func finish(_ user: UserID, failed: Bool, at now: SimInstant) {
        state.withLock { s in
            guard var e = s.entries[user] else { return }
            e.inFlight -= 1
            if failed {
                e.expire(before: now - window)
                e.failures.append(now)
                if e.failures.count > maxFailures { e.failures.removeFirst() }
                s.starts.append((now, user))
            }
            if e.failures.isEmpty && e.inFlight == 0 {
                s.entries.removeValue(forKey: user)
            } else {
                s.entries[user] = e
            }
        }
    }

    /// A successful login clears the user's failures (checks in flight stay counted).
    func clear(_ user: UserID) {
        state.withLock { s in
            guard var e = s.entries[user] else { return }
            e.failures.removeAll()
            s.entries[user] = e.inFlight == 0 ? nil : e
        }
    }

    /// Forgets everything: the process restarted.
    func reset() {
        state.withLock { $0 = State() }
    }

    /// Users whose state is held (for tests and memory checks).
    var trackedUsers: Int { state.withLock { $0.entries.count } }
}

extension LocalLockout.State {
    /// Drops users whose every failure finished by `cutoff` and who have nothing in flight.
    mutating func forgetExpired(before cutoff: SimInstant) {
        while head < starts.count, starts[head].start <= cutoff {
            let first = starts[head]
            head += 1
            guard let e = entries[first.user], e.inFlight == 0, (e.failures.last ?? cutoff) <= cutoff else { continue }
            entries.removeValue(forKey: first.user)
        }
        if head > 1024 && head * 2 > starts.count {
            starts.removeFirst(head)
            head = 0
        }
    }
}
