import NIOCore

/// One RESP2 reply from a Redis server.
///
/// Bulk strings stay `ByteBuffer`s: values are binary (see `CacheValueCodec`), and a reply
/// read off the socket is a slice of the read buffer, not a copy.
public enum RESPValue: Sendable, Hashable {
    /// `+OK`
    case simpleString(String)
    /// `-ERR message`: the server refused the command; the first word is its code.
    case error(String)
    /// `:42`
    case integer(Int64)
    /// `$3\r\nfoo`; nil is the null bulk string `$-1`, a missing key.
    case bulkString(ByteBuffer?)
    /// `*2\r\n…`; nil is the null array `*-1` (a script's `false` in some replies, an aborted `EXEC`).
    case array([RESPValue]?)

    /// The text of a simple or bulk string, nil otherwise.
    public var string: String? {
        switch self {
        case .simpleString(let s): return s
        case .bulkString(let b?): return String(buffer: b)
        default: return nil
        }
    }

    /// The bytes of a bulk string, nil for anything else (a null bulk string included).
    public var bytes: ByteBuffer? {
        if case .bulkString(let b?) = self { return b }
        return nil
    }

    /// The value of an integer reply, or of a string reply holding a decimal integer.
    public var integer: Int64? {
        switch self {
        case .integer(let n): return n
        case .bulkString(let b?): return Int64(String(buffer: b))
        case .simpleString(let s): return Int64(s)
        default: return nil
        }
    }

    /// Whether this is the null bulk string or the null array.
    public var isNull: Bool {
        switch self {
        case .bulkString(nil), .array(nil): return true
        default: return false
        }
    }
}

extension RESPValue {
    /// Appends the RESP2 wire form of this value (the encoder of replies, used by tests and by
    /// anything that wants to play server).
    public func write(to buffer: inout ByteBuffer) {
        switch self {
        case .simpleString(let s):
            buffer.writeInteger(UInt8(ascii: "+"))
            buffer.writeString(s)
        case .error(let s):
            buffer.writeInteger(UInt8(ascii: "-"))
            buffer.writeString(s)
        case .integer(let n):
            buffer.writeInteger(UInt8(ascii: ":"))
            buffer.writeString(String(n))
        case .bulkString(nil):
            buffer.writeStaticString("$-1")
        case .bulkString(var b?):
            buffer.writeInteger(UInt8(ascii: "$"))
            buffer.writeString(String(b.readableBytes))
            buffer.writeStaticString("\r\n")
            buffer.writeBuffer(&b)
        case .array(nil):
            buffer.writeStaticString("*-1")
        case .array(let items?):
            buffer.writeInteger(UInt8(ascii: "*"))
            buffer.writeString(String(items.count))
            buffer.writeStaticString("\r\n")
            for item in items { item.write(to: &buffer) }
            return
        }
        buffer.writeStaticString("\r\n")
    }
}
