import Foundation
import StampedeBackends
import StampedeChecker
import StampedeKernel
import StampedeModel
import StampedeLanguage
import StampedeResult
import Synchronization

/// Runs a scenario and returns what it measured.
public enum Runner {
    /// How long a virtual run waits after the scenario's end for requests still in flight:
    /// the checker's bound on a request's duration (`CheckerConfig.maxRequestDuration`),
    /// past which it could not judge them anyway. Without it a scenario whose calls can take
    /// days (a latency of `p99: 9999h` is valid) simulated those days, and its time series
    /// grew with them (1.5 GB of result.json).
    public static let drainLimit = CheckerConfig().maxRequestDuration
    /// Runs in virtual time on the calling thread. Deterministic: the same spec and seed
    /// give the same result outside `meta`.
    public static func run(_ spec: ScenarioSpec, options: RunOptions) -> RunResult {
        let wallStart = ContinuousClock.now // wall-clock: measures the simulator's own speed
        let startedAt = Date() // wall-clock: recorded in meta only
        let executor = VirtualExecutor()
        let clock = VirtualClock(executor: executor)
        let sim = Simulation(spec: spec, options: options, clock: clock, spawner: TaskSpawner(executor: executor))
        // Seeding is the first task on the executor; the models answer it without suspending.
        TaskSpawner(executor: executor).spawn {
            do throws(BackendError) {
                try await sim.preload()
            } catch {
                preconditionFailure("the model store and cache do not fail while seeding: \(error)")
            }
            sim.start()
        }
        var lastReport = wallStart
        let runEnd = executor.run(until: .zero + spec.duration + drainLimit, shouldStop: {
            if let progress = options.progress {
                let now = ContinuousClock.now // wall-clock: progress display
                if now - lastReport > .milliseconds(250) {
                    lastReport = now
                    progress(RunProgress(simulated: clock.now - .zero, total: spec.duration,
                                         requests: sim.journeys.requests.load(ordering: .relaxed),
                                         wallSeconds: seconds(now - wallStart)))
                }
            }
            return options.shouldStop?() ?? false
        })
        let completed = runEnd != .stopped
        let end = completed ? max(clock.now, .zero + spec.duration) : clock.now
        var result = ResultBuilder(sim: sim, spec: spec, options: options).build(
            end: end, interrupted: !completed, startedAt: startedAt,
            wallSeconds: seconds(ContinuousClock.now - wallStart), clockMode: "virtual") // wall-clock
        result.meta.jobs = executor.jobsRun
        if runEnd == .deadline {
            let waiting = sim.journeysInFlight.load(ordering: .relaxed)
            result.simulated.journeysUnfinished = waiting > 0 ? waiting : nil
        }
        return result
    }

    /// Runs the same system in real time on the global executor (real concurrency, real
    /// sleeps). Not deterministic; meant for short runs against the models, and for runs
    /// against the real backends a scenario names (Redis, PostgreSQL, SQLite), which are
    /// started or reached first and stopped at the end.
    ///
    /// - Throws: `BackendStartError` when a real backend cannot be started, reached or seeded;
    ///   nothing has run then.
    public static func runWallClock(_ spec: ScenarioSpec, options: RunOptions) async throws(BackendStartError) -> RunResult {
        let wallStart = ContinuousClock.now // wall-clock
        let startedAt = Date() // wall-clock
        var options = options
        var provisioned: ProvisionedBackends?
        if spec.system.namesRealBackend {
            let folder = options.workFolder ?? FileManager.default.temporaryDirectory.appendingPathComponent("stampede-\(spec.name)").path
            let real = try await RealBackends.provision(spec.system, folder: folder)
            provisioned = real
            options.backends = real.registry(adding: options.backends)
        }
        // Frozen at zero while the backends are seeded: the schedule starts with the traffic.
        let clock = WallClock(frozen: true)
        let sim = Simulation(spec: spec, options: options, clock: clock, spawner: TaskSpawner(executor: nil))
        do throws(BackendError) {
            try await sim.preload()
        } catch {
            await provisioned?.shutdown()
            let store = spec.system.store
            throw BackendStartError(role: .store, backend: store.backend, target: store.endpoint.description,
                                    message: "seeding the \(sim.population.preregistered) preregistered users or warming the cache failed: \(error)")
        }
        clock.start()
        sim.start()
        let watcher = StopWatcher()
        if let shouldStop = options.shouldStop {
            TaskSpawner(executor: nil).spawn {
                // wall-clock: polls the interrupt flag so Ctrl-C ends the run within a tenth of a second
                while !watcher.finished.load(ordering: .relaxed) {
                    if shouldStop() { sim.requestStop(); return }
                    try? await Task.sleep(for: .milliseconds(100)) // wall-clock
                }
            }
        }
        await sim.waitUntilDone()
        watcher.finished.store(true, ordering: .relaxed)
        await sim.system.cacheServer.refresh()
        var result = ResultBuilder(sim: sim, spec: spec, options: options).build(
            end: clock.now, interrupted: sim.stopRequested.load(ordering: .relaxed), startedAt: startedAt,
            wallSeconds: seconds(ContinuousClock.now - wallStart), clockMode: "wall") // wall-clock
        if let provisioned {
            result.meta.realBackends = provisioned.descriptions
            await provisioned.shutdown()
        }
        return result
    }

    /// Tells the wall-clock run's interrupt poller that the run is over.
    private final class StopWatcher: Sendable {
        let finished = Atomic<Bool>(false)
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) / 1e18
    }
}
