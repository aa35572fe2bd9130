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
    /// The store's calls and the harness's seeding of it, from the backend the scenario names.
    let store: any AuthStore
    let storeSeeding: any StoreSeeding
    /// The cache's calls, its server (statistics, persistence work) and, where it has one,
    /// its process control for chaos.
    let cacheCalls: any AuthCache
    let cache: any CacheServer
    let cacheLifecycle: (any CacheLifecycle)?
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
    /// Set by `requestStop()` (wall-clock mode): no journey starts after it.
    let stopRequested = Atomic<Bool>(false)

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
            sessions: s.sessions, permissionStaleness: s.permissionStaleness, initialPermissions: perms, permissionNames: spec.users.permissions), spec))
        observer = HarnessObserver(metrics: metrics, checker: checker, resilience: resilience)
        let latency = seed.child("latency")
        cores = ResourcePool(name: "cores", capacity: s.service.cores, clock: clock, window: spec.window)
        storePool = ResourcePool(name: "store", capacity: s.store.pool, clock: clock, window: spec.window)
        cachePool = ResourcePool(name: "cache", capacity: s.cache.pool, clock: clock, window: spec.window)
        let registry = options.backends
        guard let makeStore = registry.store(s.store.backend), let makeCache = registry.cache(s.cache.backend) else {
            preconditionFailure("the loader admits only registered backends; '\(s.store.backend)'/'\(s.cache.backend)' is not")
        }
        let storeBackend = makeStore(BackendContext(
            spec: spec, clock: clock,
            resource: ModeledResource(pool: storePool, latency: LatencySource(s.store.latency, seed: latency.child("store"))),
            probe: observer, seed: seed.child("store")))
        (store, storeSeeding) = (storeBackend.store, storeBackend.seeding)
        let cacheBackend = makeCache(BackendContext(
            spec: spec, clock: clock,
            resource: ModeledResource(pool: cachePool, latency: LatencySource(s.cache.latency, seed: latency.child("cache"))),
            probe: observer, seed: seed.child("cache")))
        (cacheCalls, cache, cacheLifecycle) = (cacheBackend.cache, cacheBackend.server, cacheBackend.lifecycle)
        let plan = ChaosPlan(spec: spec, seed: seed.child("faults"))
        self.plan = plan
        let guarded = Simulation.guarded(cache: cacheCalls, store: store, plan: plan, policies: s.resilience, clock: clock,
                                         seed: seed.child("resilience"), observer: observer)
        (cacheGuard, storeGuard) = (guarded.cacheGuard, guarded.storeGuard)
        var config = AuthConfig()
        config.sessions = s.sessions
        config.lockout = s.lockout
        config.caching = Simulation.cachingPolicy(spec)
        config.otp = Simulation.otpConfig(spec, seed: seed.child("otp"))
        config.realHashIterations = s.service.realHashIterations
        config.shedQueueLimit = s.resilience.shedQueueLimit
        let hashCost = s.service.hashCost
            ?? .constant(.nanoseconds(Int64((130_000_000.0 / 600_000.0 * Double(s.service.hashIterations)).rounded())))
        let cpu: any ServiceCPU = plan.service.cpu.isEmpty ? cores : SlowedCPU(wrapping: cores, plan: plan.service, clock: clock)
        let decorators = options.decorators
        service = AuthService(
            config: config, store: decorators.store?(guarded.store) ?? guarded.store,
            cache: decorators.cache?(guarded.cache) ?? guarded.cache, clock: clock, cores: cpu,
            hashCost: LatencySource(hashCost, seed: latency.child("hash")),
            tokenCost: LatencySource(s.service.tokenCost, seed: latency.child("token")),
            seed: seed.child("service"), observer: observer, lifecycle: cacheLifecycle, spawner: spawner)
        population = Population(users: spec.users, initialPermissions: perms, seed: seed.child("population"))
        var system: any AuthSystem = service
        if !plan.service.down.isEmpty { system = ServiceOutage(wrapping: system, plan: plan.service, clock: clock) }
        if let decorate = decorators.system { system = decorate(system) }
        journeys = JourneyRunner(service: RecordingClient(system: system, clock: clock, history: observer), population: population, metrics: metrics, clock: clock,
                                 end: SimInstant.zero + spec.duration, defaultThink: spec.traffic.thinkTime,
                                 permissions: spec.users.permissions)
    }

    /// Registers the preregistered users directly in the store (not as traffic).
    func preload() {
        for i in 0..<population.preregistered {
            let u = UserID(i)
            storeSeeding.preload(UserRecord(id: u, email: Population.email(i), passwordHash: service.hashForStorage(population.password(of: u)),
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

    /// Ends `waitUntilDone()` now and starts no more journeys (wall-clock mode, on Ctrl-C); the
    /// journeys in flight are abandoned, and what they measured so far stays in the metrics.
    func requestStop() {
        stopRequested.store(true, ordering: .relaxed)
        done.withLock { c in c?.resume(); c = nil }
    }

    /// Waits (wall-clock mode) until every task has finished or `requestStop()` is called.
    func waitUntilDone() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let finishedAlready = done.withLock { slot -> Bool in
                if inFlight.load(ordering: .acquiring) == 0 || stopRequested.load(ordering: .relaxed) { return true }
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
        while let t = schedule.next(), !stopRequested.load(ordering: .relaxed) {
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
