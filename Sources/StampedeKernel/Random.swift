/// SplitMix64: a tiny generator used to expand one seed into many.
///
/// Also the standard way to seed xoshiro (Blackman and Vigna).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    @inlinable public init(seed: UInt64) { state = seed }
    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256**: the generator every simulated subsystem draws from.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
    }

    @inlinable public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform double in [0, 1).
    @inlinable public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound (bound > 0), without modulo bias worth noticing.
    @inlinable public mutating func nextInt(below bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// True with probability `p`.
    @inlinable public mutating func chance(_ p: Double) -> Bool { p > 0 && nextUnit() < p }
}

/// Derives independent child seeds from one root seed.
///
/// Each subsystem asks for its own child by a stable label, so extra draws in one
/// subsystem never shift the numbers another one sees (TigerBeetle's VOPR does the same).
public struct SeedTree: Sendable, Hashable {
    public let seed: UInt64
    public init(_ seed: UInt64) { self.seed = seed }

    /// The child for a named subsystem. The label is hashed with FNV-1a, which, unlike
    /// `Hasher`, is the same in every process.
    public func child(_ label: String) -> SeedTree {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in label.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return child(h)
    }

    /// The child for the `index`-th member of a family (a request, a user).
    @inlinable public func child(_ index: UInt64) -> SeedTree {
        var sm = SplitMix64(seed: seed ^ (index &* 0xD1B5_4A32_D192_ED03))
        _ = sm.next()
        return SeedTree(sm.next())
    }

    public func generator() -> Xoshiro256 { Xoshiro256(seed: seed) }
}
