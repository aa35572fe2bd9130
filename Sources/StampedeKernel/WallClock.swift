/// Real time: the same system code, run on the global executor with real sleeps.
public final class WallClock: SimClock {
    private let origin: ContinuousClock.Instant

    public init() { origin = ContinuousClock.now } // wall-clock

    public var now: SimInstant {
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
