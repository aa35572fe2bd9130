import NIOCore
import NIOEmbedded
@testable import StampedeRedis
import Testing

/// RESP2 decoding: every reply type, split anywhere, and what is refused.
@Suite struct RESPCodecTests {
    /// Replies of every type, nested arrays and null values among them.
    static let replies: [RESPValue] = [
        .simpleString("OK"),
        .error("ERR unknown command 'FOO'"),
        .integer(0), .integer(-42), .integer(Int64.max),
        .bulkString(ByteBuffer(string: "hello")),
        .bulkString(ByteBuffer(bytes: [0, 13, 10, 255, 36, 42])),   // binary, with CR LF inside
        .bulkString(ByteBuffer()),
        .bulkString(nil),
        .array([]),
        .array(nil),
        .array([.integer(1), .bulkString(nil), .array([.simpleString("a"), .array([.bulkString(ByteBuffer(string: "deep"))])])]),
        .array([.error("WRONGTYPE Operation against a key holding the wrong kind of value"), .integer(3)]),
    ]

    static func wire(_ values: [RESPValue]) -> ByteBuffer {
        var b = ByteBuffer()
        for v in values { v.write(to: &b) }
        return b
    }

    @Test func everyReplyTypeRoundTrips() throws {
        var buffer = Self.wire(Self.replies)
        var decoded: [RESPValue] = []
        while let v = try RESPDecoder.parse(&buffer) { decoded.append(v) }
        #expect(decoded == Self.replies)
        #expect(buffer.readableBytes == 0)
    }

    /// The same stream fed through a channel in pieces of every size from 1 byte up decodes
    /// to the same replies: a split inside a length, a CRLF or a nested array is waited out.
    @Test(arguments: [1, 2, 3, 5, 7, 13, 64])
    func fragmentedInputDecodesTheSame(pieceSize: Int) throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(RESPDecoder()))
        var all = Self.wire(Self.replies)
        while all.readableBytes > 0 {
            let piece = all.readSlice(length: min(pieceSize, all.readableBytes))!
            try channel.writeInbound(piece)
        }
        var decoded: [RESPValue] = []
        while let v = try channel.readInbound(as: RESPValue.self) { decoded.append(v) }
        #expect(decoded == Self.replies)
        _ = try channel.finish()
    }

    @Test func anIncompleteReplyLeavesTheBufferUntouched() throws {
        var full = ByteBuffer(string: "*2\r\n$5\r\nhello\r\n:7\r\n")
        for cut in 0..<full.readableBytes {
            var partial = full.getSlice(at: 0, length: cut)!
            #expect(try RESPDecoder.parse(&partial) == nil, "cut at \(cut)")
            #expect(partial.readableBytes == cut)
        }
        #expect(try RESPDecoder.parse(&full) == .array([.bulkString(ByteBuffer(string: "hello")), .integer(7)]))
    }

    @Test(arguments: ["!oops\r\n", ":12x\r\n", "$3\r\nabcd\r\n", "$-2\r\n", "+OK\n", "*-5\r\n"])
    func malformedInputIsAProtocolError(text: String) {
        var b = ByteBuffer(string: text)
        #expect(throws: RESPProtocolError.self) { try RESPDecoder.parse(&b) }
    }

    @Test func hostileNestingIsRefused() {
        var b = ByteBuffer(string: String(repeating: "*1\r\n", count: 100) + ":1\r\n")
        #expect(throws: RESPProtocolError.self) { try RESPDecoder.parse(&b) }
    }

    @Test func commandsAreArraysOfBulkStrings() throws {
        let command = RedisCommand("SET", "k", .bytes(ByteBuffer(bytes: [0, 1])), "PX", 250)
        #expect(String(buffer: command.wire) == "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n\u{0}\u{1}\r\n$2\r\nPX\r\n$3\r\n250\r\n")
        // A command is what a server would decode as an array of bulk strings.
        var wire = command.wire
        #expect(try RESPDecoder.parse(&wire) == .array([
            .bulkString(ByteBuffer(string: "SET")), .bulkString(ByteBuffer(string: "k")), .bulkString(ByteBuffer(bytes: [0, 1])),
            .bulkString(ByteBuffer(string: "PX")), .bulkString(ByteBuffer(string: "250")),
        ]))
    }

    @Test func errorRepliesMapToBackendErrors() {
        #expect(RedisError(.server, "OOM command not allowed when used memory > 'maxmemory'.").backendError == .outOfMemory)
        #expect(RedisError(.server, "LOADING Redis is loading the dataset in memory").backendError == .unavailable)
        #expect(RedisError(.timeout, "late").backendError == .timeout)
        #expect(RedisError(.unavailable, "refused").backendError == .unavailable)
        #expect(RedisError(.connectionClosed, "gone").backendError == .unavailable)
    }
}
