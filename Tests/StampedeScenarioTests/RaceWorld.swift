import StampedeAuth
import StampedeCache
import StampedeChecker
import StampedeKernel
import StampedeModel
import StampedeStore
import StampedeSystem
import StampedeTestSupport
import Synchronization

let readPermission = Permission(index: 0)
let writePermission = Permission(index: 1)
let readAndWrite = PermissionSet.empty.adding(readPermission).adding(writePermission)

/// A service with realistic latencies (lognormal store 3 ms / 30 ms p99, cache 300 µs / 2 ms)
/// on a virtual clock, users already registered, and a checker to judge its history; built
/// by the composition root through the shared test system.
struct RaceWorld {
    let system: TestSystem
    let users: Int

    init(config: SystemSpec, users: Int, seed: UInt64) {
        system = TestSystem(config, users: users, seed: seed)
        self.users = users
        system.preload(users, email: Self.email, password: Self.password, permissions: readAndWrite)
    }

    /// The system the races run on; a test sets the strategies and TTLs it is about.
    static var system: SystemSpec {
        var s = SystemSpec()
        s.service.cores = 256
        s.service.hashCost = .constant(.milliseconds(2))
        s.store.pool = 32
        s.store.latency = .lognormal(median: .milliseconds(3), p99: .milliseconds(30))
        s.cache.pool = 64
        s.cache.latency = .lognormal(median: .microseconds(300), p99: .milliseconds(2))
        return s
    }

    static let password = "correct horse"
    static func email(_ i: Int) -> String { "user\(i)@example.com" }

    var clock: VirtualClock { system.clock }

    /// Runs `body` as a simulated task until every task it started has finished; it drives
    /// the service through a client that records what it answers.
    func run(_ body: @escaping @Sendable (RecordingClient, VirtualClock) async -> Void) {
        system.runClient(body)
    }

    /// Logs every user in once; the grants by user index.
    func loginAll() -> [Grant] {
        let grants = Mutex<[Int: Grant]>([:])
        run { s, _ in
            for i in 0..<users {
                if let g = try? await s.login(email: Self.email(i), password: Self.password).get() {
                    grants.withLock { $0[i] = g }
                }
            }
        }
        return grants.withLock { g in (0..<users).compactMap { g[$0] } }
    }

    /// The checker's verdict on everything reported so far.
    func check(staleness: SimDuration = .zero) -> Checker {
        var config = CheckerConfig(initialPermissions: readAndWrite, permissionNames: ["read", "write"])
        config.dataStaleness = Array(repeating: staleness, count: DataClass.allCases.count)
        return StampedeChecker.check(history: system.probe.history, config: config)
    }
}

extension Checker {
    func findings(_ c: DataClass) -> DataClassFindings { dataFindings()[c.rawValue] }
    func violations(_ invariant: Invariant) -> Int { counts().first { $0.0 == invariant }?.1 ?? 0 }
}
