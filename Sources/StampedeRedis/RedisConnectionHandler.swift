import NIOCore

/// A batch of commands written at once and answered by as many replies, in order.
struct RedisRequest: Sendable {
    /// The commands' wire forms, back to back.
    var wire: ByteBuffer
    var count: Int
    /// When the caller gives up on the replies; nil for never.
    var deadline: NIODeadline?
    var promise: EventLoopPromise<[RESPValue]>
}

/// Matches replies to requests in FIFO order, which is all RESP2 pipelining promises.
///
/// Any number of requests may be in flight. A request whose deadline passes fails with
/// `.timeout`, and the connection is closed: its late reply would otherwise be taken for the
/// next request's. Every other request in flight then fails with `.connectionClosed`, as it
/// does when the server drops the connection. Confined to the channel's event loop.
final class RedisConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var id: UInt64
        var remaining: Int
        var replies: [RESPValue]
        var promise: EventLoopPromise<[RESPValue]>
        var timer: Scheduled<Void>?
    }

    private var pending = CircularBuffer<Pending>()
    private var nextID: UInt64 = 0
    /// Set once the connection is unusable; later requests fail with it at once.
    private var failure: RedisError?
    private let peer: String

    init(peer: String) { self.peer = peer }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            // Never sent, so safe to send again elsewhere.
            let refused = RedisError(.unavailable, "not sent: the connection had already failed (\(failure.message))")
            request.promise.fail(refused)
            promise?.fail(refused)
            return
        }
        guard request.count > 0 else {
            request.promise.succeed([])
            promise?.succeed()
            return
        }
        let id = nextID
        nextID &+= 1
        var timer: Scheduled<Void>?
        if let deadline = request.deadline {
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
                let (handler, context) = loopBound.value
                handler.deadlinePassed(id, context: context)
            }
        }
        var replies: [RESPValue] = []
        replies.reserveCapacity(request.count)
        pending.append(Pending(id: id, remaining: request.count, replies: replies, promise: request.promise, timer: timer))
        context.write(wrapOutboundOut(request.wire), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        guard !pending.isEmpty else {
            fail(RedisError(.protocolViolation, "\(peer) sent a reply nobody asked for"), context: context)
            return
        }
        pending[pending.startIndex].replies.append(reply)
        pending[pending.startIndex].remaining -= 1
        if pending[pending.startIndex].remaining == 0 {
            let done = pending.removeFirst()
            done.timer?.cancel()
            done.promise.succeed(done.replies)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisError(.connectionClosed, "\(peer) closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let protocolError = error as? RESPProtocolError {
            fail(RedisError(.protocolViolation, "\(peer): \(protocolError.message)"), context: context)
        } else {
            fail(RedisError(.connectionClosed, "\(peer): \(error)"), context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(RedisError(.connectionClosed, "the connection to \(peer) was torn down"))
    }

    private func deadlinePassed(_ id: UInt64, context: ChannelHandlerContext) {
        guard let i = pending.firstIndex(where: { $0.id == id }) else { return }
        let late = pending.remove(at: i)
        let error = RedisError(.timeout, "no reply from \(peer) within the call's deadline")
        late.promise.fail(error)
        fail(RedisError(.connectionClosed, "the connection to \(peer) was reset after a call on it timed out"), context: context)
    }

    private func fail(_ error: RedisError, context: ChannelHandlerContext) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: RedisError) {
        if failure == nil { failure = error }
        while let p = pending.popFirst() {
            p.timer?.cancel()
            p.promise.fail(error)
        }
    }
}
