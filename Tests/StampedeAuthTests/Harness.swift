import Synchronization
@testable import StampedeAuth
import StampedeCache
import StampedeFaults
import StampedeKernel
import StampedeModel
import StampedeStore

/// Collects what the service reports.
final class RecordingObserver: SystemProbe, HistorySink {
    private let events = Mutex<[HistoryEvent]>([])
    private let failures = Mutex<Int>(0)
    func record(_ event: HistoryEvent) { events.withLock { $0.append(event) } }
    func observe(_ event: ProbeEvent) { record(HistoryEvent(event)) }
    func resilience(_ signal: ResilienceSignal, source: ResilienceSource, at: SimInstant) {}
    func backendCall(_ call: BackendCall, wait: SimDuration, service: SimDuration, failed: Bool, at: SimInstant) {
        if failed { failures.withLock { $0 += 1 } }
    }
    func cacheLookup(hit: Bool, at: SimInstant) {}
    func cacheFallback(at: SimInstant) {}
    var history: [HistoryEvent] { events.withLock { $0 } }
    var failedCalls: Int { failures.withLock { $0 } }
}

/// A store that cannot be reached: for fail-closed tests.
final class UnreachableStore: AuthStore {
    func user(id: UserID) async throws(BackendError) -> UserRecord? { throw .unavailable }
    func user(email: String) async throws(BackendError) -> UserRecord? { throw .unavailable }
    func insertUser(_ user: UserRecord) async throws(BackendError) -> Bool { throw .unavailable }
    func updatePassword(user: UserID, hash: String, at: SimInstant) async throws(BackendError) { throw .unavailable }
    func updatePermissions(user: UserID, permissions: PermissionSet) async throws(BackendError) -> UInt32 { throw .unavailable }
    func session(id: SessionID) async throws(BackendError) -> SessionRecord? { throw .unavailable }
    func insertSession(_ session: SessionRecord) async throws(BackendError) { throw .unavailable }
    func touchSession(id: SessionID, at: SimInstant) async throws(BackendError) -> SessionRecord? { throw .unavailable }
    func revokeSession(id: SessionID) async throws(BackendError) -> SessionRecord? { throw .unavailable }
    func revokeSessions(user: UserID, except: SessionID?) async throws(BackendError) -> [SessionID] { throw .unavailable }
    func redeemRefresh(_ token: RefreshTokenID, next: RefreshTokenID) async throws(BackendError) -> RefreshRedemption { throw .unavailable }
    func recordFailedLogin(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int { throw .unavailable }
    func failedLogins(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int { throw .unavailable }
    func clearFailedLogins(user: UserID) async throws(BackendError) { throw .unavailable }
    func putOTP(_ record: OTPRecord) async throws(BackendError) -> OTPRecord { throw .unavailable }
    func otp(user: UserID) async throws(BackendError) -> OTPRecord? { throw .unavailable }
    func consumeOTP(user: UserID, code: UInt32, at: SimInstant, maxAttempts: Int) async throws(BackendError) -> OTPConsumption { throw .unavailable }
}

let read = Permission(index: 0)
let write = Permission(index: 1)
let both = PermissionSet.empty.adding(read).adding(write)

/// A service on a virtual clock with a modeled store and cache; `cacheFaults` are applied to the cache.
struct Harness {
    let executor = VirtualExecutor()
    let clock: VirtualClock
    let observer = RecordingObserver()
    let service: AuthService
    /// The service through the client that records its answers as history.
    let client: RecordingClient
    let store: InMemoryStore

    /// - Parameters:
    ///   - cacheDecorator: wraps the cache the service sees (a planted bug).
    ///   - cpuFaults: scale the service's CPU cost as a fault plan says.
    init(config: AuthConfig = AuthConfig(), cacheFaults: [CacheFault] = [], unreachableStore: Bool = false, users: Int = 100,
         seed root: UInt64 = 1, cacheDecorator: ((any AuthCache) -> any AuthCache)? = nil, cpuFaults: ServiceFaultPlan? = nil) {
        clock = VirtualClock(executor: executor)
        let seed = SeedTree(root)
        let storeResource = ModeledResource(
            pool: ResourcePool(name: "store", capacity: 4, clock: clock),
            latency: LatencySource(.constant(.milliseconds(3)), seed: seed.child("s")))
        store = InMemoryStore(resource: storeResource, clock: clock, userCapacity: users, retention: config.sessions.absoluteTimeout, observer: observer)
        let cacheResource = ModeledResource(
            pool: ResourcePool(name: "cache", capacity: 4, clock: clock),
            latency: LatencySource(.constant(.microseconds(300)), seed: seed.child("c")))
        let cache = ModeledCache(resource: cacheResource, clock: clock, maxEntries: 1000, observer: observer)
        let faulty = FaultyCache(wrapping: cache, faults: cacheFaults, clock: clock, observer: observer)
        let cores = ResourcePool(name: "cores", capacity: 2, clock: clock)
        let cpu: any ServiceCPU = if let cpuFaults { SlowedCPU(wrapping: cores, plan: cpuFaults, clock: clock) } else { cores }
        service = AuthService(
            config: config, store: unreachableStore ? UnreachableStore() : store, cache: cacheDecorator?(faulty) ?? faulty,
            clock: clock, cores: cpu,
            hashCost: LatencySource(.constant(.milliseconds(100)), seed: seed.child("h")),
            tokenCost: LatencySource(.constant(.microseconds(35)), seed: seed.child("t")),
            seed: seed, observer: observer)
        client = RecordingClient(system: service, clock: clock, history: observer)
    }

    /// Runs `body` as the only simulated task and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable (AuthService, VirtualClock) async -> T) -> T {
        let box = ResultBox<T>()
        let service = self.service, clock = self.clock
        TaskSpawner(executor: executor).spawn { box.set(await body(service, clock)) }
        executor.run()
        return box.get()!
    }

    /// Runs `body` as the only simulated task, driving the service through the client that
    /// records its answers as history (`observer.history`).
    func runClient<T: Sendable>(_ body: @escaping @Sendable (RecordingClient, VirtualClock) async -> T) -> T {
        let client = self.client
        return run { _, clock in await body(client, clock) }
    }

    /// Registers user 0 as alice with a known password.
    func registerAlice(permissions: PermissionSet = both) -> Grant? {
        runClient { s, _ in
            _ = await s.register(id: UserID(0), email: "alice@example.com", password: "correct horse", permissions: permissions)
            return try? await s.login(email: "alice@example.com", password: "correct horse").get()
        }
    }
}

final class ResultBox<T: Sendable>: Sendable {
    private let m = Mutex<T?>(nil)
    func set(_ v: T) { m.withLock { $0 = v } }
    func get() -> T? { m.withLock { $0 } }
}
