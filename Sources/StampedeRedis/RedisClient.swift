import NIOCore
import NIOPosix
import Synchronization

/// A Redis client: a pool of pipelining connections to one server, async calls with deadlines.
///
/// Each call takes a place on one of `poolSize` connections, waiting in FIFO order when every
/// place is taken, and holds it until its reply comes. With `callsPerConnection` 1 (the
/// default) a call has its connection to itself, as a call of the model holds one from its
/// modeled pool, so `system.cache.pool` means the same in both; more lets that many calls
/// share a connection in flight. `pipeline(_:)` sends many commands in one write.
///
/// Connections open lazily and are replaced when they fail: after the server restarts, the
/// next call on each connection finds it closed and reconnects, so one client outlives any
/// number of server crashes. While the server is down, calls fail fast with `.unavailable`.
public final class RedisClient: Sendable {
    public struct Configuration: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var database: Int = 0
        /// Connections kept (`system.cache.pool`).
        public var poolSize: Int
        /// Calls one connection carries in flight at once; 1 gives each call its own connection.
        public var callsPerConnection: Int = 1
        /// The deadline of a call that gives none, counted from the call: waiting for a
        /// connection, connecting and the round trip all count.
        public var callTimeout: Duration = .seconds(2)
        /// The longest a new connection may take to open (bounded by the call's deadline too).
        public var connectTimeout: Duration = .seconds(1)

        public init(host: String = "127.0.0.1", port: Int = 6379, poolSize: Int = 8) {
            self.host = host; self.port = port; self.poolSize = poolSize
        }
    }

    /// What the client did so far.
    public struct Statistics: Sendable, Hashable {
        public var calls = 0
        /// Connections opened, the first of each slot included.
        public var connects = 0
        public var connectFailures = 0
        /// Calls that failed because their deadline passed.
        public var timeouts = 0
        /// Calls that waited for a place on a connection.
        public var waits = 0
    }

    private struct Slot {
        var connection: RedisConnection?
        var connecting: EventLoopFuture<RedisConnection>?
        var inFlight = 0
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Result<Int, RedisError>, Never>
        var timer: Scheduled<Void>?
    }

    private struct State {
        var slots: [Slot]
        var waiters = CircularBuffer<Waiter>()
        var nextWaiter: UInt64 = 0
        var shutDown = false
        var statistics = Statistics()

        /// The least busy slot with room, preferring one already connected; nil when all are full.
        func pick(limit: Int) -> Int? {
            var best: Int?
            var bestScore = Int.max
            for i in slots.indices where slots[i].inFlight < limit {
                let connected = slots[i].connection?.isActive == true
                let score = slots[i].inFlight * 2 + (connected ? 0 : 1)
                if score < bestScore { best = i; bestScore = score }
            }
            return best
        }
    }

    public let configuration: Configuration
    private let group: any EventLoopGroup
    private let state: Mutex<State>

    public init(configuration: Configuration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        precondition(configuration.poolSize > 0 && configuration.callsPerConnection > 0, "a pool needs at least one place")
        self.configuration = configuration
        self.group = group
        self.state = Mutex(State(slots: Array(repeating: Slot(), count: configuration.poolSize)))
    }

    /// A client of the server at `host:port` with `poolSize` connections.
    public convenience init(host: String, port: Int, poolSize: Int, callsPerConnection: Int = 1,
                            callTimeout: Duration = .seconds(2), database: Int = 0) {
        var c = Configuration(host: host, port: port, poolSize: poolSize)
        c.callsPerConnection = callsPerConnection
        c.callTimeout = callTimeout
        c.database = database
        self.init(configuration: c)
    }

    deinit {
        state.withLock { s in for slot in s.slots { slot.connection?.close() } }
    }

    public var statistics: Statistics { state.withLock { $0.statistics } }

    // MARK: Calls

    /// Sends one command and returns its reply; an error reply is thrown as `.server`.
    ///
    /// - Parameter timeout: the call's deadline from now; nil for `configuration.callTimeout`.
    public func send(_ command: RedisCommand, timeout: Duration? = nil) async throws(RedisError) -> RESPValue {
        try Self.checked(try await pipeline([command], timeout: timeout)[0])
    }

    /// Sends `commands` in one write on one connection and returns their replies in order.
    ///
    /// Error replies come back as `.error` values, so one failing command does not hide the
    /// others' replies. The deadline covers the whole batch.
    public func pipeline(_ commands: [RedisCommand], timeout: Duration? = nil) async throws(RedisError) -> [RESPValue] {
        try await timedPipeline(commands, timeout: timeout).replies
    }

    /// `pipeline(_:timeout:)`, also saying how long the call waited for a place on a connection.
    func timedPipeline(_ commands: [RedisCommand], timeout: Duration?) async throws(RedisError) -> (replies: [RESPValue], wait: Duration) {
        let budget = timeout ?? configuration.callTimeout
        let started = NIODeadline.now() // wall-clock
        let deadline = started + budget.timeAmount
        let slot = try await acquire(deadline: deadline, budget: budget)
        defer { release(slot) }
        let wait = Duration.nanoseconds(Int64(NIODeadline.now().uptimeNanoseconds - started.uptimeNanoseconds)) // wall-clock
        var connection = try await connection(for: slot, deadline: deadline)
        do {
            do {
                return (try await connection.send(commands, deadline: deadline), wait)
            } catch where error.code == .unavailable {
                // The connection failed before our write reached it (another call on it timed
                // out, or the server went away): nothing was sent, so once more on a new one.
                connection = try await self.connection(for: slot, deadline: deadline)
                return (try await connection.send(commands, deadline: deadline), wait)
            }
        } catch {
            if error.code == .timeout { state.withLock { $0.statistics.timeouts += 1 } }
            throw error
        }
    }

    /// Closes every connection; calls waiting for one, and later calls, fail with `.shutDown`.
    public func shutdown() async {
        let (waiters, connections) = state.withLock { s -> ([Waiter], [RedisConnection]) in
            s.shutDown = true
            let w = Array(s.waiters)
            s.waiters.removeAll()
            return (w, s.slots.compactMap(\.connection))
        }
        for w in waiters {
            w.timer?.cancel()
            w.continuation.resume(returning: .failure(RedisError(.shutDown, "the client was shut down")))
        }
        for c in connections { await c.closeAndWait() }
    }

    /// Throws an error reply as `.server`; returns any other reply.
    public static func checked(_ reply: RESPValue) throws(RedisError) -> RESPValue {
        if case .error(let message) = reply { throw RedisError(.server, message) }
        return reply
    }

    // MARK: The pool

    private var peer: String { "\(configuration.host):\(configuration.port)" }

    private func acquire(deadline: NIODeadline, budget: Duration) async throws(RedisError) -> Int {
        let limit = configuration.callsPerConnection
        let now: Result<Int, RedisError>? = state.withLock { s in
            if s.shutDown { return .failure(RedisError(.shutDown, "the client was shut down")) }
            s.statistics.calls += 1
            guard let i = s.pick(limit: limit) else { return nil }
            s.slots[i].inFlight += 1
            return .success(i)
        }
        if let now { return try now.get() }
        let waited = await withCheckedContinuation { (c: CheckedContinuation<Result<Int, RedisError>, Never>) in
            let id = state.withLock { s -> UInt64? in
                if let i = s.pick(limit: limit) {
                    s.slots[i].inFlight += 1
                    c.resume(returning: .success(i))
                    return nil
                }
                s.statistics.waits += 1
                let id = s.nextWaiter
                s.nextWaiter &+= 1
                s.waiters.append(Waiter(id: id, continuation: c))
                return id
            }
            guard let id else { return }
            let message = "no connection to \(peer) free within \(budget) (pool of \(configuration.poolSize) busy)"
            let timer = group.next().scheduleTask(deadline: deadline) { [self] in
                let expired = state.withLock { s -> Waiter? in
                    guard let i = s.waiters.lastIndex(where: { $0.id == id }) else { return nil }
                    s.statistics.timeouts += 1
                    return s.waiters.remove(at: i)
                }
                expired?.continuation.resume(returning: .failure(RedisError(.timeout, message)))
            }
            let handedOver = state.withLock { s -> Bool in
                guard let i = s.waiters.lastIndex(where: { $0.id == id }) else { return true }
                s.waiters[i].timer = timer
                return false
            }
            if handedOver { timer.cancel() }
        }
        return try waited.get()
    }

    /// Gives the place back, to the longest waiter if there is one.
    private func release(_ slot: Int) {
        let next = state.withLock { s -> Waiter? in
            if let w = s.waiters.popFirst() { return w }
            s.slots[slot].inFlight -= 1
            return nil
        }
        guard let next else { return }
        next.timer?.cancel()
        next.continuation.resume(returning: .success(slot))
    }

    private enum Step {
        case ready(RedisConnection)
        case join(EventLoopFuture<RedisConnection>)
        case open(EventLoopPromise<RedisConnection>)
    }

    /// The slot's open connection, opening one when it has none or its last one closed.
    private func connection(for slot: Int, deadline: NIODeadline) async throws(RedisError) -> RedisConnection {
        let step = state.withLock { s -> Step in
            if let c = s.slots[slot].connection, c.isActive { return .ready(c) }
            if let f = s.slots[slot].connecting { return .join(f) }
            s.slots[slot].connection = nil
            let promise = group.next().makePromise(of: RedisConnection.self)
            s.slots[slot].connecting = promise.futureResult
            return .open(promise)
        }
        switch step {
        case .ready(let c):
            return c
        case .join(let f):
            do { return try await f.get() } catch { throw error as? RedisError ?? RedisError(.unavailable, "\(error)") }
        case .open(let promise):
            let left = deadline.uptimeNanoseconds > NIODeadline.now().uptimeNanoseconds // wall-clock
                ? Duration.nanoseconds(Int64(deadline.uptimeNanoseconds - NIODeadline.now().uptimeNanoseconds)) : .zero // wall-clock
            do {
                let c = try await RedisConnection.connect(host: configuration.host, port: configuration.port,
                                                          database: configuration.database,
                                                          connectTimeout: min(configuration.connectTimeout, max(left, .milliseconds(1))),
                                                          on: group)
                state.withLock { s in
                    s.slots[slot].connection = c
                    s.slots[slot].connecting = nil
                    s.statistics.connects += 1
                }
                promise.succeed(c)
                return c
            } catch {
                state.withLock { s in
                    s.slots[slot].connecting = nil
                    s.statistics.connectFailures += 1
                }
                promise.fail(error)
                throw error
            }
        }
    }
}
