import StampedeCache
import StampedeKernel
import StampedeModel
import StampedeStore
import Synchronization

/// The auth service: real credential and token logic over a modeled store and cache.
///
/// It is the `AuthSystem` the workload drives; the harness records each request's outcome at
/// that boundary, and the service reports only what a client cannot see (cached reads and
/// writes, backend calls) to its probe. Each kind of data
/// goes through its class's caching strategy (`AuthConfig.caching`): by default user records
/// and permissions cache-aside, sessions, OTP codes and lockout counters write-through.
/// When the cache fails a class falls back as its policy says; when nothing can answer a
/// validation is denied (fail closed).
public final class AuthService: AuthSystem {
    public let config: AuthConfig
    let store: any AuthStore
    let cache: any AuthCache
    let clock: any SimClock
    let observer: (any SystemProbe)?
    /// Service CPU: hashing and token work hold a core for their modeled cost.
    let cores: any ServiceCPU
    let hashCost: LatencySource
    let tokenCost: LatencySource
    let hasher: PasswordHasher
    /// Real PBKDF2 at the production iterations instead of modeled CPU time (wall-clock runs).
    let realHashing: RealPasswordHashing?
    let signer: TokenSigner
    let rng: Mutex<Xoshiro256>
    let backlog = InvalidationBacklog()
    /// Failed password checks and checks in flight per account, counted in process.
    let lockout: LocalLockout
    /// Whether service faults or shedding are configured (else admission and CPU costs skip them).
    let admissionChecked: Bool
    /// One strategy per data class, indexed by `DataClass.rawValue`.
    public let strategies: [any CachingStrategy]
    /// Wraps the lockout counting a login goes through (a planted bug in tests; nil: the service's own).
    let lockoutDecorator: (@Sendable (any LoginLockout) -> any LoginLockout)?

    /// - Parameters:
    ///   - lifecycle: the cache process, when it can crash (write-behind queues die with it).
    ///   - spawner: starts write-behind flushes when a batch fills.
    ///   - realHashing: hash and check passwords at the production cost in real CPU (then
    ///     `hashCost` is not drawn).
    ///   - lockoutDecorator: wraps the service's lockout counting, for a test's planted bug.
    public init(config: AuthConfig, store: any AuthStore, cache: any AuthCache, clock: any SimClock,
                cores: any ServiceCPU, hashCost: LatencySource, tokenCost: LatencySource,
                seed: SeedTree, observer: (any SystemProbe)?,
                lifecycle: (any CacheControl)? = nil, spawner: TaskSpawner? = nil, realHashing: RealPasswordHashing? = nil,
                lockoutDecorator: (@Sendable (any LoginLockout) -> any LoginLockout)? = nil) {
        self.config = config
        self.lockoutDecorator = lockoutDecorator
        self.realHashing = realHashing
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
        self.lockout = LocalLockout(maxFailures: config.lockout.maxFailures, window: config.lockout.window)
        self.admissionChecked = config.shedQueueLimit != nil
        let environment = StrategyEnvironment(cache: cache, clock: clock, observer: observer, backlog: backlog,
                                              lifecycle: lifecycle, spawner: spawner)
        self.strategies = StrategyFactory.makeAll(Self.boundedTTLs(config), environment: environment)
    }

    /// The caching policy with security data never cached past its own end: a session past
    /// its absolute timeout, a code past its lifetime, a count past its window.
    static func boundedTTLs(_ config: AuthConfig) -> CachingPolicy {
        var policy = config.caching
        policy[.sessions].ttl = min(policy[.sessions].ttl, config.sessions.absoluteTimeout)
        policy[.sessions].lifetime = config.sessions.absoluteTimeout
        policy[.otp].ttl = min(policy[.otp].ttl, config.otp.lifetime)
        policy[.counters].ttl = min(policy[.counters].ttl, config.lockout.window)
        return policy
    }

    /// Keys whose cache invalidation is still owed.
    public var pendingInvalidations: Int { backlog.count }

    func randomToken() -> Token128 { rng.withLock { Token128.drawn(from: &$0) } }

    /// 16 random bytes: two draws, each in its little-endian byte order.
    func salt() -> [UInt8] {
        rng.withLock { r in
            let words = (r.next().littleEndian, r.next().littleEndian)
            return withUnsafeBytes(of: words) { Array($0) }
        }
    }

    /// Holds a core for one production password hash (plus `extra` CPU work).
    func spendHashCPU(extra: SimDuration = .zero) async {
        await useCores(for: hashCost.next() + extra)
    }

    /// Hashes a password for storage (real hash, modeled CPU time is charged by the caller).
    public func hashForStorage(_ password: String) -> String {
        hasher.hash(password, salt: salt())
    }

    /// A password hashed for storage, its production cost paid: modeled CPU time, or real.
    func hashPassword(_ password: String) async -> String {
        if let realHashing { return await realHashing.hash(password, salt: salt()) }
        await spendHashCPU()
        return hashForStorage(password)
    }

    /// Whether `password` matches `stored`, its production cost paid (plus `extra` CPU work).
    func checkPassword(_ password: String, against stored: String, extra: SimDuration = .zero) async -> Bool {
        if let realHashing {
            if extra > .zero { await useCores(for: extra) }
            return await realHashing.verify(password, against: stored)
        }
        await spendHashCPU(extra: extra)
        return hasher.verify(password, against: stored)
    }

    /// The cost of a check with nothing to check against (an unknown email).
    func spendUnmatchedCheck() async {
        if let realHashing { return await realHashing.spendOneHash() }
        await spendHashCPU()
    }

    // MARK: Register

    /// Registers `email` under the id the population reserved for it.
    public func register(id: UserID, email: String, password: String, permissions: PermissionSet) async -> Result<UserID, DenyReason> {
        if let refused = admissionDenial() { return .failure(refused) }
        if CredentialPolicy.emailProblem(email) != nil { return .failure(.invalidEmail) }
        if CredentialPolicy.passwordProblem(password) != nil { return .failure(.weakPassword) }
        let record = UserRecord(id: id, email: email, passwordHash: await hashPassword(password), permissions: permissions,
                                passwordChangedAt: clock.now)
        do {
            guard try await store.insertUser(record) else { return .failure(.emailTaken) }
        } catch {
            return .failure(.unavailable)
        }
        await strategy(.profiles).afterStoreWrite(.userByEmail(email), .create, value: .user(record))
        await strategy(.permissions).afterStoreWrite(.permissions(id), .create,
                                                     value: .permissions(permissions, version: record.permissionVersion))
        return .success(id)
    }

    // MARK: Login

    /// Logs in with email and password. A user whose login needs a one-time passcode gets
    /// `otpRequired` here; use `authenticate` and `completeLogin` for the two steps.
    public func login(email: String, password: String) async -> Result<Grant, DenyReason> {
        await authenticate(email: email, password: password).session
    }

    /// Checks email and password: a session for most users; for users who need a one-time
    /// passcode, `needsOTP` (then `issueOTP` and `completeLogin`).
    public func authenticate(email: String, password: String) async -> Result<LoginStep, DenyReason> {
        if let refused = admissionDenial() { return .failure(refused) }
        let user: UserRecord?
        do { user = try await loadUser(email: email) } catch { return .failure(.unavailable) }
        return await finishLogin(password: password, user: user)
    }

    /// The rest of a login, out of line: a login waiting for its user record (the common
    /// wait when the cache is down) then keeps only `authenticate`'s small frame.
    @inline(never)
    private func finishLogin(password: String, user: UserRecord?) async -> Result<LoginStep, DenyReason> {
        guard let user else {
            // Spend the hash time anyway so an unknown email is not faster than a wrong password.
            await spendUnmatchedCheck()
            return .failure(.invalidCredentials)
        }
        let counting: any LoginLockout = lockoutDecorator?(self) ?? self
        guard let failures = await counting.admitPasswordCheck(user.id) else { return .failure(.lockedOut) }
        guard await checkPassword(password, against: user.passwordHash, extra: tokenCost.next()) else {
            await counting.recordFailure(user.id)
            return .failure(.invalidCredentials)
        }
        await counting.passwordCheckSucceeded(user.id, hadFailures: failures > 0)
        if config.otp.isRequired(for: user.id) { return .success(.needsOTP(user.id)) }
        return await issueSession(user: user.id, permissionVersion: user.permissionVersion).map { .granted($0) }
    }

    func issueSession(user: UserID, permissionVersion: UInt32) async -> Result<Grant, DenyReason> {
        let now = clock.now
        let session = SessionRecord(id: randomToken(), user: user, issuedAt: now, lastSeen: now, refreshToken: randomToken())
        do {
            try await strategy(.sessions).write(.session(session.id), .create, predicted: .session(session)) {
                [store] () async throws(BackendError) -> CacheValue? in
                try await store.insertSession(session)
                return .session(session)
            }
        } catch {
            return .failure(.unavailable)
        }
        let access = signer.sign(TokenClaims(user: user, session: session.id, issuedAt: clock.now,
                                             expiresAt: clock.now + config.sessions.accessTokenTTL, permissionVersion: permissionVersion))
        return .success(Grant(user: user, session: session.id, access: access, refresh: session.refreshToken))
    }
}
