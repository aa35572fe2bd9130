@testable import StampedeAuth
import StampedeCache
import StampedeFaults
import StampedeKernel
import StampedeModel
import StampedeStore
import StampedeSystem
import StampedeTestSupport

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

/// A small system on a virtual clock — two cores, a modeled store (3 ms, 4 connections) and
/// cache (300 µs, 4 connections, 1,000 entries), hashing at 100 ms — built by the composition
/// root through the shared test system.
struct Harness {
    /// The system these tests start from; a test changes what it is about.
    static var system: SystemSpec {
        var s = SystemSpec()
        s.service.cores = 2
        s.service.hashCost = .constant(.milliseconds(100))
        s.store.pool = 4
        s.store.latency = .constant(.milliseconds(3))
        s.cache.pool = 4
        s.cache.latency = .constant(.microseconds(300))
        s.cache.server.maxEntries = 1000
        s.cache.server.persistence.snapshotEvery = .zero
        return s
    }

    let system: TestSystem
    var clock: VirtualClock { system.clock }
    var observer: RecordingProbe { system.probe }
    var service: AuthService { system.service }
    /// The modeled store the system was built with.
    var store: InMemoryStore { system.parts.storeSeeding as! InMemoryStore }

    /// - Parameters:
    ///   - cacheFaults: call faults on the cache.
    ///   - cacheDecorator: wraps the cache the service sees (a planted bug).
    ///   - cpuFaults: scale the service's CPU cost as a fault plan says.
    init(config: SystemSpec = Harness.system, cacheFaults: [CacheFault] = [], unreachableStore: Bool = false, users: Int = 100,
         seed: UInt64 = 1, cacheDecorator: (@Sendable (any AuthCache) -> any AuthCache)? = nil, cpuFaults: ServiceFaultPlan? = nil) {
        var faults = SystemFaults()
        faults.cacheCalls = cacheFaults
        if let cpuFaults { faults.service = cpuFaults }
        let unreachable: @Sendable (any AuthStore) -> any AuthStore = { _ in UnreachableStore() }
        system = TestSystem(config, users: users, seed: seed, faults: faults, cache: cacheDecorator,
                            store: unreachableStore ? unreachable : nil)
    }

    /// Runs `body` as the only simulated task and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable (AuthService, VirtualClock) async -> T) -> T {
        let service = self.service
        return system.run { clock in await body(service, clock) }
    }

    /// Runs `body` as the only simulated task, driving the service through the client that
    /// records its answers as history (`observer.history`).
    func runClient<T: Sendable>(_ body: @escaping @Sendable (RecordingClient, VirtualClock) async -> T) -> T {
        system.runClient(body)
    }

    /// Registers user 0 as alice with a known password.
    func registerAlice(permissions: PermissionSet = both) -> Grant? {
        runClient { s, _ in
            _ = await s.register(id: UserID(0), email: "alice@example.com", password: "correct horse", permissions: permissions)
            return try? await s.login(email: "alice@example.com", password: "correct horse").get()
        }
    }
}
