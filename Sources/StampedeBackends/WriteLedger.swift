import StampedeCache
import StampedeKernel
import StampedeModel
import Synchronization

/// What a real Redis lost in a crash, measured: the last acknowledged write to each key since
/// the previous crash (a value set, or a delete), checked against what the server holds once
/// it has restarted on its own files. A set whose value is gone or different, or a delete
/// whose key is back, is a write lost, counted per data class as the model counts them.
///
/// Bounded by the keys the run writes (one entry per key, as the cache itself holds), not by
/// the writes. Counter increments are not judged (their value is not the client's to know),
/// nor a key written again after the restart before it was checked, nor one whose TTL has
/// passed meanwhile.
final class WriteLedger: Sendable {
    struct Write: Sendable {
        /// The value written, or nil for a delete.
        var value: CacheValue?
        var expiresAt: SimInstant?
        /// False while the write is in flight, and after one that failed (it may or may not
        /// have taken effect): such a key is not judged.
        var acknowledged: Bool
    }

    private let writes = Mutex<[CacheKey: Write]>([:])
    let clock: any SimClock

    init(clock: any SimClock) { self.clock = clock }

    /// A write to `key` is about to be sent: until it is acknowledged the key's state is not known.
    func begin(_ key: CacheKey) {
        writes.withLock { $0[key] = Write(value: nil, expiresAt: nil, acknowledged: false) }
    }

    func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) {
        let at = clock.now
        writes.withLock { $0[key] = Write(value: value, expiresAt: ttl.map { at + $0 }, acknowledged: true) }
    }

    func delete(_ key: CacheKey) {
        writes.withLock { $0[key] = Write(value: nil, expiresAt: nil, acknowledged: true) }
    }

    /// The writes since the last crash, acknowledged or not; the ledger starts again empty.
    func takeAll() -> [CacheKey: Write] {
        writes.withLock { w in
            defer { w.removeAll(keepingCapacity: true) }
            return w
        }
    }

    /// Whether `key` was written, or is being written, since the last `takeAll()`.
    func written(_ key: CacheKey) -> Bool { writes.withLock { $0[key] != nil } }
}

/// The service's real cache, recording each acknowledged write in the ledger.
final class LedgerCache: AuthCache {
    let base: any AuthCache
    let ledger: WriteLedger

    init(wrapping base: any AuthCache, ledger: WriteLedger) {
        self.base = base
        self.ledger = ledger
    }

    func get(_ key: CacheKey) async throws(BackendError) -> CacheValue? { try await base.get(key) }

    func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) {
        ledger.begin(key)
        try await base.set(key, value, ttl: ttl)
        ledger.set(key, value, ttl: ttl)
    }

    func update(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) -> Bool {
        ledger.begin(key)
        let updated = try await base.update(key, value, ttl: ttl)
        if updated { ledger.set(key, value, ttl: ttl) }
        return updated
    }

    func delete(_ key: CacheKey) async throws(BackendError) {
        ledger.begin(key)
        try await base.delete(key)
        ledger.delete(key)
    }

    func increment(_ key: CacheKey, ttl: SimDuration) async throws(BackendError) -> Int {
        try await base.increment(key, ttl: ttl)
    }

    func getLeased(_ key: CacheKey, leaseTTL: SimDuration) async throws(BackendError) -> LeasedRead {
        try await base.getLeased(key, leaseTTL: leaseTTL)
    }

    func setLeased(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?, lease: Lease) async throws(BackendError) -> Bool {
        ledger.begin(key)
        let filled = try await base.setLeased(key, value, ttl: ttl, lease: lease)
        if filled { ledger.set(key, value, ttl: ttl) }
        return filled
    }

    func compareAndSet(_ key: CacheKey, expected: CacheValue?, new: CacheValue?, ttl: SimDuration?) async throws(BackendError) -> Bool {
        ledger.begin(key)
        let swapped = try await base.compareAndSet(key, expected: expected, new: new, ttl: ttl)
        if swapped {
            if let new { ledger.set(key, new, ttl: ttl) } else { ledger.delete(key) }
        }
        return swapped
    }
}
