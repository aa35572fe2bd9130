import Foundation
import Testing

/// `report`, `compare`, and `run` with `--set`, `--matrix`, `--seeds` and `--baseline`,
/// through the built binary on the small smoke scenario.
@Suite(.serialized) struct ComparisonCLITests {
    let tmp = NSTemporaryDirectory() + "stampede-compare-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

    func read(_ path: String) throws -> String { try String(contentsOfFile: tmp + "/" + path, encoding: .utf8) }
    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: tmp + "/" + path) }

    @Test func reportReRendersASavedResultByteForByte() throws {
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        _ = try stampede(["run", "scenarios/smoke.yaml", "--seed", "5", "--out", tmp + "/run", "--quiet"])
        let r = try stampede(["report", tmp + "/run/result.json", "--out", tmp + "/again"])
        #expect(r.status == 0, "\(r.stderr)")
        for file in ["index.html", "result.json", "junit.xml", "summary.md"] {
            #expect(try read("run/" + file) == read("again/" + file), "\(file) differs after re-rendering")
        }
        #expect(try stampede(["report", tmp + "/run"]).status == 0, "a report folder works too")
    }

    @Test func reportRejectsMissingAndMalformedResults() throws {
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let missing = try stampede(["report", tmp + "/nothing.json"])
        #expect(missing.status == 2 && missing.stderr.contains("nothing.json") && missing.stderr.contains("no file"))
        try #"{"meta": {}, "seed": 1}"#.write(toFile: tmp + "/bad.json", atomically: true, encoding: .utf8)
        let bad = try stampede(["report", tmp + "/bad.json"])
        #expect(bad.status == 2, "\(bad.stderr)")
        #expect(bad.stderr.contains(tmp + "/bad.json: error: not a stampede result: missing key"), "\(bad.stderr)")
        #expect(!bad.stderr.contains("Fatal error"))
        let folder = try stampede(["report", tmp])
        #expect(folder.status == 2 && folder.stderr.contains("no result.json in the folder"))
    }

    @Test func compareWritesAByteStableComparison() throws {
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        _ = try stampede(["run", "scenarios/smoke.yaml", "--seed", "5", "--out", tmp + "/a", "--quiet"])
        _ = try stampede(["run", "scenarios/smoke.yaml", "--seed", "5", "--out", tmp + "/b", "--quiet",
                          "--set", "system.store.pool=4"])
        let first = try stampede(["compare", tmp + "/a", tmp + "/b", "--out", tmp + "/c1", "--names", "base,small-pool"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("small-pool worse on"), "\(first.stdout)")
        _ = try stampede(["compare", tmp + "/a", tmp + "/b", "--out", tmp + "/c2", "--names", "base,small-pool", "--quiet"])
        for file in ["index.html", "compare.json", "compare.md"] {
            #expect(exists("c1/" + file))
            #expect(try read("c1/" + file) == read("c2/" + file), "\(file) is not byte-stable")
        }
        #expect(try read("c1/compare.md").contains("| **small-pool** | `smoke` | 5 | `system.store.pool=4` |"))
        let names = try stampede(["compare", tmp + "/a", tmp + "/b", "--names", "only-one", "--out", tmp + "/c3"])
        #expect(names.status == 2 && names.stderr.contains("--names gives 1 name but the arguments hold 2 runs"))
        #expect(try stampede(["compare", tmp + "/a", tmp + "/missing", "--out", tmp + "/c3"]).status == 2)
        #expect(try stampede(["compare", tmp + "/a", "--tolerance", "lots", "--out", tmp + "/c3"]).status == 2)
    }

    @Test func matrixWithSeedsRunsEveryCombinationAndCompares() throws {
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let r = try stampede(["run", "scenarios/smoke.yaml", "--matrix", "system.store.pool=4,16", "--seeds", "2",
                              "--seed", "3", "--out", tmp + "/m", "--quiet"])
        #expect(r.status == 1, "pool=4 fails validate.p99, so the worst exit code is 1: \(r.stdout)\(r.stderr)")
        for folder in ["1-pool-4/seed-3", "1-pool-4/seed-4", "2-pool-16/seed-3", "2-pool-16/seed-4"] {
            #expect(exists("m/\(folder)/result.json"), "missing \(folder)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: tmp + "/m/compare.json")))
            as! [String: Any]
        let runs = json["runs"] as! [[String: Any]]
        #expect(runs.map { $0["name"] as! String } == ["pool=4", "pool=16"])
        #expect(runs.map { $0["seeds"] as! [Int] } == [[3, 4], [3, 4]])
        let method = json["method"] as! [String: Any]
        #expect(method["significance"] as? String == "welch_t_test")
        let again = try stampede(["compare", tmp + "/m", "--out", tmp + "/m2", "--quiet"])
        #expect(again.status == 0)
        #expect(try read("m2/compare.json") == read("m/compare.json"), "compare reads a matrix folder back in the same order")
        let reproduce = try read("m/2-pool-16/seed-4/summary.md")
        #expect(reproduce.contains("stampede run scenarios/smoke.yaml --seed 4 --set system.store.pool=16"))
    }

    @Test func anUnknownMatrixKeyIsBadInputBeforeAnythingRuns() throws {
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let r = try stampede(["run", "scenarios/smoke.yaml", "--matrix", "system.cache.pol=8,16", "--out", tmp + "/x"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("scenarios/smoke.yaml: error: override system.cache.pol=8: unknown key 'pol' at system.cache"))
        #expect(r.stderr.contains("Did you mean 'pool'?"))
        #expect(!exists("x"), "nothing ran")
        #expect(try stampede(["run", "scenarios/smoke.yaml", "--matrix", "system.cache.pool"]).status == 2)
        #expect(try stampede(["run", "scenarios/smoke.yaml", "--matrix", "system.cache.pool=8,,16"]).status == 2)
        #expect(try stampede(["run", "scenarios/smoke.yaml", "--seeds", "0"]).status == 2)
        #expect(try stampede(["validate", "scenarios/smoke.yaml", "--set", "system.store.pool=0"]).status == 2)
    }

    @Test func aRegressionAgainstTheBaselineFailsTheRun() throws {
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        _ = try stampede(["run", "scenarios/smoke.yaml", "--seed", "5", "--out", tmp + "/base", "--quiet"])
        let slower = "system.store.latency=lognormal(median: 4ms, p99: 40ms)"
        let r = try stampede(["run", "scenarios/smoke.yaml", "--seed", "5", "--out", tmp + "/cand", "--quiet",
                              "--set", slower, "--baseline", tmp + "/base/result.json", "--regression", "10%"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("Verdict: REGRESSED") && r.stdout.contains("REGRESSED  store.query.p99"), "\(r.stdout)")
        let junit = try read("cand/junit.xml")
        #expect(junit.contains("<testcase classname=\"regression\" name=\"store.query.p99 vs baseline\" time=\"0\">"))
        #expect(junit.contains("type=\"regression\""))
        #expect(try read("cand/summary.md").contains("### Baseline"))
        let lenient = try stampede(["run", "scenarios/smoke.yaml", "--seed", "5", "--out", tmp + "/ok", "--quiet",
                                    "--set", slower, "--baseline", tmp + "/base", "--regression", "500%"])
        #expect(lenient.status == 0, "\(lenient.stdout)")
        let same = try stampede(["run", "scenarios/smoke.yaml", "--seed", "5", "--out", tmp + "/same", "--quiet",
                                 "--baseline", tmp + "/base/result.json"])
        #expect(same.status == 0 && same.stdout.contains("0 of "), "the same run never regresses: \(same.stdout)")
        let bad = try stampede(["run", "scenarios/smoke.yaml", "--baseline", tmp + "/nope.json"])
        #expect(bad.status == 2 && bad.stderr.contains("nope.json"))
    }
}
