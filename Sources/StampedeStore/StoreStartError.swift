/// Why a real store could not be opened or its server started, in words a person can act on.
///
/// Names what was tried (`target`: a URL, a file, a binary) and what happened; for a managed
/// server that did not come up, the tail of its log.
public struct StoreStartError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem this is: stable, so scripts and tests can match on it.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A URL that does not follow `postgres://user[:password]@host[:port]/database`.
        public static let invalidURL = Code(rawValue: "invalid_url")
        /// Nothing answered at the address, or it refused the login.
        public static let unreachable = Code(rawValue: "unreachable")
        /// A server program (initdb, postgres) is not installed.
        public static let missingBinary = Code(rawValue: "missing_binary")
        /// A managed server did not initialise or start, or stopped on its own.
        public static let serverFailed = Code(rawValue: "server_failed")
        /// The store's schema could not be created, or its file opened.
        public static let schema = Code(rawValue: "schema")
    }

    public var code: Code
    /// What was tried: a URL (its password hidden), a file path, a program.
    public var target: String
    public var message: String

    public init(_ code: Code, target: String, message: String) {
        self.code = code; self.target = target; self.message = message
    }

    public var description: String { "\(target): \(message)" }
}
