import NIOCore

/// The server sent bytes that are not RESP2: the connection cannot be trusted any more.
public struct RESPProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { "RESP protocol error: \(message)" }
}

/// Splits the byte stream from a Redis server into replies.
///
/// A reply that has not fully arrived is left in the buffer untouched and parsed again from
/// its start when more bytes come, so input split anywhere (inside a length, between `\r`
/// and `\n`, inside a nested array) decodes to the same replies.
public struct RESPDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = RESPValue

    /// Nesting deeper than this is refused (Redis itself never nests this deep).
    static let maxDepth = 32
    /// Redis's own limit on a bulk string (`proto-max-bulk-len`).
    static let maxBulkLength = 512 * 1024 * 1024
    static let maxArrayCount = 1 << 24

    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let value = try Self.parse(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(value))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial reply at EOF is dropped: the connection handler fails what was waiting for it.
        try decode(context: context, buffer: &buffer)
    }

    /// Reads one complete reply off the front of `buffer`; nil (and `buffer` unchanged) when
    /// the reply is not complete yet.
    public static func parse(_ buffer: inout ByteBuffer) throws(RESPProtocolError) -> RESPValue? {
        var view = buffer
        guard let value = try parseValue(&view, depth: 0) else { return nil }
        buffer.moveReaderIndex(to: view.readerIndex)
        return value
    }

    private static func parseValue(_ buffer: inout ByteBuffer, depth: Int) throws(RESPProtocolError) -> RESPValue? {
        guard depth <= maxDepth else { throw RESPProtocolError(message: "replies nested deeper than \(maxDepth)") }
        guard let type: UInt8 = buffer.getInteger(at: buffer.readerIndex) else { return nil }
        guard let line = try readLine(&buffer) else { return nil }
        let body = line.dropFirst()
        switch type {
        case UInt8(ascii: "+"):
            return .simpleString(String(decoding: body, as: UTF8.self))
        case UInt8(ascii: "-"):
            return .error(String(decoding: body, as: UTF8.self))
        case UInt8(ascii: ":"):
            return .integer(try integer(body))
        case UInt8(ascii: "$"):
            let length = try integer(body)
            if length == -1 { return .bulkString(nil) }
            guard length >= 0, length <= maxBulkLength else { throw RESPProtocolError(message: "bulk length \(length)") }
            guard buffer.readableBytes >= Int(length) + 2 else { return nil }
            let bytes = buffer.readSlice(length: Int(length))!
            guard buffer.readInteger(as: UInt16.self) == 0x0D0A else {
                throw RESPProtocolError(message: "bulk string of \(length) bytes not followed by CRLF")
            }
            return .bulkString(bytes)
        case UInt8(ascii: "*"):
            let count = try integer(body)
            if count == -1 { return .array(nil) }
            guard count >= 0, count <= maxArrayCount else { throw RESPProtocolError(message: "array count \(count)") }
            var items: [RESPValue] = []
            items.reserveCapacity(Int(min(count, 1024)))
            for _ in 0..<count {
                guard let item = try parseValue(&buffer, depth: depth + 1) else { return nil }
                items.append(item)
            }
            return .array(items)
        default:
            throw RESPProtocolError(message: "unknown reply type byte 0x\(String(type, radix: 16))")
        }
    }

    /// The bytes up to the next CRLF (without it), consumed; nil if no CRLF has arrived.
    private static func readLine(_ buffer: inout ByteBuffer) throws(RESPProtocolError) -> [UInt8]? {
        let view = buffer.readableBytesView
        guard let lf = view.firstIndex(of: UInt8(ascii: "\n")) else {
            guard view.count < 64 * 1024 else { throw RESPProtocolError(message: "a header line longer than 64 KiB") }
            return nil
        }
        guard lf > view.startIndex, view[lf - 1] == UInt8(ascii: "\r") else {
            throw RESPProtocolError(message: "a line ended by LF without CR")
        }
        let line = Array(view[view.startIndex..<(lf - 1)])
        buffer.moveReaderIndex(forwardBy: lf - view.startIndex + 1)
        return line
    }

    private static func integer(_ digits: ArraySlice<UInt8>) throws(RESPProtocolError) -> Int64 {
        guard let n = Int64(String(decoding: digits, as: UTF8.self)) else {
            throw RESPProtocolError(message: "'\(String(decoding: digits, as: UTF8.self))' is not an integer")
        }
        return n
    }
}
