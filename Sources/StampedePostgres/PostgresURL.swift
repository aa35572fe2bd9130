import Foundation
import StampedeStore

/// Where a PostgreSQL server is and how to log in: `postgres://user[:password]@host[:port]/database`.
///
/// `postgresql://` is accepted too. The port defaults to 5432 and the database to the user's
/// name, as libpq does. `?sslmode=disable|prefer|require` picks TLS; the default is `disable`,
/// since the servers Stampede talks to are on loopback. `description` hides the password, so
/// the URL can go into an error message or a report.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, Hashable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String? = nil,
                tls: TLSMode = .disable) {
        self.host = host; self.port = port; self.user = user; self.password = password
        self.database = database ?? user; self.tls = tls
    }

    /// Parses `text`; the error says which part is wrong and shows the expected form.
    public init(_ text: String) throws(StoreStartError) {
        func invalid(_ why: String) -> StoreStartError {
            StoreStartError(.invalidURL, target: Self.redacted(text),
                            message: "\(why); expected postgres://user[:password]@host[:port]/database")
        }
        guard let parts = URLComponents(string: text) else { throw invalid("not a URL") }
        guard let scheme = parts.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("the scheme must be postgres:// or postgresql://")
        }
        guard let host = parts.host, !host.isEmpty else { throw invalid("no host") }
        guard let user = parts.user, !user.isEmpty else { throw invalid("no user name before the @") }
        let port = parts.port ?? 5432
        guard (1...65535).contains(port) else { throw invalid("port \(port) is out of range") }
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        guard !path.contains("/") else { throw invalid("the database name '\(path)' contains a /") }
        var tls = TLSMode.disable
        for item in parts.queryItems ?? [] {
            guard item.name == "sslmode" else { throw invalid("unknown parameter '\(item.name)' (only sslmode is understood)") }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw invalid("sslmode must be disable, prefer or require, not '\(item.value ?? "")'")
            }
            tls = mode
        }
        self.init(host: host, port: port, user: user, password: parts.password, database: path.isEmpty ? nil : path, tls: tls)
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        let secret = password == nil ? "" : ":***"
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let query = tls == .disable ? "" : "?sslmode=\(tls.rawValue)"
        return "postgres://\(user)\(secret)@\(shownHost):\(port)/\(database)\(query)"
    }

    /// `text` with anything between the first `:` after `//` and the `@` hidden, for errors about
    /// a URL that did not parse.
    static func redacted(_ text: String) -> String {
        guard let slashes = text.range(of: "//"), let at = text[slashes.upperBound...].firstIndex(of: "@"),
              let colon = text[slashes.upperBound..<at].firstIndex(of: ":") else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }
}
