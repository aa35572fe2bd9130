import Foundation
import GRDB
import StampedeKernel
import StampedeModel
import StampedeStore
import Synchronization

/// The authoritative store in an SQLite file: the model store's semantics, as SQL.
///
/// The file is opened as a GRDB `DatabasePool` in WAL mode: reads run concurrently on up to
/// `poolSize` reader connections, each on a snapshot; writes go one at a time through the
/// single writer connection, each in its own transaction. So a write (insert-if-absent,
/// rotate-refresh-once, consume-OTP-once) is atomic by construction, and of concurrent ones
/// exactly one sees the state before the others, as in the model.
///
/// Opening drops and recreates this store's tables, so every run starts empty; nothing else
/// in the file is touched. Failures surface as `BackendError`: `.timeout` when the calling
/// task was cancelled, `.unavailable` otherwise; the underlying error is kept in `lastFailure`.
///
/// - Note: This is the wall-clock path: calls wait on GRDB's dispatch queues.
public final class SQLiteStore: AuthStore, StoreSeeding {
    public let path: String
    let pool: DatabasePool
    let clock: any SimClock
    let observer: (any SystemProbe)?
    let gate: CallGate
    /// Sessions issued this long before an insert are deleted by it (the model's retention).
    let retention: SimDuration?
    private let failure = Mutex<String?>(nil)

    /// Opens (creating if needed) the file at `path` with a fresh set of tables.
    ///
    /// - Parameters:
    ///   - poolSize: the most reads served at once (reader connections); writes are serial.
    ///   - clock: the run's clock: stamps the observer's reports and the retention sweep.
    ///   - retention: sessions issued longer ago than this are deleted when a session is
    ///     inserted, as the model forgets them (nil keeps every session).
    /// - Throws: `StoreStartError` (`.schema`) naming the file when it cannot be opened or set up.
    ///   - gate: the scenario's pool in front of the connections, and injected latency (none by default).
    public init(path: String, poolSize: Int = 8, clock: any SimClock = WallClock(), retention: SimDuration? = nil,
                observer: (any SystemProbe)? = nil, gate: CallGate? = nil) throws(StoreStartError) {
        self.path = path; self.clock = clock; self.retention = retention; self.observer = observer
        self.gate = gate ?? CallGate(pool: nil, clock: clock)
        var config = Configuration()
        config.label = "stampede.store"
        config.maximumReaderCount = max(1, poolSize)
        // Only another process holding the file makes SQLite busy; wait for it a while.
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // WAL with synchronous=NORMAL: a commit is durable against a process crash, and
            // against power loss up to the last checkpoint; the usual setting for WAL.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try pool.write { db in
                for statement in Self.schemaStatements { try db.execute(sql: statement) }
            }
        } catch {
            throw StoreStartError(.schema, target: path, message: "cannot open the SQLite store: \(error)")
        }
    }

    private init(sharing store: SQLiteStore, clock: any SimClock, observer: (any SystemProbe)?, gate: CallGate?,
                 retention: SimDuration?) {
        path = store.path; pool = store.pool
        self.clock = clock; self.observer = observer; self.retention = retention
        self.gate = gate ?? CallGate(pool: nil, clock: clock)
    }

    /// The same file and connections, reporting to another run's clock and observer behind its
    /// gate: a store opened before the run is built serves the run that is built later.
    public func bound(clock: any SimClock, observer: (any SystemProbe)?, gate: CallGate?, retention: SimDuration?) -> SQLiteStore {
        SQLiteStore(sharing: self, clock: clock, observer: observer, gate: gate, retention: retention)
    }

    /// The journal mode the file is in (`wal`).
    public var journalMode: String {
        (try? pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }) ?? nil ?? "unknown"
    }

    /// The SQLite library's version (`UPDATE … RETURNING` needs 3.35 or later).
    public var sqliteVersion: String {
        (try? pool.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") }) ?? nil ?? "unknown"
    }

    /// The underlying error of the last failed call, for diagnosis (the protocol only carries `BackendError`).
    public var lastFailure: String? { failure.withLock { $0 } }

    // MARK: - Calls

    /// Runs `body` on a reader connection; the wait for it and the time holding it are reported
    /// to the observer as a `kind` call (nothing when `kind` is nil: seeding is not traffic).
    func read<T: Sendable>(_ kind: BackendCall?, _ body: @escaping @Sendable (Database) throws -> T) async throws(BackendError) -> T {
        try await access(kind) { [pool, clock] in
            try await pool.read { db in (clock.now, try body(db)) }
        }
    }

    /// Runs `body` in a write transaction on the writer connection, reported like `read`.
    func write<T: Sendable>(_ kind: BackendCall?, _ body: @escaping @Sendable (Database) throws -> T) async throws(BackendError) -> T {
        try await access(kind) { [pool, clock] in
            try await pool.write { db in (clock.now, try body(db)) }
        }
    }

    private func access<T: Sendable>(_ kind: BackendCall?, _ run: () async throws -> (SimInstant, T)) async throws(BackendError) -> T {
        let start = clock.now
        // Seeding (no kind) is not traffic: it passes no gate.
        if kind != nil {
            guard await gate.enter() else {
                observer?.backendCall(kind!, wait: clock.now - start, service: .zero, failed: true, at: clock.now)
                throw .timeout
            }
        }
        defer { if kind != nil { gate.leave() } }
        do {
            let (began, result) = try await run()
            let end = clock.now
            if let kind { observer?.backendCall(kind, wait: began - start, service: end - began, failed: false, at: end) }
            return result
        } catch {
            let end = clock.now
            failure.withLock { $0 = "\(error)" }
            if let kind { observer?.backendCall(kind, wait: end - start, service: .zero, failed: true, at: end) }
            throw error is CancellationError ? .timeout : .unavailable
        }
    }
}

/// Statement helpers: every statement is compiled once per connection and cached.
extension Database {
    func run(_ sql: String, _ arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }

    func row(_ sql: String, _ arguments: StatementArguments = []) throws -> Row? {
        try Row.fetchOne(cachedStatement(sql: sql), arguments: arguments)
    }

    func rows(_ sql: String, _ arguments: StatementArguments = []) throws -> [Row] {
        try Row.fetchAll(cachedStatement(sql: sql), arguments: arguments)
    }
}
