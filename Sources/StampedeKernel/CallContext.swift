/// What the client of the backend call in progress asks of it: when it gives up, and how
/// much latency the path to the backend adds.
///
/// A client timeout is not raced against the call (that would cost a second task per
/// call): the caller binds its deadline here, and every layer that spends modeled time
/// under it — a fault that hangs, a pool wait, a service time — checks whether it would pass
/// the deadline and, if so, returns at the deadline instead. The backend still does its
/// work: a pool keeps the server busy for the full service time.
///
/// Injected latency travels the same way: a fault adds `delay`, and the modeled resource
/// holds its connection that much longer, as a pooled connection to a slow backend is held.
public struct CallContext: Sendable, Hashable {
    /// When the client gives up; nil for never.
    public var deadline: SimInstant?
    /// Latency added on the way to the backend, spent holding the connection.
    public var delay: SimDuration = .zero

    public init(deadline: SimInstant? = nil, delay: SimDuration = .zero) {
        self.deadline = deadline
        self.delay = delay
    }

    /// The context of the call in progress on this task.
    @TaskLocal public static var current = CallContext()

    /// Runs `body` with `deadline` bound for every call it makes (replacing an outer one).
    @inlinable
    public static func with<T, E: Error>(deadline: SimInstant, _ body: () async throws(E) -> T) async throws(E) -> T {
        var context = current
        context.deadline = deadline
        return try await with(context, body)
    }

    /// Runs `body` with `delay` more latency on the way to the backend.
    @inlinable
    public static func with<T, E: Error>(addedDelay delay: SimDuration, _ body: () async throws(E) -> T) async throws(E) -> T {
        var context = current
        context.delay += delay
        return try await with(context, body)
    }

    @inlinable
    static func with<T, E: Error>(_ context: CallContext, _ body: () async throws(E) -> T) async throws(E) -> T {
        let result: Result<T, E> = await $current.withValue(context) {
            do throws(E) { return .success(try await body()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
