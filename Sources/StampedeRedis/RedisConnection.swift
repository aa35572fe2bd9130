import NIOCore
import NIOPosix
import Synchronization

/// One TCP connection to a Redis server, with any number of commands in flight.
///
/// Commands sent from many tasks are written in the order `send` is called; their replies
/// come back in the same order (RESP2 pipelining). A connection that failed in any way is
/// closed and stays closed: the pool replaces it.
public final class RedisConnection: Sendable {
    let channel: any Channel
    /// `host:port`, for messages.
    public let peer: String
    /// Set by the first failed call: the channel may still look active while it closes.
    private let broken = Atomic(false)

    private init(channel: any Channel, peer: String) {
        self.channel = channel; self.peer = peer
    }

    /// Opens a connection and selects `database`.
    ///
    /// Fails with `.unavailable` (naming the address) when the server refuses, cannot be
    /// reached or does not accept within `connectTimeout`.
    public static func connect(host: String, port: Int, database: Int = 0, connectTimeout: Duration = .seconds(1),
                               on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws(RedisError) -> RedisConnection {
        let peer = "\(host):\(port)"
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(connectTimeout.timeAmount)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder()))
                    try channel.pipeline.syncOperations.addHandler(RedisConnectionHandler(peer: peer))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            throw RedisError(.unavailable, "could not connect to \(peer): \(error)")
        }
        let connection = RedisConnection(channel: channel, peer: peer)
        if database != 0 {
            do {
                let deadline = NIODeadline.now() + connectTimeout.timeAmount // wall-clock
                let replies = try await connection.send([RedisCommand("SELECT", .integer(Int64(database)))], deadline: deadline)
                _ = try RedisClient.checked(replies[0])
            } catch {
                connection.close()
                throw RedisError(.unavailable, "connected to \(peer) but could not select database \(database): \(error.message)")
            }
        }
        return connection
    }

    /// Whether the connection is open (a closed one never reopens).
    public var isActive: Bool { !broken.load(ordering: .relaxed) && channel.isActive }

    /// Sends `commands` in one write and returns their replies in order.
    ///
    /// Error replies are returned as `.error` values, not thrown: in a pipeline one command's
    /// error does not fail the others. Throws `.timeout` when `deadline` passes first (the
    /// connection is then closed), `.connectionClosed` when the connection goes away with the
    /// commands in flight, and `.unavailable` when they were never sent because it had already
    /// failed.
    public func send(_ commands: [RedisCommand], deadline: NIODeadline?) async throws(RedisError) -> [RESPValue] {
        var wire: ByteBuffer
        if commands.count == 1 {
            wire = commands[0].wire
        } else {
            wire = channel.allocator.buffer(capacity: commands.reduce(0) { $0 + $1.wire.readableBytes })
            for c in commands { wire.writeImmutableBuffer(c.wire) }
        }
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        let written = channel.eventLoop.makePromise(of: Void.self)
        // A write that never reaches the handler (the pipeline is already torn down) must still
        // fail the request, or its caller would wait forever.
        let peer = self.peer
        written.futureResult.whenFailure { error in
            if let error = error as? RedisError {
                promise.fail(error)
            } else if case ChannelError.ioOnClosedChannel = error {
                promise.fail(RedisError(.unavailable, "not sent: the connection to \(peer) is closed"))
            } else {
                promise.fail(RedisError(.connectionClosed, "could not write to \(peer): \(error)"))
            }
        }
        channel.writeAndFlush(RedisRequest(wire: wire, count: commands.count, deadline: deadline, promise: promise), promise: written)
        do {
            return try await promise.futureResult.get()
        } catch {
            broken.store(true, ordering: .relaxed)
            throw error as? RedisError ?? RedisError(.connectionClosed, "\(peer): \(error)")
        }
    }

    /// Closes the connection; calls in flight fail with `.connectionClosed`.
    public func close() {
        channel.close(promise: nil)
    }

    /// Closes the connection and waits until it is closed.
    public func closeAndWait() async {
        try? await channel.close(mode: .all).get()
    }
}
