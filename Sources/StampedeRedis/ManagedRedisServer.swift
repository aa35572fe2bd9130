import Foundation
import NIOCore
import NIOPosix
import StampedeServers
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends `signal` to process `pid` (the C `kill`, which `ManagedRedisServer.kill()` shadows).
private func send(_ signal: Int32, to pid: Int32) {
    #if canImport(Glibc)
    _ = Glibc.kill(pid, signal)
    #elseif canImport(Darwin)
    _ = Darwin.kill(pid, signal)
    #endif
}

/// Why a managed redis-server could not be started, with what was run and what it said.
public struct ManagedRedisError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// No `redis-server` on `PATH` (or at the configured path).
        case notInstalled
        /// The process exited, or did not answer PING in time.
        case startFailed
        /// The temporary directory or the configuration file could not be made.
        case io
    }

    public var code: Code
    public var message: String
    public var description: String { message }
}

/// A `redis-server` process of our own: a fresh temporary directory, a generated
/// configuration, a free loopback port.
///
/// `start` returns once the server answers PING. `kill()` is a crash (SIGKILL: what the
/// append-only log and the snapshots did not hold is lost); `restart()` starts it again on the
/// same port and directory, so it recovers from its own files. `stop()` ends it and removes
/// the directory; so does `deinit`, so a test that fails still leaves no server behind. Use
/// `withRunning(_:_:)` to have it stopped whatever `body` does.
public final class ManagedRedisServer: Sendable {
    public let host = "127.0.0.1"
    public let port: Int
    /// The server's own directory: `redis.conf`, its log, `dump.rdb`, `appendonlydir/`.
    public let directory: URL
    public let configuration: Configuration
    /// The `redis-server` binary it runs.
    public let executable: String

    private struct State {
        var process: Process?
        /// Bumped by every start, so a late exit notice of an earlier process is ignored.
        var generation = 0
        var running = false
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
        var epoch: UInt64 = 0
        var removed = false
    }

    private let state = Mutex(State())

    private init(executable: String, configuration: Configuration, directory: URL, port: Int) {
        self.executable = executable; self.configuration = configuration; self.directory = directory; self.port = port
    }

    deinit {
        let pid = state.withLock { $0.running ? $0.process?.processIdentifier : nil }
        if let pid { send(SIGKILL, to: pid) }
        removeDirectory()
    }

    // MARK: Life

    /// Starts a server and waits until it answers PING.
    ///
    /// Throws `.notInstalled` when there is no redis-server, and `.startFailed` with the
    /// command and the tail of its log when it exits or does not answer within
    /// `configuration.startTimeout`. A port taken between choosing it and binding it is retried.
    public static func start(_ configuration: Configuration = Configuration()) async throws(ManagedRedisError) -> ManagedRedisServer {
        let executable = try locate(configuration.executable)
        var failure: ManagedRedisError?
        for _ in 0..<3 {
            let directory = try makeDirectory()
            let port = try freePort()
            let server = ManagedRedisServer(executable: executable, configuration: configuration, directory: directory, port: port)
            do {
                try server.writeConfiguration()
                try await server.launch()
                return server
            } catch {
                failure = error
                let portTaken = server.logTail().contains("Address already in use")
                await server.stop()
                if !portTaken { break }
            }
        }
        throw failure!
    }

    /// Runs `body` with a started server and stops it afterwards, also when `body` throws.
    public static func withRunning<T>(_ configuration: Configuration = Configuration(),
                                      _ body: (ManagedRedisServer) async throws -> T) async throws -> T {
        try await LocalServer.using(try await start(configuration), stop: { await $0.stop() }, body)
    }

    /// Whether the process is alive.
    public var isRunning: Bool { state.withLock { $0.running } }

    /// Bumped by every `kill()` of a running server.
    public var epoch: UInt64 { state.withLock { $0.epoch } }

    /// The process's id while it runs.
    public var processIdentifier: Int32? { state.withLock { $0.running ? $0.process?.processIdentifier : nil } }

    /// A client of this server.
    public func client(poolSize: Int = 8, callsPerConnection: Int = 1, callTimeout: Duration = .seconds(2)) -> RedisClient {
        RedisClient(host: host, port: port, poolSize: poolSize, callsPerConnection: callsPerConnection, callTimeout: callTimeout)
    }

    /// Kills the process with SIGKILL, as a crash would, and waits until it is gone.
    /// Does nothing when it is not running.
    public func kill() async {
        await terminate(countingCrash: true)
    }

    /// Starts the server again on its port and directory, where it loads its append-only log
    /// or its snapshot, and waits until it answers PING. Does nothing while it runs.
    public func restart() async throws(ManagedRedisError) {
        guard !isRunning else { return }
        try await launch()
    }

    /// Ends the server (`SHUTDOWN NOSAVE`, then SIGKILL if it is still there after 5 s) and
    /// removes its directory. Safe to call more than once.
    ///
    /// Not SIGTERM: a child started by Foundation's `Process` inherits the parent thread's
    /// signal mask, and under the test runner that can block SIGTERM, so the server never sees it.
    public func stop() async {
        if isRunning {
            if let connection = try? await RedisConnection.connect(host: host, port: port, connectTimeout: .milliseconds(500)) {
                // The server closes the connection instead of answering.
                _ = try? await connection.send([RedisCommand("SHUTDOWN", "NOSAVE")], deadline: .now() + .seconds(2)) // wall-clock
                connection.close()
            }
            if await !waitForExit(within: .seconds(5)) {
                await terminate(countingCrash: false)
            }
        }
        removeDirectory()
    }

    /// Sends `signal` to the running process, for tests that stop (`SIGSTOP`) and continue it.
    package func signal(_ signal: Int32) {
        if let pid = processIdentifier { send(signal, to: pid) }
    }

    /// Whether a process with this id exists (a test's check that a server is really gone).
    package static func processExists(_ pid: Int32) -> Bool {
        #if canImport(Glibc)
        return Glibc.kill(pid, 0) == 0
        #else
        return Darwin.kill(pid, 0) == 0
        #endif
    }

    /// The last `lines` lines of the server's log and of what it printed.
    public func logTail(lines: Int = 20) -> String {
        var out: [String] = []
        for name in ["stdout.log", "redis.log"] {
            let text = LocalServer.tail(of: directory.appendingPathComponent(name).path, lines: lines)
            guard !text.isEmpty else { continue }
            out += ["--- \(name)", text]
        }
        return out.joined(separator: "\n")
    }

    // MARK: Plumbing

    private var configurationPath: String { directory.appendingPathComponent("redis.conf").path }

    private var commandLine: String { "\(executable) \(configurationPath)" }

    private func writeConfiguration() throws(ManagedRedisError) {
        let text = configuration.redisConf(port: port, directory: directory.path)
        do {
            try text.write(toFile: configurationPath, atomically: true, encoding: .utf8)
        } catch {
            throw ManagedRedisError(code: .io, message: "could not write \(configurationPath): \(error)")
        }
    }

    /// Runs the process and waits for PING; on failure the process is killed.
    private func launch() async throws(ManagedRedisError) {
        let generation = state.withLock { s -> Int in
            s.generation += 1
            return s.generation
        }
        let process: Process
        do {
            process = try LocalServer.launch(executable, [configurationPath], log: directory.appendingPathComponent("stdout.log").path,
                                             in: directory.path) { [weak self] _ in self?.exited(generation: generation) }
        } catch {
            throw ManagedRedisError(code: .startFailed, message: "could not run `\(commandLine)`: \(error)")
        }
        state.withLock { s in
            s.process = process
            s.running = true
        }
        do {
            try await waitUntilReady()
        } catch {
            await terminate(countingCrash: false)
            throw error
        }
    }

    /// Polls with PING until the server answers PONG, it exits, or the start timeout passes.
    private func waitUntilReady() async throws(ManagedRedisError) {
        let clock = ContinuousClock() // wall-clock
        let deadline = clock.now + configuration.startTimeout // wall-clock
        var last = "no answer"
        while true {
            guard isRunning else {
                throw ManagedRedisError(code: .startFailed, message: """
                    `\(commandLine)` exited before answering PING on \(host):\(port). Its log ends:
                    \(logTail())
                    """)
            }
            do {
                let connection = try await RedisConnection.connect(host: host, port: port, connectTimeout: .milliseconds(250))
                defer { connection.close() }
                let reply = try await connection.send([RedisCommand("PING")], deadline: .now() + .seconds(1)) // wall-clock
                if reply.first == .simpleString("PONG") { return }
                last = "PING answered \(reply.first.map { "\($0)" } ?? "nothing")"
            } catch {
                last = error.message
            }
            guard clock.now < deadline else { // wall-clock
                throw ManagedRedisError(code: .startFailed, message: """
                    `\(commandLine)` did not answer PING on \(host):\(port) within \(configuration.startTimeout) \
                    (last try: \(last)). Its log ends:
                    \(logTail())
                    """)
            }
            try? await Task.sleep(for: .milliseconds(10)) // wall-clock
        }
    }

    private func terminate(countingCrash: Bool) async {
        let pid = state.withLock { s -> Int32? in
            guard s.running, let p = s.process else { return nil }
            if countingCrash { s.epoch &+= 1 }
            return p.processIdentifier
        }
        guard let pid else { return }
        send(SIGKILL, to: pid)
        await waitForExit()
    }

    private func exited(generation: Int) {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            guard s.generation == generation else { return [] }
            s.running = false
            s.process?.terminationHandler = nil
            let w = s.exitWaiters
            s.exitWaiters = []
            return w
        }
        for w in waiters { w.resume() }
    }

    private func waitForExit() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                guard s.running else { return true }
                s.exitWaiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    /// Waits for the process to exit, at most `limit`; whether it did.
    private func waitForExit(within limit: Duration) async -> Bool {
        let clock = ContinuousClock() // wall-clock
        let deadline = clock.now + limit // wall-clock
        while isRunning, clock.now < deadline { // wall-clock
            try? await Task.sleep(for: .milliseconds(5)) // wall-clock
        }
        return !isRunning
    }

    private func removeDirectory() {
        let remove = state.withLock { s -> Bool in
            defer { s.removed = true }
            return !s.removed
        }
        if remove { try? FileManager.default.removeItem(at: directory) }
    }

    /// The redis-server to run: `configured`, or the first on `searchPath` (`PATH` by default).
    static func locate(_ configured: String?,
                       searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) throws(ManagedRedisError) -> String {
        if let configured {
            guard FileManager.default.isExecutableFile(atPath: configured) else {
                throw ManagedRedisError(code: .notInstalled, message: "redis-server is not an executable file at \(configured)")
            }
            return configured
        }
        let path = searchPath ?? "/usr/local/bin:/usr/bin:/bin"
        if let found = LocalServer.findExecutable("redis-server", in: path.split(separator: ":").map(String.init)) { return found }
        throw ManagedRedisError(code: .notInstalled, message: """
            redis-server is not on PATH (\(path)). Install it with \
            `.ci/install-packages.sh redis-server=redis-server` (Debian's redis-server package), as CI does.
            """)
    }

    private static func makeDirectory() throws(ManagedRedisError) -> URL {
        do {
            return URL(fileURLWithPath: try LocalServer.makeTemporaryDirectory(prefix: "stampede-redis-"), isDirectory: true)
        } catch {
            throw ManagedRedisError(code: .io, message: "could not create the server's directory: \(error.message)")
        }
    }

    private static func freePort() throws(ManagedRedisError) -> Int {
        do {
            return try LocalServer.freeLoopbackPort()
        } catch {
            throw ManagedRedisError(code: .io, message: "could not find a free loopback port: \(error.message)")
        }
    }
}
