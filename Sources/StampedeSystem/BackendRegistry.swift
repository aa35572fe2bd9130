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
    /// Whether the run can crash the cache process (a planned `crash` fault): a cache that
    /// cannot crash need not keep what it would recover from.
    public var cacheCanCrash = true
}

/// The store and cache implementations a scenario can name (`system.store.backend`,
/// `system.cache.backend`), each built by a factory: the models, and the real servers
/// (Redis, PostgreSQL, SQLite) beside them, as swift-nio keeps `NIOEmbedded` beside `NIOPosix`.
///
/// The loader checks names, clocks and the process faults each cache can undergo against
/// `catalog`; the composition root builds from the factories. The real backends' factories
/// are added for a run once their servers are up (StampedeBackends); a test can add its own.
public struct BackendRegistry: Sendable {
    public typealias StoreFactory = @Sendable (BackendContext) -> StoreBackend
    public typealias CacheFactory = @Sendable (BackendContext) -> CacheBackend

    /// The name of the modeled in-memory store and Redis-like cache.
    public static let model = "model"

    private(set) var stores: [(name: String, make: StoreFactory)] = []
    private(set) var caches: [(name: String, make: CacheFactory)] = []
    /// What the loader needs to know of each implementation.
    public private(set) var catalog = BackendCatalog(entries: [])

    /// The implementations that ship with factories: the models.
    public static let builtIn = BackendRegistry()
        .adding(store: model) { c in
            let store = InMemoryStore(resource: c.resource, clock: c.clock, userCapacity: c.userCapacity,
                                      retention: c.system.sessions.absoluteTimeout, observer: c.probe)
            return StoreBackend(store: store, seeding: store)
        }
        .adding(cache: model, processFaults: Set(CacheProcessFault.allCases)) { c in
            var config = c.system.cacheServerConfig
            config.persistence.keepsSnapshotContents = c.cacheCanCrash
            let cache = RedisCache(resource: c.resource, clock: c.clock, config: config, seed: c.seed, observer: c.probe)
            return CacheBackend(cache: cache, server: cache, lifecycle: cache)
        }

    /// This registry with one more store implementation (replacing one of the same name).
    public func adding(store name: String, kind: BackendCatalog.Kind = .model, _ make: @escaping StoreFactory) -> BackendRegistry {
        var copy = self
        copy.stores.removeAll { $0.name == name }
        copy.stores.append((name, make))
        copy.catalog.put(.init(name: name, role: .store, kind: kind, processFaults: []))
        return copy
    }

    /// This registry with one more cache implementation; `processFaults` are the faults on
    /// the cache process it can undergo (flush, crash and restart, resize by entries).
    public func adding(cache name: String, kind: BackendCatalog.Kind = .model, processFaults: Set<CacheProcessFault>,
                       _ make: @escaping CacheFactory) -> BackendRegistry {
        var copy = self
        copy.caches.removeAll { $0.name == name }
        copy.caches.append((name, make))
        copy.catalog.put(.init(name: name, role: .cache, kind: kind, processFaults: processFaults))
        return copy
    }

    package func store(_ name: String) -> StoreFactory? { stores.first { $0.name == name }?.make }
    package func cache(_ name: String) -> CacheFactory? { caches.first { $0.name == name }?.make }
}

/// A fault that acts on the cache process rather than on its calls.
public enum CacheProcessFault: String, Sendable, Hashable, CaseIterable {
    /// Every key gone at once (`FLUSHALL`).
    case flush
    /// The process dies and comes back on its own files.
    case crash
    /// The most entries it keeps shrinks for a while (an eviction storm): a model knob, as a
    /// real Redis is bounded by bytes.
    case resize
}

/// The backend names a scenario may use, and what each is: a model or a real server, which
/// clock it runs on, and which process faults a cache can undergo.
public struct BackendCatalog: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// In-process and modeled: runs on either clock.
        case model
        /// A real server or library, serving in real time: wall-clock runs only.
        case real
        /// A real server reached at `url:` (or started by Stampede: `managed`), wall-clock only.
        case server
    }

    public struct Entry: Sendable, Hashable {
        public var name: String
        public var role: BackendRole
        public var kind: Kind
        public var processFaults: Set<CacheProcessFault>

        public init(name: String, role: BackendRole, kind: Kind, processFaults: Set<CacheProcessFault>) {
            self.name = name; self.role = role; self.kind = kind; self.processFaults = processFaults
        }

        /// Whether it serves in real time only (`--clock wall`).
        public var wallClockOnly: Bool { kind != .model }
        /// Whether it is reached at a URL or started by Stampede (`url:`).
        public var takesURL: Bool { kind == .server }
    }

    public private(set) var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// What ships: the models, and the real Redis, SQLite and PostgreSQL, whose factories the
    /// runner adds once it has started or reached them (StampedeBackends).
    public static let shipped = BackendRegistry.builtIn.catalog
        .putting(.init(name: "redis", role: .cache, kind: .server, processFaults: [.flush, .crash]))
        .putting(.init(name: "sqlite", role: .store, kind: .real, processFaults: []))
        .putting(.init(name: "postgres", role: .store, kind: .server, processFaults: []))

    public var stores: [String] { entries.filter { $0.role == .store }.map(\.name) }
    public var caches: [String] { entries.filter { $0.role == .cache }.map(\.name) }

    public func entry(_ role: BackendRole, _ name: String) -> Entry? {
        entries.first { $0.role == role && $0.name == name }
    }

    /// The caches that can undergo `fault`.
    public func caches(undergoing fault: CacheProcessFault) -> [String] {
        entries.filter { $0.role == .cache && $0.processFaults.contains(fault) }.map(\.name)
    }

    /// This catalog with `entry` added (replacing one of the same role and name).
    public func putting(_ entry: Entry) -> BackendCatalog {
        var copy = self
        copy.put(entry)
        return copy
    }

    mutating func put(_ entry: Entry) {
        entries.removeAll { $0.role == entry.role && $0.name == entry.name }
        entries.append(entry)
    }
}

/// Which backend a pool, a fault or a policy belongs to.
public enum BackendRole: String, Sendable, Hashable, CaseIterable {
    case cache, store
}

/// Which clock a run keeps: deterministic virtual time, or real time (real backends).
public enum RunClock: String, Sendable, Hashable {
    case virtual, wall
}
