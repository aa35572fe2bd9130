/// What the caching strategies and the cache did: per data class, memory, persistence.
public struct CachingResult: Codable, Sendable {
    /// Per data class the service caches.
    public var classes: [DataClassKind: DataClassResult]
    public var memory: CacheMemoryResult
    public var persistence: PersistenceResult
    /// `none` or `top-users(K)`, and keys loaded by warming (before traffic and after restarts).
    public var warm: String
    public var keysWarmed: Int
    /// Configuration choices the report must flag (security state configured write-behind).
    public var warnings: [String]

    public init(classes: [DataClassKind: DataClassResult], memory: CacheMemoryResult, persistence: PersistenceResult,
                warm: String, keysWarmed: Int, warnings: [String]) {
        self.classes = classes; self.memory = memory; self.persistence = persistence
        self.warm = warm; self.keysWarmed = keysWarmed; self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case classes, memory, persistence, warm, keysWarmed = "keys_warmed", warnings
    }
}

/// One data class: its policy and what it cost and got.
public struct DataClassResult: Codable, Sendable {
    public var strategy: String
    public var ttlS: Double
    public var whenUnavailable: String
    public var critical: Bool
    /// Reads through the strategy, and how they were answered.
    public var reads: Int
    public var hits: Int
    public var misses: Int
    public var hitRatio: Double
    /// Reads the cache could not answer, and how many of those were refused (fail-closed).
    public var fallbacks: Int
    public var failedClosed: Int
    public var evictions: Int
    public var expirations: Int
    /// Reads older than a completed write (past the staleness bound), allowed requests
    /// decided on them, and those after a crash that brought back a pre-crash value.
    public var staleReads: Int
    public var staleAuthorizations: Int
    public var resurrections: Int
    /// Store load this class caused.
    public var storeReads: Int
    public var storeWrites: Int
    /// Fills after a miss, and fills refused (a cancelled lease, a key written meanwhile).
    public var fills: Int
    public var fillsRefused: Int
    public var keysAtEnd: Int
    public var bytesAtEnd: Int
    /// Present for write-behind classes.
    public var writeBehind: WriteBehindResult?

    public init(strategy: String, ttlS: Double, whenUnavailable: String, critical: Bool, reads: Int, hits: Int, misses: Int,
                hitRatio: Double, fallbacks: Int, failedClosed: Int, evictions: Int, expirations: Int, staleReads: Int,
                staleAuthorizations: Int, resurrections: Int, storeReads: Int, storeWrites: Int, fills: Int,
                fillsRefused: Int, keysAtEnd: Int, bytesAtEnd: Int, writeBehind: WriteBehindResult?) {
        self.strategy = strategy; self.ttlS = ttlS; self.whenUnavailable = whenUnavailable; self.critical = critical
        self.reads = reads; self.hits = hits; self.misses = misses; self.hitRatio = hitRatio; self.fallbacks = fallbacks
        self.failedClosed = failedClosed; self.evictions = evictions; self.expirations = expirations
        self.staleReads = staleReads; self.staleAuthorizations = staleAuthorizations; self.resurrections = resurrections
        self.storeReads = storeReads; self.storeWrites = storeWrites; self.fills = fills; self.fillsRefused = fillsRefused
        self.keysAtEnd = keysAtEnd; self.bytesAtEnd = bytesAtEnd; self.writeBehind = writeBehind
    }

    enum CodingKeys: String, CodingKey {
        case strategy, ttlS = "ttl_s", whenUnavailable = "when_unavailable", critical, reads, hits, misses
        case hitRatio = "hit_ratio", fallbacks, failedClosed = "failed_closed", evictions, expirations
        case staleReads = "stale_reads", staleAuthorizations = "stale_authorizations", resurrections
        case storeReads = "store_reads", storeWrites = "store_writes", fills, fillsRefused = "fills_refused"
        case keysAtEnd = "keys_at_end", bytesAtEnd = "bytes_at_end", writeBehind = "write_behind"
    }
}

/// The write-behind queue of one class.
public struct WriteBehindResult: Codable, Sendable {
    public var enqueued: Int
    public var flushed: Int
    /// Writes that never reached the store: queued before a crash, or refused by it.
    public var lost: Int
    /// Still queued when the run ended.
    public var unflushedAtEnd: Int
    public var queueMax: Int
    public var flushLagMaxMs: Double
    public var flushLagMeanMs: Double

    public init(enqueued: Int, flushed: Int, lost: Int, unflushedAtEnd: Int, queueMax: Int, flushLagMaxMs: Double,
                flushLagMeanMs: Double) {
        self.enqueued = enqueued; self.flushed = flushed; self.lost = lost; self.unflushedAtEnd = unflushedAtEnd
        self.queueMax = queueMax; self.flushLagMaxMs = flushLagMaxMs; self.flushLagMeanMs = flushLagMeanMs
    }

    enum CodingKeys: String, CodingKey {
        case enqueued, flushed, lost, unflushedAtEnd = "unflushed_at_end", queueMax = "queue_max"
        case flushLagMaxMs = "flush_lag_max_ms", flushLagMeanMs = "flush_lag_mean_ms"
    }
}

/// The cache's memory: its limits and what it held.
public struct CacheMemoryResult: Codable, Sendable {
    /// Zero: unlimited.
    public var maxmemoryBytes: Int
    public var maxEntries: Int
    public var policy: String
    public var usedBytesPeak: Int
    public var usedBytesAtEnd: Int
    public var keysAtEnd: Int
    public var evictions: Int
    /// Writes refused because memory was full (`noeviction`).
    public var outOfMemory: Int

    public init(maxmemoryBytes: Int, maxEntries: Int, policy: String, usedBytesPeak: Int, usedBytesAtEnd: Int,
                keysAtEnd: Int, evictions: Int, outOfMemory: Int) {
        self.maxmemoryBytes = maxmemoryBytes; self.maxEntries = maxEntries; self.policy = policy
        self.usedBytesPeak = usedBytesPeak; self.usedBytesAtEnd = usedBytesAtEnd; self.keysAtEnd = keysAtEnd
        self.evictions = evictions; self.outOfMemory = outOfMemory
    }

    enum CodingKeys: String, CodingKey {
        case maxmemoryBytes = "maxmemory_bytes", maxEntries = "max_entries", policy
        case usedBytesPeak = "used_bytes_peak", usedBytesAtEnd = "used_bytes_at_end", keysAtEnd = "keys_at_end"
        case evictions, outOfMemory = "out_of_memory"
    }
}

/// Snapshots, the append-only log and crashes.
public struct PersistenceResult: Codable, Sendable {
    /// Zero: snapshots off.
    public var snapshotEveryS: Double
    public var fsync: String
    /// Classes whose writes go to the append-only log.
    public var critical: [DataClassKind]
    public var snapshots: Int
    public var snapshotMsMax: Double
    public var snapshotMsMean: Double
    public var lastSnapshotBytes: Int
    public var logBytesTotal: Int
    public var logBytesAtEnd: Int
    public var crashes: [CrashResult]

    public init(snapshotEveryS: Double, fsync: String, critical: [DataClassKind], snapshots: Int, snapshotMsMax: Double,
                snapshotMsMean: Double, lastSnapshotBytes: Int, logBytesTotal: Int, logBytesAtEnd: Int, crashes: [CrashResult]) {
        self.snapshotEveryS = snapshotEveryS; self.fsync = fsync; self.critical = critical; self.snapshots = snapshots
        self.snapshotMsMax = snapshotMsMax; self.snapshotMsMean = snapshotMsMean; self.lastSnapshotBytes = lastSnapshotBytes
        self.logBytesTotal = logBytesTotal; self.logBytesAtEnd = logBytesAtEnd; self.crashes = crashes
    }

    enum CodingKeys: String, CodingKey {
        case snapshotEveryS = "snapshot_every_s", fsync, critical, snapshots, snapshotMsMax = "snapshot_ms_max"
        case snapshotMsMean = "snapshot_ms_mean", lastSnapshotBytes = "last_snapshot_bytes"
        case logBytesTotal = "log_bytes_total", logBytesAtEnd = "log_bytes_at_end", crashes
    }
}

/// One cache crash and its recovery.
public struct CrashResult: Codable, Sendable {
    public var atS: Double
    public var restartedAtS: Double?
    public var recoveredAtS: Double?
    public var recoveryMs: Double?
    public var fromSnapshot: Bool
    public var keysRecovered: Int
    public var bytesLoaded: Int
    /// Acknowledged cache writes the crash lost (not in the snapshot or the synced log), per class.
    public var writesLost: [DataClassKind: Int]
    public var writesLostTotal: Int

    public init(atS: Double, restartedAtS: Double?, recoveredAtS: Double?, recoveryMs: Double?, fromSnapshot: Bool,
                keysRecovered: Int, bytesLoaded: Int, writesLost: [DataClassKind: Int], writesLostTotal: Int) {
        self.atS = atS; self.restartedAtS = restartedAtS; self.recoveredAtS = recoveredAtS; self.recoveryMs = recoveryMs
        self.fromSnapshot = fromSnapshot; self.keysRecovered = keysRecovered; self.bytesLoaded = bytesLoaded
        self.writesLost = writesLost; self.writesLostTotal = writesLostTotal
    }

    enum CodingKeys: String, CodingKey {
        case atS = "at_s", restartedAtS = "restarted_at_s", recoveredAtS = "recovered_at_s", recoveryMs = "recovery_ms"
        case fromSnapshot = "from_snapshot", keysRecovered = "keys_recovered", bytesLoaded = "bytes_loaded"
        case writesLost = "writes_lost", writesLostTotal = "writes_lost_total"
    }
}
