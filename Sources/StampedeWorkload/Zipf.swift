import Foundation
import StampedeKernel

/// Draws ranks 0..<n with probability proportional to 1/(rank+1)^s.
///
/// Precomputes the cumulative distribution once (n doubles) and draws by binary search.
package struct ZipfSampler: Sendable {
    private let cdf: [Double]

    package init(count n: Int, exponent s: Double) {
        precondition(n >= 1)
        var cdf = [Double](repeating: 0, count: n)
        var total = 0.0
        for k in 0..<n {
            total += s == 0 ? 1 : 1 / pow(Double(k + 1), s)
            cdf[k] = total
        }
        for k in 0..<n { cdf[k] /= total }
        self.cdf = cdf
    }

    package func sample(_ rng: inout Xoshiro256) -> Int {
        let u = rng.nextUnit()
        var lo = 0, hi = cdf.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cdf[mid] < u { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
