import Foundation
import Testing

/// `stampede capacity` through the built binary: its probes in child processes, its three
/// reports, its exit codes, and that the answer does not depend on how many jobs ran it.
@Suite(.serialized) struct CapacityCLITests {
    let tmp = NSTemporaryDirectory() + "stampede-capacity-cli-\(getpid())"
    let fixture = "Tests/StampedeCLITests/Fixtures/capacity-mmc.yaml"

    func json(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test(arguments: [
        (["--phase", "surge"], "has no phase called that"),
        (["--slo", "login.p99"], "no SLO of"),
        (["--target", "300/s", "--target-factor", "2"], "not both"),
        (["--resolution", "0%"], "--resolution must be above 0%"),
        (["--target", "fast"], "--target takes a rate"),
        (["--seeds", "0"], "--seeds must be from 1 to 100"),
        (["--set", "system.store.pool=zero"], "system.store.pool"),
    ])
    func badInputExits2BeforeAnyProbe(args: [String], mentions: String) throws {
        let out = tmp + "/bad"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let r = try stampede(["capacity", fixture, "--out", out] + args)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains(mentions), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"))
        #expect(!FileManager.default.fileExists(atPath: out + "/capacity.json"))
        #expect(!r.stdout.contains("probe  1"))
    }

    @Test func aScenarioWithoutSLOsOrAFileThatIsMissingExits2() throws {
        let r = try stampede(["capacity", "scenarios/no-such-file.yaml"])
        #expect(r.status == 2 && !r.stderr.isEmpty)
    }

    @Test func writesTheReportsAndTheSameAnswerWithOneJobOrTwo() throws {
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let one = try stampede(["capacity", fixture, "--seeds", "2", "--jobs", "1", "--out", tmp + "/one", "--quiet"])
        let two = try stampede(["capacity", fixture, "--seeds", "2", "--jobs", "2", "--out", tmp + "/two"])
        #expect(one.status == 0, "\(one.stdout)\(one.stderr)")
        #expect(two.status == 0, "\(two.stdout)\(two.stderr)")
        #expect(two.stdout.contains("probe  1") && two.stdout.contains("[rate search"))
        #expect(two.stdout.contains("Maximum sustainable rate:"))
        for file in ["capacity.html", "capacity.json", "capacity.md"] {
            #expect(FileManager.default.fileExists(atPath: tmp + "/two/" + file), "\(file) missing")
        }
        var a = try json(tmp + "/one/capacity.json"), b = try json(tmp + "/two/capacity.json")
        a["meta"] = nil
        b["meta"] = nil
        let canonical = { (o: [String: Any]) in
            String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]), as: UTF8.self)
        }
        let (left, right) = (try canonical(a), try canonical(b))
        let same = left == right
        #expect(same, "capacity.json differs between --jobs 1 and --jobs 2 from: \(left.commonPrefix(with: right).count)")
        let maximum = try #require(a["maximum"] as? [String: Any])
        #expect(maximum["bound"] as? String == "bracketed")
        // M/M/2 with 10 ms service and p99 wait < 50 ms holds about 123/s (the busy phase is the scaled peak).
        let rate = try #require(maximum["rate"] as? Double)
        #expect(rate > 100 && rate < 135, "found \(rate)/s")
        #expect((a["probes"] as? [Any])?.count ?? 0 >= 5)
        let html = try String(contentsOfFile: tmp + "/two/capacity.html", encoding: .utf8)
        #expect(!html.contains("<script") && !html.contains("http://") && html.contains("<svg"))
        #expect(html.contains("Utilization per pool") && html.contains("Knee curve"))
        let md = try String(contentsOfFile: tmp + "/two/capacity.md", encoding: .utf8)
        #expect(md.contains("**Maximum sustainable rate:"))
    }

    @Test func theExitCodeSaysWhetherTheTargetIsMetWithItsHeadroom() throws {
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let met = try stampede(["capacity", fixture, "--seeds", "1", "--target", "60/s", "--out", tmp + "/met", "--quiet"])
        #expect(met.status == 0, "\(met.stdout)\(met.stderr)")
        let missed = try stampede(["capacity", fixture, "--seeds", "1", "--target-factor", "2", "--out", tmp + "/missed", "--quiet"])
        #expect(missed.status == 1, "\(missed.stdout)\(missed.stderr)")
        let result = try json(tmp + "/missed/capacity.json")
        let sizing = try #require(result["sizing"] as? [String: Any])
        #expect(sizing["met"] as? Bool == true, "the re-run of the recommended sizing passes")
        let lines = try #require(sizing["set_lines"] as? [String])
        #expect(lines.contains { $0.hasPrefix("--set system.store.pool=") })
        #expect(missed.stdout.contains("--set system.store.pool="))
    }
}
