import StampedeCache
import StampedeKernel
import StampedeModel
import StampedeStore
import Synchronization

/// What a successful login or refresh hands the client.
public struct Grant: Sendable {
    public var user: UserID
    public var session: SessionID
    public var access: AccessToken
    public var refresh: RefreshTokenID
}

/// The auth service: real credential and token logic over a modeled store and cache.
///
/// Every operation reports its history to the observer when it completes. Sessions are
/// cached write-through; user records and permissions cache-aside. When the cache fails
/// the service reads the store; when both fail a validation is denied (fail closed).
public final class AuthService: Sendable {
    public let config: AuthConfig
    let store: any AuthStore
    let cache: any AuthCache
    let clock: any SimClock
    let observer: (any AuthObserver)?
    /// Service CPU: hashing and token work hold a core for their modeled cost.
    let cores: ResourcePool
    let hashCost: LatencySource
    let tokenCost: LatencySource
    let hasher: PasswordHasher
    let signer: TokenSigner
    let rng: Mutex<Xoshiro256>
    let backlog = InvalidationBacklog()
    /// Failed password checks and checks in flight per account, counted in process.
    let lockout: LocalLockout
    /// Whether service faults or shedding are configured (else admission and CPU costs skip them).
    let admissionChecked: Bool

    public init(config: AuthConfig, store: any AuthStore, cache: any AuthCache, clock: any SimClock,
                cores: ResourcePool, hashCost: LatencySource, tokenCost: LatencySource,
                seed: SeedTree, observer: (any AuthObserver)?) {
        self.config = config
        self.store = store
        self.cache = cache
        self.clock = clock
        self.cores = cores
        self.hashCost = hashCost
        self.tokenCost = tokenCost
        self.observer = observer
        self.hasher = PasswordHasher(iterations: config.realHashIterations)
        var keyRNG = seed.child("signing-key").generator()
        self.signer = TokenSigner(keyBytes: (0..<4).flatMap { _ in withUnsafeBytes(of: keyRNG.next()) { Array($0) } })
        self.rng = Mutex(seed.child("ids").generator())
        self.lockout = LocalLockout(maxFailures: config.lockoutMaxFailures, window: config.lockoutWindow)
        self.admissionChecked = !config.serviceFaults.isEmpty || config.shedQueueLimit != nil
    }

    /// Keys whose cache invalidation is still owed.
    public var pendingInvalidations: Int { backlog.count }

    func randomToken() -> Token128 { rng.withLock { Token128.random(&$0) } }

    func salt() -> [UInt8] {
        rng.withLock { r in (0..<2).flatMap { _ in withUnsafeBytes(of: r.next()) { Array($0) } } }
    }

    /// Holds a core for one production password hash (plus `extra` CPU work).
    func spendHashCPU(extra: SimDuration = .zero) async {
        await useCores(for: hashCost.next() + extra)
    }

    /// Hashes a password for storage (real hash, modeled CPU time is charged by the caller).
    public func hashForStorage(_ password: String) -> String {
        hasher.hash(password, salt: salt())
    }

    // MARK: Register

    /// Registers `email` under the id the population reserved for it.
    public func register(id: UserID, email: String, password: String, permissions: PermissionSet) async -> Result<UserID, DenyReason> {
        if let refused = admissionDenial() { return .failure(refused) }
        if CredentialPolicy.emailProblem(email) != nil { return .failure(.invalidEmail) }
        if CredentialPolicy.passwordProblem(password) != nil { return .failure(.weakPassword) }
        await spendHashCPU()
        let record = UserRecord(id: id, email: email, passwordHash: hashForStorage(password), permissions: permissions,
                                passwordChangedAt: clock.now)
        do {
            return try await store.insertUser(record) ? .success(id) : .failure(.emailTaken)
        } catch {
            return .failure(.unavailable)
        }
    }

    // MARK: Login

    public func login(email: String, password: String) async -> Result<Grant, DenyReason> {
        if let refused = admissionDenial() { return .failure(refused) }
        let user: UserRecord?
        do { user = try await loadUser(email: email) } catch { return .failure(.unavailable) }
        guard let user else {
            // Spend the hash time anyway so an unknown email is not faster than a wrong password.
            await spendHashCPU()
            return .failure(.invalidCredentials)
        }
        guard let failures = await admitPasswordCheck(user.id) else { return .failure(.lockedOut) }
        await spendHashCPU(extra: tokenCost.next())
        guard hasher.verify(password, against: user.passwordHash) else {
            await recordFailure(user.id)
            return .failure(.invalidCredentials)
        }
        await passwordCheckSucceeded(user.id, hadFailures: failures > 0)
        return await issueSession(for: user)
    }

    private func issueSession(for user: UserRecord) async -> Result<Grant, DenyReason> {
        let now = clock.now
        let session = SessionRecord(id: randomToken(), user: user.id, issuedAt: now, lastSeen: now, refreshToken: randomToken())
        do { try await store.insertSession(session) } catch { return .failure(.unavailable) }
        // The session exists from the moment the store holds it.
        observer?.record(.sessionIssued(user: user.id, session: session.id, at: clock.now))
        await cacheSet(.session(session.id), .session(session), ttl: config.absoluteTimeout)
        let access = signer.sign(TokenClaims(user: user.id, session: session.id, issuedAt: clock.now,
                                             expiresAt: clock.now + config.accessTokenTTL, permissionVersion: user.permissionVersion))
        return .success(Grant(user: user.id, session: session.id, access: access, refresh: session.refreshToken))
    }
}
