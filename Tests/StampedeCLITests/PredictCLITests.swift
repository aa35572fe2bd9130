import Foundation
import Testing

/// `stampede predict` and wall-clock `run` against real backends, through the built binary:
/// a managed redis-server and SQLite, a few seconds of real time.
@Suite(.serialized) struct PredictCLITests {
    let tmp = NSTemporaryDirectory() + "stampede-predict-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

    /// The shipped real-backend scenario, shortened to `seconds` with its events dropped.
    func shortScenario(seconds: Int = 4) -> [String] {
        ["--set", "duration=\(seconds)s", "--set", "traffic.phases=[{ name: hold, for: \(seconds)s, rate: 30/s }]", "--set", "events=[]"]
    }

    @Test func predictRunsTheRealAndTheModelTwinAndWritesTheAgreement() throws {
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let r = try stampede(["predict", "scenarios/real/redis-sqlite.yaml", "--seed", "3", "--out", tmp] + shortScenario())
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        for file in ["index.html", "compare.json", "compare.md", "agreement.md", "agreement.json", "measured/result.json",
                     "predicted/result.json"] {
            #expect(FileManager.default.fileExists(atPath: tmp + "/" + file), "\(file) missing")
        }
        let measured = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: tmp + "/measured/result.json"))) as? [String: Any]
        let predicted = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: tmp + "/predicted/result.json"))) as? [String: Any]
        #expect((measured?["meta"] as? [String: Any])?["clock"] as? String == "wall")
        #expect((predicted?["meta"] as? [String: Any])?["clock"] as? String == "virtual")
        #expect((predicted?["meta"] as? [String: Any])?["real_backends"] == nil, "the twin runs on the models")
        let agreement = try String(contentsOfFile: tmp + "/agreement.md", encoding: .utf8)
        #expect(agreement.contains("| login.p50 |") && agreement.contains("| cache.calls_per_second |"))
        // The exit code follows the table: 1 exactly when a judged row disagrees.
        #expect((r.status == 1) == agreement.contains("**no**"), "\(r.stdout)")
    }

    @Test func predictRefusesAScenarioWithoutARealBackend() throws {
        let r = try stampede(["predict", "scenarios/smoke.yaml", "--out", tmp])
        #expect(r.status == 2 && r.stderr.contains("names no real backend"), "\(r.stderr)")
    }

    @Test func aRealBackendThatCannotBeReachedExits2NamingTheURL() throws {
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let r = try stampede(["run", "scenarios/real/redis-sqlite.yaml", "--clock", "wall", "--out", tmp,
                              "--set", "system.cache.url=redis://127.0.0.1:1/0"] + shortScenario())
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("redis://127.0.0.1:1/0") && r.stderr.contains("tried TCP to 127.0.0.1:1"), "\(r.stderr)")
        let virtual = try stampede(["run", "scenarios/real/redis-sqlite.yaml", "--out", tmp])
        #expect(virtual.status == 2 && virtual.stderr.contains("--clock wall"), "\(virtual.stderr)")
    }
}
