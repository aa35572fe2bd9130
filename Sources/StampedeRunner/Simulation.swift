import StampedeAuth
import StampedeCache
import StampedeChecker
import StampedeFaults
import StampedeKernel
import StampedeLanguage
import StampedeMetrics
import StampedeModel
import StampedeStore
import StampedeSystem
import StampedeWorkload
import Synchronization

/// One run: the system under test (built by the composition root, `SystemAssembly`), the
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
    /// The system under test, built by the composition root.
    let system: AssembledSystem
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
    /// How late each journey started, per window (wall-clock mode only: virtual time keeps the
    /// schedule exactly, and the hot path records nothing).
    let generatorLag: GeneratorLag?
    /// Set by `requestStop()` (wall-clock mode): no journey starts after it.
    let stopRequested = Atomic<Bool>(false)
    /// Each step done to a backend process (flush, crash, restart, failover): what, when, and
    /// the error when a real server refused it (the model never does).
    let processFaults = Mutex<[(action: String, at: SimDuration, error: String?)]>([])

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
        var checking = CheckerConfig(sessions: s.sessions, permissionStaleness: s.permissionStaleness, initialPermissions: perms,
                                     permissionNames: spec.users.permissions)
        checking.lockout = s.lockout
        checking.users = spec.users.count
        let checker = Checker(config: Simulation.withDataPolicy(checking, s))
        observer = HarnessObserver(metrics: metrics, checker: checker, resilience: resilience)
        generatorLag = clock.virtualExecutor == nil ? GeneratorLag(window: spec.window, duration: spec.duration) : nil
        var plan = ChaosPlan(spec: spec, seed: seed.child("faults"))
        var assembly = SystemAssembly(system: s, userCapacity: spec.users.count)
        assembly.faults = plan.faults
        assembly.backends = options.backends
        assembly.window = spec.window
        assembly.cacheCanCrash = plan.crashesCache
        assembly.decorators = options.decorators
        system = assembly.build(clock: clock, seed: seed, probe: observer)
        // A store whose failover is its calls failing (the model) has no server to take down.
        if system.storeFailover == nil { plan.steps.removeAll { $0.action.needsStoreServer } }
        self.plan = plan
        population = Population(users: spec.users, initialPermissions: perms, seed: seed.child("population"))
        journeys = JourneyRunner(service: system.client(recordingInto: observer), population: population, metrics: metrics,
                                 clock: clock, end: SimInstant.zero + spec.duration, defaultThink: spec.traffic.thinkTime,
                                 permissions: spec.users.permissions)
    }

    var service: AuthService { system.service }

    /// Registers the preregistered users directly in the store (not as traffic), in batches
    /// (a real store takes each batch in one round trip), then warms the cache.
    func preload() async throws(BackendError) {
        let batch = 1_000
        var users: [UserRecord] = []
        users.reserveCapacity(min(batch, population.preregistered))
        for i in 0..<population.preregistered {
            let u = UserID(i)
            users.append(UserRecord(id: u, email: Population.email(i), passwordHash: service.hashForStorage(population.password(of: u)),
                                    permissions: permissions))
            if users.count == batch {
                try await system.storeSeeding.preload(users)
                users.removeAll(keepingCapacity: true)
            }
        }
        if !users.isEmpty { try await system.storeSeeding.preload(users) }
        try await warmAtStart()
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
            generatorLag?.record(clock.now - t, intended: t)
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
                await journeys.play(journey, seed: journeySeed, intendedStart: t) { [self] in
                    journeysInFlight.subtract(1, ordering: .relaxed)
                    finished()
                }
            }
        }
    }
}
