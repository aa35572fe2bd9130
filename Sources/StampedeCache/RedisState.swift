import StampedeKernel
import StampedeModel

/// The mutable state of a `RedisCache`, guarded by its lock: keyspace, leases, persistence
/// and whether the process is up.
struct RedisState {
    enum Status { case up, down, recovering }

    var keyspace: Keyspace
    var persistence: PersistenceState
    var leases: [CacheKey: (token: UInt64, expiresAt: Int64)] = [:]
    var nextLease: UInt64 = 0
    var status = Status.up
    /// Bumped by every crash; a call that began in an earlier epoch fails.
    var epoch: UInt64 = 0
    /// A crash asked for at a future instant, applied when time reaches it.
    var scheduledCrash: SimInstant?
    var nextActiveExpire: Int64 = 0
    var outOfMemory = 0
    var leasesGranted = 0
    var leaseSetsRefused = 0
    var keysWarmed = 0

    static let activeExpirePeriod: Int64 = 100_000_000

    init(config: RedisCacheConfig, rng: Xoshiro256) {
        keyspace = Keyspace(config: config, rng: rng)
        persistence = PersistenceState(config: config.persistence)
    }

    /// Stores a client's write, logging it and the deletes of any keys evicted for it.
    mutating func write(_ key: CacheKey, _ value: CacheValue, expiresAt: Int64, now: SimInstant) throws(BackendError) {
        let evicted: [CacheKey]
        do {
            evicted = try keyspace.store(key, value, expiresAt: expiresAt, now: now)
        } catch {
            outOfMemory += 1
            throw error
        }
        for k in evicted {
            persistence.record(k, value: nil, expiresAt: Keyspace.noExpiry, at: now, clientWrite: false)
        }
        persistence.record(key, value: value, expiresAt: expiresAt, at: now)
    }

    /// Deletes a key (a client's delete): cancels its lease and logs it if it was there.
    @discardableResult
    mutating func erase(_ key: CacheKey, now: SimInstant) -> Bool {
        if !leases.isEmpty { leases.removeValue(forKey: key) }
        guard keyspace.delete(key) else { return false }
        persistence.record(key, value: nil, expiresAt: Keyspace.noExpiry, at: now)
        return true
    }

    /// Applies a scheduled crash whose time has come; returns its instant if it did.
    mutating func applyDueCrash(now: SimInstant) -> SimInstant? {
        guard let at = scheduledCrash, at <= now else { return nil }
        scheduledCrash = nil
        guard status == .up else { return nil }
        crash(at: at)
        return at
    }

    /// The process dies at `at`: memory, leases and whatever was not durable are gone.
    mutating func crash(at: SimInstant) {
        precondition(persistence.config.keepsSnapshotContents, "the cache crashed, but its snapshots were told to keep no keys")
        status = .down
        epoch &+= 1
        _ = persistence.crash(at: at)
        var fresh = Keyspace(config: keyspace.config, rng: keyspace.rng)
        fresh.inheritCounters(from: keyspace)
        keyspace = fresh
        leases = [:]
    }

    /// Rebuilds the keyspace from the snapshot and the surviving log, then serves again.
    mutating func recover(now: SimInstant) {
        var fresh = Keyspace(config: keyspace.config, rng: keyspace.rng)
        fresh.inheritCounters(from: keyspace)
        var fromSnapshot = false
        if let snap = persistence.snapshot {
            fromSnapshot = true
            for e in snap.entries where e.expiresAt > now.nanoseconds {
                _ = try? fresh.store(e.key, e.value, expiresAt: e.expiresAt, now: now)
            }
        }
        for e in persistence.log {
            if let v = e.value, e.expiresAt > now.nanoseconds {
                _ = try? fresh.store(e.key, v, expiresAt: e.expiresAt, now: now)
            } else {
                fresh.delete(e.key)
            }
        }
        keyspace = fresh
        status = .up
        if var last = persistence.crashes.popLast() {
            last.recoveredAt = now
            last.keysRecovered = fresh.count
            last.bytesLoaded = persistence.recoveryBytes
            last.fromSnapshot = fromSnapshot
            persistence.crashes.append(last)
        }
    }

    /// Runs active expiry if a cycle is due, and drops leases nobody used.
    mutating func housekeeping(now: SimInstant) {
        guard now.nanoseconds >= nextActiveExpire else { return }
        nextActiveExpire = now.nanoseconds + Self.activeExpirePeriod
        keyspace.activeExpire(now: now)
        if leases.count > 4096 { leases = leases.filter { $0.value.expiresAt > now.nanoseconds } }
    }
}
