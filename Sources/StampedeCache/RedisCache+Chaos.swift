import StampedeKernel

/// What the fault plan does to the cache besides failing its calls.
extension RedisCache: CacheLifecycle {
    public func flushAll() {
        let now = clock.now
        state.withLock { s in
            // Slot order, not hash order, so the free list and sampling stay deterministic.
            var i: Int32 = 0
            while Int(i) < s.keyspace.slots.count {
                if s.keyspace.index[s.keyspace.slots[Int(i)].key] == i { _ = s.erase(s.keyspace.slots[Int(i)].key, now: now) }
                i += 1
            }
        }
    }

    public func setMaxEntries(_ maxEntries: Int) {
        let now = clock.now
        state.withLock { s in
            s.keyspace.config.maxEntries = max(1, maxEntries)
            _ = try? s.keyspace.makeRoom(bytes: 0, newKey: false, sparing: nil, now: now)
            while s.keyspace.index.count > s.keyspace.config.maxEntries,
                  let victim = s.keyspace.pickVictim(sparing: nil, now: now) {
                s.keyspace.classes[s.keyspace.slots[Int(victim)].key.dataClass.rawValue].evictions += 1
                s.keyspace.remove(slot: victim)
            }
        }
    }

    public var configuredMaxEntries: Int { config.maxEntries }

    public func crash() { crash(at: clock.now) }
}
