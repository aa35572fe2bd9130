import Foundation
import PostgresNIO
import StampedeServers
import StampedeStore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL server of Stampede's own: a fresh cluster in a temporary folder, listening on
/// a free loopback port, stopped and removed when done.
///
/// `start()` runs `initdb` (trust authentication; the server listens on 127.0.0.1 only), then
/// `postgres -D … -p PORT -k … -c listen_addresses=127.0.0.1`, and returns once a login
/// succeeds. When we are root the programs run as the `postgres` user, since PostgreSQL
/// refuses root. Prefer `withServer`, which stops the server however its body ends; a server
/// dropped while still running is shut down immediately and its folder removed; and one left
/// running by a process that died (a crashed test run) is shut down and removed by the next
/// `start()` on the machine.
///
/// - Note: This is the wall-clock path: it waits on real processes and sleeps for real.
public final class ManagedPostgresServer: Sendable {
    /// How the server is asked to stop.
    public enum ShutdownMode: Sendable {
        /// SIGINT: roll back open transactions, disconnect clients, checkpoint, exit.
        case fast
        /// SIGQUIT: exit at once, as if the machine lost power; the next start runs crash recovery.
        case immediate
    }

    public struct Options: Sendable {
        /// Server settings, each passed as `-c name=value` (for example `max_connections`).
        public var settings: [String: String]
        /// How long `start()` and `restart()` wait for the server to accept a login. A server
        /// starts in well under a second on an idle machine; on a loaded one (a CI run of every
        /// test at once) starting the process alone has taken tens of seconds.
        public var startTimeout: Duration

        public init(settings: [String: String] = [:], startTimeout: Duration = .seconds(60)) {
            self.settings = settings; self.startTimeout = startTimeout
        }
    }

    /// The temporary folder holding the cluster (`data/`), the socket and `postgres.log`.
    public let directory: String
    public var port: Int { state.withLock { $0.port } }
    public var dataDirectory: String { directory + "/data" }
    public var logFile: String { directory + "/postgres.log" }
    /// The superuser `postgres`, database `postgres`, on this server.
    public var url: PostgresURL { PostgresURL(host: "127.0.0.1", port: port, user: "postgres", database: "postgres") }

    private let binaries: PostgresBinaries
    private let options: Options

    private struct State {
        var port: Int
        var process: Process?
        var removed = false
    }
    private let state: Mutex<State>

    private init(directory: String, binaries: PostgresBinaries, options: Options) {
        self.directory = directory; self.binaries = binaries; self.options = options
        state = Mutex(State(port: 0, process: nil))
    }

    /// Creates a cluster and starts a server on it; the error names the program and, when the
    /// server did not come up, ends with the tail of its log.
    public static func start(_ options: Options = Options()) async throws(StoreStartError) -> ManagedPostgresServer {
        let binaries = try PostgresBinaries.locate()
        await ServerLaunch.reapOrphans()
        let server = ManagedPostgresServer(directory: try makeDirectory(), binaries: binaries, options: options)
        guard (try? "\(getpid())\n".write(toFile: server.directory + "/" + ServerLaunch.ownerFile, atomically: true, encoding: .utf8)) != nil else {
            server.remove()
            throw StoreStartError(.serverFailed, target: server.directory, message: "cannot write to the temporary folder")
        }
        do {
            try await server.initialise()
            try await server.launchOnFreePort()
        } catch {
            server.remove()
            throw error
        }
        return server
    }

    /// Starts a server, runs `body` with it, and stops it whether `body` returns or throws.
    public static func withServer<T: Sendable>(
        _ options: Options = Options(), _ body: (ManagedPostgresServer) async throws -> T
    ) async throws -> T {
        try await LocalServer.using(try await start(options), stop: { await $0.stop() }, body)
    }

    /// Whether the server process is alive.
    public var isRunning: Bool { state.withLock { $0.process?.isRunning ?? false } }

    /// Stops the server and removes its folder. Safe to call more than once.
    public func stop(_ mode: ShutdownMode = .fast) async {
        await shutDown(mode)
        remove()
    }

    /// Stops the server and starts it again on the same folder and port (a store failover):
    /// clients see their connections drop and must reconnect. After `.immediate` the server
    /// runs crash recovery before it accepts a login.
    public func restart(_ mode: ShutdownMode = .fast) async throws(StoreStartError) {
        await shutDown(mode)
        try await launch(port: port)
    }

    /// Stops the server and keeps its folder: the first half of a failover, `resume()` the second.
    public func halt(_ mode: ShutdownMode = .immediate) async {
        await shutDown(mode)
    }

    /// Starts a halted server again on its folder and port; does nothing while it runs.
    public func resume() async throws(StoreStartError) {
        guard !isRunning else { return }
        try await launch(port: port)
    }

    deinit {
        state.withLock { s in
            if let p = s.process, p.isRunning { kill(p.processIdentifier, SIGQUIT) }
        }
        remove()
    }

    // MARK: - Steps

    private static func makeDirectory() throws(StoreStartError) -> String {
        do {
            return try LocalServer.makeTemporaryDirectory(prefix: ServerLaunch.folderPrefix)
        } catch {
            throw StoreStartError(.serverFailed, target: NSTemporaryDirectory(), message: error.message)
        }
    }

    private func initialise() async throws(StoreStartError) {
        try binaries.giveAway(directory)
        let (exe, args) = binaries.command(binaries.initdb, [
            "-D", dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
        ])
        let process: Process
        do {
            process = try LocalServer.launch(exe, args, log: logFile, in: directory)
        } catch {
            throw StoreStartError(.serverFailed, target: binaries.initdb, message: "cannot run it: \(error)")
        }
        guard await LocalServer.waitForExit(process, limit: .seconds(120)) else {
            kill(process.processIdentifier, SIGKILL)
            throw failure(binaries.initdb, "did not finish within 120 s")
        }
        guard process.terminationStatus == 0 else {
            throw failure(binaries.initdb, "exited with status \(process.terminationStatus)")
        }
    }

    /// Starts on a port the kernel says is free; another process may take it between the check
    /// and the bind, so a bind failure is retried on a new port a few times.
    private func launchOnFreePort() async throws(StoreStartError) {
        var attempt = 0
        while true {
            attempt += 1
            let port: Int
            do { port = try LocalServer.freeLoopbackPort() } catch {
                throw StoreStartError(.serverFailed, target: "127.0.0.1", message: error.message)
            }
            do throws(StoreStartError) {
                try await launch(port: port)
                return
            } catch where attempt < 3 && LocalServer.tail(of: logFile, lines: 5).contains("could not bind") {
                continue
            }
        }
    }

    private func launch(port: Int) async throws(StoreStartError) {
        var arguments = ["-D", dataDirectory, "-p", String(port), "-k", directory, "-c", "listen_addresses=127.0.0.1"]
        for (name, value) in options.settings.sorted(by: { $0.key < $1.key }) { arguments += ["-c", "\(name)=\(value)"] }
        let (exe, args) = binaries.command(binaries.postgres, arguments)
        let process: Process
        do {
            process = try LocalServer.launch(exe, args, log: logFile, in: directory)
        } catch {
            throw StoreStartError(.serverFailed, target: binaries.postgres, message: "cannot run it: \(error)")
        }
        state.withLock { $0.port = port; $0.process = process }
        try await waitUntilReady(process, port: port)
    }

    /// Polls with a real login until one succeeds, the process exits, or the time is up.
    private func waitUntilReady(_ process: Process, port: Int) async throws(StoreStartError) {
        let deadline = ContinuousClock.now + options.startTimeout // wall-clock
        var config = PostgresConnection.Configuration(host: "127.0.0.1", port: port, username: "postgres", password: nil,
                                                      database: "postgres", tls: .disable)
        config.options.connectTimeout = .seconds(1)
        var logger = Logger(label: "stampede.postgres.managed")
        logger.logLevel = .critical
        while true {
            // Read before the attempt, so the last attempt is made after the deadline: a
            // process starved of threads may wake long after it, with the server long ready.
            let late = ContinuousClock.now >= deadline // wall-clock
            if !process.isRunning {
                throw failure(binaries.postgres, "exited with status \(process.terminationStatus) before accepting connections on 127.0.0.1:\(port)")
            }
            if let connection = try? await PostgresConnection.connect(configuration: config, id: 0, logger: logger) {
                let answered = (try? await connection.query("SELECT 1", logger: logger)) != nil
                try? await connection.close()
                if answered { return }
            }
            if late {
                await shutDown(.immediate)
                throw failure(binaries.postgres, "did not accept a login on 127.0.0.1:\(port) within \(options.startTimeout)")
            }
            try? await Task.sleep(for: .milliseconds(50)) // wall-clock
        }
    }

    private func shutDown(_ mode: ShutdownMode) async {
        guard let process = state.withLock({ s in defer { s.process = nil }; return s.process }), process.isRunning else { return }
        kill(process.processIdentifier, mode == .fast ? SIGINT : SIGQUIT)
        if await LocalServer.waitForExit(process, limit: .seconds(15)) { return }
        kill(process.processIdentifier, SIGQUIT)
        if await LocalServer.waitForExit(process, limit: .seconds(5)) { return }
        kill(process.processIdentifier, SIGKILL)
        _ = await LocalServer.waitForExit(process, limit: .seconds(5))
    }

    private func remove() {
        let first = state.withLock { s in defer { s.removed = true }; return !s.removed }
        if first { try? FileManager.default.removeItem(atPath: directory) }
    }

    private func failure(_ program: String, _ what: String) -> StoreStartError {
        let log = LocalServer.tail(of: logFile)
        return StoreStartError(.serverFailed, target: program, message: "\(what); the end of its log (\(logFile)):\n\(log)")
    }
}
