import Foundation
import StampedeKernel
import StampedeModel
import StampedePostgres
import StampedeSQLite
import StampedeStore

/// `stampede bench --stores`: the real stores' speed at one fixed pool and client count, for
/// the settings calibration leaves alone — PostgreSQL with fsync off, and with the guard that
/// gives up waiting for a pooled connection on or off. Two workloads, each `clients` callers
/// in a closed loop: session lookup (a validation that missed the cache) and the login mix
/// (user by email, failure count, new session). Latency counts from the call's start, so
/// waiting for a pooled connection counts. Wall-clock throughout.
public struct StoreBenchmark: Sendable {
    public enum Backend: String, Sendable, CaseIterable { case sqlite, postgres }

    public var backends: [Backend] = Backend.allCases
    public var pool = 8
    public var clients = 32
    public var seconds = 5.0
    public var sessions = 10_000
    /// PostgreSQL's fsync and synchronous commit (SQLite's WAL commits do not fsync either way).
    public var fsync = true
    /// PostgresStore's wait for a pooled connection; nil measures without the guard.
    public var wait: Duration? = .seconds(10)
    public var output: @Sendable (String) -> Void = { _ in }
    public var shouldStop: @Sendable () -> Bool = { false }

    public init() {}

    public func run() async throws(CalibrationError) {
        output("pool \(pool), \(clients) clients, \(seconds) s per workload, \(sessions) sessions, fsync \(fsync ? "on" : "off"), "
               + "connection wait \(wait.map { "\($0)" } ?? "off")")
        for backend in backends where !shouldStop() {
            switch backend {
            case .sqlite:
                let folder = NSTemporaryDirectory() + "/stampede-store-bench-\(UUID().uuidString)" // wall-clock: a benchmark of real stores
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: folder) }
                let store: SQLiteStore
                do { store = try SQLiteStore(path: folder + "/store.sqlite", poolSize: pool) } catch {
                    throw CalibrationError(.unreachable, "bench --stores: \(error.description)")
                }
                await bench("sqlite", store: store, seeding: store)
            case .postgres:
                let settings = fsync ? [:] : ["fsync": "off", "synchronous_commit": "off"]
                let server: ManagedPostgresServer
                do { server = try await ManagedPostgresServer.start(.init(settings: settings)) } catch {
                    throw CalibrationError(.unreachable, "bench --stores: \(error.description)")
                }
                do {
                    let store = try await PostgresStore.open(url: server.url, poolSize: pool, connectionWait: wait)
                    await bench("postgres", store: store, seeding: store)
                    await store.close()
                } catch {
                    await server.stop()
                    throw CalibrationError(.unreachable, "bench --stores: \(error.description)")
                }
                await server.stop()
            }
        }
    }

    /// Latencies in nanoseconds, and how long the workload ran.
    struct Sample {
        var latencies: [Int64] = []
        var seconds = 0.0

        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1e6
        }
        var perSecond: Double { seconds > 0 ? Double(latencies.count) / seconds : 0 }
    }

    func bench(_ name: String, store: any AuthStore, seeding: any AsyncStoreSeeding) async {
        let probes = StoreProbes(store: store, users: 1_000, sessions: sessions)
        guard (try? await probes.prepare(seeding: seeding, shouldStop: shouldStop)) == true else {
            output("\(name): could not put the users and sessions in place")
            return
        }
        let byName = Dictionary(uniqueKeysWithValues: probes.calls.map { ($0.name, $0) })
        let lookup = await drive { context, rng in [await byName["store.session"]!.run(context, &rng)] }
        let login = ["store.user_by_email", "store.failed_logins", "store.insert_session"].map { byName[$0]! }
        let mix = await drive { context, rng in
            var results: [ProbeResult] = []
            for (k, probe) in login.enumerated() {
                results.append(await probe.run(ProbeContext(lane: context.lane, n: context.n * 3 + k, step: context.step), &rng))
            }
            return results
        }
        func row(_ workload: String, _ s: Sample, per: String, calls: Double) {
            output(String(format: "%-9@ %-15@ %9.0f calls/s  %7.0f %@/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms", name as NSString,
                          workload as NSString, s.perSecond, s.perSecond / calls, per as NSString, s.percentile(0.5), s.percentile(0.99),
                          Double(s.latencies.max() ?? 0) / 1e6))
        }
        row("session lookup", lookup, per: "lookups", calls: 1)
        row("login mix", mix, per: "logins", calls: 3)
    }

    /// Runs `clients` loops of `step` for `seconds`.
    func drive(_ step: @escaping @Sendable (ProbeContext, inout Xoshiro256) async -> [ProbeResult]) async -> Sample {
        let clock = ContinuousClock() // wall-clock
        let start = clock.now
        let end = start + .seconds(seconds)
        let shouldStop = self.shouldStop
        let stepNumber = Int.random(in: 1..<1 << 20) // wall-clock benchmark: keys only need to differ between runs
        let all = await withTaskGroup(of: [Int64].self, returning: [Int64].self) { group in
            for lane in 0..<clients {
                group.addTask {
                    var rng = Xoshiro256(seed: UInt64(lane + 1))
                    var mine: [Int64] = []
                    var n = 0
                    while clock.now < end, !shouldStop() {
                        for r in await step(ProbeContext(lane: lane, n: n, step: stepNumber), &rng) {
                            mine.append(r.elapsed.components.seconds * 1_000_000_000 + r.elapsed.components.attoseconds / 1_000_000_000)
                        }
                        n += 1
                    }
                    return mine
                }
            }
            var merged: [Int64] = []
            for await part in group { merged += part }
            return merged
        }
        let elapsed = clock.now - start
        return Sample(latencies: all, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
