import Collections
import StampedeKernel
import StampedeModel
import Synchronization

/// `write-behind`: a write goes to the cache, is acknowledged, and is queued for the store;
/// the queue is flushed every `flushInterval`, or as soon as `flushBatch` writes wait.
///
/// Fast writes and little store load, at a price: until a write is flushed only the cache
/// holds it. A cache crash loses the queue (and whatever persistence did not keep), an
/// eviction before the flush lets the store's older value back in, and a revocation or a
/// consumed OTP that is lost comes back. The checker shows what was lost as stale reads,
/// resurrections and security violations.
///
/// Writes whose answer the store must give (refresh rotation, revoking every session of a
/// user) go to the store at once (`afterStoreWrite`). A miss fills with `SET NX`, so a fill
/// cannot overwrite a newer queued write.
public final class WriteBehindStrategy: CachingStrategy, DeferredWrites {
    public let core: StrategyCore
    let queue = Mutex(Deque<PendingWrite>())
    private let flushing = Mutex(false)

    struct PendingWrite: Sendable {
        var key: CacheKey
        var persist: @Sendable () async throws(BackendError) -> CacheValue?
        var enqueuedAt: SimInstant
        var epoch: UInt64
    }

    public init(core: StrategyCore) { self.core = core }

    public var deferredWrites: (any DeferredWrites)? { self }

    public func read(_ key: CacheKey, load: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        try await core.read(key, load) { value in
            core.metrics.add(.fills)
            let added = (try? await core.cache.compareAndSet(key, expected: nil, new: value, ttl: core.writeTTL(for: value))) ?? false
            if !added { core.metrics.add(.fillsRefused) }
        }
    }

    public func write(_ key: CacheKey, _ kind: WriteKind, predicted: CacheValue?,
                      persist: @escaping @Sendable () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        let start = core.now
        guard kind == .increment || predicted != nil else { return try await writeNow(key, kind, start: start, persist) }
        let value: CacheValue?
        do {
            if kind == .increment {
                value = .counter(try await core.cache.increment(key, ttl: core.policy.ttl))
            } else {
                value = predicted
                if core.env.backlog.contains(key), await !core.delete(key) { throw BackendError.unavailable }
                try await core.cache.set(key, predicted!, ttl: core.writeTTL(for: predicted))
            }
        } catch {
            if core.policy.whenUnavailable == .failClosed || core.policy.whenUnavailable == .deny { throw .unavailable }
            core.owe(key)
            return try await writeNow(key, kind, start: start, persist)
        }
        enqueue(key, persist)
        core.wrote(key, value)
        core.reportWrite(key, kind, value, source: .cache, start: start)
        return value
    }

    /// A write that cannot wait: the store, then the cache set to what the store holds.
    private func writeNow(_ key: CacheKey, _ kind: WriteKind, start: SimInstant,
                          _ persist: () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> CacheValue? {
        let value = try await core.persist(persist)
        await afterStoreWrite(key, kind, value: value)
        return value
    }

    public func afterStoreWrite(_ key: CacheKey, _ kind: WriteKind, value: CacheValue?) async {
        let start = core.now
        if let value { await core.overwrite(key, value) } else { await core.delete(key) }
        core.wrote(key, value)
        core.reportWrite(key, kind, value, source: .store, start: start)
    }

    /// Atomically replaces the cached `expected` with `new` and queues `persist`: a one-time
    /// passcode consumed in the cache. False if the key held something else.
    public func swap(_ key: CacheKey, expected: CacheValue, new: CacheValue,
                     persist: @escaping @Sendable () async throws(BackendError) -> CacheValue?) async throws(BackendError) -> Bool {
        let start = core.now
        guard try await core.cache.compareAndSet(key, expected: expected, new: new, ttl: core.writeTTL(for: new)) else { return false }
        enqueue(key, persist)
        core.wrote(key, new)
        core.reportWrite(key, .invalidate, new, source: .cache, start: start)
        return true
    }

    // MARK: The queue

    private func enqueue(_ key: CacheKey, _ persist: @escaping @Sendable () async throws(BackendError) -> CacheValue?) {
        let entry = PendingWrite(key: key, persist: persist, enqueuedAt: core.now, epoch: core.env.lifecycle?.epoch ?? 0)
        let length = queue.withLock { q -> Int in
            q.append(entry)
            return q.count
        }
        core.metrics.add(.enqueued)
        core.metrics.queue(length: length)
        if length >= core.policy.flushBatch, let spawner = core.env.spawner, !flushing.withLock({ $0 }) {
            spawner.spawn { [self] in await flush(all: false) }
        }
    }

    /// Flushes every `flushInterval` until `end`; what is still queued at `end` stays unflushed.
    public func runFlusher(until end: SimInstant) async {
        while core.now + core.policy.flushInterval < end {
            try? await core.env.clock.sleep(for: core.policy.flushInterval)
            await flush(all: true)
        }
    }

    /// Writes queued entries to the store, a batch at a time (all of them, or one batch).
    /// One flush runs at a time, so the writes of one key reach the store in order; within a
    /// batch, different keys are written concurrently. Entries queued before a crash are lost.
    public func flush(all: Bool) async {
        guard flushing.withLock({ f -> Bool in
            if f { return false }
            f = true
            return true
        }) else { return }
        repeat {
            let batch = takeBatch()
            if batch.isEmpty { break }
            await write(batch)
        } while all || queue.withLock({ $0.count }) >= core.policy.flushBatch
        flushing.withLock { $0 = false }
    }

    private func takeBatch() -> [PendingWrite] {
        let epoch = core.env.lifecycle?.epoch ?? 0
        let (batch, lost, left) = queue.withLock { q -> ([PendingWrite], Int, Int) in
            var out: [PendingWrite] = []
            var lost = 0
            while out.count < core.policy.flushBatch, let e = q.popFirst() {
                if e.epoch == epoch { out.append(e) } else { lost += 1 }
            }
            return (out, lost, q.count)
        }
        if lost > 0 { core.metrics.add(.lost, lost) }
        core.metrics.queue(length: left)
        return batch
    }

    /// Writes one batch: each key's writes in order, different keys concurrently.
    private func write(_ batch: [PendingWrite]) async {
        var chains: [[PendingWrite]] = []
        var position: [CacheKey: Int] = [:]
        for e in batch {
            if let i = position[e.key] { chains[i].append(e) } else {
                position[e.key] = chains.count
                chains.append([e])
            }
        }
        let core = self.core
        await withDiscardingTaskGroup { group in
            for chain in chains {
                group.addTask {
                    for e in chain {
                        core.metrics.add(.storeWrites)
                        do {
                            _ = try await e.persist()
                            core.metrics.add(.flushed)
                            core.metrics.flushLag(core.now - e.enqueuedAt)
                        } catch {
                            core.metrics.add(.flushFailures)
                            core.metrics.add(.lost)
                        }
                    }
                }
            }
        }
    }

    /// Writes still waiting for the store.
    public var queued: Int { queue.withLock { $0.count } }
}
