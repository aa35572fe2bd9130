import StampedeModel

/// Why a Redis call failed, with a message that says what was tried.
///
/// `backendError` is what the service sees: the harness only distinguishes a backend that
/// cannot be reached from one that took too long or refused a write for lack of memory.
public struct RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// No connection could be made (refused, unreachable, connect timed out): the command was never sent.
        case unavailable
        /// The call's deadline passed before its reply came; it may still take effect on the server.
        case timeout
        /// The connection closed with the command in flight (the server died or dropped it).
        case connectionClosed
        /// The server answered with an error reply (`-ERR …`, `-OOM …`, `-LOADING …`).
        case server
        /// The server sent something that is not RESP2, or not the reply the command expects.
        case protocolViolation
        /// The client was shut down.
        case shutDown
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code; self.message = message
    }

    public var description: String { "redis \(code.rawValue): \(message)" }

    /// The error reply's first word (`OOM`, `LOADING`, `NOSCRIPT`), for `.server` errors.
    public var serverCode: Substring? {
        guard code == .server else { return nil }
        return message.split(separator: " ", maxSplits: 1).first
    }

    /// The failure as the service's backend calls know it.
    ///
    /// A server still loading its data after a restart (`LOADING`), or one that dropped the
    /// connection, is unavailable, as the model's cache is while it recovers; `OOM` is a full
    /// cache refusing a write under `noeviction`.
    public var backendError: BackendError {
        switch code {
        case .timeout: return .timeout
        case .server where serverCode == "OOM": return .outOfMemory
        case .unavailable, .connectionClosed, .server, .protocolViolation, .shutDown: return .unavailable
        }
    }
}
