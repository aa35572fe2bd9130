import StampedeAuth
import StampedeCache
import StampedeFaults
import StampedeKernel
import StampedeModel
import StampedeStore

/// The composition root: builds the whole system under test from its typed configuration —
/// the service's cores and the backends' connection pools, the store and the cache from the
/// backend registry, their call faults and resilience policies, the service, and the boundary
/// the workload drives. The runner builds every run's system here, and so does every test
/// that needs one (through `StampedeTestSupport`), so there is one wiring.
public struct SystemAssembly: Sendable {
    public var system: SystemSpec
    /// How many users the run can have.
    public var userCapacity: Int
    /// Call faults on each backend and the service's own faults, compiled from a fault plan.
    public var faults = SystemFaults()
    /// The store and cache implementations `system.store.backend` and `system.cache.backend` name.
    public var backends = BackendRegistry.builtIn
    /// Width of the pools' utilisation windows; nil records none.
    public var window: SimDuration?
    /// Whether anything will crash the cache process; false lets the model cache's snapshots
    /// keep no copy of the keys (see `PersistenceConfig.keepsSnapshotContents`).
    public var cacheCanCrash = true
    /// Test-only wrappers (a planted bug lives in a test's decorator, never in production configuration).
    package var decorators = SystemDecorators()

    public init(system: SystemSpec, userCapacity: Int) {
        self.system = system
        self.userCapacity = userCapacity
    }

    /// Builds one system on `clock`. Every part draws from its own branch of `seed`, so a
    /// part added or left out never shifts another's numbers; `probe` hears what only the
    /// inside can see (backend calls, cached reads and writes, resilience signals).
    public func build(clock: any SimClock, seed: SeedTree, probe: any SystemProbe) -> AssembledSystem {
        AssembledSystem(self, clock: clock, seed: seed, probe: probe)
    }
}

/// What a fault plan does to the system's calls: per backend the call faults, and the
/// service's own downtime and CPU slowdowns.
public struct SystemFaults: Sendable {
    public var cacheCalls: [CallFault] = []
    public var storeCalls: [CallFault] = []
    public var service = ServiceFaultPlan()
    public init() {}
}

/// Test-only wrappers the composition root puts around what it builds: the cache and the
/// store as the service sees them (outside the fault and resilience layers), and the system
/// as the workload sees it.
package struct SystemDecorators: Sendable {
    package var cache: (@Sendable (any AuthCache) -> any AuthCache)?
    package var store: (@Sendable (any AuthStore) -> any AuthStore)?
    package var system: (@Sendable (any AuthSystem) -> any AuthSystem)?
    /// Wraps how the service counts password checks for lockout.
    package var lockout: (@Sendable (any LoginLockout) -> any LoginLockout)?

    package init() {}
}

/// One built system: its parts, for the harness to drive, seed, fault and report on.
public final class AssembledSystem: Sendable {
    public let clock: any SimClock
    public let cores: ResourcePool
    public let storePool: ResourcePool
    public let cachePool: ResourcePool
    /// The store's own calls (inside every fault and resilience layer) and its seeding.
    public let store: any AuthStore
    public let storeSeeding: any AsyncStoreSeeding
    /// The store server's own failover, when Stampede runs it (a managed PostgreSQL).
    public let storeFailover: (any StoreFailover)?
    /// The cache's own calls, its server, and — where it has them — its process control
    /// (flush, crash, restart) and its resizing by entries (the model only).
    public let cache: any AuthCache
    public let cacheServer: any CacheServer
    public let cacheControl: (any CacheControl)?
    public let cacheLifecycle: (any CacheLifecycle)?
    /// The policies guarding each backend, when configured (their breakers' state is reported).
    public let cacheGuard: ResilienceGuard?
    public let storeGuard: ResilienceGuard?
    public let service: AuthService
    /// The system under test as the workload drives it: the service behind its outage
    /// windows and any test decorator.
    public let boundary: any AuthSystem

    init(_ assembly: SystemAssembly, clock: any SimClock, seed: SeedTree, probe: any SystemProbe) {
        let s = assembly.system
        self.clock = clock
        let latency = seed.child("latency")
        cores = ResourcePool(name: "cores", capacity: s.service.cores, clock: clock, window: assembly.window)
        storePool = ResourcePool(name: "store", capacity: s.store.pool, clock: clock, window: assembly.window)
        cachePool = ResourcePool(name: "cache", capacity: s.cache.pool, clock: clock, window: assembly.window)
        let registry = assembly.backends
        guard let makeStore = registry.store(s.store.backend), let makeCache = registry.cache(s.cache.backend) else {
            preconditionFailure("the loader admits only registered backends; '\(s.store.backend)'/'\(s.cache.backend)' is not")
        }
        let storeBackend = makeStore(BackendContext(
            system: s, userCapacity: assembly.userCapacity, clock: clock,
            resource: ModeledResource(pool: storePool, latency: LatencySource(s.store.latency, seed: latency.child("store"))),
            probe: probe, seed: seed.child("store")))
        (store, storeSeeding, storeFailover) = (storeBackend.store, storeBackend.seeding, storeBackend.failover)
        let cacheBackend = makeCache(BackendContext(
            system: s, userCapacity: assembly.userCapacity, clock: clock,
            resource: ModeledResource(pool: cachePool, latency: LatencySource(s.cache.latency, seed: latency.child("cache"))),
            probe: probe, seed: seed.child("cache"), cacheCanCrash: assembly.cacheCanCrash))
        (cache, cacheServer) = (cacheBackend.cache, cacheBackend.server)
        (cacheControl, cacheLifecycle) = (cacheBackend.control, cacheBackend.lifecycle)

        // Each backend behind its call faults and resilience policies; a layer with nothing
        // to do is left out, so a system without faults or policies pays nothing for them.
        let faults = assembly.faults
        var guardedCache: any AuthCache = cache
        var guardedStore: any AuthStore = store
        if !faults.cacheCalls.isEmpty { guardedCache = FaultyCache(wrapping: cache, faults: faults.cacheCalls, clock: clock, observer: probe) }
        if !faults.storeCalls.isEmpty { guardedStore = FaultyStore(wrapping: store, faults: faults.storeCalls, clock: clock, observer: probe) }
        let resilience = seed.child("resilience")
        func guarding(_ role: BackendRole) -> ResilienceGuard? {
            let policy = s.resilience[role].policy
            guard !policy.isEmpty else { return nil }
            return ResilienceGuard(policy: policy, source: role == .cache ? .cache : .store, clock: clock,
                                   seed: resilience.child(role.rawValue), observer: probe)
        }
        cacheGuard = guarding(.cache)
        storeGuard = guarding(.store)
        if let g = cacheGuard { guardedCache = ResilientCache(wrapping: guardedCache, guarding: g) }
        if let g = storeGuard { guardedStore = ResilientStore(wrapping: guardedStore, guarding: g) }

        let decorators = assembly.decorators
        let cpu: any ServiceCPU = faults.service.cpu.isEmpty ? cores : SlowedCPU(wrapping: cores, plan: faults.service, clock: clock)
        service = AuthService(
            config: s.authConfig(otpSeed: seed.child("otp").seed),
            store: decorators.store?(guardedStore) ?? guardedStore, cache: decorators.cache?(guardedCache) ?? guardedCache,
            clock: clock, cores: cpu,
            hashCost: LatencySource(s.hashCost, seed: latency.child("hash")),
            tokenCost: LatencySource(s.service.tokenCost, seed: latency.child("token")),
            seed: seed.child("service"), observer: probe, lifecycle: cacheControl, spawner: clock.spawner,
            realHashing: s.service.realHashing ? RealPasswordHashing(iterations: s.service.hashIterations, cores: cores) : nil,
            lockoutDecorator: decorators.lockout)
        var boundary: any AuthSystem = service
        if !faults.service.down.isEmpty { boundary = ServiceOutage(wrapping: boundary, plan: faults.service, clock: clock) }
        if let decorate = decorators.system { boundary = decorate(boundary) }
        self.boundary = boundary
    }

    /// The connection pool in front of a backend.
    public func pool(_ role: BackendRole) -> ResourcePool {
        role == .store ? storePool : cachePool
    }

    /// The system as a client sees it, recording each decision and security event (with its
    /// invoke and completion times) into `history`.
    public func client(recordingInto history: any HistorySink) -> RecordingClient {
        RecordingClient(system: boundary, clock: clock, history: history)
    }
}
