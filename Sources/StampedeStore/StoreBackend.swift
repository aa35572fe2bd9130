import StampedeKernel
import StampedeModel

/// What the harness may do with a store besides the service's calls: put the preregistered
/// users in place before the run (not as traffic), and look a user up without a modeled round
/// trip (to warm a cache at start).
public protocol StoreSeeding: AnyObject, Sendable {
    func preload(_ user: UserRecord)
    func peekUser(id: UserID) -> UserRecord?
}

extension InMemoryStore: StoreSeeding {}

/// A store implementation as the composition root builds it: the service's calls, and the
/// harness's seeding. Every implementation — the model, and each real one — is one of these,
/// picked by name from the scenario (`system.store.backend`).
public struct StoreBackend: Sendable {
    public var store: any AuthStore
    public var seeding: any StoreSeeding

    public init(store: any AuthStore, seeding: any StoreSeeding) {
        self.store = store; self.seeding = seeding
    }
}
