import StampedeKernel
import StampedeModel

/// What the harness may do with a store besides the service's calls: put the preregistered
/// users in place before the run (not as traffic), and look a user up without a modeled round
/// trip (to warm a cache at start).
public protocol StoreSeeding: AsyncStoreSeeding {
    func preload(_ user: UserRecord)
    func peekUser(id: UserID) -> UserRecord?
}

/// The same seeding for a store that can only answer over a connection (a database server):
/// it cannot honestly put users in place or look one up without waiting for a reply.
///
/// Every `StoreSeeding` is one too, answering at once, so a composition root that awaits
/// these two calls works with every store, the model and the real ones alike.
public protocol AsyncStoreSeeding: AnyObject, Sendable {
    /// Puts `users` in place before the run, replacing any with the same id.
    func preload(_ users: [UserRecord]) async throws(BackendError)
    /// The user record, outside the service's traffic (no modeled round trip, nothing recorded).
    func lookUpUser(id: UserID) async throws(BackendError) -> UserRecord?
}

extension StoreSeeding {
    public func preload(_ users: [UserRecord]) async throws(BackendError) {
        for user in users { preload(user) }
    }

    public func lookUpUser(id: UserID) async throws(BackendError) -> UserRecord? { peekUser(id: id) }
}

extension InMemoryStore: StoreSeeding {}

/// A store implementation as the composition root builds it: the service's calls, and the
/// harness's seeding. Every implementation — the model, and each real one — is one of these,
/// picked by name from the scenario (`system.store.backend`).
public struct StoreBackend: Sendable {
    public var store: any AuthStore
    public var seeding: any AsyncStoreSeeding
    /// The server's own failover, when Stampede runs the server (a managed PostgreSQL); nil
    /// for a store whose failover is its calls failing (the model, SQLite, a server by URL).
    public var failover: (any StoreFailover)?

    public init(store: any AuthStore, seeding: any AsyncStoreSeeding, failover: (any StoreFailover)? = nil) {
        self.store = store; self.seeding = seeding; self.failover = failover
    }
}

/// A store server that a failover really takes down: the primary dies at the start of the
/// window, and a server serves again on the same data at its end (the replica promoted), so
/// clients see their connections drop and reconnect, and the server runs crash recovery.
public protocol StoreFailover: AnyObject, Sendable {
    func primaryFails() async throws(BackendError)
    func replicaPromoted() async throws(BackendError)
}
