import StampedeAuth
import StampedeCache
import StampedeChecker
import StampedeKernel
import StampedeModel
import Synchronization
import Testing

/// The races architects need to see, appearing under their strategy and gone under the fix.
///
/// Both races have the same window: the spread between two cache calls' latencies (a
/// reader's fill against a writer's delete; a touch's set against a revocation's). The cache
/// here is a remote one with a heavy tail (median 1 ms, p99 20 ms), the store lognormal
/// 3 ms / 30 ms. Runs are seeded, so each count is exact and repeatable.
@Suite struct RaceTests {
    enum Race { case permissionRevoke, sessionRevoke }

    /// Four clients per user validate every ~3 ms (permissions expire from the cache every
    /// 20 ms, so misses keep happening); from 0.5 s on, one user every 30 ms has `write`
    /// revoked, or is logged out everywhere.
    static func run(_ race: Race, _ strategy: StrategyKind, seed: UInt64) -> Checker {
        var config = RaceWorld.system
        config.cache.latency = .lognormal(median: .milliseconds(1), p99: .milliseconds(20))
        config.cache.classes[.permissions].ttl = .milliseconds(20)
        config.sessions.touchInterval = .zero
        config.sessions.accessTokenTTL = .minutes(60)
        switch race {
        case .permissionRevoke: config.cache.classes[.permissions].strategy = strategy
        case .sessionRevoke: config.cache.classes[.sessions].strategy = strategy
        }
        let world = RaceWorld(config: config, users: 40, seed: seed)
        let grants = world.loginAll()
        let start = world.clock.now
        world.run { s, clock in
            await withDiscardingTaskGroup { group in
                for (i, g) in grants.enumerated() {
                    for reader in 0..<4 {
                        group.addTask {
                            var rng = Xoshiro256(seed: seed &+ UInt64(i * 16 + reader))
                            while clock.now < start + .seconds(2) {
                                try? await clock.sleep(for: Distribution.exponential(mean: .milliseconds(3)).sample(&rng))
                                _ = await s.validate(g.access, of: g.user, session: g.session, permission: writePermission)
                            }
                        }
                    }
                    group.addTask {
                        try? await clock.sleep(until: start + .milliseconds(500 + Double(i) * 30))
                        switch race {
                        case .permissionRevoke: _ = await s.changePermissions(user: g.user, to: PermissionSet.empty.adding(readPermission))
                        case .sessionRevoke: _ = await s.logoutEverywhere(user: g.user)
                        }
                    }
                }
            }
        }
        return world.check()
    }

    @Test(arguments: [UInt64(1), 3, 4])
    func cacheAsideStaleSetAfterDeleteAppearsAndLeasesRemoveIt(seed: UInt64) {
        let aside = Self.run(.permissionRevoke, .cacheAside, seed: seed)
        #expect(aside.findings(.permissions).staleReads > 0)
        #expect(aside.findings(.permissions).staleAuthorizations > 0)
        #expect(aside.violations(.revokedPermission) > 0)

        let leased = Self.run(.permissionRevoke, .cacheAsideLease, seed: seed)
        #expect(leased.findings(.permissions).staleReads == 0)
        #expect(leased.violations(.revokedPermission) == 0)
        #expect(leased.violationCount == 0)
    }

    @Test(arguments: [UInt64(1), 3, 4])
    func writeThroughReorderRaceAppearsUnderUpdateAndNotUnderDelete(seed: UInt64) {
        let update = Self.run(.sessionRevoke, .writeThroughUpdate, seed: seed)
        #expect(update.findings(.sessions).staleReads > 0)
        #expect(update.findings(.sessions).staleAuthorizations > 0)
        #expect(update.violations(.afterLogout) > 0)

        let delete = Self.run(.sessionRevoke, .writeThrough, seed: seed)
        #expect(delete.findings(.sessions).staleReads == 0)
        #expect(delete.violationCount == 0)
    }

    @Test func theSameSeedGivesTheSameRace() {
        let a = Self.run(.permissionRevoke, .cacheAside, seed: 5)
        let b = Self.run(.permissionRevoke, .cacheAside, seed: 5)
        #expect(a.findings(.permissions) == b.findings(.permissions))
        #expect(a.counts().map(\.1) == b.counts().map(\.1))
    }
}
