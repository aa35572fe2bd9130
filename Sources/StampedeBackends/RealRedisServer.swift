import StampedeCache
import StampedeKernel
import StampedeModel
import StampedeRedis
import Synchronization

/// A real redis-server as the harness sees it: warming before the run, its own counts for the
/// report (`INFO`, kept across restarts, which start Redis's counters again from zero), and —
/// when Stampede started it — its process life, with a record of each crash: when, when it
/// served again, and how many keys it came back with from its own files.
///
/// Snapshots and the append-only log are Redis's own (configured from the scenario's
/// `persistence`), so `runSnapshots` has nothing to do.
final class RealRedisServer: CacheServer, CacheControl {
    let config: RedisCacheConfig
    /// A view of the run's keys for seeding and statistics (past the gate, unreported).
    private let seeding: RealRedisCache
    private let process: RedisServerControl?
    private let clock: any SimClock
    private let state = Mutex(State())
    /// The service's acknowledged writes, checked after each restart.
    let ledger: WriteLedger
    /// The writes acknowledged before the last crash, waiting for the restart.
    private let beforeCrash = Mutex<[CacheKey: WriteLedger.Write]>([:])

    private struct State {
        /// Counts from server processes that have since died.
        var evictionsBefore = 0
        var expirationsBefore = 0
        var latest = CacheStatistics(entries: 0, evictions: 0, expirations: 0)
        var usedBytes = 0
        var peakBytes = 0
        var rejectedWrites = 0
        var rejectedBefore = 0
        var warmed = 0
        var crashes: [CrashRecord] = []
    }

    init(client: RedisClient, namespace: String, process: RedisServerControl?, config: RedisCacheConfig, clock: any SimClock) {
        self.config = config
        self.seeding = RealRedisCache(client: client, namespace: namespace, clock: clock)
        self.process = process
        self.clock = clock
        self.ledger = WriteLedger(clock: clock)
    }

    // MARK: CacheServer

    func preload(_ entries: [CacheEntry]) async throws(BackendError) -> Int {
        try await seeding.preload(entries)
    }

    func runSnapshots(until end: SimInstant) async {}

    func countWarmed(_ n: Int) { state.withLock { $0.warmed += n } }

    func refresh() async {
        guard let stats = try? await seeding.serverStatistics() else { return }
        let memory = try? await RedisInfo.read(seeding.client, sections: ["memory", "errorstats"])
        state.withLock { s in
            s.latest = CacheStatistics(entries: stats.entries, evictions: s.evictionsBefore + stats.evictions,
                                       expirations: s.expirationsBefore + stats.expirations)
            if let memory {
                s.usedBytes = memory.integer("used_memory") ?? s.usedBytes
                s.peakBytes = max(s.peakBytes, memory.integer("used_memory_peak") ?? 0)
                // `errorstat_OOM:count=N`: writes refused for lack of memory (maxmemory with noeviction).
                if let field = memory.fields["errorstat_OOM"], let count = field.split(separator: ",").first?.split(separator: "=").last,
                   let n = Int(count) {
                    s.rejectedWrites = s.rejectedBefore + n
                }
            }
        }
    }

    func report() -> RedisCacheReport {
        state.withLock { s in
            RedisCacheReport(keys: s.latest.entries, usedBytes: s.usedBytes, peakBytes: s.peakBytes,
                             evictions: s.latest.evictions, expirations: s.latest.expirations, outOfMemory: s.rejectedWrites,
                             leasesGranted: 0, leaseSetsRefused: 0, keysWarmed: s.warmed, crashes: s.crashes)
        }
    }

    func statistics() -> (entries: Int, evictions: Int, expirations: Int) {
        state.withLock { s in (s.latest.entries, s.latest.evictions, s.latest.expirations) }
    }

    // MARK: CacheControl

    var epoch: UInt64 { process?.epoch ?? 0 }

    func flushAll() async throws(BackendError) {
        guard let process else { throw .unavailable }
        try await process.flushAll()
        // Every key is gone by intent: what was written before is not a crash's to lose.
        _ = ledger.takeAll()
    }

    func crash() async throws(BackendError) {
        guard let process else { throw .unavailable }
        // The dying process's counters, which its successor starts again from zero.
        await refresh()
        state.withLock { s in
            s.evictionsBefore = s.latest.evictions
            s.expirationsBefore = s.latest.expirations
            s.rejectedBefore = s.rejectedWrites
            s.crashes.append(CrashRecord(crashedAt: clock.now, writesLost: DataClass.allCases.map { _ in 0 }))
        }
        try await process.crash()
        // What the service was told was written, up to the kill.
        let written = ledger.takeAll()
        beforeCrash.withLock { $0 = written }
    }

    func restart() async throws(BackendError) {
        guard let process else { throw .unavailable }
        let began = clock.now
        try await process.restart()
        let served = clock.now
        let keys = (try? await seeding.serverStatistics())?.entries
        let fromSnapshot = process.server.configuration.snapshotEvery != nil && !process.server.configuration.appendOnly
        let lost = await writesLost()
        state.withLock { s in
            guard let i = s.crashes.indices.last, s.crashes[i].restartedAt == nil else { return }
            s.crashes[i].restartedAt = began
            s.crashes[i].recoveredAt = served
            s.crashes[i].keysRecovered = keys ?? 0
            s.crashes[i].fromSnapshot = fromSnapshot
            s.crashes[i].writesLost = lost
        }
    }

    /// The writes acknowledged before the crash that the restarted server does not hold, per
    /// data class: each key's last write read back (not one written again since the restart,
    /// nor one whose TTL has passed).
    private func writesLost() async -> [Int] {
        var lost = DataClass.allCases.map { _ in 0 }
        let written = beforeCrash.withLock { w in
            defer { w.removeAll() }
            return w
        }
        for (key, write) in written where write.acknowledged {
            if let expires = write.expiresAt, expires <= clock.now { continue }
            if ledger.written(key) { continue }
            let now: CacheValue?
            do { now = try await seeding.get(key) } catch { continue } // unreadable: not judged
            // (`try?` would flatten a missing key into a failed read.)
            if ledger.written(key) { continue }
            if now != write.value { lost[key.dataClass.rawValue] += 1 }
        }
        return lost
    }
}
