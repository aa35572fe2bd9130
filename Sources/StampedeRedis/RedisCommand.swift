import NIOCore

/// One argument of a command: text, raw bytes or an integer, all sent as bulk strings.
public enum RedisArgument: Sendable, Hashable, ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral {
    case string(String)
    case bytes(ByteBuffer)
    case integer(Int64)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

/// A command as the client sends it: an array of bulk strings, encoded once when built.
///
/// The wire form is kept, not the arguments: a command is written by the event loop, and
/// encoding on the caller's task keeps that loop's work to a copy.
public struct RedisCommand: Sendable, Hashable, CustomStringConvertible {
    /// The RESP2 bytes: `*N\r\n$len\r\narg\r\n…`.
    public let wire: ByteBuffer
    /// The command's name (`GET`, `EVAL`), for messages.
    public let name: String

    public init(_ name: String, _ arguments: [RedisArgument]) {
        self.name = name
        var buffer = ByteBuffer()
        buffer.reserveCapacity(16 + name.utf8.count + arguments.count * 24)
        buffer.writeInteger(UInt8(ascii: "*"))
        buffer.writeString(String(arguments.count + 1))
        buffer.writeStaticString("\r\n")
        Self.writeBulk(name, to: &buffer)
        for argument in arguments {
            switch argument {
            case .string(let s): Self.writeBulk(s, to: &buffer)
            case .integer(let n): Self.writeBulk(String(n), to: &buffer)
            case .bytes(let b):
                buffer.writeInteger(UInt8(ascii: "$"))
                buffer.writeString(String(b.readableBytes))
                buffer.writeStaticString("\r\n")
                buffer.writeImmutableBuffer(b)
                buffer.writeStaticString("\r\n")
            }
        }
        wire = buffer
    }

    public init(_ name: String, _ arguments: RedisArgument...) { self.init(name, arguments) }

    private static func writeBulk(_ s: String, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "$"))
        buffer.writeString(String(s.utf8.count))
        buffer.writeStaticString("\r\n")
        buffer.writeString(s)
        buffer.writeStaticString("\r\n")
    }

    public var description: String { name }
}
