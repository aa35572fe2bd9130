import StampedeAuth
import StampedeCache
import StampedeFaults
import StampedeKernel
import StampedeModel
import StampedeStore

extension Simulation {
    /// The backends the service talks to: each behind its call faults and, when
    /// configured, its resilience policies. A layer with nothing to do is left out, so a
    /// scenario without faults or policies pays nothing for them.
    static func guarded(cache: any AuthCache, store: any AuthStore, plan: ChaosPlan, policies: ResilienceSpec,
                        clock: any SimClock, seed: SeedTree, observer: HarnessObserver)
        -> (cache: any AuthCache, store: any AuthStore, cacheGuard: ResilienceGuard?, storeGuard: ResilienceGuard?) {
        var c: any AuthCache = cache
        var s: any AuthStore = store
        if !plan.cacheFaults.isEmpty { c = FaultyCache(wrapping: cache, faults: plan.cacheFaults, clock: clock, observer: observer) }
        if !plan.storeFaults.isEmpty { s = FaultyStore(wrapping: store, faults: plan.storeFaults, clock: clock, observer: observer) }
        var cacheGuard: ResilienceGuard?
        var storeGuard: ResilienceGuard?
        if !policies.cache.policy.isEmpty {
            let g = ResilienceGuard(policy: policies.cache.policy, source: .cache, clock: clock, seed: seed.child("cache"), observer: observer)
            c = ResilientCache(wrapping: c, guarding: g)
            cacheGuard = g
        }
        if !policies.store.policy.isEmpty {
            let g = ResilienceGuard(policy: policies.store.policy, source: .store, clock: clock, seed: seed.child("store"), observer: observer)
            s = ResilientStore(wrapping: s, guarding: g)
            storeGuard = g
        }
        return (c, s, cacheGuard, storeGuard)
    }

    /// Does what the plan says to the system, each action at its instant.
    func runChaosSteps() async {
        for step in plan.steps {
            try? await clock.sleep(until: step.at)
            await apply(step.action)
        }
    }

    private func apply(_ action: ChaosPlan.Action) async {
        if action.needsCacheLifecycle, cacheLifecycle == nil {
            assertionFailure("the loader refuses process faults on a cache without a lifecycle")
            return
        }
        switch action {
        case .flushCache: cacheLifecycle?.flushAll()
        case .resizeCache(let n): cacheLifecycle?.setMaxEntries(n)
        case .restoreCacheSize: cacheLifecycle.map { $0.setMaxEntries($0.configuredMaxEntries) }
        case .crashCache: cacheLifecycle?.crash()
        case .restartCache:
            guard let lifecycle = cacheLifecycle else { return }
            // Recovery takes modeled time; later steps of the plan must not wait for it.
            began()
            spawner.spawn { [self] in
                await lifecycle.restart()
                await warmAfterRestart()
                finished()
            }
        case .resizePool(let backend, let n): pool(of: backend).setCapacity(n)
        case .restorePool(let backend):
            pool(of: backend).setCapacity(backend == .store ? spec.system.store.pool : spec.system.cache.pool)
        case .restartService: service.restart()
        }
    }

    /// The modeled connection pool in front of a backend.
    private func pool(of backend: ChaosPlan.BackendRole) -> ResourcePool {
        switch backend {
        case .store: return storePool
        case .cache: return cachePool
        }
    }
}
