import StampedeAuth
import StampedeCache
import StampedeFaults
import StampedeKernel
import StampedeModel
import StampedeStore

extension Simulation {
    /// Does what the plan says to the system, each action at its instant.
    func runChaosSteps() async {
        for step in plan.steps {
            try? await clock.sleep(until: step.at)
            await apply(step.action)
        }
    }

    private func apply(_ action: ChaosPlan.Action) async {
        let control = system.cacheControl, cacheLifecycle = system.cacheLifecycle
        if action.needsCacheControl, control == nil || (action.resizesCache && cacheLifecycle == nil) {
            assertionFailure("the loader refuses process faults on a cache that cannot undergo them")
            return
        }
        switch action {
        case .flushCache: await attempt(action) { () async throws(BackendError) in try await control?.flushAll() }
        case .resizeCache(let n): cacheLifecycle?.setMaxEntries(n)
        case .restoreCacheSize: cacheLifecycle.map { $0.setMaxEntries($0.configuredMaxEntries) }
        case .crashCache: await attempt(action) { () async throws(BackendError) in try await control?.crash() }
        case .restartCache:
            guard let lifecycle = control else { return }
            // Recovery takes modeled time; later steps of the plan must not wait for it.
            began()
            spawner.spawn { [self] in
                await attempt(action) { () async throws(BackendError) in try await lifecycle.restart() }
                await warmAfterRestart()
                finished()
            }
        case .resizePool(let backend, let n): system.pool(backend).setCapacity(n)
        case .restorePool(let backend):
            system.pool(backend).setCapacity(backend == .store ? spec.system.store.pool : spec.system.cache.pool)
        case .restartService:
            service.restart()
            journeys.service.history.record(.serviceRestarted(at: clock.now))
        case .storePrimaryFails:
            await attempt(action) { () async throws(BackendError) in try await system.storeFailover?.primaryFails() }
        case .storeReplicaPromoted:
            await attempt(action) { () async throws(BackendError) in try await system.storeFailover?.replicaPromoted() }
        }
    }

    /// Does one step of the plan to a backend process, and keeps what happened for the result:
    /// done, or refused by a real server (the model never refuses).
    private func attempt(_ action: ChaosPlan.Action, _ body: () async throws(BackendError) -> Void) async {
        let at = clock.now - SimInstant.zero
        do throws(BackendError) {
            try await body()
            processFaults.withLock { $0.append((action.label, at, nil)) }
        } catch {
            processFaults.withLock { $0.append((action.label, at, "\(error)")) }
        }
    }
}
