import StampedeKernel
import StampedeModel

/// Crash, restart, snapshots and warming: the process's life, as the chaos engine drives it.
extension RedisCache {
    /// Kills the cache process at `instant`.
    ///
    /// Everything in memory is lost; what survives is the last completed snapshot plus the
    /// append-only log (critical classes) up to the last fsync before `instant` (`always`:
    /// every acknowledged write; `everysec`: up to the last whole second; `no`: up to the
    /// last 30 s). Calls fail fast until `restart()` has recovered; calls in flight fail.
    /// An instant in the future schedules the crash; one in the past means now.
    public func crash(at instant: SimInstant) {
        let now = clock.now
        let applied = state.withLock { s -> SimInstant? in
            guard s.status == .up else { return nil }
            if instant > now {
                s.scheduledCrash = instant
                return nil
            }
            s.crash(at: now)
            return now
        }
        if let at = applied { observer?.observe(.cacheCrashed(at: at)) }
    }

    /// Restarts a crashed cache: loads the snapshot and replays the surviving log, taking
    /// `startup + bytes / bytesPerSecond` of modeled time, during which calls are refused.
    /// Returns when the cache serves again; does nothing if it is not down.
    public func restart() async {
        let now = clock.now
        let plan = state.withLock { s -> (SimDuration, UInt64)? in
            _ = s.applyDueCrash(now: now)
            guard s.status == .down else { return nil }
            s.status = .recovering
            if let i = s.persistence.crashes.indices.last { s.persistence.crashes[i].restartedAt = now }
            return (s.persistence.recoveryDuration, s.epoch)
        }
        guard let (duration, epoch) = plan else { return }
        try? await clock.sleep(for: duration)
        let recovered = state.withLock { s -> Bool in
            guard s.epoch == epoch, s.status == .recovering else { return false }
            s.recover(now: clock.now)
            return true
        }
        if recovered { observer?.observe(.cacheRecovered(at: clock.now)) }
    }

    /// Takes one RDB-style snapshot: the keyspace as it is now, durable once written out at
    /// `bytesPerSecond`. A crash before then leaves the previous snapshot in force.
    public func snapshot() async {
        let now = clock.now
        var crashed: SimInstant?
        let fork = state.withLock { s -> (Snapshot, UInt64)? in
            crashed = s.applyDueCrash(now: now)
            guard s.status == .up else { return nil }
            let entries = config.persistence.keepsSnapshotContents ? s.keyspace.entries(now: now) : []
            let snap = Snapshot(forkSequence: s.persistence.sequence, forkAt: now, entries: entries,
                                bytes: s.keyspace.usedBytes, writesAtFork: s.persistence.writes)
            return (snap, s.epoch)
        }
        if let at = crashed { observer?.observe(.cacheCrashed(at: at)) }
        guard let (snap, epoch) = fork else { return }
        let took = SimDuration.seconds(Double(snap.bytes) / max(1, config.persistence.bytesPerSecond))
        try? await clock.sleep(for: took)
        state.withLock { s in
            if s.epoch == epoch, s.status == .up { s.persistence.commit(snap, took: took) }
        }
    }

    /// Snapshots every `snapshotEvery` until `end` (nothing if snapshots are off).
    public func runSnapshots(until end: SimInstant) async {
        let every = config.persistence.snapshotEvery
        guard every.nanoseconds > 0 else { return }
        var next = clock.now + every
        while next < end {
            try? await clock.sleep(until: next)
            await snapshot()
            next = next + every
        }
    }

    /// Puts a key in directly, without a modeled round trip: warming before traffic starts.
    /// Returns false if the cache is down or has no room.
    @discardableResult
    public func preload(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) -> Bool {
        let now = clock.now
        return state.withLock { s in
            guard s.status == .up, (try? s.write(key, value, expiresAt: expiry(ttl, now), now: now)) != nil else { return false }
            s.keysWarmed += 1
            return true
        }
    }

    /// Counts a key filled by a warming pass that went through the modeled calls.
    public func countWarmed(_ n: Int) { state.withLock { $0.keysWarmed += n } }

    /// Runs the checks of the keyspace's bookkeeping (for tests and debug builds).
    package func checkInvariants() -> Bool { state.withLock { $0.keyspace.checkInvariants() } }
}
