import Foundation
import StampedeCache
import StampedePostgres
import StampedeRedis
import StampedeSQLite
import StampedeStore

/// A cache opened for calibration: the real cache, what it is, and how to let it go.
struct OpenedCache: Sendable {
    var cache: RealRedisCache
    var kind = "redis"
    var version: String
    var target: String
    var close: @Sendable () async -> Void
}

/// A store opened for calibration.
struct OpenedStore: Sendable {
    var store: any AuthStore
    var seeding: any AsyncStoreSeeding
    var kind: String
    var version: String
    var target: String
    var close: @Sendable () async -> Void
}

enum CalibrationBackends {
    /// Starts or connects to the cache and checks it answers; nil for `.none`.
    ///
    /// The client has `connections` connections, one call each in flight, so a step of c
    /// callers holds c of them, as the model's pool of c does.
    static func openCache(_ target: CacheTarget, connections: Int) async throws(CalibrationError) -> OpenedCache? {
        let namespace = "calibrate-" + String(UInt64.random(in: 0...UInt64.max), radix: 16) // wall-clock run: not virtual time
        switch target {
        case .none:
            return nil
        case .managed:
            let server: ManagedRedisServer
            do {
                server = try await ManagedRedisServer.start()
            } catch {
                throw CalibrationError(.unreachable, "--cache managed: \(error.message)")
            }
            let client = server.client(poolSize: connections)
            let version: String
            do {
                version = try await redisVersion(client)
            } catch {
                await client.shutdown()
                await server.stop()
                throw CalibrationError(.unreachable, "--cache managed: the redis-server on 127.0.0.1:\(server.port) does not answer: \(error)")
            }
            return OpenedCache(cache: RealRedisCache(client: client, namespace: namespace), version: version,
                               target: "managed redis-server on 127.0.0.1:\(server.port) (\(server.executable))") {
                await client.shutdown()
                await server.stop()
            }
        case .redis(let host, let port, let database):
            let client = RedisClient(host: host, port: port, poolSize: connections, database: database)
            let version: String
            do {
                version = try await redisVersion(client)
            } catch {
                await client.shutdown()
                throw CalibrationError(.unreachable, "cannot calibrate --cache \(target): \(error) (tried TCP to \(host):\(port), "
                                       + "SELECT \(database), then INFO server, within \(client.configuration.callTimeout))")
            }
            return OpenedCache(cache: RealRedisCache(client: client, namespace: namespace), version: version,
                               target: target.description) {
                await client.shutdown()
            }
        }
    }

    static func redisVersion(_ client: RedisClient) async throws(RedisError) -> String {
        try await RedisInfo.read(client, sections: ["server"]).fields["redis_version"] ?? "unknown"
    }

    /// Opens, starts or connects to the store with fresh tables; nil for `.none`.
    static func openStore(_ target: StoreTarget, connections: Int) async throws(CalibrationError) -> OpenedStore? {
        switch target {
        case .none:
            return nil
        case .sqlite(let path):
            var folder: String?
            let file: String
            if let path {
                file = path
            } else {
                let made = NSTemporaryDirectory() + "/stampede-calibrate-\(UUID().uuidString)" // wall-clock: calibration measures real time
                do {
                    try FileManager.default.createDirectory(atPath: made, withIntermediateDirectories: true)
                } catch {
                    throw CalibrationError(.internalError, "cannot make a temporary folder \(made): \(error)")
                }
                folder = made
                file = made + "/store.sqlite"
            }
            let store: SQLiteStore
            do {
                store = try SQLiteStore(path: file, poolSize: connections)
            } catch {
                if let folder { try? FileManager.default.removeItem(atPath: folder) }
                throw CalibrationError(.unreachable, "--store \(target): \(error.description)")
            }
            let removable = folder
            return OpenedStore(store: store, seeding: store, kind: "sqlite", version: store.sqliteVersion,
                               target: path.map { "sqlite file \($0) (journal mode \(store.journalMode))" } ?? "sqlite file in a temporary folder (journal mode \(store.journalMode))") {
                if let removable { try? FileManager.default.removeItem(atPath: removable) }
            }
        case .postgres(let url):
            let store = try await openPostgres(url, connections: connections, flag: "--store \(url)")
            return OpenedStore(store: store, seeding: store, kind: "postgres", version: await postgresVersion(store),
                               target: "\(url) (schema \(store.schema))") {
                await store.close(dropSchema: true)
            }
        case .managedPostgres:
            let server: ManagedPostgresServer
            do {
                server = try await ManagedPostgresServer.start(.init(settings: ["max_connections": String(max(100, connections + 20))]))
            } catch {
                throw CalibrationError(.unreachable, "--store managed-postgres: \(error.description)")
            }
            let store: PostgresStore
            do {
                store = try await openPostgres(server.url, connections: connections, flag: "--store managed-postgres")
            } catch {
                await server.stop()
                throw error
            }
            return OpenedStore(store: store, seeding: store, kind: "postgres", version: await postgresVersion(store),
                               target: "managed PostgreSQL on 127.0.0.1:\(server.port)") {
                await store.close()
                await server.stop()
            }
        }
    }

    /// A store on `url` whose calls wait for a pooled connection as long as they must: what is
    /// measured is the call, not the guard that gives up on a pool that cannot connect.
    static func openPostgres(_ url: PostgresURL, connections: Int, flag: String) async throws(CalibrationError) -> PostgresStore {
        do {
            return try await PostgresStore.open(url: url, poolSize: connections, connectionWait: nil)
        } catch {
            throw CalibrationError(.unreachable, "cannot calibrate \(flag): \(error.description)")
        }
    }

    static func postgresVersion(_ store: PostgresStore) async -> String {
        (try? await store.serverVersion()) ?? "unknown (\(store.lastFailure ?? "SELECT version() failed"))"
    }
}
