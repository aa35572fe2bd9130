import Foundation
import Testing

/// What the loader adjusts to stay within a limit reaches the user on stderr, before the run.
@Test func aWidenedWindowIsNotedOnStandardError() throws {
    let path = NSTemporaryDirectory() + "stampede-notice-\(getpid()).yaml"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try """
        name: long-soak
        duration: 48h
        traffic:
          phases:
            - { for: 48h, rate: 0.001/s }
          journeys:
            j: { steps: [login, logout] }
        """.write(toFile: path, atomically: true, encoding: .utf8)
    let r = try stampede(["validate", path])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("\(path):2:11: note: a 48h run has 172,800 windows of the default 1s"), "\(r.stderr)")
    #expect(r.stderr.contains("using window: 2s"), "\(r.stderr)")
    let out = NSTemporaryDirectory() + "stampede-notice-out-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: out) }
    let run = try stampede(["run", path, "--out", out, "--quiet"])
    #expect([0, 1].contains(run.status), "\(run.stderr)")
    #expect(run.stderr.contains("note: a 48h run has 172,800 windows"), "\(run.stderr)")
    let result = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/result.json"))) as? [String: Any]
    let timeline = result?["timeline"] as? [String: Any]
    #expect(timeline?["window_s"] as? Double == 2, "\(String(describing: timeline?["window_s"]))")
}
