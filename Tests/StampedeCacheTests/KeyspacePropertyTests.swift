@testable import StampedeCache
import StampedeKernel
import StampedeModel
import Testing

/// Memory accounting and the recency list stay consistent under any mix of operations and policies.
@Test(arguments: EvictionPolicy.allCases)
func keyspaceBookkeepingHoldsUnderRandomOperations(policy: EvictionPolicy) {
    var config = RedisCacheConfig()
    config.policy = policy
    config.maxEntries = 300
    config.maxMemory = 40_000
    var k = Keyspace(config: config, rng: Xoshiro256(seed: 5))
    var rng = Xoshiro256(seed: 17)
    var now: Int64 = 0
    var refused = 0
    for step in 0..<30_000 {
        now += Int64(rng.nextInt(below: 1_000_000))
        let t = SimInstant(nanoseconds: now)
        let i = rng.nextInt(below: 500)
        let key = rng.chance(0.5) ? profileKey(i) : sessionKey(i)
        let value = key.dataClass == .profiles ? profileValue(i) : sessionValue(i)
        switch rng.nextInt(below: 8) {
        case 0..<4:
            let expiry = rng.chance(0.5) ? Keyspace.noExpiry : now + Int64(rng.nextInt(below: 100_000_000))
            do { _ = try k.store(key, value, expiresAt: expiry, now: t) } catch { refused += 1 }
        case 4: k.delete(key)
        case 5: k.activeExpire(now: t)
        default: _ = k.lookup(key, now: t)
        }
        #expect(k.usedBytes <= 40_000 && k.count <= 300)
        if step % 1_000 == 0 { #expect(k.checkInvariants()) }
    }
    #expect(k.checkInvariants())
    #expect(policy.volatileOnly || policy == .noeviction ? refused > 0 : refused == 0)
}
