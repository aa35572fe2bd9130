import Foundation
import Synchronization

/// Child processes of this executable (capacity probes, `run --jobs` runs): started, awaited,
/// and signalled all at once on Ctrl-C. Wall-clock orchestration only.
final class ChildProcesses: Sendable {
    /// This executable, so a child runs the same build as its parent.
    let executable: String
    private let running = Mutex<[Int32: Process]>([:])

    init() {
        let selfExe = "/proc/self/exe"
        executable = FileManager.default.fileExists(atPath: selfExe)
            ? (try? FileManager.default.destinationOfSymbolicLink(atPath: selfExe)) ?? selfExe
            : CommandLine.arguments[0]
    }

    /// Runs `arguments` with standard output discarded and standard error to `errors`; returns
    /// the exit status, or -1 when the child could not be started.
    func run(_ arguments: [String], environment: [String: String]? = nil, errors: String) async -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: errors)
        let status: Int32 = await withCheckedContinuation { continuation in
            // wall-clock: the child's exit is reported on a Foundation thread
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
                running.withLock { $0[process.processIdentifier] = process }
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: -1)
            }
        }
        running.withLock { _ = $0.removeValue(forKey: process.processIdentifier) }
        return status
    }

    /// Sends `signal` to every child still running.
    func signalAll(_ signal: Int32) {
        let pids = running.withLock { Array($0.keys) }
        for pid in pids { kill(pid, signal) }
    }
}
