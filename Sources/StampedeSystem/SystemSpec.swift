import StampedeAuth
import StampedeCache
import StampedeKernel
import StampedeModel

/// `system`: the auth system under test as a scenario configures it — the service, its
/// store and cache, their policies — which the composition root (`SystemAssembly`) builds.
public struct SystemSpec: Sendable {
    public var service = ServiceSpec()
    public var store = BackendSpec(pool: 20, latency: .lognormal(median: .milliseconds(3), p99: .milliseconds(30)))
    public var cache = CacheSpec()
    public var sessions = SessionSpec()
    public var lockout = LockoutSpec()
    public var otp = OTPSpec()
    /// How long after a permission change an old decision may still stand (the checker enforces it).
    public var permissionStaleness: SimDuration = .zero
    /// Timeouts, retries, breakers and shedding; every policy is off unless configured.
    public var resilience = ResilienceSpec()
    public init() {}
}

public struct ServiceSpec: Sendable {
    /// Service CPU cores: the pool on which password hashing and token work is modeled.
    public var cores: Int = 8
    /// Production PBKDF2-HMAC-SHA256 iteration count the modeled CPU time stands for.
    public var hashIterations: Int = 600_000
    /// Iterations actually computed (real hashing, so a wrong password really fails).
    public var realHashIterations: Int = AuthConfig.defaultRealHashIterations
    /// CPU time of one production hash. Nil: derived from `hashIterations` at the rate
    /// measured on the reference machine (600,000 iterations ≈ 130 ms).
    public var hashCost: Distribution?
    /// Hash and check passwords in real CPU at `hashIterations` (`password_hash.compute: real`,
    /// wall-clock runs) instead of drawing `hashCost` on the modeled cores.
    public var realHashing = false
    /// CPU time of signing or verifying one access token.
    public var tokenCost: Distribution = .constant(.microseconds(35))
    public init() {}
}

public struct BackendSpec: Sendable {
    /// Which implementation serves the calls, by its name in the backend registry.
    public var backend = BackendRegistry.model
    /// Where a real server is (`url:`): Stampede's own (`managed`) unless a URL is given.
    public var endpoint = BackendEndpoint.managed
    /// Connections in the pool; calls beyond it wait in FIFO order.
    public var pool: Int
    /// Service time of one call.
    public var latency: Distribution
    public init(pool: Int, latency: Distribution) { self.pool = pool; self.latency = latency }
}

public struct CacheSpec: Sendable {
    /// Which implementation serves the calls, by its name in the backend registry.
    public var backend = BackendRegistry.model
    /// Where a real server is (`url:`): Stampede's own (`managed`) unless a URL is given.
    public var endpoint = BackendEndpoint.managed
    public var pool: Int = 64
    public var latency: Distribution = .lognormal(median: .microseconds(300), p99: .milliseconds(2))
    /// The server: entries and bytes kept, eviction policy, persistence (`max_entries`,
    /// `maxmemory*`, `persistence`; StampedeCache owns the type and its defaults). The
    /// composition root sets which classes go to the append-only log from `classes`.
    public var server = RedisCacheConfig()
    /// TTL of cached user records (cache-aside).
    public var userTTL: SimDuration = CachingPolicy.defaultProfileTTL
    /// TTL of cached permission sets (cache-aside).
    public var permissionTTL: SimDuration = CachingPolicy.defaultPermissionTTL
    /// Per data class: strategy, TTL, outage behaviour, persistence (see `CachingSpec.swift`).
    public var classes = DataClassSpecs()
    public var warm = WarmSpec.none
    public init() {}
}

extension SystemSpec {
    /// Whether the store or the cache is a real backend (it serves in real time only).
    public var namesRealBackend: Bool { realBackend(.cache) || realBackend(.store) }

    /// Whether the run needs the wall clock: a real backend, or real password hashing.
    public var needsWallClock: Bool { namesRealBackend || service.realHashing }

    /// Whether the backend in `role` is a real one (by the shipped catalog).
    public func realBackend(_ role: BackendRole) -> Bool {
        BackendCatalog.shipped.entry(role, role == .cache ? cache.backend : store.backend)?.wallClockOnly == true
    }
}

/// `system.sessions`: the policy the service enforces and the checker judges by (StampedeModel).
public typealias SessionSpec = SessionPolicy

/// `system.lockout` (StampedeModel).
public typealias LockoutSpec = LockoutPolicy

/// Where a real backend server is (`system.store.url`, `system.cache.url`).
public enum BackendEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Stampede starts the server itself on a free loopback port in a temporary folder, and
    /// stops it at the end of the run.
    case managed
    /// A server already running there (`redis://127.0.0.1:6379/0`, `postgres://user@127.0.0.1:5432/db`).
    case url(String)

    public var description: String {
        switch self {
        case .managed: return "managed"
        case .url(let u): return u
        }
    }
}

/// The parts of a server URL (`scheme://[user[:password]@]host[:port][/path][?query]`) that
/// Stampede reads: the loader to check a backend's URL, and the backends to reach it.
public struct ServerURLParts: Sendable, Hashable {
    public var scheme: String
    /// Whether the URL names a user (and maybe a password) before the host.
    public var hasUserInfo: Bool
    /// Without brackets for an IPv6 address; may be empty.
    public var host: String
    /// The text after the host's `:`, if any (not checked to be a number).
    public var port: Substring?
    /// After the first `/` that follows the host, up to any `?`.
    public var path: Substring

    /// Nil when `text` has no `scheme://` or an IPv6 host's `[` is not closed.
    public init?(_ text: String) {
        guard let range = text.range(of: "://") else { return nil }
        scheme = text[..<range.lowerBound].lowercased()
        var rest = Substring(text[range.upperBound...])
        if let q = rest.firstIndex(of: "?") { rest = rest[..<q] }
        var authority = rest
        path = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }
        hasUserInfo = authority.contains("@")
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        port = nil
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { port = after.dropFirst() }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            port = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
        }
    }

    /// Whether the host is this machine: 127.0.0.0/8, ::1 or localhost.
    public var isLoopback: Bool { Self.isLoopback(host) }

    /// Whether `host` (brackets allowed) is this machine: 127.0.0.0/8, ::1 or localhost.
    /// Stampede sends load only there.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: ["[", "]"]).lowercased()
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        let ipv4 = octets.count == 4 && octets.allSatisfy { $0.map { (0...255).contains($0) } ?? false } && octets[0] == 127
        return bare == "localhost" || bare == "::1" || ipv4
    }
}

/// `redis://host[:port][/database]`: where a Redis is, read once for every place that takes
/// one (a scenario's `system.cache.url`, `stampede calibrate --cache`). Whether the host is
/// on this machine is the caller's to check, with `ServerURLParts.isLoopback`.
public struct RedisURL: Sendable, Hashable, CustomStringConvertible {
    /// As written, without brackets for an IPv6 address.
    public var host: String
    public var port: Int
    public var database: Int

    /// - Throws: what is wrong with `text`, as a phrase (`the database 'x' is not a number ≥ 0`).
    public init(_ text: String) throws(Problem) {
        guard let url = ServerURLParts(text), url.scheme == "redis" else { throw Problem("the URL must start with redis://") }
        if url.hasUserInfo {
            throw Problem("a user or password is not supported (the client sends no AUTH); use a server without one")
        }
        guard !url.host.isEmpty else { throw Problem("no host") }
        guard !text.contains("?") else { throw Problem("no query parameters are understood") }
        host = url.host
        if let p = url.port {
            guard let n = Int(p), (1...65_535).contains(n) else { throw Problem("port '\(p)' is not from 1 to 65535") }
            port = n
        } else {
            port = 6379
        }
        guard url.path.isEmpty || Int(url.path).map({ $0 >= 0 }) == true else {
            throw Problem("the database '\(url.path)' is not a number ≥ 0")
        }
        database = Int(url.path) ?? 0
    }

    public var description: String { "redis://\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)" }

    /// What is wrong with a Redis URL.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
