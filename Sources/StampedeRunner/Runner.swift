import Foundation
import StampedeKernel
import StampedeLanguage
import StampedeResult
import Synchronization

/// Runs a scenario and returns what it measured.
public enum Runner {
    /// Runs in virtual time on the calling thread. Deterministic: the same spec and seed
    /// give the same result outside `meta`.
    public static func run(_ spec: ScenarioSpec, options: RunOptions) -> RunResult {
        let wallStart = ContinuousClock.now // wall-clock: measures the simulator's own speed
        let startedAt = Date() // wall-clock: recorded in meta only
        let executor = VirtualExecutor()
        let clock = VirtualClock(executor: executor)
        let sim = Simulation(spec: spec, options: options, clock: clock, spawner: TaskSpawner(executor: executor))
        sim.preload()
        sim.start()
        var lastReport = wallStart
        let completed = executor.run(shouldStop: {
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
        let end = completed ? max(clock.now, .zero + spec.duration) : clock.now
        return ResultBuilder(sim: sim, spec: spec, options: options).build(
            end: end, interrupted: !completed, startedAt: startedAt,
            wallSeconds: seconds(ContinuousClock.now - wallStart), clockMode: "virtual") // wall-clock
    }

    /// Runs the same system in real time on the global executor (real concurrency, real
    /// sleeps). Not deterministic; meant for short smoke runs and for calibration.
    public static func runWallClock(_ spec: ScenarioSpec, options: RunOptions) async -> RunResult {
        let wallStart = ContinuousClock.now // wall-clock
        let startedAt = Date() // wall-clock
        let clock = WallClock()
        let sim = Simulation(spec: spec, options: options, clock: clock, spawner: TaskSpawner(executor: nil))
        sim.preload()
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
        return ResultBuilder(sim: sim, spec: spec, options: options).build(
            end: clock.now, interrupted: sim.stopRequested.load(ordering: .relaxed), startedAt: startedAt,
            wallSeconds: seconds(ContinuousClock.now - wallStart), clockMode: "wall") // wall-clock
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
