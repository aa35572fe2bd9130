import StampedeKernel
import StampedeModel

/// One command in the append-only log: a set (with its absolute expiry) or a delete.
struct LogEntry {
    var sequence: UInt64
    var at: SimInstant
    var key: CacheKey
    /// Nil for a delete.
    var value: CacheValue?
    var expiresAt: Int64
    /// False for deletes the cache made itself (evictions), which are logged but were no client's write.
    var clientWrite: Bool
    var bytes: Int
}

/// A point-in-time copy of the whole keyspace (RDB-style), durable once written out.
struct Snapshot {
    /// Writes up to this sequence number are in it.
    var forkSequence: UInt64
    var forkAt: SimInstant
    var entries: [(key: CacheKey, value: CacheValue, expiresAt: Int64)]
    var bytes: Int
    /// Client writes of each class up to the fork, to count what a crash loses.
    var writesAtFork: [Int]
}

/// What one crash and the recovery after it did.
public struct CrashRecord: Sendable, Hashable {
    public var crashedAt: SimInstant
    /// When the restart began and when the cache served again (nil until then).
    public var restartedAt: SimInstant?
    public var recoveredAt: SimInstant?
    /// Acknowledged writes the crash lost, per data class (`DataClass.rawValue`).
    public var writesLost: [Int]
    public var keysRecovered = 0
    public var bytesLoaded = 0
    /// Whether a snapshot was loaded (false: the log alone, or an empty start).
    public var fromSnapshot = false

    public init(crashedAt: SimInstant, writesLost: [Int]) {
        self.crashedAt = crashedAt
        self.writesLost = writesLost
    }
}

/// The durable side of the cache: the last completed snapshot and the append-only log of
/// critical classes since its fork, with the counters a crash report needs.
struct PersistenceState {
    let config: PersistenceConfig
    /// Sequence number of the latest write command.
    var sequence: UInt64 = 0
    var log: [LogEntry] = []
    var logBytesTotal = 0
    var snapshot: Snapshot?
    var snapshotsTaken = 0
    var snapshotDurations: [SimDuration] = []
    /// Client writes acknowledged so far, per class.
    var writes = [Int](repeating: 0, count: DataClass.allCases.count)
    var crashes: [CrashRecord] = []
    private let criticalMask: UInt8

    init(config: PersistenceConfig) {
        self.config = config
        criticalMask = config.critical.reduce(0) { $0 | (1 << UInt8($1.rawValue)) }
    }

    @inline(__always) func isCritical(_ c: DataClass) -> Bool { criticalMask & (1 << UInt8(c.rawValue)) != 0 }

    /// Bytes in the log since the last snapshot.
    var logBytes: Int { log.reduce(0) { $0 + $1.bytes } }

    /// Records one write command (a client's, or an eviction's delete).
    mutating func record(_ key: CacheKey, value: CacheValue?, expiresAt: Int64, at: SimInstant, clientWrite: Bool = true) {
        sequence &+= 1
        let c = key.dataClass
        if clientWrite { writes[c.rawValue] += 1 }
        guard criticalMask != 0, isCritical(c) else { return }
        let bytes = key.byteSize + (value?.byteSize ?? 0) + 24
        log.append(LogEntry(sequence: sequence, at: at, key: key, value: value, expiresAt: expiresAt,
                            clientWrite: clientWrite, bytes: bytes))
        logBytesTotal += bytes
    }

    /// Makes `s` the snapshot to recover from and drops the log entries it already holds.
    mutating func commit(_ s: Snapshot, took: SimDuration) {
        snapshot = s
        snapshotsTaken += 1
        snapshotDurations.append(took)
        log.removeAll { $0.sequence <= s.forkSequence }
    }

    /// What survives a crash at `at`: the snapshot and the log entries on disk by then.
    /// Forgets what was lost and returns the crash's record.
    mutating func crash(at: SimInstant) -> CrashRecord {
        let durable = config.fsync.durableUntil(crash: at)
        var lost = [Int](repeating: 0, count: DataClass.allCases.count)
        for e in log where e.at > durable && e.clientWrite { lost[e.key.dataClass.rawValue] += 1 }
        log.removeAll { $0.at > durable }
        for c in DataClass.allCases where !isCritical(c) {
            lost[c.rawValue] += writes[c.rawValue] - (snapshot?.writesAtFork[c.rawValue] ?? 0)
        }
        for c in DataClass.allCases { writes[c.rawValue] -= lost[c.rawValue] }
        let record = CrashRecord(crashedAt: at, writesLost: lost)
        crashes.append(record)
        return record
    }

    /// Bytes a recovery reads: the snapshot and the surviving log.
    var recoveryBytes: Int { (snapshot?.bytes ?? 0) + logBytes }

    /// Modeled time to restart and load everything durable.
    var recoveryDuration: SimDuration {
        config.startup + .seconds(Double(recoveryBytes) / max(1, config.bytesPerSecond))
    }
}
