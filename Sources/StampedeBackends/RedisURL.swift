import StampedeSystem

/// `redis://host[:port][/database]`, on a loopback address (the loader checks the host too).
struct RedisURL: Sendable, Hashable, CustomStringConvertible {
    var host: String
    var port: Int
    var database: Int

    init(_ text: String) throws(BackendStartError) {
        func bad(_ why: String) -> BackendStartError {
            BackendStartError(role: .cache, backend: "redis", target: text, message: why)
        }
        guard let url = ServerURLParts(text), url.scheme == "redis" else { throw bad("the URL must start with redis://") }
        if url.hasUserInfo {
            throw bad("a user or password in the URL is not supported: Stampede's client sends no AUTH; use a server without requirepass")
        }
        guard !url.host.isEmpty else { throw bad("the URL has no host") }
        host = url.host == "localhost" ? "127.0.0.1" : url.host
        if let p = url.port {
            guard let n = Int(p), (1...65_535).contains(n) else { throw bad("port '\(p)' is not from 1 to 65535") }
            port = n
        } else {
            port = 6379
        }
        if url.path.isEmpty {
            database = 0
        } else {
            guard let d = Int(url.path), (0...15).contains(d) else { throw bad("database '\(url.path)' is not a number from 0 to 15") }
            database = d
        }
    }

    var description: String { "redis://\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)" }
}
