import Foundation
import StampedeCache
import StampedeKernel
import StampedeModel
import StampedePostgres
import StampedeRedis
import StampedeResult
import StampedeSQLite
import StampedeStore
import StampedeSystem

/// The real backends a scenario names (`system.cache.backend: redis`,
/// `system.store.backend: sqlite | postgres`), started or reached before the run and stopped
/// after it: wall-clock runs only (the loader refuses them in virtual time).
///
/// `provision` does what can fail — starting a managed server, connecting to a URL, creating
/// the run's schema or file — so a wrong URL is an error before any traffic; the registry it
/// returns builds each run's view of them (the run's clock, probe and pool gate).
public enum RealBackends {
    /// Starts or reaches the real backends `system` names; `folder` holds an SQLite store's file.
    /// On failure whatever was started is stopped again.
    public static func provision(_ system: SystemSpec, folder: String) async throws(BackendStartError) -> ProvisionedBackends {
        var redis: ProvisionedRedis?
        if system.cache.backend == "redis" {
            redis = try await ProvisionedRedis.start(system)
        }
        do {
            let store: ProvisionedStore?
            switch system.store.backend {
            case "postgres": store = try await .startPostgres(system)
            case "sqlite": store = try .openSQLite(system, folder: folder)
            default: store = nil
            }
            return ProvisionedBackends(redis: redis, store: store)
        } catch {
            await redis?.stop()
            throw error
        }
    }
}

/// The real backends of one run, up and reachable; `shutdown()` stops what Stampede started.
public final class ProvisionedBackends: Sendable {
    let redis: ProvisionedRedis?
    let store: ProvisionedStore?

    init(redis: ProvisionedRedis?, store: ProvisionedStore?) {
        self.redis = redis
        self.store = store
    }

    public var descriptions: [RealBackendInfo] {
        [redis?.description, store?.description].compactMap { $0 }
    }

    /// `base` with factories for these backends, each building the run's view of them: its
    /// clock, probe and pool gate (the scenario's `pool`, in front of the real connections).
    public func registry(adding base: BackendRegistry) -> BackendRegistry {
        var registry = base
        if let redis {
            registry = registry.adding(cache: "redis", kind: .server, processFaults: redis.server == nil ? [] : [.flush, .crash]) { c in
                let process = redis.server.map { RedisServerControl(server: $0, clock: c.clock, observer: c.probe) }
                let server = RealRedisServer(client: redis.client, namespace: redis.namespace, process: process,
                                             config: c.system.cacheServerConfig, clock: c.clock)
                let cache = RealRedisCache(client: redis.client, namespace: redis.namespace, clock: c.clock, observer: c.probe,
                                           control: process == nil ? nil : server, gate: CallGate(pool: c.resource.pool, clock: c.clock))
                return CacheBackend(cache: LedgerCache(wrapping: cache, ledger: server.ledger), server: server,
                                    control: process == nil ? nil : server)
            }
        }
        switch store {
        case .postgres(let opened, let server, _)?:
            registry = registry.adding(store: "postgres", kind: .server) { c in
                let view = opened.bound(clock: c.clock, observer: c.probe, gate: CallGate(pool: c.resource.pool, clock: c.clock),
                                        retention: c.system.sessions.absoluteTimeout)
                return StoreBackend(store: view, seeding: view, failover: server.map(PostgresFailover.init))
            }
        case .sqlite(let opened, _)?:
            registry = registry.adding(store: "sqlite", kind: .real) { c in
                let view = opened.bound(clock: c.clock, observer: c.probe, gate: CallGate(pool: c.resource.pool, clock: c.clock),
                                        retention: c.system.sessions.absoluteTimeout)
                return StoreBackend(store: view, seeding: view)
            }
        case nil:
            break
        }
        return registry
    }

    /// Closes the connections, drops a PostgreSQL run's schema, and stops the servers Stampede
    /// started. An SQLite file stays in the run's folder.
    public func shutdown() async {
        await redis?.stop()
        await store?.stop()
    }
}

/// A Redis the run uses: its client (a pool the size of `system.cache.pool`), the run's key
/// namespace, and the server when Stampede started it.
final class ProvisionedRedis: Sendable {
    let client: RedisClient
    let server: ManagedRedisServer?
    let namespace: String
    let description: RealBackendInfo

    private init(client: RedisClient, server: ManagedRedisServer?, namespace: String, description: RealBackendInfo) {
        self.client = client; self.server = server; self.namespace = namespace; self.description = description
    }

    static func start(_ system: SystemSpec) async throws(BackendStartError) -> ProvisionedRedis {
        let pool = system.cache.pool
        let client: RedisClient, server: ManagedRedisServer?, endpoint: String
        switch system.cache.endpoint {
        case .managed:
            do {
                server = try await ManagedRedisServer.start(ManagedRedisServer.Configuration(cache: system.cacheServerConfig))
            } catch {
                throw BackendStartError(role: .cache, backend: "redis", target: "managed (redis-server)", message: error.description)
            }
            client = server!.client(poolSize: pool)
            endpoint = "managed"
        case .url(let text):
            let url: RedisURL
            do {
                url = try RedisURL(text)
            } catch {
                throw BackendStartError(role: .cache, backend: "redis", target: text, message: error.description)
            }
            server = nil
            // Redis binds 127.0.0.1 by default, where `localhost` may resolve to ::1 first.
            client = RedisClient(host: url.host == "localhost" ? "127.0.0.1" : url.host, port: url.port, poolSize: pool,
                                 database: url.database)
            endpoint = text
        }
        let version: String
        do {
            _ = try RedisClient.checked(try await client.send(RedisCommand("PING")))
            version = (try await RedisInfo.read(client, sections: ["server"])).fields["redis_version"] ?? "unknown"
        } catch {
            await client.shutdown()
            await server?.stop()
            let c = client.configuration
            throw BackendStartError(role: .cache, backend: "redis", target: endpoint, message:
                "no answer to PING: \(error) (tried TCP to \(c.host):\(c.port), database \(c.database))")
        }
        let namespace = String(UInt64.random(in: 0...UInt64.max), radix: 36) // wall-clock: a fresh key space per run
        let c = client.configuration
        return ProvisionedRedis(client: client, server: server, namespace: namespace, description: RealBackendInfo(
            role: "cache", backend: "redis", endpoint: endpoint, address: "\(c.host):\(c.port)/\(c.database)",
            server: "redis \(version)"))
    }

    func stop() async {
        await client.shutdown()
        await server?.stop()
    }
}

/// A store the run uses: a PostgreSQL schema of its own (on a server Stampede started, or at a
/// URL), or an SQLite file in the run's folder.
enum ProvisionedStore: Sendable {
    case postgres(PostgresStore, ManagedPostgresServer?, RealBackendInfo)
    case sqlite(SQLiteStore, RealBackendInfo)

    static func startPostgres(_ system: SystemSpec) async throws(BackendStartError) -> ProvisionedStore {
        var server: ManagedPostgresServer?
        let url: String, endpoint: String
        switch system.store.endpoint {
        case .managed:
            do {
                server = try await ManagedPostgresServer.start()
            } catch {
                throw BackendStartError(role: .store, backend: "postgres", target: "managed (\(error.target))", message: error.message)
            }
            url = server!.url.description
            endpoint = "managed"
        case .url(let text):
            url = text
            endpoint = text
        }
        do {
            let store = try await PostgresStore.open(url: url, poolSize: system.store.pool)
            // `PostgreSQL 15.10 (Debian …) on x86_64-pc-linux-gnu, compiled by …`: up to the platform.
            let full = (try? await store.serverVersion()) ?? "unknown"
            let version = full.range(of: " on ").map { String(full[..<$0.lowerBound]) } ?? full
            return .postgres(store, server, RealBackendInfo(
                role: "store", backend: "postgres", endpoint: endpoint, address: "\(store.url.host):\(store.url.port)/\(store.url.database) schema \(store.schema)",
                server: version))
        } catch {
            await server?.stop()
            throw BackendStartError(role: .store, backend: "postgres", target: endpoint == "managed" ? "managed (\(url))" : error.target,
                                    message: error.message)
        }
    }

    static func openSQLite(_ system: SystemSpec, folder: String) throws(BackendStartError) -> ProvisionedStore {
        let path = folder + "/store.sqlite"
        // A fresh file per run: the last run's tables and WAL go.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let store = try SQLiteStore(path: path, poolSize: system.store.pool)
            return .sqlite(store, RealBackendInfo(role: "store", backend: "sqlite", endpoint: "file", address: path,
                                                         server: "SQLite \(store.sqliteVersion) (\(store.journalMode))"))
        } catch let error as StoreStartError {
            throw BackendStartError(role: .store, backend: "sqlite", target: path, message: error.message)
        } catch {
            throw BackendStartError(role: .store, backend: "sqlite", target: path, message: "\(error)")
        }
    }

    var description: RealBackendInfo {
        switch self {
        case .postgres(_, _, let d), .sqlite(_, let d): return d
        }
    }

    func stop() async {
        switch self {
        case .postgres(let store, let server, _):
            await store.close(dropSchema: server == nil)
            await server?.stop()
        case .sqlite:
            break
        }
    }
}

/// A failover on a PostgreSQL that Stampede started: the server is stopped at once (SIGQUIT,
/// as a primary that loses power) when the window opens, and started again on the same data
/// when it closes, so it runs crash recovery and every pooled connection must reconnect.
final class PostgresFailover: StoreFailover {
    let server: ManagedPostgresServer

    init(_ server: ManagedPostgresServer) { self.server = server }

    func primaryFails() async throws(BackendError) {
        await server.halt(.immediate)
    }

    func replicaPromoted() async throws(BackendError) {
        do {
            try await server.resume()
        } catch {
            throw .unavailable
        }
    }
}
