import StampedeKernel
import StampedeModel

/// Memcache-style leases and compare-and-set, the primitives the safer strategies build on.
extension RedisCache {
    public func getLeased(_ key: CacheKey, leaseTTL: SimDuration) async throws(BackendError) -> LeasedRead {
        let read = try await perform(.cacheGet) { s, now -> LeasedRead in
            if let v = s.keyspace.lookup(key, now: now) { return LeasedRead(value: v, lease: nil) }
            if let held = s.leases[key], held.expiresAt > now.nanoseconds { return LeasedRead(value: nil, lease: nil) }
            s.nextLease &+= 1
            s.leases[key] = (s.nextLease, now.nanoseconds &+ leaseTTL.nanoseconds)
            s.leasesGranted += 1
            return LeasedRead(value: nil, lease: Lease(token: s.nextLease))
        }
        observer?.cacheLookup(hit: read.value != nil, at: clock.now)
        return read
    }

    public func setLeased(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?, lease: Lease) async throws(BackendError) -> Bool {
        try await perform(.cacheSet) { s, now throws(BackendError) -> Bool in
            guard let held = s.leases[key], held.token == lease.token, held.expiresAt > now.nanoseconds else {
                s.leaseSetsRefused += 1
                return false
            }
            s.leases.removeValue(forKey: key)
            try s.write(key, value, expiresAt: expiry(ttl, now), now: now)
            return true
        }
    }

    public func compareAndSet(_ key: CacheKey, expected: CacheValue?, new: CacheValue?, ttl: SimDuration?) async throws(BackendError) -> Bool {
        try await perform(.cacheSet) { s, now throws(BackendError) -> Bool in
            guard s.keyspace.peek(key, now: now) == expected else { return false }
            if let new {
                try s.write(key, new, expiresAt: expiry(ttl, now), now: now)
            } else {
                s.erase(key, now: now)
            }
            return true
        }
    }
}
