/// Reduces long per-window series to at most `maxPoints` buckets for drawing.
///
/// A one-hour run at one-second windows has 3,600 points per series; drawing them all would
/// make the page large and the lines no clearer. Latencies keep the worst window of each
/// bucket, so a spike never disappears; rates keep the mean, so areas stay honest.
struct Downsample {
    static let maxPoints = 600

    /// Windows per bucket.
    let bucket: Int
    let count: Int

    init(count: Int, maxPoints: Int = Downsample.maxPoints) {
        self.count = count
        self.bucket = count <= maxPoints ? 1 : (count + maxPoints - 1) / maxPoints
    }

    var bucketCount: Int { (count + bucket - 1) / bucket }

    /// The first value of each bucket (for window start times).
    func first(_ values: [Double]) -> [Double] {
        reduce(values) { $0.first ?? 0 }
    }

    /// The mean of each bucket (for rates and ratios).
    func mean(_ values: [Double]) -> [Double] {
        reduce(values) { $0.isEmpty ? 0 : $0.reduce(0, +) / Double($0.count) }
    }

    /// The maximum of each bucket (for latencies).
    func max(_ values: [Double]) -> [Double] {
        reduce(values) { $0.max() ?? 0 }
    }

    private func reduce(_ values: [Double], _ combine: (ArraySlice<Double>) -> Double) -> [Double] {
        let n = Swift.min(values.count, count)
        guard bucket > 1 else { return Array(values.prefix(n)) }
        var out: [Double] = []
        out.reserveCapacity(bucketCount)
        var i = 0
        while i < n {
            let j = Swift.min(i + bucket, n)
            out.append(combine(values[i..<j]))
            i = j
        }
        return out
    }
}
