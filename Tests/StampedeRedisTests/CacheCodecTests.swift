import NIOCore
import StampedeCache
import StampedeKernel
import StampedeModel
@testable import StampedeRedis
import Testing

/// Keys read as text and stay put; values survive the trip to bytes and back exactly.
@Suite struct CacheCodecTests {
    /// A random value of a random kind, extremes included.
    static func value(_ rng: inout Xoshiro256) -> CacheValue {
        func instant() -> SimInstant { SimInstant(nanoseconds: Int64(bitPattern: rng.next())) }
        func text() -> String {
            let alphabet = Array("abcxyz019@.+_-$=/é漢🙂")
            return String((0..<rng.nextInt(below: 40)).map { _ in alphabet[rng.nextInt(below: alphabet.count)] })
        }
        switch rng.nextInt(below: 5) {
        case 0:
            return .user(UserRecord(id: UserID(Int(Int32(truncatingIfNeeded: rng.next()))), email: text(), passwordHash: text(),
                                    permissions: PermissionSet(bits: rng.next()), permissionVersion: UInt32(truncatingIfNeeded: rng.next()),
                                    passwordChangedAt: instant()))
        case 1:
            return .permissions(PermissionSet(bits: rng.next()), version: UInt32(truncatingIfNeeded: rng.next()))
        case 2:
            return .session(SessionRecord(id: Token128(high: rng.next(), low: rng.next()), user: UserID(rng.nextInt(below: 1_000_000)),
                                          issuedAt: instant(), lastSeen: instant(), revoked: rng.chance(0.5),
                                          refreshToken: Token128(high: rng.next(), low: rng.next())))
        case 3:
            return .counter([0, 1, -1, Int.max, Int.min, rng.nextInt(below: 1_000)][rng.nextInt(below: 6)])
        default:
            return .otp(OTPRecord(user: UserID(rng.nextInt(below: 1_000)), code: UInt32(rng.nextInt(below: 1_000_000)), serial: rng.next(),
                                  issuedAt: instant(), expiresAt: instant(), attempts: UInt8(truncatingIfNeeded: rng.next()),
                                  consumed: rng.chance(0.5), version: UInt32(truncatingIfNeeded: rng.next())))
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func everyValueRoundTripsExactly(seed: UInt64) {
        var rng = Xoshiro256(seed: seed)
        for _ in 0..<2_000 {
            let v = Self.value(&rng)
            let bytes = CacheValueCodec.encode(v)
            #expect(CacheValueCodec.decode(bytes) == v, "\(v)")
            // Canonical: compare-and-set compares bytes, so equal values must encode equally.
            #expect(CacheValueCodec.encode(v) == bytes)
        }
    }

    @Test(arguments: [UInt64(7), 8, 9])
    func truncatedOrPaddedBytesAreNotAValue(seed: UInt64) {
        var rng = Xoshiro256(seed: seed)
        for _ in 0..<300 {
            let v = Self.value(&rng)
            if case .counter = v { continue }   // text: a prefix of a number is a number
            let bytes = CacheValueCodec.encode(v)
            let cut = rng.nextInt(below: bytes.readableBytes)
            #expect(CacheValueCodec.decode(bytes.getSlice(at: bytes.readerIndex, length: cut)!) == nil)
            var padded = bytes
            padded.writeInteger(UInt8(0))
            #expect(CacheValueCodec.decode(padded) == nil)
        }
        #expect(CacheValueCodec.decode(ByteBuffer(string: "not a value")) == nil)
        #expect(CacheValueCodec.decode(ByteBuffer()) == nil)
    }

    /// Counters are what INCR reads and writes.
    @Test func countersAreDecimalText() {
        #expect(String(buffer: CacheValueCodec.encode(.counter(-12))) == "-12")
        #expect(CacheValueCodec.decode(ByteBuffer(string: "41")) == .counter(41))
    }

    @Test func keysAreReadableAndStable() {
        let codec = CacheKeyCodec(namespace: "run-7")
        let session = Token128(high: 0xAB, low: 0x1234)
        #expect(codec.key(.session(session)) == "stampede:{run-7}:session:00000000000000ab0000000000001234")
        #expect(codec.key(.userByEmail("ada@example.com")) == "stampede:{run-7}:user:ada@example.com")
        #expect(codec.key(.permissions(UserID(42))) == "stampede:{run-7}:permissions:42")
        #expect(codec.key(.failures(UserID(42))) == "stampede:{run-7}:failures:42")
        #expect(codec.key(.otp(UserID(42))) == "stampede:{run-7}:otp:42")
        #expect(codec.lease(.otp(UserID(42))) == "stampede:{run-7}:lease:otp:42")
    }

    /// No two keys of different kinds or identities share a string, leases included.
    @Test func keysOfDifferentItemsNeverCollide() {
        let codec = CacheKeyCodec(namespace: "n")
        var keys: [CacheKey] = []
        for i in 0..<50 {
            keys += [.session(Token128(high: UInt64(i), low: 0)), .userByEmail("u\(i)@x"), .permissions(UserID(i)),
                     .failures(UserID(i)), .otp(UserID(i))]
        }
        keys.append(.userByEmail("lease:otp:1"))   // an email that looks like a lease's tail
        let strings = keys.map(codec.key) + keys.map(codec.lease)
        #expect(Set(strings).count == strings.count)
    }

    @Test func ttlsRoundUpToWholeMillisecondsAndNeverToZero() {
        #expect(RealRedisCache.milliseconds(.milliseconds(250)) == 250)
        #expect(RealRedisCache.milliseconds(.microseconds(1_500)) == 2)
        #expect(RealRedisCache.milliseconds(.nanoseconds(1)) == 1)
        #expect(RealRedisCache.milliseconds(.zero) == 1)
        #expect(RealRedisCache.milliseconds(.minutes(30)) == 1_800_000)
    }

    @Test func aScenarioCacheConfigurationBecomesARedisConf() {
        var cache = RedisCacheConfig()
        cache.maxMemory = 64 << 20
        cache.policy = .allkeysLFU
        cache.samples = 10
        cache.persistence.critical = [.sessions]
        cache.persistence.fsync = .always
        cache.persistence.snapshotEvery = .minutes(5)
        let conf = ManagedRedisServer.Configuration(cache: cache).redisConf(port: 4242, directory: "/tmp/x y")
        for line in ["maxmemory 67108864", "maxmemory-policy allkeys-lfu", "maxmemory-samples 10", "appendonly yes",
                     "appendfsync always", "save 300 1", "port 4242", "bind 127.0.0.1", "dir \"/tmp/x y\""] {
            #expect(conf.split(separator: "\n").contains(Substring(line)), "missing \(line)")
        }
        cache.persistence.critical = []
        cache.persistence.snapshotEvery = .zero
        let off = ManagedRedisServer.Configuration(cache: cache).redisConf(port: 1, directory: "/d")
        #expect(off.contains("appendonly no") && off.contains("save \"\""))
    }
}
