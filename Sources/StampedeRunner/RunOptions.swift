import StampedeCache
import StampedeKernel
import StampedeLanguage
import StampedeModel
import StampedeStore
import StampedeSystem

/// How to run a scenario: the seed, the clock, and the hooks the CLI needs.
public struct RunOptions: Sendable {
    public typealias ClockMode = RunClock

    public var seed: UInt64
    public var clock: ClockMode = .virtual
    /// The run's folder: where an SQLite store keeps its file (a temporary folder when nil).
    public var workFolder: String?
    /// The command that reproduces this run, recorded in the result.
    public var reproduce: String = ""
    /// Polled during the run; returning true stops it early (Ctrl-C). What was measured is kept.
    public var shouldStop: (@Sendable () -> Bool)?
    /// Called now and then with how far the run has got.
    public var progress: (@Sendable (RunProgress) -> Void)?
    /// Wrappers around the backends and the system, for tests that plant a bug (never a
    /// production switch: the bug lives in the test's decorator).
    package var decorators = SystemDecorators()
    /// The store and cache implementations scenarios may name; the shipped models by default.
    public var backends = BackendRegistry.builtIn
    /// Journeys in flight at once; an arrival beyond it is dropped and counted
    /// (`ScenarioLimits.journeysInFlight`; tests lower it).
    package var journeysInFlightLimit = ScenarioLimits.journeysInFlight.value

    public init(seed: UInt64) { self.seed = seed }
}

/// A progress report during a run.
public struct RunProgress: Sendable {
    public var simulated: SimDuration
    public var total: SimDuration
    public var requests: Int
    public var wallSeconds: Double
}
