import StampedeKernel
import StampedeModel

/// What the cache measured about itself: memory, per-class counters, persistence, crashes.
public struct RedisCacheReport: Sendable {
    /// Counters of one data class.
    public struct ClassCounts: Sendable, Hashable {
        public var keys: Int
        public var bytes: Int
        public var evictions: Int
        public var expiredLazy: Int
        public var expiredActive: Int
        public var expirations: Int { expiredLazy + expiredActive }
    }

    public var keys: Int
    public var usedBytes: Int
    public var peakBytes: Int
    /// Per `DataClass.rawValue`.
    public var classes: [ClassCounts]
    public var outOfMemory: Int
    public var leasesGranted: Int
    public var leaseSetsRefused: Int
    public var keysWarmed: Int
    public var snapshots: Int
    public var snapshotDurations: [SimDuration]
    public var lastSnapshotBytes: Int
    /// Bytes ever appended to the log, and bytes it holds now (since the last snapshot).
    public var logBytesTotal: Int
    public var logBytes: Int
    public var crashes: [CrashRecord]
    /// Evictions and expirations a real server counts without knowing the class of each key.
    public var unclassifiedEvictions = 0
    public var unclassifiedExpirations = 0

    public var evictions: Int { classes.reduce(unclassifiedEvictions) { $0 + $1.evictions } }
    public var expirations: Int { classes.reduce(unclassifiedExpirations) { $0 + $1.expirations } }
}

extension RedisCacheReport {
    /// What a real server reports of itself: its keys and memory, its counters (not per class:
    /// a server does not know our classes), and the crashes it went through.
    public init(keys: Int, usedBytes: Int, peakBytes: Int, evictions: Int, expirations: Int, outOfMemory: Int,
                leasesGranted: Int, leaseSetsRefused: Int, keysWarmed: Int, crashes: [CrashRecord]) {
        self.init(keys: keys, usedBytes: usedBytes, peakBytes: peakBytes,
                  classes: DataClass.allCases.map { _ in ClassCounts(keys: 0, bytes: 0, evictions: 0, expiredLazy: 0, expiredActive: 0) },
                  outOfMemory: outOfMemory, leasesGranted: leasesGranted, leaseSetsRefused: leaseSetsRefused,
                  keysWarmed: keysWarmed, snapshots: 0, snapshotDurations: [], lastSnapshotBytes: 0, logBytesTotal: 0,
                  logBytes: 0, crashes: crashes, unclassifiedEvictions: evictions, unclassifiedExpirations: expirations)
    }
}

extension RedisCache {
    /// Everything the cache measured so far.
    public func report() -> RedisCacheReport {
        state.withLock { s in
            let k = s.keyspace
            let p = s.persistence
            return RedisCacheReport(
                keys: k.count, usedBytes: k.usedBytes, peakBytes: k.peakBytes,
                classes: k.classes.map { .init(keys: $0.keys, bytes: $0.bytes, evictions: $0.evictions,
                                               expiredLazy: $0.expiredLazy, expiredActive: $0.expiredActive) },
                outOfMemory: s.outOfMemory, leasesGranted: s.leasesGranted, leaseSetsRefused: s.leaseSetsRefused,
                keysWarmed: s.keysWarmed, snapshots: p.snapshotsTaken, snapshotDurations: p.snapshotDurations,
                lastSnapshotBytes: p.snapshot?.bytes ?? 0, logBytesTotal: p.logBytesTotal, logBytes: p.logBytes,
                crashes: p.crashes)
        }
    }

    /// Entries now, and evictions and expirations so far.
    public func statistics() -> (entries: Int, evictions: Int, expirations: Int) {
        let r = report()
        return (r.keys, r.evictions, r.expirations)
    }
}
