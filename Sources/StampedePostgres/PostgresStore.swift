import PostgresNIO
import StampedeKernel
import StampedeModel
import StampedeStore
import Synchronization

/// The authoritative store in PostgreSQL: the model store's semantics, as SQL.
///
/// Each run gets a schema of its own (`stampede_<run id>`), created with its tables by
/// `open`, so runs never see each other's rows. Every operation is one statement or a short
/// sequence of statements each of which is atomic on its own (`INSERT … ON CONFLICT DO
/// NOTHING RETURNING`, `UPDATE … WHERE … RETURNING`), chosen so that concurrent callers
/// get exactly the outcomes the model gives one after another; see each method.
///
/// Calls hold a connection from PostgresNIO's pool of `poolSize` connections. The wait for a
/// connection and the time holding it are reported to the observer as the model reports its
/// modeled wait and service time. Failures surface as `BackendError`: `.timeout` when the
/// calling task was cancelled (the statement may still take effect), `.unavailable` for
/// everything else; the last underlying error is kept in `lastFailure` for diagnosis.
///
/// - Note: This is the wall-clock path. The client's pool runs in a task of its own on the
///   global executor until `close()`.
public final class PostgresStore: AuthStore, AsyncStoreSeeding {
    public let url: PostgresURL
    /// The schema holding this store's tables.
    public let schema: String
    public let poolSize: Int

    /// The connection pool and its background task, shared by every view `bound(…)` makes.
    let pool: ClientPool
    var client: PostgresClient { pool.client }
    let clock: any SimClock
    let observer: (any SystemProbe)?
    let gate: CallGate
    /// Sessions issued this long before an insert are deleted by it (the model's retention).
    let retention: SimDuration?
    let logger: Logger
    let failure = Mutex<String?>(nil)
    /// The most a call waits for a pooled connection (nil: as long as the pool keeps it queued).
    let connectionWait: Duration?

    private init(url: PostgresURL, schema: String, poolSize: Int, pool: ClientPool, clock: any SimClock,
                 retention: SimDuration?, observer: (any SystemProbe)?, gate: CallGate?, connectionWait: Duration?, logger: Logger) {
        self.url = url; self.schema = schema; self.poolSize = poolSize; self.pool = pool
        self.connectionWait = connectionWait
        self.clock = clock; self.retention = retention; self.observer = observer; self.logger = logger
        self.gate = gate ?? CallGate(pool: nil, clock: clock)
    }

    /// A client pool and the task that runs its background work (opening and replacing
    /// connections) on `executor` until `close()`; a pool dropped without `close()` still ends.
    final class ClientPool: Sendable {
        let client: PostgresClient
        let runner: Task<Void, Never>

        init(_ client: PostgresClient, executor: (any TaskExecutor)?) {
            self.client = client
            runner = Task(executorPreference: executor) { await client.run() } // wall-clock
        }

        deinit { runner.cancel() }
    }

    /// The same tables and connections, reporting to another run's clock and observer behind
    /// its gate: a store opened before the run is built (its schema created, its connections
    /// checked) serves the run that is built later.
    public func bound(clock: any SimClock, observer: (any SystemProbe)?, gate: CallGate?, retention: SimDuration?) -> PostgresStore {
        PostgresStore(url: url, schema: schema, poolSize: poolSize, pool: pool, clock: clock, retention: retention,
                      observer: observer, gate: gate, connectionWait: connectionWait, logger: logger)
    }

    /// Connects to `url`, creates `schema` and the tables in it, and starts a pool of
    /// `poolSize` connections whose every session uses that schema.
    ///
    /// - Parameters:
    ///   - schema: a new schema's name: lowercase letters, digits and `_`, at most 63 bytes.
    ///     It must not exist yet. Defaults to `stampede_` and 16 random hex digits.
    ///   - clock: the run's clock: stamps the observer's reports and the retention sweep.
    ///   - retention: sessions issued longer ago than this are deleted when a session is
    ///     inserted, as the model forgets them (nil keeps every session).
    ///   - connectionWait: the most a call waits for a pooled connection before it fails as
    ///     `.unavailable`. PostgresNIO's pool keeps a call queued for up to a minute while the
    ///     server cannot be reached; nil leaves it at that.
    ///   - backgroundExecutor: where the pool opens and replaces its connections (nil: the
    ///     global executor). A process whose cooperative threads are held by CPU-bound work
    ///     (a full `swift test`) passes a thread of its own, or no new connection comes
    ///     within `connectionWait` while the server is idle.
    /// - Throws: `StoreStartError` naming the URL: `.unreachable` when nothing answers there
    ///   or the login is refused, `.schema` when the schema cannot be created.
    public static func open(url: PostgresURL, poolSize: Int, schema: String = freshSchemaName(),
                            clock: any SimClock = WallClock(), retention: SimDuration? = nil,
                            observer: (any SystemProbe)? = nil,
                            connectionWait: Duration? = .seconds(10),
                            backgroundExecutor: (any TaskExecutor)? = nil) async throws(StoreStartError) -> PostgresStore {
        guard poolSize >= 1 else { throw StoreStartError(.invalidURL, target: url.description, message: "the pool needs at least one connection, not \(poolSize)") }
        guard isValidSchemaName(schema) else {
            throw StoreStartError(.schema, target: url.description, message:
                "'\(schema)' is not a schema name Stampede creates: use lowercase letters, digits and _, at most 63 bytes, not starting with a digit")
        }
        var logger = Logger(label: "stampede.postgres")
        logger.logLevel = .critical
        // One plain connection first: the pool retries a refused connection for a minute
        // before it fails a request, and a wrong URL should be said at once.
        let probe: PostgresConnection
        do {
            var config = try connectionConfiguration(url)
            config.options.connectTimeout = .seconds(5)
            probe = try await PostgresConnection.connect(configuration: config, id: 0, logger: logger)
        } catch let error as StoreStartError {
            throw error
        } catch {
            throw StoreStartError(.unreachable, target: url.description, message:
                "cannot connect: \(describe(error)) (tried TCP to \(url.host):\(url.port) as user '\(url.user)', database '\(url.database)')")
        }
        do {
            for statement in schemaStatements(schema) { try await probe.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
            try? await probe.close()
        } catch {
            try? await probe.close()
            throw StoreStartError(.schema, target: url.description, message: "cannot create schema \(schema): \(describe(error))")
        }
        let client = PostgresClient(configuration: try clientConfiguration(url, schema: schema, poolSize: poolSize))
        return PostgresStore(url: url, schema: schema, poolSize: poolSize, pool: ClientPool(client, executor: backgroundExecutor), clock: clock,
                             retention: retention, observer: observer, gate: nil, connectionWait: connectionWait, logger: logger)
    }

    /// Connects to `url` (a string), as `open(url:…)` does; an unparsable URL is `.invalidURL`.
    public static func open(url: String, poolSize: Int, schema: String = freshSchemaName(),
                            clock: any SimClock = WallClock(), retention: SimDuration? = nil,
                            observer: (any SystemProbe)? = nil,
                            connectionWait: Duration? = .seconds(10),
                            backgroundExecutor: (any TaskExecutor)? = nil) async throws(StoreStartError) -> PostgresStore {
        try await open(url: try PostgresURL(url), poolSize: poolSize, schema: schema, clock: clock,
                       retention: retention, observer: observer, connectionWait: connectionWait,
                       backgroundExecutor: backgroundExecutor)
    }

    /// `stampede_` and 16 random hex digits: a schema no earlier run used.
    public static func freshSchemaName() -> String {
        "stampede_" + String(UInt64.random(in: 0...UInt64.max), radix: 16).leftPadded(to: 16) // wall-clock: not virtual time
    }

    /// Ends the pool; with `dropSchema` the run's schema and its rows go too.
    public func close(dropSchema: Bool = false) async {
        if dropSchema {
            _ = try? await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
        }
        pool.runner.cancel()
        await pool.runner.value
    }

    /// The underlying error of the last failed call, for diagnosis (the protocol only carries `BackendError`).
    public var lastFailure: String? { failure.withLock { $0 } }

    // MARK: - Configuration

    static func connectionConfiguration(_ url: PostgresURL) throws(StoreStartError) -> PostgresConnection.Configuration {
        PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                         database: url.database, tls: try connectionTLS(url))
    }

    static func clientConfiguration(_ url: PostgresURL, schema: String, poolSize: Int) throws(StoreStartError) -> PostgresClient.Configuration {
        var config = PostgresClient.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                  database: url.database, tls: clientTLS(url))
        config.options.maximumConnections = poolSize
        config.options.minimumConnections = 0
        // Every connection's session resolves the unqualified table names in the run's schema.
        config.options.additionalStartupParameters = [("search_path", schema)]
        return config
    }

    private static func connectionTLS(_ url: PostgresURL) throws(StoreStartError) -> PostgresConnection.Configuration.TLS {
        switch url.tls {
        case .disable: return .disable
        case .prefer, .require:
            do {
                let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                return url.tls == .prefer ? .prefer(context) : .require(context)
            } catch {
                throw StoreStartError(.unreachable, target: url.description, message: "cannot set up TLS: \(error)")
            }
        }
    }

    private static func clientTLS(_ url: PostgresURL) -> PostgresClient.Configuration.TLS {
        switch url.tls {
        case .disable: return .disable
        case .prefer: return .prefer(.makeClientConfiguration())
        case .require: return .require(.makeClientConfiguration())
        }
    }

    static func isValidSchemaName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first), name.utf8.count <= 63 else { return false }
        return name.utf8.allSatisfy { c in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: "_")
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - utf8.count)) + self
    }
}
