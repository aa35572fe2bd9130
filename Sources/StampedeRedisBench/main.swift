// Measures the Redis client and the real cache against a managed redis-server on this
// machine: calls per second by concurrency and pipelining, GET latency percentiles, and
// what SIGKILL loses under each appendfsync policy. Wall-clock throughout.
//
//   swift run -c release StampedeRedisBench [seconds-per-case]
import Foundation
import StampedeCache
import StampedeKernel
import StampedeModel
import StampedeRedis
import Synchronization

let secondsPerCase = CommandLine.arguments.dropFirst().first.flatMap(Double.init) ?? 2

/// A value behind a lock that task closures can share.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}

func format(_ n: Double) -> String { String(format: "%9.0f", n) }
func micros(_ d: Duration) -> Double { Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12 }

/// Runs `lanes` closed-loop callers of `call` for the case's duration; calls per second and
/// each call's latency.
func measure(lanes: Int, _ call: @escaping @Sendable (Int) async throws -> Int) async -> (perSecond: Double, latencies: [Double], errors: Int) {
    let clock = ContinuousClock() // wall-clock
    let end = clock.now + .seconds(secondsPerCase) // wall-clock
    let results = Shared<(count: Int, errors: Int, latencies: [Double])>((0, 0, []))
    let started = clock.now // wall-clock
    await withTaskGroup(of: Void.self) { group in
        for lane in 0..<lanes {
            group.addTask {
                var i = 0, count = 0, errors = 0
                var latencies: [Double] = []
                while clock.now < end { // wall-clock
                    let t0 = clock.now // wall-clock
                    do { count += try await call(lane &* 1_000_003 &+ i) } catch { errors += 1 }
                    latencies.append(micros(clock.now - t0)) // wall-clock
                    i += 1
                }
                let (c, e, l) = (count, errors, latencies)
                results.withLock { $0.count += c; $0.errors += e; $0.latencies += l }
            }
        }
    }
    let elapsed = micros(clock.now - started) / 1e6 // wall-clock
    let r = results.withLock { $0 }
    return (Double(r.count) / elapsed, r.latencies.sorted(), r.errors)
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func report(_ label: String, _ m: (perSecond: Double, latencies: [Double], errors: Int)) {
    let line = "\(label.padding(toLength: 58, withPad: " ", startingAt: 0)) \(format(m.perSecond)) calls/s" +
        String(format: "   p50 %7.1f us  p99 %7.1f us", percentile(m.latencies, 0.5), percentile(m.latencies, 0.99)) +
        (m.errors > 0 ? "   errors \(m.errors)" : "")
    print(line)
}

func throughput(_ server: ManagedRedisServer) async throws {
    print("== calls per second, GET/SET half and half (each case \(secondsPerCase) s; pipelined batches count each command)")
    for (pool, lanes) in [(1, 1), (8, 8), (8, 64)] {
        let client = server.client(poolSize: pool)
        report("send, pool \(pool), \(lanes) callers, one call per connection", await measure(lanes: lanes) { i in
            _ = try await client.send(i % 2 == 0 ? RedisCommand("SET", .string("k\(i % 10_000)"), "v") : RedisCommand("GET", .string("k\(i % 10_000)")))
            return 1
        })
        await client.shutdown()
    }
    let shared = server.client(poolSize: 8, callsPerConnection: 64)
    report("send, pool 8, 256 callers, up to 64 in flight per connection", await measure(lanes: 256) { i in
        _ = try await shared.send(i % 2 == 0 ? RedisCommand("SET", .string("k\(i % 10_000)"), "v") : RedisCommand("GET", .string("k\(i % 10_000)")))
        return 1
    })
    await shared.shutdown()
    for batch in [10, 100] {
        let client = server.client(poolSize: 8)
        let commands = (0..<batch).map { $0 % 2 == 0 ? RedisCommand("SET", .string("p\($0)"), "v") : RedisCommand("GET", .string("p\($0)")) }
        report("pipeline of \(batch), pool 8, 8 callers", await measure(lanes: 8) { _ in
            try await client.pipeline(commands).count
        })
        await client.shutdown()
    }
}

func cacheLatency(_ server: ManagedRedisServer) async throws {
    print("== RealRedisCache.get of a session (hits), latency per call")
    for lanes in [1, 8, 32] {
        let client = server.client(poolSize: 8)
        let cache = RealRedisCache(client: client, namespace: "bench")
        for i in 0..<1_000 {
            let s = Token128(high: 9, low: UInt64(i))
            try await cache.set(.session(s), .session(SessionRecord(id: s, user: UserID(i), issuedAt: .zero, lastSeen: .zero,
                                                                    refreshToken: s)), ttl: nil)
        }
        report("get, pool 8, \(lanes) callers", await measure(lanes: lanes) { i in
            _ = try await cache.get(.session(Token128(high: 9, low: UInt64(i % 1_000))))
            return 1
        })
        await client.shutdown()
    }
}

/// Keeps 8 writers going, kills the server with SIGKILL after 5,000 acknowledged writes,
/// restarts it and counts the acknowledged writes it no longer has.
func loss(_ fsync: FsyncPolicy) async throws -> (acknowledged: Int, lost: Int) {
    var config = ManagedRedisServer.Configuration()
    config.appendOnly = true
    config.appendFsync = fsync
    return try await ManagedRedisServer.withRunning(config) { server in
        let client = server.client(poolSize: 8)
        let acknowledged = Shared<[String]>([])
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    var i = 0
                    while (try? await client.send(RedisCommand("SET", .string("w\(writer):\(i)"), "v"))) != nil {
                        acknowledged.withLock { $0.append("w\(writer):\(i)") }
                        i += 1
                    }
                }
            }
            group.addTask {
                while acknowledged.withLock({ $0.count }) < 5_000 { try? await Task.sleep(for: .milliseconds(1)) } // wall-clock
                await server.kill()
            }
        }
        try await server.restart()
        let keys = acknowledged.withLock { $0 }
        var lost = 0
        for chunk in stride(from: 0, to: keys.count, by: 1_000) {
            let replies = try await client.pipeline(keys[chunk..<min(chunk + 1_000, keys.count)].map { RedisCommand("EXISTS", .string($0)) })
            lost += replies.filter { $0 != .integer(1) }.count
        }
        await client.shutdown()
        return (keys.count, lost)
    }
}

func memory(_ server: ManagedRedisServer) async throws {
    let client = server.client(poolSize: 8)
    let cache = RealRedisCache(client: client, namespace: "mem")
    _ = try await client.send(RedisCommand("FLUSHALL"))
    let before = try await RedisInfo.read(client, sections: ["memory"]).integer("used_memory") ?? 0
    let n = 10_000
    var modeled = 0
    for i in 0..<n {
        let key = CacheKey.userByEmail("user\(i)@example.com")
        let value = CacheValue.user(UserRecord(id: UserID(i), email: "user\(i)@example.com",
                                               passwordHash: "$pbkdf2-sha256$i=600000,l=32$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
                                               permissions: .empty))
        modeled += key.byteSize + value.byteSize + 48
        try await cache.set(key, value, ttl: .minutes(30))
    }
    let after = try await RedisInfo.read(client, sections: ["memory"]).integer("used_memory") ?? 0
    print("== memory per profile key with a TTL: Redis \((after - before) / n) bytes, the model accounts \(modeled / n) bytes")
    await client.shutdown()
}

let server = try await ManagedRedisServer.start()
print("redis-server \(server.executable) on 127.0.0.1:\(server.port), \(ProcessInfo.processInfo.activeProcessorCount) cores")
try await throughput(server)
try await cacheLatency(server)
try await memory(server)
await server.stop()
print("== SIGKILL under 8 steady writers, after 5,000 acknowledged SETs")
for fsync in [FsyncPolicy.always, .everysec, .no] {
    let (acknowledged, lost) = try await loss(fsync)
    print("appendfsync \(fsync.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) acknowledged \(acknowledged), lost \(lost) acknowledged writes")
}
