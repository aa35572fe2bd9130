/// Something the loader decided for the user that is not an error: a value it adjusted to
/// stay within a limit. Printed as `file:line:column: note: …`, before a run starts.
public struct ScenarioNotice: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var keyPath: String
    public var message: String

    public init(file: String, line: Int?, column: Int?, keyPath: String, message: String) {
        self.file = file; self.line = line; self.column = column; self.keyPath = keyPath; self.message = message
    }

    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): note: \(message)"
    }
}
