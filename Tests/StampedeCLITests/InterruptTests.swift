import Foundation
import Testing

/// Ctrl-C (SIGINT) stops a run promptly, exits 130 and still writes what was measured.
@Suite struct InterruptTests {
    @Test func ctrlCStopsARunAndWritesThePartialReport() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-int-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let p = try interruptedRun(["run", "scenarios/login-storm.yaml", "--out", out.path, "--quiet"], after: 2, within: .seconds(10))
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 130)
        let result = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("result.json"))) as? [String: Any]
        let meta = try #require(result?["meta"] as? [String: Any])
        #expect(meta["interrupted"] as? Bool == true)
        let simulated = try #require(result?["simulated"] as? [String: Any])
        #expect((simulated["requests"] as? Int ?? 0) > 0)
    }
}

/// Starts `stampede arguments`, sends SIGINT once it has run `after` seconds (it must still be
/// running then), and waits up to `within` for it to exit (then kills it); returns the process.
func interruptedRun(_ arguments: [String], after: TimeInterval, within: Duration) throws -> Process {
    let p = Process()
    p.executableURL = binary
    p.arguments = arguments
    p.currentDirectoryURL = root
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    // Long enough for the run to be simulating (the scenarios used take far longer).
    Thread.sleep(forTimeInterval: after)
    #expect(p.isRunning, "the run ended before it could be interrupted")
    let sent = ContinuousClock.now
    kill(p.processIdentifier, SIGINT)
    // Generous for a loaded CI machine; the promise is "within a second".
    while p.isRunning && ContinuousClock.now - sent < within { Thread.sleep(forTimeInterval: 0.02) }
    if p.isRunning { kill(p.processIdentifier, SIGKILL) }
    p.waitUntilExit()
    return p
}
