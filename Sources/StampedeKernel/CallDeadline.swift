/// The instant by which the client of the backend call in progress gives up.
///
/// A client timeout is not raced against the call (that would cost a second task per
/// call): the caller binds its deadline here, and every layer that spends modeled time
/// under it — a fault that adds latency, a pool wait, a service time — checks whether it
/// would pass the deadline and, if so, returns at the deadline instead. The backend still
/// does its work: a pool keeps the server busy for the full service time.
public enum CallDeadline {
    /// The deadline of the call in progress on this task, nil when it has none.
    @TaskLocal public static var current: SimInstant?

    /// Runs `body` with `deadline` bound for every call it makes.
    @inlinable
    public static func with<T, E: Error>(_ deadline: SimInstant, _ body: () async throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await $current.withValue(deadline) {
            do throws(E) { return .success(try await body()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

extension SimClock {
    /// Where this clock's background work runs: its virtual executor, or the global pool
    /// for the wall clock. Used for the rare work that must outlive its caller (a server
    /// still busy after its client timed out).
    public var spawner: TaskSpawner {
        TaskSpawner(executor: (self as? VirtualClock)?.executor)
    }
}
