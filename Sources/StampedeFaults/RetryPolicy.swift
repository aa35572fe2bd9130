import Foundation
import StampedeKernel

/// Retries with capped exponential backoff and seeded jitter (AWS's "full jitter" by default).
///
/// The pause after attempt n is drawn below `min(maxBackoff, initialBackoff · multiplier^(n−1))`,
/// so it never exceeds the cap; the draw comes from a generator the caller seeds, so the
/// same seed gives the same pauses.
public struct RetryPolicy: Sendable, Hashable {
    public enum Jitter: String, Sendable, Hashable, CaseIterable {
        /// Exactly the capped exponential pause.
        case none
        /// Uniform between zero and the capped pause.
        case full
        /// Half the capped pause plus uniform up to the other half.
        case equal
    }

    /// Tries in all, the first included; 1 means no retries.
    public var maxAttempts: Int = 3
    public var initialBackoff: SimDuration = .milliseconds(10)
    public var multiplier: Double = 2
    public var maxBackoff: SimDuration = .seconds(1)
    public var jitter: Jitter = .full

    public init() {}

    /// The capped exponential pause after failed attempt `attempt` (1-based), before jitter.
    public func ceiling(afterAttempt attempt: Int) -> SimDuration {
        let exponent = Double(max(attempt, 1) - 1)
        let raw = Double(initialBackoff.nanoseconds) * pow(multiplier, exponent)
        let capped = min(raw, Double(maxBackoff.nanoseconds))
        return SimDuration(nanoseconds: Int64(capped.rounded()))
    }

    /// The pause after failed attempt `attempt` (1-based), drawn from `rng`.
    public func backoff(afterAttempt attempt: Int, rng: inout Xoshiro256) -> SimDuration {
        let cap = ceiling(afterAttempt: attempt)
        switch jitter {
        case .none: return cap
        case .full: return cap * rng.nextUnit()
        case .equal: return cap * (0.5 + 0.5 * rng.nextUnit())
        }
    }
}
