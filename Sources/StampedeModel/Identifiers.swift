import StampedeKernel

/// A user, by index in the simulated population.
public struct UserID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int32
    @inlinable public init(_ rawValue: Int) { self.rawValue = Int32(truncatingIfNeeded: rawValue) }
    @inlinable public var index: Int { Int(rawValue) }
    public static func < (a: UserID, b: UserID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "user-\(rawValue)" }
}

/// A 128-bit random identifier (session id, refresh token) drawn from a seeded source.
public struct Token128: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64
    @inlinable public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    /// Draws 128 fresh bits.
    @inlinable public static func drawn(from rng: inout Xoshiro256) -> Token128 {
        Token128(high: rng.next(), low: rng.next())
    }

    public static func < (a: Token128, b: Token128) -> Bool { (a.high, a.low) < (b.high, b.low) }

    /// 32 lowercase hex digits.
    public var description: String { hex(high) + hex(low) }

    /// Parses 32 hex digits.
    public init?(hex s: Substring) {
        guard s.utf8.count == 32, let h = UInt64(s.prefix(16), radix: 16), let l = UInt64(s.suffix(16), radix: 16) else { return nil }
        high = h; low = l
    }
}

@inlinable func hex(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 16 - s.utf8.count) + s
}

public typealias SessionID = Token128
public typealias RefreshTokenID = Token128

/// A set of permissions as a bit set over the scenario's permission names (at most 64).
public struct PermissionSet: Hashable, Sendable, Codable {
    public var bits: UInt64
    @inlinable public init(bits: UInt64) { self.bits = bits }
    public static let empty = PermissionSet(bits: 0)
    @inlinable public func contains(_ p: Permission) -> Bool { bits & (1 << UInt64(p.index)) != 0 }
    @inlinable public func removing(_ p: Permission) -> PermissionSet { PermissionSet(bits: bits & ~(1 << UInt64(p.index))) }
    @inlinable public func adding(_ p: Permission) -> PermissionSet { PermissionSet(bits: bits | (1 << UInt64(p.index))) }
}

/// One permission, by index into the scenario's permission names.
public struct Permission: Hashable, Sendable, Codable {
    public var index: UInt8
    @inlinable public init(index: Int) { self.index = UInt8(index) }
}
