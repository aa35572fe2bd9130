import NIOCore
import NIOEmbedded
@testable import StampedeRedis
import StampedeTestSupport
import Testing

/// Pipelining and deadlines on one connection, on NIO's embedded channel and its manual clock.
@Suite struct ConnectionHandlerTests {
    final class Rig {
        let loop = EmbeddedEventLoop()
        let channel: EmbeddedChannel

        init() throws {
            channel = EmbeddedChannel(loop: loop)
            try channel.pipeline.syncOperations.addHandler(RedisConnectionHandler(peer: "test"))
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 6379)).wait()
        }

        /// Writes `n` commands as one request; its replies arrive in the returned future.
        func request(_ n: Int, deadline: NIODeadline? = nil) throws -> EventLoopFuture<[RESPValue]> {
            let promise = loop.makePromise(of: [RESPValue].self)
            var wire = ByteBuffer()
            for i in 0..<n { wire.writeImmutableBuffer(RedisCommand("GET", .string("k\(i)")).wire) }
            do {
                try channel.writeOutbound(RedisRequest(wire: wire, count: n, deadline: deadline, promise: promise))
            } catch {
                promise.fail(error)   // as RedisConnection does when a write cannot reach the handler
                throw error
            }
            return promise.futureResult
        }

        func reply(_ value: RESPValue) throws { try channel.writeInbound(value) }

        func result(_ f: EventLoopFuture<[RESPValue]>) -> Result<[RESPValue], RedisError>? {
            let out = Locked<Result<[RESPValue], RedisError>?>(nil)
            f.whenComplete { r in out.withLock { $0 = r.mapError { $0 as? RedisError ?? RedisError(.protocolViolation, "\($0)") } } }
            loop.run()
            return out.value
        }

        /// The code the request failed with; nil while it is pending or when it succeeded.
        func failure(_ f: EventLoopFuture<[RESPValue]>) -> RedisError.Code? {
            guard case .failure(let e)? = result(f) else { return nil }
            return e.code
        }
    }

    @Test func repliesAreMatchedToRequestsInOrder() throws {
        let rig = try Rig()
        let a = try rig.request(1), b = try rig.request(3), c = try rig.request(2)
        for i in 0..<6 { try rig.reply(.integer(Int64(i))) }
        #expect(try rig.result(a)?.get() == [.integer(0)])
        #expect(try rig.result(b)?.get() == [.integer(1), .integer(2), .integer(3)])
        #expect(try rig.result(c)?.get() == [.integer(4), .integer(5)])
    }

    @Test func aRequestIsNotAnsweredUntilAllItsRepliesCame() throws {
        let rig = try Rig()
        let a = try rig.request(2)
        try rig.reply(.simpleString("OK"))
        #expect(rig.result(a) == nil)
        try rig.reply(.error("ERR no"))
        #expect(try rig.result(a)?.get() == [.simpleString("OK"), .error("ERR no")])
    }

    /// A late reply would be taken for the next request's, so a deadline closes the connection.
    @Test func aPassedDeadlineFailsTheCallAndResetsTheConnection() throws {
        let rig = try Rig()
        let slow = try rig.request(1, deadline: .uptimeNanoseconds(5_000_000))
        let next = try rig.request(1)
        rig.loop.advanceTime(by: .milliseconds(4))
        #expect(rig.result(slow) == nil)
        rig.loop.advanceTime(by: .milliseconds(2))
        #expect(rig.failure(slow) == .timeout)
        #expect(rig.failure(next) == .connectionClosed)
        #expect(!rig.channel.isActive)
        // A request written after the reset fails at once.
        if let late = try? rig.request(1) { #expect(rig.failure(late) != nil) }
    }

    @Test func aReplyBeforeItsDeadlineCancelsTheTimer() throws {
        let rig = try Rig()
        let a = try rig.request(1, deadline: .uptimeNanoseconds(1_000_000))
        try rig.reply(.integer(1))
        rig.loop.advanceTime(by: .seconds(1))
        #expect(try rig.result(a)?.get() == [.integer(1)])
        #expect(rig.channel.isActive)
    }

    @Test func theServerClosingFailsEveryCallInFlight() throws {
        let rig = try Rig()
        let a = try rig.request(1), b = try rig.request(2)
        rig.channel.pipeline.fireChannelInactive()
        for f in [a, b] {
            #expect(rig.failure(f) == .connectionClosed)
        }
    }

    @Test func aReplyNobodyAskedForClosesTheConnection() throws {
        let rig = try Rig()
        try rig.reply(.simpleString("OK"))
        rig.loop.run()
        #expect(!rig.channel.isActive)
    }
}
