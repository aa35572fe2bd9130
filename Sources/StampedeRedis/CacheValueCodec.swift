import NIOCore
import StampedeCache
import StampedeKernel
import StampedeModel

/// How cache keys and values look in Redis.
///
/// Keys are readable: `stampede:{<namespace>}:session:<32 hex>`, `…:user:<email>`,
/// `…:permissions:<user>`, `…:failures:<user>`, `…:otp:<user>`. The namespace in braces is
/// a Redis Cluster hash tag, so a key and its lease always share a slot, as a script that
/// touches both needs. Leases live under `…:lease:<the key's tail>`.
///
/// Values are a tag byte and fixed-width little-endian fields, except counters, which are
/// decimal text so that Redis's own `INCR` works on them. The encoding is canonical (one
/// value, one byte string), which compare-and-set relies on: it compares bytes.
public struct CacheKeyCodec: Sendable, Hashable {
    /// `stampede:{<namespace>}:`
    public let prefix: String

    public init(namespace: String) {
        prefix = "stampede:{\(namespace)}:"
    }

    /// The key's tail after the prefix: its kind and its identity.
    public static func tail(_ key: CacheKey) -> String {
        switch key {
        case .userByEmail(let email): return "user:" + email
        case .permissions(let u): return "permissions:\(u.rawValue)"
        case .session(let s): return "session:\(s)"
        case .failures(let u): return "failures:\(u.rawValue)"
        case .otp(let u): return "otp:\(u.rawValue)"
        }
    }

    public func key(_ key: CacheKey) -> String { prefix + Self.tail(key) }
    /// Where the key's lease token is kept.
    public func lease(_ key: CacheKey) -> String { prefix + "lease:" + Self.tail(key) }
    /// The counter lease tokens are drawn from.
    public var leaseSequence: String { prefix + "lease-sequence" }
}

public enum CacheValueCodec {
    enum Tag: UInt8 {
        case user = 1, permissions = 2, session = 3, otp = 5
    }

    /// The value's bytes as stored in Redis.
    public static func encode(_ value: CacheValue) -> ByteBuffer {
        var b = ByteBuffer()
        switch value {
        case .counter(let n):
            b.writeString(String(n))
        case .user(let u):
            b.reserveCapacity(32 + u.email.utf8.count + u.passwordHash.utf8.count)
            b.writeInteger(Tag.user.rawValue)
            b.writeInteger(u.id.rawValue, endianness: .little)
            b.writeInteger(u.permissions.bits, endianness: .little)
            b.writeInteger(u.permissionVersion, endianness: .little)
            b.writeInteger(u.passwordChangedAt.nanoseconds, endianness: .little)
            writeString(u.email, to: &b)
            writeString(u.passwordHash, to: &b)
        case .permissions(let p, let version):
            b.writeInteger(Tag.permissions.rawValue)
            b.writeInteger(p.bits, endianness: .little)
            b.writeInteger(version, endianness: .little)
        case .session(let s):
            b.writeInteger(Tag.session.rawValue)
            writeToken(s.id, to: &b)
            b.writeInteger(s.user.rawValue, endianness: .little)
            b.writeInteger(s.issuedAt.nanoseconds, endianness: .little)
            b.writeInteger(s.lastSeen.nanoseconds, endianness: .little)
            b.writeInteger(UInt8(s.revoked ? 1 : 0))
            writeToken(s.refreshToken, to: &b)
        case .otp(let r):
            b.writeInteger(Tag.otp.rawValue)
            b.writeInteger(r.user.rawValue, endianness: .little)
            b.writeInteger(r.code, endianness: .little)
            b.writeInteger(r.serial, endianness: .little)
            b.writeInteger(r.issuedAt.nanoseconds, endianness: .little)
            b.writeInteger(r.expiresAt.nanoseconds, endianness: .little)
            b.writeInteger(r.attempts)
            b.writeInteger(UInt8(r.consumed ? 1 : 0))
            b.writeInteger(r.version, endianness: .little)
        }
        return b
    }

    /// The value `bytes` encode; nil for bytes this codec did not write (truncated, foreign,
    /// trailing garbage).
    public static func decode(_ bytes: ByteBuffer) -> CacheValue? {
        var b = bytes
        guard let first: UInt8 = b.getInteger(at: b.readerIndex) else { return nil }
        guard let tag = Tag(rawValue: first) else {
            // Decimal text, as written by `encode` or by INCR.
            guard let n = Int(String(buffer: b)) else { return nil }
            return .counter(n)
        }
        b.moveReaderIndex(forwardBy: 1)
        let value: CacheValue?
        switch tag {
        case .user:
            guard let id = b.readInteger(endianness: .little, as: Int32.self),
                  let bits = b.readInteger(endianness: .little, as: UInt64.self),
                  let version = b.readInteger(endianness: .little, as: UInt32.self),
                  let changed = b.readInteger(endianness: .little, as: Int64.self),
                  let email = readString(&b), let hash = readString(&b) else { return nil }
            let u = UserRecord(id: UserID(Int(id)), email: email, passwordHash: hash, permissions: PermissionSet(bits: bits),
                               permissionVersion: version, passwordChangedAt: SimInstant(nanoseconds: changed))
            value = .user(u)
        case .permissions:
            guard let bits = b.readInteger(endianness: .little, as: UInt64.self),
                  let version = b.readInteger(endianness: .little, as: UInt32.self) else { return nil }
            value = .permissions(PermissionSet(bits: bits), version: version)
        case .session:
            guard let id = readToken(&b), let user = b.readInteger(endianness: .little, as: Int32.self),
                  let issued = b.readInteger(endianness: .little, as: Int64.self),
                  let seen = b.readInteger(endianness: .little, as: Int64.self),
                  let revoked = b.readInteger(as: UInt8.self), revoked <= 1,
                  let refresh = readToken(&b) else { return nil }
            value = .session(SessionRecord(id: id, user: UserID(Int(user)), issuedAt: SimInstant(nanoseconds: issued),
                                           lastSeen: SimInstant(nanoseconds: seen), revoked: revoked == 1, refreshToken: refresh))
        case .otp:
            guard let user = b.readInteger(endianness: .little, as: Int32.self),
                  let code = b.readInteger(endianness: .little, as: UInt32.self),
                  let serial = b.readInteger(endianness: .little, as: UInt64.self),
                  let issued = b.readInteger(endianness: .little, as: Int64.self),
                  let expires = b.readInteger(endianness: .little, as: Int64.self),
                  let attempts = b.readInteger(as: UInt8.self),
                  let consumed = b.readInteger(as: UInt8.self), consumed <= 1,
                  let version = b.readInteger(endianness: .little, as: UInt32.self) else { return nil }
            value = .otp(OTPRecord(user: UserID(Int(user)), code: code, serial: serial, issuedAt: SimInstant(nanoseconds: issued),
                                   expiresAt: SimInstant(nanoseconds: expires), attempts: attempts, consumed: consumed == 1,
                                   version: version))
        }
        return b.readableBytes == 0 ? value : nil
    }

    private static func writeString(_ s: String, to b: inout ByteBuffer) {
        b.writeInteger(UInt32(s.utf8.count), endianness: .little)
        b.writeString(s)
    }

    private static func readString(_ b: inout ByteBuffer) -> String? {
        guard let n = b.readInteger(endianness: .little, as: UInt32.self) else { return nil }
        return b.readString(length: Int(n))
    }

    private static func writeToken(_ t: Token128, to b: inout ByteBuffer) {
        b.writeInteger(t.high, endianness: .little)
        b.writeInteger(t.low, endianness: .little)
    }

    private static func readToken(_ b: inout ByteBuffer) -> Token128? {
        guard let h = b.readInteger(endianness: .little, as: UInt64.self),
              let l = b.readInteger(endianness: .little, as: UInt64.self) else { return nil }
        return Token128(high: h, low: l)
    }
}
