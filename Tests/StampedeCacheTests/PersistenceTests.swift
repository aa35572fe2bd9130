@testable import StampedeCache
import StampedeKernel
import StampedeModel
import Testing

/// A crash loses exactly what the persistence policy says, and nothing else.
@Suite struct PersistenceTests {
    /// Sessions are critical (append-only log); profiles are not (snapshot only).
    func config(_ fsync: FsyncPolicy) -> RedisCacheConfig {
        var c = RedisCacheConfig()
        c.persistence.fsync = fsync
        c.persistence.critical = [.sessions]
        c.persistence.snapshotEvery = .zero
        return c
    }

    /// What the cache holds after: a snapshot at 10 s; session writes at 10.5, 11.2, 11.8,
    /// 12.3, 12.9 s; a delete of a snapshotted session at 12.6 s; a profile write at 11 s;
    /// a crash at 12.95 s; a restart.
    func crashAndRecover(_ fsync: FsyncPolicy) -> (present: [Int], deleted: Bool, profile: Bool, record: CrashRecord) {
        let rig = CacheRig(config(fsync), latency: .microseconds(100))
        return rig.run { cache, clock in
            try? await cache.set(sessionKey(0), sessionValue(0), ttl: nil)
            try? await clock.sleep(until: at(10))
            await cache.snapshot()
            for (i, t) in [(1, 10.5), (2, 11.2), (3, 11.8), (4, 12.3), (5, 12.9)] {
                try? await clock.sleep(until: at(t))
                try? await cache.set(sessionKey(i), sessionValue(i), ttl: nil)
                if i == 2 {
                    try? await clock.sleep(until: at(11))
                    try? await cache.set(profileKey(1), profileValue(1), ttl: nil)
                }
                if i == 4 {
                    try? await clock.sleep(until: at(12.6))
                    try? await cache.delete(sessionKey(0))
                }
            }
            try? await clock.sleep(until: at(12.95))
            cache.crash(at: clock.now)
            await cache.restart()
            var present: [Int] = []
            for i in 1...5 where (try? await cache.get(sessionKey(i))) != nil { present.append(i) }
            let deleted = (try? await cache.get(sessionKey(0))) == nil
            let profile = (try? await cache.get(profileKey(1))) != nil
            return (present, deleted, profile, cache.report().crashes[0])
        }
    }

    @Test func alwaysLosesNoAcknowledgedWriteOfACriticalClass() {
        let r = crashAndRecover(.always)
        #expect(r.present == [1, 2, 3, 4, 5])
        #expect(r.deleted)
        #expect(!r.profile)   // not critical: only the snapshot keeps it, and it came after
        #expect(r.record.writesLost == [1, 0, 0, 0, 0])
    }

    @Test func everysecLosesTheWritesSinceTheLastWholeSecond() {
        let r = crashAndRecover(.everysec)   // last fsync at 12 s
        #expect(r.present == [1, 2, 3])
        #expect(!r.deleted)   // the delete at 12.6 s was lost: the session came back
        #expect(!r.profile)
        #expect(r.record.writesLost == [1, 3, 0, 0, 0])
    }

    @Test func noLosesTheWritesSinceTheLastThirtySecondFlush() {
        let r = crashAndRecover(.no)   // last flush at 0 s: only the snapshot survives
        #expect(r.present == [])
        #expect(!r.deleted)
        #expect(r.record.writesLost == [1, 6, 0, 0, 0])   // five sets and the delete
    }

    @Test func aCrashWithoutPersistenceStartsEmpty() {
        var c = RedisCacheConfig()
        c.persistence.snapshotEvery = .zero
        let rig = CacheRig(c)
        let (value, lost) = rig.run { cache, clock in
            try? await cache.set(sessionKey(1), sessionValue(1), ttl: nil)
            cache.crash(at: clock.now)
            await cache.restart()
            return (try? await cache.get(sessionKey(1)), cache.report().crashes[0].writesLost)
        }
        #expect(value == nil)
        #expect(lost[DataClass.sessions.rawValue] == 1)
    }

    @Test func recoveryTakesTimeProportionalToTheDataAndRefusesCallsMeanwhile() {
        var c = config(.always)
        c.persistence.bytesPerSecond = 1_000_000
        c.persistence.startup = .milliseconds(100)
        let rig = CacheRig(c)
        let (during, took, after, bytes) = rig.run { cache, clock in
            for i in 0..<1_000 { try? await cache.set(sessionKey(i), sessionValue(i), ttl: nil) }
            cache.crash(at: clock.now)
            let t0 = clock.now
            let restarting = Task(executorPreference: clock.executor) { await cache.restart() }
            try? await clock.sleep(for: .milliseconds(50))
            var during: BackendError?
            do throws(BackendError) { _ = try await cache.get(sessionKey(1)) } catch { during = error }
            await restarting.value
            let took = clock.now - t0
            return (during, took, try? await cache.get(sessionKey(1)), cache.report().crashes[0].bytesLoaded)
        }
        #expect(during == .unavailable)
        #expect(after == sessionValue(1))
        #expect(bytes > 1_000 * 90)
        #expect(took == .milliseconds(100) + .seconds(Double(bytes) / 1_000_000))
    }

    @Test func aCallInFlightWhenTheCacheCrashesFails() {
        let rig = CacheRig(config(.always), latency: .milliseconds(5))
        let outcome = rig.run { cache, clock in
            let crasher = Task(executorPreference: clock.executor) {
                try? await clock.sleep(for: .milliseconds(2))
                cache.crash(at: clock.now)
            }
            var failure: BackendError?
            do throws(BackendError) { try await cache.set(sessionKey(1), sessionValue(1), ttl: nil) } catch { failure = error }
            await crasher.value
            return failure
        }
        #expect(outcome == .unavailable)
    }

    @Test func aSnapshotTruncatesTheLogAndSurvivesACrashBeforeTheNextOne() {
        var c = config(.no)
        c.persistence.snapshotEvery = .seconds(60)
        let rig = CacheRig(c)
        let (present, report) = rig.run { cache, clock in
            let snapshots = Task(executorPreference: clock.executor) { await cache.runSnapshots(until: at(200)) }
            try? await cache.set(profileKey(1), profileValue(1), ttl: nil)
            try? await cache.set(sessionKey(1), sessionValue(1), ttl: nil)
            try? await clock.sleep(until: at(70))
            let logAfterSnapshot = cache.report().logBytes
            try? await cache.set(sessionKey(2), sessionValue(2), ttl: nil)
            try? await clock.sleep(until: at(75))
            cache.crash(at: clock.now)
            await cache.restart()
            await snapshots.value
            let present = [(try? await cache.get(profileKey(1))) != nil, (try? await cache.get(sessionKey(1))) != nil,
                           (try? await cache.get(sessionKey(2))) != nil, logAfterSnapshot == 0]
            return (present, cache.report())
        }
        #expect(present == [true, true, false, true])
        #expect(report.snapshots >= 1)
        #expect(report.crashes[0].fromSnapshot)
    }

    /// A cache that cannot crash snapshots the same bytes in the same time, keeping no copy.
    @Test func snapshotsWithoutContentsCostTheSameAndKeepNoKeys() {
        func snapshotted(keeping: Bool) -> (report: RedisCacheReport, kept: Int?) {
            var c = config(.everysec)
            c.persistence.keepsSnapshotContents = keeping
            let rig = CacheRig(c)
            return rig.run { cache, _ in
                for i in 0..<50 { try? await cache.set(sessionKey(i), sessionValue(i), ttl: nil) }
                await cache.snapshot()
                return (cache.report(), cache.state.withLock { $0.persistence.snapshot?.entries.count })
            }
        }
        let kept = snapshotted(keeping: true), bare = snapshotted(keeping: false)
        #expect(kept.kept == 50)
        #expect(bare.kept == 0)
        #expect(kept.report.snapshots == 1 && bare.report.snapshots == 1)
        #expect(kept.report.lastSnapshotBytes > 0 && bare.report.lastSnapshotBytes == kept.report.lastSnapshotBytes)
        #expect(bare.report.snapshotDurations == kept.report.snapshotDurations)
    }
}
