@testable import StampedeCache
import StampedeKernel
import StampedeModel
import Testing

/// Memcache leases: a miss hands out one lease; a delete cancels it; only its holder fills.
@Suite struct LeaseTests {
    @Test func onlyTheFirstMissGetsALeaseAndADeleteCancelsIt() {
        let rig = CacheRig()
        let r = rig.run { cache, _ in
            let first = try? await cache.getLeased(sessionKey(1), leaseTTL: .seconds(10))
            let second = try? await cache.getLeased(sessionKey(1), leaseTTL: .seconds(10))
            try? await cache.delete(sessionKey(1))
            let stale = try? await cache.setLeased(sessionKey(1), sessionValue(1), ttl: nil, lease: first!.lease!)
            let third = try? await cache.getLeased(sessionKey(1), leaseTTL: .seconds(10))
            let fresh = try? await cache.setLeased(sessionKey(1), sessionValue(1, revoked: true), ttl: nil, lease: third!.lease!)
            let hit = try? await cache.getLeased(sessionKey(1), leaseTTL: .seconds(10))
            return [first?.lease != nil, second?.lease == nil, stale == false, fresh == true,
                    hit?.value == sessionValue(1, revoked: true), hit?.lease == nil]
        }
        #expect(r == [true, true, true, true, true, true])
    }

    @Test func anExpiredLeaseCannotFill() {
        let rig = CacheRig()
        let filled = rig.run { cache, clock in
            let read = try? await cache.getLeased(sessionKey(1), leaseTTL: .seconds(1))
            try? await clock.sleep(for: .seconds(2))
            return try? await cache.setLeased(sessionKey(1), sessionValue(1), ttl: nil, lease: read!.lease!)
        }
        #expect(filled == false)
    }

    @Test func compareAndSetIsAtomicAgainstConcurrentWriters() {
        let rig = CacheRig(latency: .milliseconds(1))
        let wins = rig.run { cache, clock in
            try? await cache.set(.otp(UserID(1)), .counter(0), ttl: nil)
            return await withTaskGroup(of: Bool.self) { group in
                for i in 1...8 {
                    group.addTask {
                        (try? await cache.compareAndSet(.otp(UserID(1)), expected: .counter(0), new: .counter(i), ttl: nil)) ?? false
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
        }
        #expect(wins == 1)
    }
}
