import Foundation
import Testing

/// Arguments are checked before any simulation starts: each bad one is exit 2 with one plain
/// sentence, never a Foundation error dump and never a finished run that fails at the end.
@Suite struct ArgumentTests {
    let scratch: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-args-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()

    func expectRefused(_ args: [String], mentioning words: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try stampede(args)
        #expect(r.status == 2, "\(args): exit \(r.status)\n\(r.stderr)", sourceLocation: sourceLocation)
        #expect(!r.stdout.contains("Simulated"), "\(args): the run started before the argument was checked", sourceLocation: sourceLocation)
        for bad in ["NSCocoaErrorDomain", "Error Domain=", "Fatal error", "UserInfo"] {
            #expect(!r.stderr.contains(bad), "\(args): \(r.stderr)", sourceLocation: sourceLocation)
        }
        for word in words {
            #expect(r.stderr.contains(word), "\(args): should mention '\(word)': \(r.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test func calibrateChecksItsArgumentsBeforeAnyWork() throws {
        try expectRefused(["calibrate", "--cache", "redis://10.1.2.3:6379/0"], mentioning: ["--cache", "not a loopback address"])
        try expectRefused(["calibrate", "--store", "postgres://u@db.example.com/x"], mentioning: ["--store", "not a loopback address"])
        try expectRefused(["calibrate", "--store", "postgres://127.0.0.1/x"], mentioning: ["--store", "no user name"])
        try expectRefused(["calibrate", "--store", "sqlit"], mentioning: ["did you mean 'sqlite'?"])
        try expectRefused(["calibrate", "--seconds", "0"], mentioning: ["--seconds"])
        try expectRefused(["calibrate", "--growth", "abc"], mentioning: ["--growth"])
        try expectRefused(["calibrate", "--max-concurrency", "0"], mentioning: ["--max-concurrency"])
    }

    @Test func calibrateNamesARedisThatDoesNotAnswer() throws {
        // A port nothing listens on: bound for a moment by a socket of our own, then released.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        close(listener)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let out = scratch.appendingPathComponent("calibration.yaml").path
        try expectRefused(["calibrate", "--cache", "redis://127.0.0.1:\(port)/0", "--store", "none", "--no-cpu", "--out", out],
                          mentioning: ["redis://127.0.0.1:\(port)/0", "tried TCP to 127.0.0.1:\(port)"])
    }

    @Test func outThatIsAFileIsRefusedBeforeTheRun() throws {
        let file = scratch.appendingPathComponent("a-file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        try expectRefused(["run", "scenarios/smoke.yaml", "--out", file.path], mentioning: ["--out", "is a file, not a folder"])
        try expectRefused(["run", "scenarios/smoke.yaml", "--out", file.path + "/below"],
                          mentioning: ["cannot be created", file.path + " is a file"])
        try expectRefused(["compare", "scenarios/smoke.yaml", "--out", file.path], mentioning: ["--out", "is a file"])
    }

    @Test func emptyOrUncreatableOutIsRefused() throws {
        try expectRefused(["run", "scenarios/smoke.yaml", "--out", ""], mentioning: ["--out is empty"])
        try expectRefused(["run", "scenarios/smoke.yaml", "--out", "/proc/stampede-cannot-be-here"],
                          mentioning: ["--out", "cannot be created"])
    }

    @Test func aFolderOrAnEmptyFileAsTheScenarioSaysSo() throws {
        try expectRefused(["validate", "scenarios"], mentioning: ["'scenarios' is a folder"])
        try expectRefused(["run", "scenarios"], mentioning: ["is a folder"])
        try expectRefused(["validate", "/dev/null"], mentioning: ["empty scenario file"])
        let r = try stampede(["validate", "/dev/null"])
        #expect(!r.stderr.contains("permission"), "\(r.stderr)")
    }

    @Test func seedsAreWholeNumbersInRange() throws {
        for bad in ["-1", "abc", "18446744073709551616", "1.5"] {
            try expectRefused(["run", "scenarios/smoke.yaml", "--seed", bad], mentioning: ["whole number from 0 to 2^64-1", bad])
        }
        try expectRefused(["run", "scenarios/smoke.yaml", "--seeds", "-1"], mentioning: ["--seeds must be from 1 to 1000"])
    }

    @Test func regressionIsCheckedWithoutABaseline() throws {
        try expectRefused(["run", "scenarios/smoke.yaml", "--regression", "abc"], mentioning: ["--regression", "'abc'"])
        try expectRefused(["run", "scenarios/smoke.yaml", "--regression", "10%"], mentioning: ["--regression needs --baseline"])
    }

    @Test func matrixKeysGetTheSameSuggestionAsSet() throws {
        try expectRefused(["run", "scenarios/smoke.yaml", "--matrix", "system.stor.pool=4,8"], mentioning: ["Did you mean 'store'?"])
        try expectRefused(["run", "scenarios/smoke.yaml", "--set", "system.stor.pool=4"], mentioning: ["Did you mean 'store'?"])
    }
}
