import NIOCore
import StampedeCache
import StampedeKernel
import StampedeModel
import Synchronization

/// The service's cache on a real Redis server: the twin of the model `RedisCache`.
///
/// Every call is one command or one Lua script (`EVAL`), so each is atomic on the server as
/// the model's calls are on its keyspace; TTLs, expiry, eviction and persistence are Redis's
/// own. Keys and values are encoded by `CacheKeyCodec` and `CacheValueCodec`.
///
/// A call's deadline is the caller's (`CallContext.current.deadline`, on `clock`) when one is
/// bound, else the client's `callTimeout`; a call whose deadline has already passed is not
/// sent. Calls are reported to `observer` as the model reports them, with the time spent
/// waiting for a connection as `wait` and the rest as `service`.
public final class RealRedisCache: AuthCache, CacheStatisticsSource {
    /// What this cache counted itself (Redis does not know what a lease is).
    public struct Counters: Sendable, Hashable {
        public var leasesGranted = 0
        public var leaseSetsRefused = 0
        /// Values found under our keys that `CacheValueCodec` could not read, served as misses.
        public var undecodable = 0
    }

    public let client: RedisClient
    public let keys: CacheKeyCodec
    let clock: any SimClock
    let observer: (any SystemProbe)?
    let control: (any CacheControl)?
    let gate: CallGate
    private let counted = Mutex(Counters())

    /// - Parameters:
    ///   - namespace: the run's part of every key (`stampede:{namespace}:…`).
    ///   - clock: the run's clock, which caller deadlines are expressed on.
    ///   - control: the server's lifecycle, when it has one: leases do not survive its crashes.
    ///   - gate: the scenario's pool in front of the client's connections, and injected latency.
    public init(client: RedisClient, namespace: String, clock: any SimClock = WallClock(),
                observer: (any SystemProbe)? = nil, control: (any CacheControl)? = nil, gate: CallGate? = nil) {
        self.gate = gate ?? CallGate(pool: nil, clock: clock)
        self.client = client
        self.keys = CacheKeyCodec(namespace: namespace)
        self.clock = clock
        self.observer = observer
        self.control = control
    }

    public var counters: Counters { self.counted.withLock { $0 } }

    // MARK: Calls

    public func get(_ key: CacheKey) async throws(BackendError) -> CacheValue? {
        let reply = try await call(.cacheGet, RedisCommand("GET", .string(keys.key(key))))
        let value = decode(reply)
        observer?.cacheLookup(hit: value != nil, at: clock.now)
        return value
    }

    public func set(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) {
        var args: [RedisArgument] = [.string(keys.key(key)), .bytes(CacheValueCodec.encode(value))]
        if let ttl { args += ["PX", .integer(Self.milliseconds(ttl))] }
        _ = try await call(.cacheSet, RedisCommand("SET", args))
    }

    public func update(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?) async throws(BackendError) -> Bool {
        var args: [RedisArgument] = [.string(keys.key(key)), .bytes(CacheValueCodec.encode(value)), "XX"]
        if let ttl { args += ["PX", .integer(Self.milliseconds(ttl))] }
        return try await !call(.cacheSet, RedisCommand("SET", args)).isNull
    }

    public func delete(_ key: CacheKey) async throws(BackendError) {
        // The lease goes with the key: a delete cancels it.
        _ = try await call(.cacheDelete, RedisCommand("DEL", .string(keys.key(key)), .string(keys.lease(key))))
    }

    public func increment(_ key: CacheKey, ttl: SimDuration) async throws(BackendError) -> Int {
        let reply = try await eval(.cacheIncr, RedisScripts.increment, keys: [keys.key(key)], [.integer(Self.milliseconds(ttl))])
        return try Int(integer(reply))
    }

    public func getLeased(_ key: CacheKey, leaseTTL: SimDuration) async throws(BackendError) -> LeasedRead {
        let epoch = control?.epoch ?? 0
        // Unseeded on purpose: tokens must not repeat across clients or runs against one server.
        let token = UInt64.random(in: 1...UInt64.max) // wall-clock
        let reply = try await eval(.cacheGet, RedisScripts.getLeased, keys: [keys.key(key), keys.lease(key)],
                                   ["\(Self.milliseconds(leaseTTL))", "\(epoch)", "\(token)"])
        guard case .array(let items?) = reply, let kind = items.first?.integer else { throw protocolViolation(reply) }
        let read: LeasedRead
        switch kind {
        case 1 where items.count == 2:
            let value = decode(items[1])
            read = LeasedRead(value: value, lease: nil)
        case 0:
            read = LeasedRead(value: nil, lease: nil)
        case 2:
            counted.withLock { $0.leasesGranted += 1 }
            read = LeasedRead(value: nil, lease: Lease(token: token))
        default:
            throw protocolViolation(reply)
        }
        observer?.cacheLookup(hit: read.value != nil, at: clock.now)
        return read
    }

    public func setLeased(_ key: CacheKey, _ value: CacheValue, ttl: SimDuration?, lease: Lease) async throws(BackendError) -> Bool {
        let epoch = control?.epoch ?? 0
        let reply = try await eval(.cacheSet, RedisScripts.setLeased, keys: [keys.key(key), keys.lease(key)],
                                   [.string("\(epoch):\(lease.token)"), .bytes(CacheValueCodec.encode(value)), ttlArgument(ttl)])
        let filled = try integer(reply) == 1
        if !filled { counted.withLock { $0.leaseSetsRefused += 1 } }
        return filled
    }

    public func compareAndSet(_ key: CacheKey, expected: CacheValue?, new: CacheValue?, ttl: SimDuration?) async throws(BackendError) -> Bool {
        let empty = RedisArgument.string("")
        let reply = try await eval(.cacheSet, RedisScripts.compareAndSet, keys: [keys.key(key), keys.lease(key)], [
            expected == nil ? "0" : "1", expected.map { .bytes(CacheValueCodec.encode($0)) } ?? empty,
            new == nil ? "0" : "1", new.map { .bytes(CacheValueCodec.encode($0)) } ?? empty,
            ttlArgument(ttl),
        ])
        return try integer(reply) == 1
    }

    // MARK: Server

    /// Puts `entries` in place before the run, in pipelines of 500 SETs: not traffic, so past
    /// the gate and unreported. A SET refused for lack of memory does not count.
    public func preload(_ entries: [CacheEntry]) async throws(BackendError) -> Int {
        var stored = 0
        var start = 0
        while start < entries.count {
            let batch = entries[start..<min(entries.count, start + 500)]
            start += batch.count
            let commands = batch.map { e -> RedisCommand in
                var args: [RedisArgument] = [.string(keys.key(e.key)), .bytes(CacheValueCodec.encode(e.value))]
                if let ttl = e.ttl { args += ["PX", .integer(Self.milliseconds(ttl))] }
                return RedisCommand("SET", args)
            }
            do {
                for reply in try await client.pipeline(commands) where (try? RedisClient.checked(reply)) != nil { stored += 1 }
            } catch {
                throw error.backendError
            }
        }
        return stored
    }

    /// Entries, evictions and expirations as the server counts them (`INFO`): every key in
    /// the database counts, leases included, and the counts start again from zero when the
    /// server process restarts.
    public func serverStatistics() async throws(BackendError) -> CacheStatistics {
        do {
            let info = try await RedisInfo.read(client, sections: ["keyspace", "stats"])
            return CacheStatistics(entries: info.keys(database: client.configuration.database),
                                   evictions: info.integer("evicted_keys") ?? 0, expirations: info.integer("expired_keys") ?? 0)
        } catch {
            throw error.backendError
        }
    }

    // MARK: Plumbing

    /// Milliseconds for `PX`: rounded up, and at least 1 (Redis refuses 0), so a TTL never
    /// outlives what was asked by more than a millisecond.
    static func milliseconds(_ d: SimDuration) -> Int64 {
        max(1, (d.nanoseconds + 999_999) / 1_000_000)
    }

    private func ttlArgument(_ ttl: SimDuration?) -> RedisArgument {
        ttl.map { .string("\(Self.milliseconds($0))") } ?? .string("")
    }

    private func eval(_ kind: BackendCall, _ script: String, keys: [String], _ args: [RedisArgument]) async throws(BackendError) -> RESPValue {
        var all: [RedisArgument] = [.string(script), .integer(Int64(keys.count))]
        all += keys.map { .string($0) }
        all += args
        return try await call(kind, RedisCommand("EVAL", all))
    }

    /// One command under the caller's deadline, reported to the observer.
    private func call(_ kind: BackendCall, _ command: RedisCommand) async throws(BackendError) -> RESPValue {
        let started = clock.now
        guard await gate.enter() else {
            report(kind, started: started, wait: .zero, gateWait: clock.now - started, failed: true)
            throw .timeout
        }
        defer { gate.leave() }
        let admitted = clock.now
        var timeout: Duration?
        if let deadline = CallContext.current.deadline {
            let left = deadline - admitted
            guard left.nanoseconds > 0 else {
                report(kind, started: started, wait: .zero, gateWait: admitted - started, failed: true)
                throw .timeout
            }
            timeout = .nanoseconds(left.nanoseconds)
        }
        do {
            let (replies, wait) = try await client.timedPipeline([command], timeout: timeout)
            let reply = try RedisClient.checked(replies[0])
            report(kind, started: started, wait: wait, gateWait: admitted - started, failed: false)
            return reply
        } catch {
            report(kind, started: started, wait: nil, gateWait: admitted - started, failed: true)
            throw error.backendError
        }
    }

    /// Reports one call: the wait is the gate's and the client's for a connection, the rest is service.
    private func report(_ kind: BackendCall, started: SimInstant, wait: Duration?, gateWait: SimDuration, failed: Bool) {
        guard let observer else { return }
        let now = clock.now
        let total = now - started
        let waited = SimDuration(nanoseconds: min(total.nanoseconds, gateWait.nanoseconds + (wait?.wholeNanoseconds ?? 0)))
        observer.backendCall(kind, wait: waited, service: total - waited, failed: failed, at: now)
    }

    private func decode(_ reply: RESPValue) -> CacheValue? {
        guard let bytes = reply.bytes else { return nil }
        guard let value = CacheValueCodec.decode(bytes) else {
            counted.withLock { $0.undecodable += 1 }
            return nil
        }
        return value
    }

    private func integer(_ reply: RESPValue) throws(BackendError) -> Int64 {
        guard case .integer(let n) = reply else { throw protocolViolation(reply) }
        return n
    }

    /// A reply of the wrong shape: the scripts and this client disagree, which is a bug.
    private func protocolViolation(_ reply: RESPValue) -> BackendError {
        assertionFailure("unexpected reply \(reply)")
        return .unavailable
    }
}
