import StampedeSystem

/// A real backend that could not be started or reached when the run began: which one, where
/// (its URL, or the server Stampede tried to start), and what was tried. The CLI prints it and
/// exits 2, before any traffic.
public struct BackendStartError: Error, Sendable, CustomStringConvertible {
    public var role: BackendRole
    public var backend: String
    /// The URL (its password hidden), or `managed` and the program that was started.
    public var target: String
    public var message: String

    public init(role: BackendRole, backend: String, target: String, message: String) {
        self.role = role; self.backend = backend; self.target = target; self.message = message
    }

    public var description: String {
        "error: the \(role.rawValue) backend '\(backend)' at \(target) could not be started: \(message)"
    }
}
