import Foundation
import StampedeCache
import StampedeKernel
import StampedeLanguage
import StampedeModel
import StampedeRedis
import Synchronization

/// `stampede bench --redis`: what calibration does not measure about the Redis client and a
/// managed redis-server — calls per second by connection sharing and pipelining, memory per
/// cached profile against the model's accounting, and what SIGKILL loses under each
/// `appendfsync` policy with eight writers going. Wall-clock throughout.
public struct RedisBenchmark: Sendable {
    public var secondsPerCase: Double
    /// Acknowledged writes before the server is killed.
    public var writesBeforeKill: Int = 5_000
    public var output: @Sendable (String) -> Void
    public var shouldStop: @Sendable () -> Bool

    public init(secondsPerCase: Double, output: @escaping @Sendable (String) -> Void,
                shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.secondsPerCase = secondsPerCase; self.output = output; self.shouldStop = shouldStop
    }

    /// What SIGKILL lost under one policy.
    public struct Loss: Sendable, Hashable {
        public var policy: FsyncPolicy
        public var acknowledged: Int
        public var lost: Int
    }

    public func run() async throws(CalibrationError) -> [Loss] {
        let server: ManagedRedisServer
        do { server = try await ManagedRedisServer.start() } catch {
            throw CalibrationError(.unreachable, "bench --redis: \(error.message)")
        }
        output("redis-server \(server.executable) on 127.0.0.1:\(server.port), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        await throughput(server)
        await memory(server)
        await server.stop()
        output("== SIGKILL under 8 steady writers, after \(grouped(writesBeforeKill)) acknowledged SETs")
        var losses: [Loss] = []
        for policy in [FsyncPolicy.always, .everysec, .no] where !shouldStop() {
            let loss = try await self.loss(policy)
            losses.append(loss)
            output("appendfsync \(policy.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) acknowledged "
                   + "\(grouped(loss.acknowledged)), lost \(grouped(loss.lost)) acknowledged writes")
        }
        return losses
    }

    /// `lanes` closed-loop callers of `call` for the case's length: calls per second, sorted latencies (µs), errors.
    func measure(lanes: Int, _ call: @escaping @Sendable (Int) async throws -> Int) async -> (perSecond: Double, latencies: [Double], errors: Int) {
        let clock = ContinuousClock() // wall-clock
        let started = clock.now
        let end = started + .seconds(secondsPerCase)
        let shouldStop = self.shouldStop
        let parts = await withTaskGroup(of: (Int, Int, [Double]).self, returning: [(Int, Int, [Double])].self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    var i = 0, count = 0, errors = 0
                    var latencies: [Double] = []
                    while clock.now < end, !shouldStop() {
                        let t0 = clock.now
                        do { count += try await call(lane &* 1_000_003 &+ i) } catch { errors += 1 }
                        let d = clock.now - t0
                        latencies.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
                        i += 1
                    }
                    return (count, errors, latencies)
                }
            }
            var all: [(Int, Int, [Double])] = []
            for await part in group { all.append(part) }
            return all
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (Double(parts.reduce(0) { $0 + $1.0 }) / seconds, parts.flatMap(\.2).sorted(), parts.reduce(0) { $0 + $1.1 })
    }

    func report(_ label: String, _ m: (perSecond: Double, latencies: [Double], errors: Int)) {
        func percentile(_ p: Double) -> Double {
            m.latencies.isEmpty ? .nan : m.latencies[min(m.latencies.count - 1, Int(Double(m.latencies.count) * p))]
        }
        output(label.padding(toLength: 58, withPad: " ", startingAt: 0) + String(format: " %9.0f calls/s   p50 %7.1f us  p99 %7.1f us",
                                                                                   m.perSecond, percentile(0.5), percentile(0.99))
               + (m.errors > 0 ? "   errors \(m.errors)" : ""))
    }

    func throughput(_ server: ManagedRedisServer) async {
        output("== calls per second, GET/SET half and half (each case \(secondsPerCase) s; pipelined batches count each command)")
        @Sendable func command(_ i: Int, prefix: String = "k") -> RedisCommand {
            i % 2 == 0 ? RedisCommand("SET", .string("\(prefix)\(i % 10_000)"), "v") : RedisCommand("GET", .string("\(prefix)\(i % 10_000)"))
        }
        for (pool, lanes) in [(1, 1), (8, 8), (8, 64)] where !shouldStop() {
            let client = server.client(poolSize: pool)
            report("send, pool \(pool), \(lanes) callers, one call per connection", await measure(lanes: lanes) { i in
                _ = try await client.send(command(i))
                return 1
            })
            await client.shutdown()
        }
        if !shouldStop() {
            let shared = server.client(poolSize: 8, callsPerConnection: 64)
            report("send, pool 8, 256 callers, up to 64 in flight per connection", await measure(lanes: 256) { i in
                _ = try await shared.send(command(i))
                return 1
            })
            await shared.shutdown()
        }
        for batch in [10, 100] where !shouldStop() {
            let client = server.client(poolSize: 8)
            let commands = (0..<batch).map { command($0, prefix: "p") }
            report("pipeline of \(batch), pool 8, 8 callers", await measure(lanes: 8) { _ in
                try await client.pipeline(commands).count
            })
            await client.shutdown()
        }
    }

    func memory(_ server: ManagedRedisServer) async {
        guard !shouldStop() else { return }
        let client = server.client(poolSize: 8)
        defer { Task(executorPreference: nil) { await client.shutdown() } } // wall-clock
        let cache = RealRedisCache(client: client, namespace: "mem")
        do {
            _ = try await client.send(RedisCommand("FLUSHALL"))
            let before = try await RedisInfo.read(client, sections: ["memory"]).integer("used_memory") ?? 0
            let n = 10_000
            var modeled = 0
            for i in 0..<n {
                let key = CacheKey.userByEmail("user\(i)@example.com")
                let value = CacheValue.user(UserRecord(id: UserID(i), email: "user\(i)@example.com", passwordHash: StoreProbes.hash,
                                                       permissions: .empty))
                modeled += key.byteSize + value.byteSize + 48
                try await cache.set(key, value, ttl: .minutes(30))
            }
            let after = try await RedisInfo.read(client, sections: ["memory"]).integer("used_memory") ?? 0
            output("== memory per profile key with a TTL: Redis \((after - before) / n) bytes, the model accounts \(modeled / n) bytes")
        } catch {
            output("== memory per profile key: failed (\(error))")
        }
    }

    /// Keeps 8 writers going, kills the server with SIGKILL after `writesBeforeKill`
    /// acknowledged writes, restarts it and counts the acknowledged writes it no longer has.
    func loss(_ fsync: FsyncPolicy) async throws(CalibrationError) -> Loss {
        var config = ManagedRedisServer.Configuration()
        config.appendOnly = true
        config.appendFsync = fsync
        let server: ManagedRedisServer
        do { server = try await ManagedRedisServer.start(config) } catch {
            throw CalibrationError(.unreachable, "bench --redis: \(error.message)")
        }
        let client = server.client(poolSize: 8)
        let acknowledged = Acknowledged()
        let target = writesBeforeKill
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    var i = 0
                    while (try? await client.send(RedisCommand("SET", .string("w\(writer):\(i)"), "v"))) != nil {
                        acknowledged.append("w\(writer):\(i)")
                        i += 1
                    }
                }
            }
            group.addTask {
                while acknowledged.count < target { try? await Task.sleep(for: .milliseconds(1)) } // wall-clock
                await server.kill()
            }
        }
        var lost = 0
        do {
            try await server.restart()
            let keys = acknowledged.all
            for chunk in stride(from: 0, to: keys.count, by: 1_000) {
                let replies = try await client.pipeline(keys[chunk..<min(chunk + 1_000, keys.count)].map { RedisCommand("EXISTS", .string($0)) })
                lost += replies.filter { $0 != .integer(1) }.count
            }
        } catch {
            await client.shutdown()
            await server.stop()
            throw CalibrationError(.unreachable, "bench --redis: after SIGKILL under appendfsync \(fsync.rawValue): \(error)")
        }
        await client.shutdown()
        await server.stop()
        return Loss(policy: fsync, acknowledged: acknowledged.count, lost: lost)
    }

    /// The keys whose SET was acknowledged, shared by the writers.
    final class Acknowledged: Sendable {
        private let keys = Mutex<[String]>([])
        func append(_ key: String) { keys.withLock { $0.append(key) } }
        var count: Int { keys.withLock { $0.count } }
        var all: [String] { keys.withLock { $0 } }
    }
}
