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
        let cacheLifecycle = system.cacheLifecycle
        if action.needsCacheLifecycle, cacheLifecycle == nil {
            assertionFailure("the loader refuses process faults on a cache without a lifecycle")
            return
        }
        switch action {
        case .flushCache: try? await cacheLifecycle?.flushAll()
        case .resizeCache(let n): cacheLifecycle?.setMaxEntries(n)
        case .restoreCacheSize: cacheLifecycle.map { $0.setMaxEntries($0.configuredMaxEntries) }
        case .crashCache: try? await cacheLifecycle?.crash()
        case .restartCache:
            guard let lifecycle = cacheLifecycle else { return }
            // Recovery takes modeled time; later steps of the plan must not wait for it.
            began()
            spawner.spawn { [self] in
                try? await lifecycle.restart()
                await warmAfterRestart()
                finished()
            }
        case .resizePool(let backend, let n): system.pool(backend).setCapacity(n)
        case .restorePool(let backend):
            system.pool(backend).setCapacity(backend == .store ? spec.system.store.pool : spec.system.cache.pool)
        case .restartService: service.restart()
        }
    }
}
