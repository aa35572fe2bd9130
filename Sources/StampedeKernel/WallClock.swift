import Synchronization

/// Real time: the same system code, run on the global executor with real sleeps.
///
/// Time zero is when the run's traffic starts. A clock made `frozen` reads zero until
/// `start()`, so seeding the backends first (which against a real database takes real time)
/// neither shifts the arrival schedule nor counts as lag.
public final class WallClock: SimClock {
    private let origin: Mutex<ContinuousClock.Instant?>

    /// - Parameter frozen: read zero until `start()`; otherwise time starts now.
    public init(frozen: Bool = false) {
        origin = Mutex(frozen ? nil : ContinuousClock.now) // wall-clock
    }

    /// Starts time at zero now; does nothing once started.
    public func start() {
        origin.withLock { o in if o == nil { o = ContinuousClock.now } } // wall-clock
    }

    public var now: SimInstant {
        guard let origin = origin.withLock({ $0 }) else { return .zero }
        let d = ContinuousClock.now - origin // wall-clock
        let (s, atto) = d.components
        return SimInstant(nanoseconds: s * 1_000_000_000 + atto / 1_000_000_000)
    }

    public var spawner: TaskSpawner { TaskSpawner(executor: nil) }

    public var virtualExecutor: VirtualExecutor? { nil }

    public func sleep(for duration: SimDuration) async throws {
        guard duration.nanoseconds > 0 else { return }
        try await Task.sleep(for: .nanoseconds(duration.nanoseconds)) // wall-clock
    }
}
