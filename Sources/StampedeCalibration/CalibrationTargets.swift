import Foundation
import StampedeLanguage
import StampedePostgres
import StampedeStore
import StampedeSystem

/// Why calibration could not start or go on, with the exit code the command ends with.
public struct CalibrationError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// An argument is malformed or not allowed (exit 2).
        case badArgument
        /// A backend could not be reached or started (exit 2): the message names the URL and what was tried.
        case unreachable
        /// The calibration file could not be written, or something else that is not the user's input (exit 4).
        case internalError
    }

    public var code: Code
    public var message: String
    public var description: String { message }

    public init(_ code: Code, _ message: String) { self.code = code; self.message = message }
}

/// Which cache to measure: `managed` (a redis-server of our own), a `redis://` URL, or `none`.
public enum CacheTarget: Sendable, Hashable, CustomStringConvertible {
    case managed
    case redis(host: String, port: Int, database: Int)
    case none

    public static let expected = "managed, none, or redis://HOST[:PORT][/DB] on a loopback address, e.g. redis://127.0.0.1:6379/0"

    /// Parses `--cache`. A URL must name a loopback host: the load goes only to this machine.
    public static func parse(_ text: String) throws(CalibrationError) -> CacheTarget {
        switch text {
        case "managed": return .managed
        case "none": return .none
        default: break
        }
        func invalid(_ why: String) -> CalibrationError {
            CalibrationError(.badArgument, "--cache \(text): \(why); expected \(expected)")
        }
        guard text.lowercased().hasPrefix("redis://") else {
            let suggestion = nearest(to: text, among: ["managed", "none"]).map { " (did you mean '\($0)'?)" } ?? ""
            throw invalid("not a cache this command knows\(suggestion)")
        }
        let url: RedisURL
        do {
            url = try RedisURL(text)
        } catch {
            throw invalid(error.description)
        }
        try requireLoopback(url.host, flag: "--cache", text: text)
        return .redis(host: url.host, port: url.port, database: url.database)
    }

    public var description: String {
        switch self {
        case .managed: return "managed"
        case .none: return "none"
        case .redis(let host, let port, let database): return "redis://\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        }
    }
}

/// Which store to measure: SQLite (a file in a temporary folder, or at a path), PostgreSQL by
/// URL or a managed server of our own, or `none`.
public enum StoreTarget: Sendable, Hashable, CustomStringConvertible {
    /// Nil: a file in a temporary folder, removed at the end.
    case sqlite(path: String?)
    case postgres(PostgresURL)
    case managedPostgres
    case none

    public static let expected = "sqlite, sqlite:PATH, postgres://USER@HOST[:PORT]/DB on a loopback address, managed-postgres or none"

    /// Parses `--store`. A URL must name a loopback host: the load goes only to this machine.
    public static func parse(_ text: String) throws(CalibrationError) -> StoreTarget {
        switch text {
        case "sqlite": return .sqlite(path: nil)
        case "managed-postgres": return .managedPostgres
        case "none": return .none
        default: break
        }
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw CalibrationError(.badArgument, "--store \(text): no path after sqlite:; expected \(expected)")
            }
            return .sqlite(path: path)
        }
        let lower = text.lowercased()
        guard lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") else {
            let suggestion = nearest(to: text, among: ["sqlite", "managed-postgres", "none"]).map { " (did you mean '\($0)'?)" } ?? ""
            throw CalibrationError(.badArgument, "--store \(text): not a store this command knows\(suggestion); expected \(expected)")
        }
        let url: PostgresURL
        do {
            url = try PostgresURL(text)
        } catch {
            throw CalibrationError(.badArgument, "--store: \(error.description)")
        }
        try requireLoopback(url.host, flag: "--store", text: url.description)
        return .postgres(url)
    }

    public var description: String {
        switch self {
        case .sqlite(let path): return path.map { "sqlite:\($0)" } ?? "sqlite"
        case .postgres(let url): return url.description
        case .managedPostgres: return "managed-postgres"
        case .none: return "none"
        }
    }
}

/// Throws unless `host` is a loopback address (`localhost`, `127.0.0.0/8`, `::1`).
func requireLoopback(_ host: String, flag: String, text: String) throws(CalibrationError) {
    guard ServerURLParts.isLoopback(host) else {
        throw CalibrationError(.badArgument, "\(flag) \(text): '\(host)' is not a loopback address; calibration sends load "
                               + "only to this machine (localhost, 127.0.0.1, ::1)")
    }
}
