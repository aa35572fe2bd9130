import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What running a server of our own on this machine takes — a fresh temporary folder, a free
/// loopback port, the program found on PATH, its process with the output in a log file,
/// waiting for it to exit, the end of its log — shared by the managed redis-server and
/// PostgreSQL (wall-clock: real processes, real waits).
public enum LocalServer {
    /// A new, empty folder `<tmp>/<prefix>XXXXXX` (mkdtemp: its name is the kernel's pick).
    public static func makeTemporaryDirectory(prefix: String) throws(LocalServerError) -> String {
        var template = Array((NSTemporaryDirectory() + "/" + prefix + "XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw LocalServerError("cannot create a temporary folder in \(NSTemporaryDirectory()): \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    /// Runs `body` with a started `server` and stops it afterwards, also when `body` throws.
    public static func using<Server, T>(_ server: Server, stop: (Server) async -> Void,
                                        _ body: (Server) async throws -> T) async throws -> T {
        do {
            let result = try await body(server)
            await stop(server)
            return result
        } catch {
            await stop(server)
            throw error
        }
    }

    /// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's pick). Another
    /// process may take it before the server binds it, so a caller retries a failed bind.
    public static func freeLoopbackPort() throws(LocalServerError) -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LocalServerError("cannot open a socket to find a free loopback port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, length) == 0 && getsockname(fd, sa, &length) == 0
            }
        }
        guard bound else { throw LocalServerError("cannot bind a loopback socket to find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The first executable `name` in `searchPath`, or nil.
    public static func findExecutable(_ name: String, in searchPath: [String]) -> String? {
        searchPath.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The folders of `PATH`.
    public static var searchPath: [String] {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
    }

    /// Starts `executable` in `directory` with its output appended to `log` and stdin from
    /// /dev/null, so a server left behind by a crashed test never holds the test runner's
    /// pipes open. `onExit` is set before the process starts, so no exit goes unheard.
    public static func launch(_ executable: String, _ arguments: [String], log: String, in directory: String,
                              onExit: (@Sendable (Process) -> Void)? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        // The child has its own copy of the descriptor once it runs.
        defer { try? out.close() }
        out.seekToEndOfFile()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = onExit
        try process.run()
        return process
    }

    /// Waits for `process` to exit, at most `limit`; true if it did.
    public static func waitForExit(_ process: Process, limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit // wall-clock
        while process.isRunning {
            if ContinuousClock.now >= deadline { return false } // wall-clock
            try? await Task.sleep(for: .milliseconds(20)) // wall-clock
        }
        return true
    }

    /// The last `lines` lines of the file at `path` (empty if there is none).
    public static func tail(of path: String, lines: Int = 20) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}

/// Why a step of starting a local server failed, in words; each server's own error type
/// wraps it with what it was starting.
public struct LocalServerError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
