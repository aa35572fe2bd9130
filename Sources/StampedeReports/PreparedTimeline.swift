import StampedeResult

/// A run's timeline reduced to what the charts draw: at most `Downsample.maxPoints` points
/// per series, x at the middle of each point's span, operations in report order.
struct PreparedTimeline {
    struct Operation {
        let kind: OperationKind
        var name: String { kind.name }
        let p50: [Double]
        let p99: [Double]
    }

    /// Simulated seconds the x axis covers.
    let duration: Double
    /// Windows merged into each point (1 when the series are drawn as recorded).
    let bucketWindows: Int
    let x: [Double]
    let throughput: [Double]
    let errors: [Double]
    let hitRatio: [Double]
    let storeCalls: [Double]
    let operations: [Operation]

    init(_ r: RunResult) {
        let t = r.timeline
        let sampler = Downsample(count: t.startS.count)
        let span = t.windowS * Double(sampler.bucket)
        bucketWindows = sampler.bucket
        x = sampler.first(t.startS).map { $0 + span / 2 }
        duration = max(r.simulated.durationS, (t.startS.last ?? 0) + t.windowS)
        throughput = sampler.mean(t.throughput)
        errors = sampler.mean(t.errors)
        hitRatio = sampler.mean(t.cacheHitRatio)
        storeCalls = sampler.mean(t.storeCalls)
        operations = Presentation.orderedOperations(t.operations.keys).compactMap { op in
            guard let series = t.operations[op] else { return nil }
            return Operation(kind: op, p50: sampler.max(series.p50Ms), p99: sampler.max(series.p99Ms))
        }
    }
}
