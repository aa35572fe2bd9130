import Foundation
import Testing

/// The repository root, found from this file's path.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The built `stampede` binary: beside the test bundle in the build folder.
let binary: URL = {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while dir.path != "/" {
        let candidate = dir.appendingPathComponent("stampede")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    return root.appendingPathComponent(".build/debug/stampede")
}()

struct Outcome {
    var status: Int32
    var stdout: String
    var stderr: String
}

func stampede(_ args: [String]) throws -> Outcome {
    let p = Process()
    p.executableURL = binary
    p.arguments = args
    p.currentDirectoryURL = root
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Outcome(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// Each malformed scenario, the line its error must name and the words it must contain.
let malformed: [(file: String, line: Int?, mentions: [String])] = [
    ("unknown-top-key.yaml", 3, ["userz", "users"]),
    ("unknown-nested-key.yaml", 3, ["popularty", "popularity"]),
    ("duration-without-unit.yaml", 2, ["duration", "60"]),
    ("bad-rate.yaml", 6, ["rate", "5 per second"]),
    ("unknown-step.yaml", 8, ["valdate", "validate"]),
    ("negative-pool.yaml", 11, ["pool", "-3"]),
    ("lognormal-p99-below-median.yaml", 11, ["p99", "median"]),
    ("event-after-end.yaml", 11, ["at", "2m"]),
    ("unknown-slo-metric.yaml", 11, ["login.p99x", "login.p99"]),
    ("slo-wrong-unit.yaml", 11, ["login.p99", "25%"]),
    ("phases-short.yaml", nil, ["30s", "1m"]),
    ("yaml-syntax.yaml", nil, ["yaml-syntax.yaml"]),
    ("missing-name.yaml", nil, ["name"]),
    ("unknown-permission.yaml", 8, ["delete"]),
]

@Test(arguments: malformed.map(\.file))
func aMalformedScenarioIsABadInputWithAClearError(file: String) throws {
    let entry = malformed.first { $0.file == file }!
    let path = "Tests/StampedeCLITests/Fixtures/\(file)"
    let r = try stampede(["validate", path])
    #expect(r.status == 2, "\(file): exit \(r.status)")
    #expect(r.stderr.contains(path), "\(file): the error should name the file: \(r.stderr)")
    if let line = entry.line {
        #expect(r.stderr.contains("\(file):\(line):"), "\(file): the error should name line \(line): \(r.stderr)")
    }
    for word in entry.mentions {
        #expect(r.stderr.contains(word), "\(file): the error should mention '\(word)': \(r.stderr)")
    }
    #expect(!r.stderr.contains("Fatal error"), "no crash")
    let run = try stampede(["run", path, "--out", NSTemporaryDirectory() + "stampede-bad"])
    #expect(run.status == 2)
}

@Test func everyShippedScenarioValidates() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scenarios").path).filter { $0.hasSuffix(".yaml") }
    #expect(files.count >= 3)
    for f in files {
        let r = try stampede(["validate", "scenarios/\(f)"])
        #expect(r.status == 0, "\(f): \(r.stderr)")
    }
}

@Test func missingFilesAndBadArgumentsExitTwo() throws {
    #expect(try stampede(["run", "scenarios/does-not-exist.yaml"]).status == 2)
    #expect(try stampede(["run", "scenarios/smoke.yaml", "--seed", "minus-one"]).status == 2)
    #expect(try stampede(["run", "scenarios/smoke.yaml", "--no-such-flag"]).status == 2)
    #expect(try stampede(["frobnicate"]).status == 2)
}

@Test func helpDocumentsTheExitCodes() throws {
    let r = try stampede(["--help"])
    #expect(r.status == 0)
    for text in ["EXIT CODES", "an SLO failed", "bad input", "invariant was violated", "internal error"] {
        #expect(r.stdout.contains(text))
    }
}

@Test func aRunWritesItsReportsAndTheSameSeedReproducesIt() throws {
    let tmp = NSTemporaryDirectory() + "stampede-cli-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    let a = try stampede(["run", "scenarios/smoke.yaml", "--seed", "5", "--out", tmp + "/a"])
    #expect(a.status == 0 || a.status == 1, "\(a.stderr)")
    for f in ["index.html", "result.json", "junit.xml", "summary.md"] {
        #expect(FileManager.default.fileExists(atPath: tmp + "/a/" + f), "missing \(f)")
    }
    #expect(a.stdout.contains("Reproduce: stampede run scenarios/smoke.yaml --seed 5"))
    #expect(a.stdout.contains("simulated req/s"))
    _ = try stampede(["run", "scenarios/smoke.yaml", "--seed", "5", "--out", tmp + "/b", "--quiet"])
    _ = try stampede(["run", "scenarios/smoke.yaml", "--seed", "6", "--out", tmp + "/c", "--quiet"])
    func withoutMeta(_ dir: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: tmp + "/\(dir)/result.json"))
        var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        object["meta"] = nil
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
    #expect(try withoutMeta("a") == withoutMeta("b"))
    #expect(try withoutMeta("a") != withoutMeta("c"))
}
