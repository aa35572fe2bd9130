import StampedeCache
import StampedeKernel
import StampedeModel
import StampedeStore

/// What a backend factory is given to build one run's store or cache.
public struct BackendContext: Sendable {
    /// The system's configuration (the backend's own part is `system.store` or `system.cache`).
    public var system: SystemSpec
    /// How many users the run can have (the model store sizes its tables by it).
    public var userCapacity: Int
    public var clock: any SimClock
    /// The modeled connection pool and service time of this backend's calls.
    public var resource: ModeledResource
    /// Where the backend reports what only it can see (backend calls, crashes).
    public var probe: any SystemProbe
    /// This backend's own branch of the run's seed tree.
    public var seed: SeedTree
}

/// The store and cache implementations a scenario can name (`system.store.backend`,
/// `system.cache.backend`), each built by a factory: the models today, real ones beside
/// them as they arrive, as swift-nio keeps `NIOEmbedded` beside `NIOPosix`.
///
/// The loader checks names (and what process-level chaos each cache can undergo) against
/// `catalog`; the composition root builds from the factories. A test can add its own.
public struct BackendRegistry: Sendable {
    public typealias StoreFactory = @Sendable (BackendContext) -> StoreBackend
    public typealias CacheFactory = @Sendable (BackendContext) -> CacheBackend

    /// The name of the modeled in-memory store and Redis-like cache.
    public static let model = "model"

    private(set) var stores: [(name: String, make: StoreFactory)] = []
    private(set) var caches: [(name: String, make: CacheFactory, lifecycle: Bool)] = []

    /// The implementations that ship: the models.
    public static let builtIn = BackendRegistry()
        .adding(store: model) { c in
            let store = InMemoryStore(resource: c.resource, clock: c.clock, userCapacity: c.userCapacity,
                                      retention: c.system.sessions.absoluteTimeout, observer: c.probe)
            return StoreBackend(store: store, seeding: store)
        }
        .adding(cache: model, lifecycle: true) { c in
            let cache = RedisCache(resource: c.resource, clock: c.clock, config: c.system.cacheServerConfig, seed: c.seed,
                                   observer: c.probe)
            return CacheBackend(cache: cache, server: cache, lifecycle: cache)
        }

    /// This registry with one more store implementation (replacing one of the same name).
    public func adding(store name: String, _ make: @escaping StoreFactory) -> BackendRegistry {
        var copy = self
        copy.stores.removeAll { $0.name == name }
        copy.stores.append((name, make))
        return copy
    }

    /// This registry with one more cache implementation; `lifecycle` says whether it can be
    /// flushed, resized, crashed and restarted (the chaos faults that act on the process).
    public func adding(cache name: String, lifecycle: Bool, _ make: @escaping CacheFactory) -> BackendRegistry {
        var copy = self
        copy.caches.removeAll { $0.name == name }
        copy.caches.append((name, make, lifecycle))
        return copy
    }

    /// What the loader needs to know of the implementations: their names and capabilities.
    public var catalog: BackendCatalog {
        BackendCatalog(stores: stores.map(\.name), caches: caches.map(\.name),
                       cachesWithLifecycle: Set(caches.filter(\.lifecycle).map(\.name)))
    }

    package func store(_ name: String) -> StoreFactory? { stores.first { $0.name == name }?.make }
    package func cache(_ name: String) -> CacheFactory? { caches.first { $0.name == name }?.make }
}

/// The backend names a scenario may use, and which caches support process-level chaos.
public struct BackendCatalog: Sendable, Hashable {
    public var stores: [String]
    public var caches: [String]
    public var cachesWithLifecycle: Set<String>
}

/// Which backend a pool, a fault or a policy belongs to.
public enum BackendRole: String, Sendable, Hashable, CaseIterable {
    case cache, store
}
