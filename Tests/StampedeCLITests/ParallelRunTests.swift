import Foundation
import Testing

/// `run --seeds` / `--matrix` with `--jobs`: the runs go to child processes, and what they write
/// is what a sequential run writes.
@Suite struct ParallelRunTests {
    func canonical(_ url: URL) throws -> String {
        var r = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        r.removeValue(forKey: "meta")
        return String(decoding: try JSONSerialization.data(withJSONObject: r, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func parallelSeedsWriteWhatSequentialSeedsWrite() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-par-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let one = base.appendingPathComponent("one"), two = base.appendingPathComponent("two")
        let sequential = try stampede(["run", "scenarios/smoke.yaml", "--seeds", "3", "--jobs", "1", "--out", one.path])
        let parallel = try stampede(["run", "scenarios/smoke.yaml", "--seeds", "3", "--jobs", "2", "--out", two.path])
        #expect(sequential.status == parallel.status, "\(parallel.stdout)\(parallel.stderr)")
        #expect(parallel.stdout.contains("2 at a time in child processes"), "\(parallel.stdout)")
        for seed in 7...9 {
            let a = one.appendingPathComponent("seed-\(seed)/result.json"), b = two.appendingPathComponent("seed-\(seed)/result.json")
            #expect(try canonical(a) == canonical(b), "seed \(seed)")
            // The child's reproduce line is the one the sequential run records.
            let metaA = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: a)) as? [String: Any])["meta"] as? [String: Any]
            let metaB = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: b)) as? [String: Any])["meta"] as? [String: Any]
            #expect(metaA?["reproduce"] as? String == metaB?["reproduce"] as? String)
            #expect(FileManager.default.fileExists(atPath: two.appendingPathComponent("seed-\(seed)/index.html").path))
        }
        #expect(try Data(contentsOf: one.appendingPathComponent("compare.json")) == Data(contentsOf: two.appendingPathComponent("compare.json")))
        // One summary line per run, in plan order.
        let lines = parallel.stdout.split(separator: "\n").filter { $0.contains("] run seed") || $0.contains("] smoke seed") }
        #expect(lines.count == 3, "\(parallel.stdout)")
        #expect(lines.first?.contains("[1/3]") == true)
    }

    @Test func ctrlCStopsEveryChildAndKeepsWhatTheyMeasured() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-parint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let p = try interruptedRun(["run", "scenarios/login-storm.yaml", "--seeds", "4", "--jobs", "2", "--out", out.path, "--quiet"],
                                   after: 3, within: .seconds(15))
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 130)
        // The two runs in flight stopped and wrote what they measured; the two not started did not run.
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix("seed-") }
        #expect(written.count == 2, "\(written)")
        for folder in written {
            let r = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("\(folder)/result.json"))) as? [String: Any])
            #expect((r["meta"] as? [String: Any])?["interrupted"] as? Bool == true)
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("compare.json").path))
    }
}
