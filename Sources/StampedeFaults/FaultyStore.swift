import StampedeKernel
import StampedeModel
import StampedeStore

/// Wraps a store and injects the call faults of a plan: latency, slow queries, outages,
/// failover. Pool exhaustion acts on the store's pool instead (`ResourcePool.setCapacity`).
public final class FaultyStore: AuthStore {
    let base: any AuthStore
    let injector: FaultInjector

    public init(wrapping base: any AuthStore, faults: [CallFault], clock: any SimClock, observer: (any SystemProbe)?) {
        self.base = base
        self.injector = FaultInjector(faults, clock: clock, observer: observer)
    }

    public func user(id: UserID) async throws(BackendError) -> UserRecord? {
        return try await injector.run(.storeQuery) { () async throws(BackendError) in try await base.user(id: id) }
    }

    public func user(email: String) async throws(BackendError) -> UserRecord? {
        return try await injector.run(.storeQuery) { () async throws(BackendError) in try await base.user(email: email) }
    }

    public func insertUser(_ user: UserRecord) async throws(BackendError) -> Bool {
        return try await injector.run(.storeWrite) { () async throws(BackendError) in try await base.insertUser(user) }
    }

    public func updatePassword(user: UserID, hash: String, at: SimInstant) async throws(BackendError) {
        try await injector.run(.storeWrite) { () async throws(BackendError) in try await base.updatePassword(user: user, hash: hash, at: at) }
    }

    public func updatePermissions(user: UserID, permissions: PermissionSet) async throws(BackendError) -> UInt32 {
        return try await injector.run(.storeWrite) { () async throws(BackendError) in try await base.updatePermissions(user: user, permissions: permissions) }
    }

    public func session(id: SessionID) async throws(BackendError) -> SessionRecord? {
        return try await injector.run(.storeQuery) { () async throws(BackendError) in try await base.session(id: id) }
    }

    public func insertSession(_ session: SessionRecord) async throws(BackendError) {
        try await injector.run(.storeWrite) { () async throws(BackendError) in try await base.insertSession(session) }
    }

    public func touchSession(id: SessionID, at: SimInstant) async throws(BackendError) -> SessionRecord? {
        return try await injector.run(.storeWrite) { () async throws(BackendError) in try await base.touchSession(id: id, at: at) }
    }

    public func revokeSession(id: SessionID) async throws(BackendError) -> SessionRecord? {
        return try await injector.run(.storeWrite) { () async throws(BackendError) in try await base.revokeSession(id: id) }
    }

    public func revokeSessions(user: UserID, except: SessionID?) async throws(BackendError) -> [SessionID] {
        return try await injector.run(.storeWrite) { () async throws(BackendError) in try await base.revokeSessions(user: user, except: except) }
    }

    public func redeemRefresh(_ token: RefreshTokenID, next: RefreshTokenID) async throws(BackendError) -> RefreshRedemption {
        return try await injector.run(.storeWrite) { () async throws(BackendError) in try await base.redeemRefresh(token, next: next) }
    }

    public func recordFailedLogin(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        return try await injector.run(.storeWrite) { () async throws(BackendError) in try await base.recordFailedLogin(user: user, window: window, at: at) }
    }

    public func failedLogins(user: UserID, window: SimDuration, at: SimInstant) async throws(BackendError) -> Int {
        return try await injector.run(.storeQuery) { () async throws(BackendError) in try await base.failedLogins(user: user, window: window, at: at) }
    }

    public func clearFailedLogins(user: UserID) async throws(BackendError) {
        try await injector.run(.storeWrite) { () async throws(BackendError) in try await base.clearFailedLogins(user: user) }
    }
}
