import Foundation
import StampedeKernel
import StampedeModel
import StampedePostgres
import StampedeSQLite
import StampedeStore
import Synchronization

// The real stores' own speed on this machine: calls per second and per-call latency
// (p50/p99, from the call's start, so waiting for a pooled connection counts) for two
// workloads, each driven by a fixed number of concurrent clients in a closed loop:
//
// - session lookup: `session(id:)` of a random live session (validate on a cold cache);
// - login mix: `user(email:)`, `failedLogins`, `insertSession` (a login the cache missed).
//
//   swift run -c release store-bench [--backend sqlite|postgres|all] [--pool 8] [--clients 32]
//                                    [--seconds 5] [--sessions 10000] [--fsync on|off] [--wait SECONDS|off]
//
// PostgreSQL is a managed server in a temporary folder, stopped at the end; `--fsync off`
// turns off its fsync and synchronous commit (SQLite's WAL commits do not fsync either way).
// Wall-clock throughout: this measures real time.

struct Options {
    var backends = ["sqlite", "postgres"]
    var pool = 8
    var clients = 32
    var seconds = 5.0
    var sessions = 10_000
    var fsync = true
    /// PostgresStore's connectionWait; `--wait off` measures what racing it costs.
    var wait: Duration? = .seconds(10)

    init(_ arguments: [String]) {
        var it = arguments.makeIterator()
        while let flag = it.next() {
            let value = it.next() ?? ""
            switch flag {
            case "--backend": backends = value == "all" ? ["sqlite", "postgres"] : [value]
            case "--pool": pool = Int(value) ?? pool
            case "--clients": clients = Int(value) ?? clients
            case "--seconds": seconds = Double(value) ?? seconds
            case "--sessions": sessions = Int(value) ?? sessions
            case "--fsync": fsync = value != "off"
            case "--wait": wait = value == "off" ? nil : .seconds(Double(value) ?? 10)
            default: print("unknown option \(flag)"); exit(2)
            }
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
    var perSecond: Double { Double(latencies.count) / seconds }
}

func nanos(_ d: Duration) -> Int64 { d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000 }

/// Runs `clients` loops of `step` for `seconds`; each step returns the latencies of the calls it made.
func drive(clients: Int, seconds: Double, _ step: @escaping @Sendable (Int, inout Xoshiro256) async -> [Int64]) async -> Sample {
    let start = ContinuousClock.now // wall-clock
    let end = start + .milliseconds(Int64(seconds * 1000))
    let all = await withTaskGroup(of: [Int64].self) { group in
        for c in 0..<clients {
            group.addTask {
                var rng = Xoshiro256(seed: UInt64(c + 1))
                var mine: [Int64] = []
                var n = 0
                while ContinuousClock.now < end { // wall-clock
                    mine += await step(n, &rng)
                    n += 1
                }
                return mine
            }
        }
        var merged: [Int64] = []
        for await part in group { merged += part }
        return merged
    }
    return Sample(latencies: all, seconds: Double(nanos(ContinuousClock.now - start)) / 1e9) // wall-clock
}

/// Times one call.
func timed(_ body: () async throws -> Void) async -> Int64 {
    let t0 = ContinuousClock.now // wall-clock
    do { try await body() } catch { print("call failed: \(error)") }
    return nanos(ContinuousClock.now - t0) // wall-clock
}

func bench(_ name: String, store: any AuthStore, seeding: any AsyncStoreSeeding, options: Options) async throws {
    let users = 1_000
    try await seeding.preload((0..<users).map { i in
        UserRecord(id: UserID(i), email: "user\(i)@example.com", passwordHash: "$pbkdf2-sha256$i=1000$c2FsdA$aGFzaA",
                   permissions: PermissionSet(bits: 3))
    })
    for i in 0..<options.sessions {
        try await store.insertSession(SessionRecord(id: Token128(high: 1, low: UInt64(i)), user: UserID(i % users), issuedAt: .zero,
                                                    lastSeen: .zero, refreshToken: Token128(high: 2, low: UInt64(i))))
    }
    let sessions = options.sessions
    let lookup = await drive(clients: options.clients, seconds: options.seconds) { _, rng in
        let id = Token128(high: 1, low: UInt64(rng.nextInt(below: sessions)))
        return [await timed { _ = try await store.session(id: id) }]
    }
    let fresh = Counter()
    let mix = await drive(clients: options.clients, seconds: options.seconds) { _, rng in
        let u = rng.nextInt(below: users)
        let n = fresh.next()
        return [
            await timed { _ = try await store.user(email: "user\(u)@example.com") },
            await timed { _ = try await store.failedLogins(user: UserID(u), window: .seconds(60), at: .zero) },
            await timed {
                try await store.insertSession(SessionRecord(id: Token128(high: 3, low: n), user: UserID(u), issuedAt: .zero,
                                                            lastSeen: .zero, refreshToken: Token128(high: 4, low: n)))
            },
        ]
    }
    func row(_ workload: String, _ s: Sample, per: String) {
        print(String(format: "%-9@ %-15@ %9.0f calls/s  %7.0f %@/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms", name as NSString,
                     workload as NSString, s.perSecond, workload == "login mix" ? s.perSecond / 3 : s.perSecond,
                     per as NSString, s.percentile(0.5), s.percentile(0.99),
                     Double(s.latencies.max() ?? 0) / 1e6))
    }
    row("session lookup", lookup, per: "lookups")
    row("login mix", mix, per: "logins")
}

final class Counter: Sendable {
    private let value = Mutex<UInt64>(0)
    func next() -> UInt64 { value.withLock { $0 += 1; return $0 } }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
print("pool \(options.pool), \(options.clients) clients, \(options.seconds) s per workload, \(options.sessions) sessions, fsync \(options.fsync ? "on" : "off")")
for backend in options.backends {
    switch backend {
    case "sqlite":
        let dir = NSTemporaryDirectory() + "/stampede-store-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SQLiteStore(path: dir + "/store.sqlite", poolSize: options.pool)
        try await bench("sqlite", store: store, seeding: store, options: options)
    case "postgres":
        let settings = options.fsync ? [:] : ["fsync": "off", "synchronous_commit": "off"]
        try await ManagedPostgresServer.withServer(.init(settings: settings)) { server in
            let store = try await PostgresStore.open(url: server.url, poolSize: options.pool, connectionWait: options.wait)
            try await bench("postgres", store: store, seeding: store, options: options)
            await store.close()
        }
    default:
        print("unknown backend \(backend)"); exit(2)
    }
}
