import Foundation
import Testing

/// `stampede bench`: per-request counts, and the baseline gate CI can use.
@Suite struct BenchCLITests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-bench-\(UUID().uuidString)")

    @Test func aBaselineIsWrittenAndAWorseRunFailsAgainstIt() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = folder.appendingPathComponent("bench.json").path
        let first = try stampede(["bench", "scenarios/smoke.yaml", "--repeat", "1", "--save-baseline", saved])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("jobs"), "\(first.stdout)")
        #expect(first.stdout.contains("allocations"), "the allocation counter is linked in: \(first.stdout)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: saved))) as? [String: Any])
        let jobs = try #require(json["jobs_per_request"] as? Double)
        let allocations = try #require(json["allocations_per_request"] as? Double)
        #expect(jobs > 1 && jobs < 50, "a request takes a few jobs: \(jobs)")
        #expect(allocations > 0, "\(allocations)")

        // Jobs and allocations per request are deterministic: the same run matches its own baseline.
        let same = try stampede(["bench", "scenarios/smoke.yaml", "--repeat", "1", "--baseline", saved, "--margin", "1000%"])
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("ok        jobs/request"), "\(same.stdout)")

        // A baseline that did a hundredth of the jobs: this run regressed against it.
        var better = json
        better["jobs_per_request"] = jobs / 100
        try JSONSerialization.data(withJSONObject: better).write(to: URL(fileURLWithPath: saved))
        let worse = try stampede(["bench", "scenarios/smoke.yaml", "--repeat", "1", "--baseline", saved, "--margin", "1000%"])
        #expect(worse.status == 1, "\(worse.stdout)\(worse.stderr)")
        #expect(worse.stdout.contains("REGRESSED jobs/request"), "\(worse.stdout)")
    }

    @Test(arguments: [
        (["--baseline", "/nonexistent/bench.json"], "cannot read the bench baseline"),
        (["--margin", "0"], "--margin takes a percentage above zero"),
        (["--margin", "ten"], "--margin takes a percentage above zero"),
        (["--max-growth", "10%"], "--max-growth needs --stretch"),
        (["--stretch", "2", "--max-growth", "lots"], "--max-growth takes a percentage of zero or more"),
        (["--stretch", "2", "--max-growth=-5%"], "--max-growth takes a percentage of zero or more"),
    ])
    func badBaselineArgumentsExit2BeforeAnyRun(arguments: [String], message: String) throws {
        let started = Date()
        let r = try stampede(["bench", "scenarios/login-storm.yaml"] + arguments)
        #expect(r.status == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(!r.stdout.contains("run 1"), "no run before the arguments are checked")
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test func aStretchedRunReportsItsMemoryGrowthAgainstTheLimit() throws {
        let r = try stampede(["bench", "scenarios/smoke.yaml", "--repeat", "1", "--stretch", "2", "--max-growth", "1000%"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("stretched x2:"), "\(r.stdout)")
        #expect(r.stdout.contains("within the limit of 1000%"), "\(r.stdout)")
    }

    @Test func aBaselineOfAnotherScenarioIsRefused() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("other.json").path
        let other: [String: Any] = ["format": "stampede-bench/1", "scenario": "login-storm", "seed": 1, "requests": 10,
                                    "requests_per_cpu_second": 1000, "jobs_per_request": 4, "host": "elsewhere"]
        try JSONSerialization.data(withJSONObject: other).write(to: URL(fileURLWithPath: path))
        let r = try stampede(["bench", "scenarios/smoke.yaml", "--baseline", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("measured on scenario 'login-storm'"), "\(r.stderr)")
    }
}
