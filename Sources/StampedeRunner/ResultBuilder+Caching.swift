import StampedeAuth
import StampedeCache
import StampedeChecker
import StampedeKernel
import StampedeModel

extension ResultBuilder {
    /// The caching section of the result.
    func caching(end: SimInstant) -> CachingResult {
        let report = sim.system.cacheServer.report()
        let findings = sim.observer.checker.withLock { $0.dataFindings() }
        let persistence = spec.system.cache.server.persistence
        var classes: [DataClass: DataClassResult] = [:]
        for strategy in sim.service.strategies {
            let c = strategy.dataClass
            classes[c] = classResult(strategy, counts: report.classes[c.rawValue], findings: findings[c.rawValue])
        }
        let durations = report.snapshotDurations.map(\.milliseconds)
        return CachingResult(
            classes: classes,
            memory: CacheMemoryResult(
                maxmemoryBytes: sim.system.cacheServer.config.maxMemory, maxEntries: sim.system.cacheServer.config.maxEntries,
                policy: sim.system.cacheServer.config.policy.rawValue, usedBytesPeak: report.peakBytes, usedBytesAtEnd: report.usedBytes,
                keysAtEnd: report.keys, evictions: report.evictions, outOfMemory: report.outOfMemory),
            persistence: PersistenceResult(
                snapshotEveryS: persistence.snapshotEvery.seconds, fsync: persistence.fsync.rawValue,
                critical: DataClass.allCases.filter { spec.system.cache.classes[$0].critical },
                snapshots: report.snapshots, snapshotMsMax: round3(durations.max() ?? 0),
                snapshotMsMean: round3(durations.isEmpty ? 0 : durations.reduce(0, +) / Double(durations.count)),
                lastSnapshotBytes: report.lastSnapshotBytes, logBytesTotal: report.logBytesTotal, logBytesAtEnd: report.logBytes,
                crashes: report.crashes.map(crashResult)),
            warm: spec.system.cache.warm.name, keysWarmed: report.keysWarmed, warnings: sim.cachingWarnings)
    }

    private func classResult(_ strategy: any CachingStrategy, counts: RedisCacheReport.ClassCounts,
                             findings: DataClassFindings) -> DataClassResult {
        let m = strategy.core.metrics.snapshot()
        let p = strategy.policy
        var behind: WriteBehindResult?
        if let wb = strategy.deferredWrites {
            behind = WriteBehindResult(enqueued: m.enqueued, flushed: m.flushed, lost: m.lost, unflushedAtEnd: wb.queued,
                                       queueMax: m.queueMax, flushLagMaxMs: round3(m.flushLagMax.milliseconds),
                                       flushLagMeanMs: round3(m.flushLagMean.milliseconds))
        }
        return DataClassResult(
            strategy: p.strategy.rawValue, ttlS: p.ttl.seconds, whenUnavailable: p.whenUnavailable.rawValue,
            critical: spec.system.cache.classes[strategy.dataClass].critical, reads: m.reads, hits: m.hits, misses: m.misses,
            hitRatio: round6(m.hitRatio), fallbacks: m.fallbacks, failedClosed: m.failedClosed,
            evictions: counts.evictions, expirations: counts.expirations, staleReads: findings.staleReads,
            staleAuthorizations: findings.staleAuthorizations, resurrections: findings.resurrections,
            storeReads: m.storeReads, storeWrites: m.storeWrites, fills: m.fills, fillsRefused: m.fillsRefused,
            keysAtEnd: counts.keys, bytesAtEnd: counts.bytes, writeBehind: behind)
    }

    private func crashResult(_ c: CrashRecord) -> CrashResult {
        var lost: [DataClass: Int] = [:]
        for d in DataClass.allCases where c.writesLost[d.rawValue] > 0 { lost[d] = c.writesLost[d.rawValue] }
        return CrashResult(
            atS: round6(c.crashedAt.seconds), restartedAtS: c.restartedAt.map { round6($0.seconds) },
            recoveredAtS: c.recoveredAt.map { round6($0.seconds) },
            recoveryMs: c.recoveredAt.flatMap { r in c.restartedAt.map { round3((r - $0).milliseconds) } },
            fromSnapshot: c.fromSnapshot, keysRecovered: c.keysRecovered, bytesLoaded: c.bytesLoaded,
            writesLost: lost, writesLostTotal: c.writesLost.reduce(0, +))
    }
}
