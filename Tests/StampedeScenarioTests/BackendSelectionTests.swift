import Foundation
import StampedeCache
import StampedeKernel
@testable import StampedeLanguage
import StampedeModel
@testable import StampedeRunner
import StampedeStore
import StampedeSystem
import StampedeTestSupport
import Testing

/// A store that is not the model: it forwards every call to one and counts them.
final class CountingStore: AuthStore {
    let base: InMemoryStore
    let calls = Locked(0)

    init(_ base: InMemoryStore) { self.base = base }

    private func counted<T>(_ body: () async throws(BackendError) -> T) async throws(BackendError) -> T {
        calls.withLock { $0 += 1 }
        return try await body()
    }

    func user(id: UserID) async throws(BackendError) -> UserRecord? { try await counted { () throws(BackendError) in try await base.user(id: id) } }
    func user(email: String) async throws(BackendError) -> UserRecord? {
        try await counted { () throws(BackendError) in try await base.user(email: email) }
    }
    func insertUser(_ user: UserRecord) async throws(BackendError) -> Bool {
        try await counted { () throws(BackendError) in try await base.insertUser(user) }
    }
    func updatePassword(user: UserID, hash: String, at: SimInstant) async throws(BackendError) {
        try await counted { () throws(BackendError) in try await base.updatePassword(user: user, hash: hash, at: at) }
    }
    func updatePermissions(user: UserID, permissions: PermissionSet) async throws(BackendError) -> UInt32 {
        try await counted { () throws(BackendError) in try await base.updatePermissions(user: user, permissions: permissions) }
    }
    func session(id: SessionID) async throws(BackendError) -> SessionRecord? {
        try await counted { () throws(BackendError) in try await base.session(id: id) }
    }
    func insertSession(_ session: SessionRecord) async throws(BackendError) {
        try await counted { () throws(BackendError) in try await base.insertSession(session) }
    }
    func touchSession(id: SessionID, at: SimInstant) async throws(BackendError) -> SessionRecord? {
        try await counted { () throws(BackendError) in try await base.touchSession(id: id, at: at) }
    }
    func revokeSession(id: SessionID) async throws(BackendError) -> SessionRecord? {
        try await counted { () throws(BackendError) in try await base.revokeSession(id: id) }
    }
    func revokeSessions(user: UserID, except: SessionID?) async throws(BackendError) -> [SessionID] {
        try await counted { () throws(BackendError) in try await base.revokeSessions(user: user, except: except) }
    }
    func redeemRefresh(_ token: RefreshTokenID, next: RefreshTokenID) async throws(BackendError) -> RefreshRedemption {
        try await counted { () throws(BackendError) in try await base.redeemRefresh(token, next: next) }
    }
    func recordFailedLogin(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        try await counted { () throws(BackendError) in try await base.recordFailedLogin(user: user, window: window, at: at) }
    }
    func failedLogins(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        try await counted { () throws(BackendError) in try await base.failedLogins(user: user, window: window, at: at) }
    }
    func clearFailedLogins(user: UserID) async throws(BackendError) {
        try await counted { () throws(BackendError) in try await base.clearFailedLogins(user: user) }
    }
    func putOTP(_ record: OTPRecord) async throws(BackendError) -> OTPRecord {
        try await counted { () throws(BackendError) in try await base.putOTP(record) }
    }
    func otp(user: UserID) async throws(BackendError) -> OTPRecord? { try await counted { () throws(BackendError) in try await base.otp(user: user) } }
    func consumeOTP(user: UserID, code: UInt32, at: SimInstant, maxAttempts: Int) async throws(BackendError) -> OTPConsumption {
        try await counted { () throws(BackendError) in try await base.consumeOTP(user: user, code: code, at: at, maxAttempts: maxAttempts) }
    }
}

/// Backends are picked by name from the scenario, without touching the harness.
@Suite struct BackendSelectionTests {
    /// The shipped registry plus a counting store and a cache that has no process control;
    /// `stores` keeps every counting store the registry builds.
    static func registry(_ stores: Locked<[CountingStore]>) -> BackendRegistry {
        BackendRegistry.builtIn
            .adding(store: "counting") { c in
                let model = InMemoryStore(resource: c.resource, clock: c.clock, userCapacity: c.userCapacity,
                                          retention: c.system.sessions.absoluteTimeout, observer: c.probe)
                let counting = CountingStore(model)
                stores.withLock { $0.append(counting) }
                return StoreBackend(store: counting, seeding: model)
            }
            .adding(cache: "calls-only", processFaults: []) { c in
                let cache = RedisCache(resource: c.resource, clock: c.clock, config: RedisCacheConfig(), seed: c.seed, observer: c.probe)
                return CacheBackend(cache: cache, server: cache, lifecycle: nil)
            }
    }

    static func scenario(store: String, cache: String = "model", events: String = "") -> String {
        """
        name: backends
        duration: 20s
        users: { count: 500, preregistered: 100% }
        system:
          store: { backend: \(store), pool: 8 }
          cache: { backend: \(cache) }
        traffic:
          phases:
            - { name: steady, for: 20s, rate: 40/s }
          journeys:
            returning: { weight: 100%, steps: [login, validate x 5, refresh, logout] }
        \(events)
        """
    }

    func write(_ yaml: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-backend-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aScenarioFileSelectsAnotherStoreAndEveryStoreCallGoesThroughIt() throws {
        let stores = Locked<[CountingStore]>([])
        let registry = Self.registry(stores)
        let counted = try write(Self.scenario(store: "counting"))
        let modeled = try write(Self.scenario(store: "model"))
        defer { try? FileManager.default.removeItem(atPath: counted); try? FileManager.default.removeItem(atPath: modeled) }
        let spec = try ScenarioLoader.load(path: counted, backends: registry.catalog)
        #expect(spec.system.store.backend == "counting")
        var options = RunOptions(seed: 5)
        options.backends = registry
        let r = Runner.run(spec, options: options)
        let store = try #require(stores.value.first)
        #expect(stores.value.count == 1)
        let calls = (r.backends[.storeQuery]?.count ?? 0) + (r.backends[.storeWrite]?.count ?? 0)
        #expect(calls > 100)
        #expect(store.calls.value == calls, "every modeled store call went through the selected implementation")
        // A store that only forwards changes nothing the run measures.
        let model = Runner.run(try ScenarioLoader.load(path: modeled), options: RunOptions(seed: 5))
        #expect(r.simulated.requests == model.simulated.requests)
        #expect(r.violations.count == model.violations.count)
        #expect(r.operations.mapValues(\.count) == model.operations.mapValues(\.count))
        #expect(r.backends.mapValues(\.count) == model.backends.mapValues(\.count))
    }

    @Test func anUnknownBackendIsALoadErrorWithTheNearestName() throws {
        let path = try write(Self.scenario(store: "countng"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let catalog = Self.registry(Locked([])).catalog
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: path, backends: catalog) }
        do {
            _ = try ScenarioLoader.load(path: path, backends: catalog)
        } catch {
            #expect(error.line == 5)
            #expect(error.message.contains("unknown store backend 'countng'"), "\(error.message)")
            #expect(error.suggestion == "counting")
        }
        // Without the test's registry, only the shipped names exist.
        #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: path) }
    }

    @Test func aProcessFaultOnACacheWithoutControlIsALoadError() throws {
        let crash = "events:\n  - { at: 5s, for: 5s, fault: crash }"
        let path = try write(Self.scenario(store: "model", cache: "calls-only", events: crash))
        let callLevel = try write(Self.scenario(store: "model", cache: "calls-only",
                                                events: "events:\n  - { at: 5s, for: 5s, fault: down }"))
        defer { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: callLevel) }
        let catalog = Self.registry(Locked([])).catalog
        do {
            _ = try ScenarioLoader.load(path: path, backends: catalog)
            Issue.record("a crash fault on a cache that cannot crash loaded")
        } catch {
            #expect(error.line == 13)
            #expect(error.message.contains("'calls-only' cannot undergo"), "\(error.message)")
        }
        // Call-level faults work on every backend, through the fault decorators.
        let spec = try ScenarioLoader.load(path: callLevel, backends: catalog)
        var options = RunOptions(seed: 2)
        options.backends = Self.registry(Locked([]))
        let r = Runner.run(spec, options: options)
        #expect(r.cache.failures > 0)
    }
}
