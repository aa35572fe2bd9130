import StampedeAuth
import StampedeCache
import StampedeChecker
import StampedeKernel
import StampedeModel
import StampedeStore
import Synchronization

/// Keeps the history a service reports, in emission (completion) order.
final class HistoryLog: SystemProbe, HistorySink {
    private let events = Mutex<[HistoryEvent]>([])
    func record(_ event: HistoryEvent) { events.withLock { $0.append(event) } }
    func observe(_ event: ProbeEvent) { record(HistoryEvent(event)) }
    func resilience(_ signal: ResilienceSignal, source: ResilienceSource, at: SimInstant) {}
    func backendCall(_ call: BackendCall, wait: SimDuration, service: SimDuration, failed: Bool, at: SimInstant) {}
    func cacheLookup(hit: Bool, at: SimInstant) {}
    func cacheFallback(at: SimInstant) {}
    var history: [HistoryEvent] { events.withLock { $0 } }
}

let readPermission = Permission(index: 0)
let writePermission = Permission(index: 1)
let readAndWrite = PermissionSet.empty.adding(readPermission).adding(writePermission)

/// A service with realistic latencies (lognormal store 3 ms / 30 ms p99, cache 300 µs / 2 ms)
/// on a virtual clock, users already registered, and a checker to judge its history.
struct RaceWorld {
    let executor = VirtualExecutor()
    let clock: VirtualClock
    let log = HistoryLog()
    let store: InMemoryStore
    let cache: RedisCache
    let service: AuthService
    let users: Int

    init(config: AuthConfig, users: Int, seed: UInt64, cacheConfig: RedisCacheConfig = RedisCacheConfig(),
         cacheLatency: Distribution = .lognormal(median: .microseconds(300), p99: .milliseconds(2))) {
        clock = VirtualClock(executor: executor)
        self.users = users
        let root = SeedTree(seed)
        store = InMemoryStore(
            resource: ModeledResource(pool: ResourcePool(name: "store", capacity: 32, clock: clock),
                                      latency: LatencySource(.lognormal(median: .milliseconds(3), p99: .milliseconds(30)), seed: root.child("store"))),
            clock: clock, userCapacity: users, retention: config.sessions.absoluteTimeout, observer: log)
        cache = RedisCache(
            resource: ModeledResource(pool: ResourcePool(name: "cache", capacity: 64, clock: clock),
                                      latency: LatencySource(cacheLatency, seed: root.child("cache"))),
            clock: clock, config: cacheConfig, seed: root.child("keyspace"), observer: log)
        service = AuthService(
            config: config, store: store, cache: cache, clock: clock,
            cores: ResourcePool(name: "cores", capacity: 256, clock: clock),
            hashCost: LatencySource(.constant(.milliseconds(2)), seed: root.child("hash")),
            tokenCost: LatencySource(.constant(.microseconds(35)), seed: root.child("token")),
            seed: root.child("service"), observer: log, lifecycle: cache, spawner: TaskSpawner(executor: executor))
        for i in 0..<users {
            store.preload(UserRecord(id: UserID(i), email: Self.email(i), passwordHash: service.hashForStorage(Self.password),
                                     permissions: readAndWrite))
        }
    }

    static let password = "correct horse"
    static func email(_ i: Int) -> String { "user\(i)@example.com" }

    var spawner: TaskSpawner { TaskSpawner(executor: executor) }

    /// Runs `body` as a simulated task until every task it started has finished; it drives
    /// the service through a client that records what it answers.
    func run(_ body: @escaping @Sendable (RecordingClient, VirtualClock) async -> Void) {
        let client = RecordingClient(system: service, clock: clock, history: log), clock = self.clock
        spawner.spawn { await body(client, clock) }
        executor.run()
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
        return StampedeChecker.check(history: log.history, config: config)
    }
}

extension Checker {
    func findings(_ c: DataClass) -> DataClassFindings { dataFindings()[c.rawValue] }
    func violations(_ invariant: Invariant) -> Int { counts().first { $0.0 == invariant }?.1 ?? 0 }
}
