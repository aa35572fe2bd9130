/// A span of simulated time, in nanoseconds.
///
/// Integer nanoseconds keep arithmetic exact and cheap on the hot path; Swift's
/// `Duration` is 128-bit and slower to add and compare.
public struct SimDuration: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = SimDuration(nanoseconds: 0)
    @inlinable public static func nanoseconds(_ n: Int64) -> SimDuration { SimDuration(nanoseconds: n) }
    @inlinable public static func microseconds(_ n: Double) -> SimDuration { SimDuration(nanoseconds: Int64((n * 1e3).rounded())) }
    @inlinable public static func milliseconds(_ n: Double) -> SimDuration { SimDuration(nanoseconds: Int64((n * 1e6).rounded())) }
    @inlinable public static func seconds(_ n: Double) -> SimDuration { SimDuration(nanoseconds: Int64((n * 1e9).rounded())) }
    @inlinable public static func minutes(_ n: Double) -> SimDuration { .seconds(n * 60) }

    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }
    @inlinable public var milliseconds: Double { Double(nanoseconds) / 1e6 }

    @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.nanoseconds < b.nanoseconds }
    @inlinable public static func + (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds &+ b.nanoseconds) }
    @inlinable public static func - (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds &- b.nanoseconds) }
    @inlinable public static func * (a: SimDuration, k: Double) -> SimDuration { SimDuration(nanoseconds: Int64((Double(a.nanoseconds) * k).rounded())) }
    @inlinable public static func += (a: inout SimDuration, b: SimDuration) { a = a + b }

    /// Human form with a unit, as a scenario would write it: `250ms`, `1.5s`, `10m`.
    public var description: String { formatDuration(self) }
}

/// A point in simulated time, measured from the start of the run.
public struct SimInstant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = SimInstant(nanoseconds: 0)
    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

    @inlinable public static func < (a: SimInstant, b: SimInstant) -> Bool { a.nanoseconds < b.nanoseconds }
    @inlinable public static func + (a: SimInstant, d: SimDuration) -> SimInstant { SimInstant(nanoseconds: a.nanoseconds &+ d.nanoseconds) }
    @inlinable public static func - (a: SimInstant, d: SimDuration) -> SimInstant { SimInstant(nanoseconds: a.nanoseconds &- d.nanoseconds) }
    @inlinable public static func - (a: SimInstant, b: SimInstant) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds &- b.nanoseconds) }

    public var description: String { "t=" + formatDuration(SimDuration(nanoseconds: nanoseconds)) }
}

/// Formats a duration with the largest unit that keeps it readable.
public func formatDuration(_ d: SimDuration) -> String {
    let ns = d.nanoseconds
    let a = abs(ns)
    func trim(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        return r == r.rounded() ? String(Int64(r)) : String(r)
    }
    if a == 0 { return "0s" }
    if a < 1_000 { return "\(ns)ns" }
    if a < 1_000_000 { return trim(Double(ns) / 1e3) + "us" }
    if a < 1_000_000_000 { return trim(Double(ns) / 1e6) + "ms" }
    if a < 60_000_000_000 || a % 60_000_000_000 != 0 { return trim(Double(ns) / 1e9) + "s" }
    if a < 3_600_000_000_000 || a % 3_600_000_000_000 != 0 { return trim(Double(ns) / 6e10) + "m" }
    return trim(Double(ns) / 3.6e12) + "h"
}
