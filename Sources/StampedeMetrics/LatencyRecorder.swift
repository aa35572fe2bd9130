import Histogram
import StampedeKernel
import Synchronization

/// A thread-safe latency distribution: record from any thread, summarise at the end.
///
/// Values are kept in microseconds with three significant digits, clamped to [1 µs, 1 h].
/// One lock per record; recording allocates nothing.
public final class LatencyRecorder: Sendable {
    private let histogram = Mutex(LatencyScale.histogram())

    /// Creates an empty recorder.
    public init() {}

    /// Records one latency.
    public func record(_ d: SimDuration) {
        let us = LatencyScale.microseconds(d)
        histogram.withLock { _ = $0.record(us) }
    }

    /// The distribution so far.
    public func snapshot() -> LatencySnapshot {
        let copy = histogram.withLock { $0 }
        return LatencySnapshot(microseconds: copy)
    }

    /// Adds everything `other` has recorded to this recorder; `other` is unchanged.
    ///
    /// Never holds both locks at once, so two recorders may merge into each other concurrently.
    public func merge(_ other: LatencyRecorder) {
        let theirs = other.histogram.withLock { $0 }
        histogram.withLock { $0.add(theirs) }
    }

    /// Memory held by the histogram (for memory tests).
    package var estimatedFootprintInBytes: Int {
        histogram.withLock { $0.estimatedFootprintInBytes }
    }
}
