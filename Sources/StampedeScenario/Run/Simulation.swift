import StampedeAuth
import StampedeCache
import StampedeChecker
import StampedeFaults
import StampedeKernel
import StampedeMetrics
import StampedeModel
import StampedeStore
import Synchronization

/// One run's system and harness, wired: pools, store, cache (with its faults), service,
/// population, metrics and checker, and the tasks that drive them.
final class Simulation: Sendable {
    let spec: ScenarioSpec
    let seed: SeedTree
    let clock: any SimClock
    let spawner: TaskSpawner
    let metrics: RunMetrics
    let resilience: ResilienceMetrics
    let observer: HarnessObserver
    let plan: ChaosPlan
    /// The policies guarding each backend, when configured (their breakers' state is reported).
    let cacheGuard: ResilienceGuard?
    let storeGuard: ResilienceGuard?
    let cores: ResourcePool
    let storePool: ResourcePool
    let cachePool: ResourcePool
    let store: InMemoryStore
    let cache: RedisCache
    let service: AuthService
    let population: Population
    let journeys: JourneyRunner
    let permissions: PermissionSet
    /// Tasks still running (arrivals, journeys, security events); wall-clock mode waits for zero.
    let inFlight = Atomic<Int>(0)
    let done = Mutex<CheckedContinuation<Void, Never>?>(nil)
    let journeysStarted = Atomic<Int>(0)
    /// Journeys started and not yet finished, and arrivals dropped because there were
    /// `journeysInFlightLimit` of them: the bound that keeps an overloaded run's memory finite.
    let journeysInFlight = Atomic<Int>(0)
    let journeysDropped = Atomic<Int>(0)
    let journeysInFlightLimit: Int
    /// The most the arrival generator fell behind its schedule (wall-clock mode), in nanoseconds.
    let maxGeneratorLag = Atomic<Int64>(0)

    init(spec: ScenarioSpec, options: RunOptions, clock: any SimClock, spawner: TaskSpawner) {
        self.spec = spec
        self.clock = clock
        self.spawner = spawner
        journeysInFlightLimit = options.journeysInFlightLimit
        let seed = SeedTree(options.seed)
        self.seed = seed
        let perms = PermissionSet(bits: spec.users.permissions.isEmpty ? 0 : (UInt64.max >> UInt64(64 - spec.users.permissions.count)))
        permissions = perms
        metrics = RunMetrics(window: spec.window, phases: spec.metricPhases())
        resilience = ResilienceMetrics(window: spec.window)
        let s = spec.system
        let checker = Checker(config: Simulation.withDataPolicy(CheckerConfig(
            idleTimeout: s.sessions.idleTimeout, absoluteTimeout: s.sessions.absoluteTimeout,
            permissionStaleness: s.permissionStaleness, keepChangerSession: s.sessions.keepChangerSession,
            initialPermissions: perms, permissionNames: spec.users.permissions), spec))
        observer = HarnessObserver(metrics: metrics, checker: checker, resilience: resilience)
        let latency = seed.child("latency")
        cores = ResourcePool(name: "cores", capacity: s.service.cores, clock: clock, window: spec.window)
        storePool = ResourcePool(name: "store", capacity: s.store.pool, clock: clock, window: spec.window)
        cachePool = ResourcePool(name: "cache", capacity: s.cache.pool, clock: clock, window: spec.window)
        store = InMemoryStore(
            resource: ModeledResource(pool: storePool, latency: LatencySource(s.store.latency, seed: latency.child("store"))),
            clock: clock, userCapacity: spec.users.count, retention: s.sessions.absoluteTimeout, observer: observer)
        cache = RedisCache(
            resource: ModeledResource(pool: cachePool, latency: LatencySource(s.cache.latency, seed: latency.child("cache"))),
            clock: clock, config: Simulation.cacheConfig(spec), seed: seed.child("cache"), observer: observer)
        let plan = ChaosPlan(spec: spec, seed: seed.child("faults"))
        self.plan = plan
        let guarded = Simulation.guarded(cache: cache, store: store, plan: plan, policies: s.resilience, clock: clock,
                                         seed: seed.child("resilience"), observer: observer)
        (cacheGuard, storeGuard) = (guarded.cacheGuard, guarded.storeGuard)
        var config = AuthConfig()
        config.accessTokenTTL = s.sessions.accessTokenTTL
        config.idleTimeout = s.sessions.idleTimeout
        config.absoluteTimeout = s.sessions.absoluteTimeout
        config.touchInterval = s.sessions.touchInterval
        config.keepChangerSession = s.sessions.keepChangerSession
        config.lockoutMaxFailures = s.lockout.maxFailures
        config.lockoutWindow = s.lockout.window
        config.caching = Simulation.cachingPolicy(spec)
        config.otp = Simulation.otpConfig(spec, seed: seed.child("otp"))
        config.realHashIterations = s.service.realHashIterations
        config.skipLogoutCacheInvalidation = options.skipLogoutCacheInvalidation
        config.shedQueueLimit = s.resilience.shedQueueLimit
        config.serviceFaults = plan.service
        let hashCost = s.service.hashCost
            ?? .constant(.nanoseconds(Int64((130_000_000.0 / 600_000.0 * Double(s.service.hashIterations)).rounded())))
        service = AuthService(
            config: config, store: guarded.store, cache: guarded.cache, clock: clock, cores: cores,
            hashCost: LatencySource(hashCost, seed: latency.child("hash")),
            tokenCost: LatencySource(s.service.tokenCost, seed: latency.child("token")),
            seed: seed.child("service"), observer: observer, lifecycle: cache, spawner: spawner)
        population = Population(users: spec.users, initialPermissions: perms, seed: seed.child("population"))
        journeys = JourneyRunner(service: service, population: population, metrics: metrics, clock: clock,
                                 end: SimInstant.zero + spec.duration, defaultThink: spec.traffic.thinkTime,
                                 permissions: spec.users.permissions)
    }

    /// Registers the preregistered users directly in the store (not as traffic).
    func preload() {
        for i in 0..<population.preregistered {
            let u = UserID(i)
            store.preload(UserRecord(id: u, email: Population.email(i), passwordHash: service.hashForStorage(population.password(of: u)),
                                     permissions: permissions))
        }
        warmAtStart()
    }

    // MARK: Driving tasks

    func began() { inFlight.add(1, ordering: .relaxed) }

    func finished() {
        if inFlight.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
            done.withLock { c in c?.resume(); c = nil }
        }
    }

    /// Starts the arrival generator and the security events.
    func start() {
        startCaching()
        began()
        spawner.spawn { [self] in
            await generateArrivals()
            finished()
        }
        if !plan.steps.isEmpty {
            began()
            spawner.spawn { [self] in
                await runChaosSteps()
                finished()
            }
        }
        for (i, e) in spec.events.enumerated() {
            guard case .security(let s) = e.kind else { continue }
            began()
            spawner.spawn { [self] in
                await runSecurityEvent(s, at: SimInstant.zero + e.at, seed: seed.child("security").child(UInt64(i)))
                finished()
            }
        }
    }

    /// Waits (wall-clock mode) until every task has finished.
    func waitUntilDone() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let finishedAlready = done.withLock { slot -> Bool in
                if inFlight.load(ordering: .acquiring) == 0 { return true }
                slot = c
                return false
            }
            if finishedAlready { c.resume() }
        }
    }

    private func generateArrivals() async {
        var schedule = ArrivalSchedule(phases: spec.traffic.phases, seed: seed.child("arrivals"))
        var mix = seed.child("journey-mix").generator()
        let journeySeeds = seed.child("journeys")
        let cumulative = spec.traffic.journeys.reduce(into: [Double]()) { acc, j in acc.append((acc.last ?? 0) + j.weight) }
        var n: UInt64 = 0
        while let t = schedule.next() {
            try? await clock.sleep(until: t)
            let lag = (clock.now - t).nanoseconds
            if lag > maxGeneratorLag.load(ordering: .relaxed) { maxGeneratorLag.store(lag, ordering: .relaxed) }
            let u = mix.nextUnit() * (cumulative.last ?? 1)
            let journey = spec.traffic.journeys[cumulative.firstIndex { u < $0 } ?? (cumulative.count - 1)]
            let journeySeed = journeySeeds.child(n)
            n += 1
            guard journeysInFlight.load(ordering: .relaxed) < journeysInFlightLimit else {
                journeysDropped.add(1, ordering: .relaxed)
                continue
            }
            journeysStarted.add(1, ordering: .relaxed)
            journeysInFlight.add(1, ordering: .relaxed)
            began()
            spawner.spawn { [self] in
                await journeys.run(journey, seed: journeySeed, intendedStart: t)
                journeysInFlight.subtract(1, ordering: .relaxed)
                finished()
            }
        }
    }
}
