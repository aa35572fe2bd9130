import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How one run of the binary ended, and what it cost.
struct ChildResult: Sendable {
    var exitCode: Int32?
    /// The signal that ended it, if one did (a crash, or the kill after the time limit).
    var signal: Int32?
    var timedOut: Bool
    var stdout: String
    var stderr: String
    /// Peak resident memory in bytes: the largest `VmHWM` read from `/proc/<pid>/status`
    /// while it ran (sampled every 10 ms, so the last moments may be missed; the address-space
    /// cap is what enforces the limit).
    var peakBytes: Int
    var seconds: Double
}

/// Runs a program with a time limit and an address-space cap, measuring its peak memory.
///
/// The child is started through `sh -c 'ulimit -v …; exec …'`, so `RLIMIT_AS` holds from its
/// first instruction: an allocation past the cap fails in the child, which then dies (a signal
/// or a nonzero exit), and that is what fails a check. Its peak is read from `VmHWM` while it
/// runs, not from `wait4`'s `ru_maxrss`: `posix_spawn` starts the child with `CLONE_VM`, and
/// the kernel carries the parent's high-water mark into the child's at `exec`, so `ru_maxrss`
/// would report the test process's own memory.
enum ChildProcess {
    static func run(_ executable: String, _ arguments: [String], seconds limit: Double,
                    addressSpaceBytes: Int, scratch: String) -> ChildResult {
        let out = scratch + ".out", err = scratch + ".err"
        let script = "ulimit -v \(addressSpaceBytes / 1024) && exec \"$0\" \"$@\""
        let argv = ["/bin/sh", "-c", script, executable] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        let clock = ContinuousClock()
        let start = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, cArgs, environ)
        guard spawned == 0 else {
            return ChildResult(exitCode: nil, signal: nil, timedOut: false, stdout: "",
                               stderr: "posix_spawn failed: \(spawned)", peakBytes: 0, seconds: 0)
        }
        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        var peak = 0
        while true {
            peak = max(peak, highWaterMark(of: pid))
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { break }
            if !timedOut, elapsed(since: start, clock) > limit {
                timedOut = true
                kill(pid, SIGKILL)
            }
            usleep(10_000)
        }
        let text = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<not UTF-8>" }
        let (stdout, stderr) = (text(out), text(err))
        try? FileManager.default.removeItem(atPath: out)
        try? FileManager.default.removeItem(atPath: err)
        let signaled = status & 0x7f
        return ChildResult(exitCode: signaled == 0 ? (status >> 8) & 0xff : nil, signal: signaled == 0 ? nil : signaled,
                           timedOut: timedOut, stdout: stdout, stderr: stderr, peakBytes: peak,
                           seconds: elapsed(since: start, clock))
    }

    /// `VmHWM` of a running process in bytes (0 once it has exited).
    static func highWaterMark(of pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    private static func elapsed(since start: ContinuousClock.Instant, _ clock: ContinuousClock) -> Double {
        let (s, atto) = (clock.now - start).components
        return Double(s) + Double(atto) / 1e18
    }
}
