/// `redis://host[:port][/database]`, on a loopback address (the loader checks the host too).
struct RedisURL: Sendable, Hashable, CustomStringConvertible {
    var host: String
    var port: Int
    var database: Int

    init(_ text: String) throws(BackendStartError) {
        func bad(_ why: String) -> BackendStartError {
            BackendStartError(role: .cache, backend: "redis", target: text, message: why)
        }
        guard text.lowercased().hasPrefix("redis://") else { throw bad("the URL must start with redis://") }
        var rest = Substring(text.dropFirst("redis://".count))
        if rest.contains("@") {
            throw bad("a user or password in the URL is not supported: Stampede's client sends no AUTH; use a server without requirepass")
        }
        if let q = rest.firstIndex(of: "?") { rest = rest[..<q] }
        var authority = rest, path: Substring = ""
        if let slash = rest.firstIndex(of: "/") { authority = rest[..<slash]; path = rest[rest.index(after: slash)...] }
        var hostPart = authority, portPart: Substring?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw bad("the URL has no host") }
        host = hostPart == "localhost" ? "127.0.0.1" : String(hostPart)
        if let portPart {
            guard let p = Int(portPart), (1...65_535).contains(p) else { throw bad("port '\(portPart)' is not from 1 to 65535") }
            port = p
        } else {
            port = 6379
        }
        if path.isEmpty {
            database = 0
        } else {
            guard let d = Int(path), (0...15).contains(d) else { throw bad("database '\(path)' is not a number from 0 to 15") }
            database = d
        }
    }

    var description: String { "redis://\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)" }
}
