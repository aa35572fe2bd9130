import StampedeKernel
import Synchronization

/// Counters of one data class's strategy: cache effectiveness, the store load it caused,
/// and the write-behind queue. Read with `snapshot()`.
public final class StrategyMetrics: Sendable {
    /// Every counter by `Counter` position, then the flush lag's maximum and sum.
    private let counters = Mutex([Int](repeating: 0, count: Counter.allCases.count + 2))
    private static let lagMax = Counter.allCases.count
    private static let lagSum = Counter.allCases.count + 1

    enum Counter: Int, CaseIterable {
        case reads, hits, misses, fallbacks, failedClosed, localHits, storeReads, storeWrites
        case fills, fillsRefused, cacheWriteFailures
        case enqueued, flushed, lost, flushFailures, queueMax, queued
    }

    public init() {}

    @inline(__always) func add(_ c: Counter, _ n: Int = 1) { counters.withLock { $0[c.rawValue] += n } }

    /// Records the queue's length after an enqueue or a flush.
    func queue(length: Int) {
        counters.withLock { c in
            c[Counter.queued.rawValue] = length
            c[Counter.queueMax.rawValue] = max(c[Counter.queueMax.rawValue], length)
        }
    }

    /// Records the time from a write's enqueue to its store write.
    func flushLag(_ d: SimDuration) {
        counters.withLock { c in
            c[Self.lagSum] += Int(d.nanoseconds)
            c[Self.lagMax] = max(c[Self.lagMax], Int(d.nanoseconds))
        }
    }

    /// The counters now.
    public func snapshot() -> Snapshot {
        let c = counters.withLock { $0 }
        func value(_ k: Counter) -> Int { c[k.rawValue] }
        return Snapshot(
            reads: value(.reads), hits: value(.hits), misses: value(.misses), fallbacks: value(.fallbacks),
            failedClosed: value(.failedClosed), localHits: value(.localHits), storeReads: value(.storeReads),
            storeWrites: value(.storeWrites), fills: value(.fills), fillsRefused: value(.fillsRefused),
            cacheWriteFailures: value(.cacheWriteFailures), enqueued: value(.enqueued), flushed: value(.flushed),
            lost: value(.lost), flushFailures: value(.flushFailures), queueMax: value(.queueMax), queued: value(.queued),
            flushLagMax: SimDuration(nanoseconds: Int64(c[Self.lagMax])),
            flushLagTotal: SimDuration(nanoseconds: Int64(c[Self.lagSum])))
    }

    /// What a strategy measured.
    public struct Snapshot: Sendable, Hashable {
        public var reads, hits, misses, fallbacks, failedClosed, localHits, storeReads, storeWrites: Int
        /// Values put in the cache after a miss, and fills the cache refused (a cancelled
        /// lease, a key written meanwhile).
        public var fills, fillsRefused: Int
        /// Cache writes or deletes that failed (owed deletes are retried; see the backlog).
        public var cacheWriteFailures: Int
        /// Write-behind: writes queued, written to the store, lost (queued before a crash, or
        /// failed at the store), and the queue's longest and current length.
        public var enqueued, flushed, lost, flushFailures, queueMax, queued: Int
        public var flushLagMax: SimDuration
        public var flushLagTotal: SimDuration

        /// Hits over lookups that reached the cache.
        public var hitRatio: Double { hits + misses > 0 ? Double(hits) / Double(hits + misses) : 0 }
        public var flushLagMean: SimDuration {
            flushed > 0 ? SimDuration(nanoseconds: flushLagTotal.nanoseconds / Int64(flushed)) : .zero
        }
    }
}
