import Foundation
import Synchronization
import Testing

/// Every value `validate` accepts, `run` can do: a corpus of malformed and extreme scenarios,
/// generated from the shipped ones with seeded mutations, each run through the built binary.
///
/// Each shipped scenario is first shrunk (rates and users capped, see `Shrink`) so its run is
/// short, then mutated `perBase` times. For each mutant, `validate` and a `run` must agree:
/// exit 2 with `file:line` in the first line of stderr, or a run that ends with 0, 1 or 3. None
/// may be killed by a signal, exit 4, print a crash, take more than `seconds`, or use more than
/// `peakBytes` of memory: each runs under `RLIMIT_AS` of that size, so an allocation past it
/// kills the child, and its resident peak is sampled too.
@Suite(.serialized) struct CorpusTests {
    static let seed: UInt64 = 0x5EED_2026
    static let perBase = 10
    static let seconds = 30.0
    static let peakBytes = 1 << 30
    /// `STAMPEDE_CORPUS_KEEP=1` keeps every generated file (and its stderr) to look at.
    static let keepAll = ProcessInfo.processInfo.environment["STAMPEDE_CORPUS_KEEP"] != nil

    /// The shipped scenarios, relative to the repository root; not those in `real/`, which
    /// run on the wall clock against real servers (StampedeBackendsTests runs their kind).
    static func baseFiles() throws -> [String] {
        let folder = root.appendingPathComponent("scenarios")
        let all = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("real/") }.sorted().map { "scenarios/" + $0 }
    }

    /// The shrunk shipped scenarios, and their mutants.
    static func corpus() throws -> (bases: [Mutant], mutants: [Mutant]) {
        var bases: [Mutant] = [], mutants: [Mutant] = []
        for (b, file) in try baseFiles().enumerated() {
            let original = root.appendingPathComponent(file)
            let text = Shrink.anchorCalibrationFiles(Shrink.apply(try String(contentsOf: original, encoding: .utf8),
                                                                  journeys: 60, users: 500),
                                                     folder: original.deletingLastPathComponent().path)
            let stem = file.dropFirst("scenarios/".count).replacingOccurrences(of: "/", with: "-").dropLast(".yaml".count)
            bases.append(Mutant(name: "\(stem)-base", kind: "base", what: "\(file), shrunk", bytes: Array(text.utf8)))
            var rng = SplitMix64(state: seed &+ UInt64(b) &* 7919)
            let operators = Mutation.allCases
            for i in 0..<perBase {
                // Every operator in turn (offset per file), falling through to the next when it has nothing to act on.
                for attempt in 0..<operators.count {
                    let op = operators[(i + b + attempt) % operators.count]
                    guard let (what, bytes) = op.apply(to: text, &rng) else { continue }
                    mutants.append(Mutant(name: "\(stem)-\(i)", kind: "\(op)", what: "\(file): \(what)", bytes: bytes))
                    break
                }
            }
        }
        return (bases, mutants)
    }

    struct Checked: Sendable {
        var mutant: Mutant
        var validate: ChildResult
        var run: ChildResult?
        var problems: [String]
    }

    /// Runs `validate` and, for a valid one or an invalid one alike, `run`; lists what is wrong.
    static func check(_ mutant: Mutant, in folder: String) -> Checked {
        let path = folder + "/" + mutant.name + ".yaml"
        try? Data(mutant.bytes).write(to: URL(fileURLWithPath: path))
        let scratch = folder + "/" + mutant.name
        let limits = (seconds: seconds, addressSpaceBytes: peakBytes)
        let validate = ChildProcess.run(binary.path, ["validate", path], seconds: limits.seconds,
                                        addressSpaceBytes: limits.addressSpaceBytes, scratch: scratch + "-v")
        let run = ChildProcess.run(binary.path, ["run", path, "--out", scratch + "-out", "--quiet"], seconds: limits.seconds,
                                   addressSpaceBytes: limits.addressSpaceBytes, scratch: scratch + "-r")
        try? FileManager.default.removeItem(atPath: scratch + "-out")
        if keepAll { try? (mutant.what + "\n" + validate.stderr + validate.stdout).write(toFile: scratch + ".txt", atomically: true, encoding: .utf8) }
        var problems: [String] = []
        for (name, r) in [("validate", validate), ("run", run)] {
            if r.timedOut { problems.append("\(name) took over \(seconds) s") }
            if let s = r.signal, !r.timedOut { problems.append("\(name) killed by signal \(s)") }
            if r.exitCode == 4 { problems.append("\(name) exit 4 (internal error)") }
            if r.peakBytes > peakBytes { problems.append("\(name) peaked at \(r.peakBytes >> 20) MB") }
            for crash in ["Fatal error", "Backtrace", "Program crashed", "Stack dump"] where r.stderr.contains(crash) {
                problems.append("\(name) printed '\(crash)'")
            }
        }
        let located = try? NSRegularExpression(pattern: "^" + NSRegularExpression.escapedPattern(for: path) + #":[0-9]+(:[0-9]+)?: error: "#)
        func hasLine(_ text: String) -> Bool {
            let first = text.components(separatedBy: "\n").first ?? ""
            return located?.firstMatch(in: first, range: NSRange(location: 0, length: (first as NSString).length)) != nil
        }
        switch validate.exitCode {
        case 0?:
            if ![0, 1, 3].contains(run.exitCode ?? -1) { problems.append("valid, but run exited \(run.exitCode.map(String.init) ?? "by signal")") }
        case 2?:
            if !hasLine(validate.stderr) { problems.append("refused without file:line: \(validate.stderr.prefix(300))") }
            if run.exitCode != 2 { problems.append("validate refused it, run exited \(run.exitCode.map(String.init) ?? "by signal")") }
        default:
            problems.append("validate exited \(validate.exitCode.map(String.init) ?? "by signal"): \(validate.stderr.prefix(300))")
        }
        if problems.isEmpty && !keepAll { try? FileManager.default.removeItem(atPath: path) }
        return Checked(mutant: mutant, validate: validate, run: run, problems: problems)
    }

    /// Checks every mutant on two worker threads (the machine's cores).
    static func checkAll(_ mutants: [Mutant], in folder: String) -> [Checked] {
        let results = Mutex([Checked?](repeating: nil, count: mutants.count))
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for i in stride(from: worker, to: mutants.count, by: 2) {
                let checked = check(mutants[i], in: folder)
                results.withLock { $0[i] = checked }
            }
        }
        return results.withLock { $0.compactMap { $0 } }
    }

    @Test func theShrunkShippedScenariosRunCleanly() throws {
        let folder = NSTemporaryDirectory() + "stampede-corpus-base-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (bases, _) = try Self.corpus()
        #expect(bases.count >= 20)
        for checked in Self.checkAll(bases, in: folder) {
            #expect(checked.problems.isEmpty, "\(checked.mutant.what): \(checked.problems)")
            #expect(checked.validate.exitCode == 0, "\(checked.mutant.what): \(checked.validate.stderr)")
        }
    }

    @Test func whatValidateAcceptsRunCanDo() throws {
        let folder = NSTemporaryDirectory() + "stampede-corpus-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let (_, mutants) = try Self.corpus()
        #expect(mutants.count >= 200, "the corpus has \(mutants.count) scenarios")
        let clock = ContinuousClock()
        let start = clock.now
        let results = Self.checkAll(mutants, in: folder)
        let failed = results.filter { !$0.problems.isEmpty }
        let ran = results.filter { $0.validate.exitCode == 0 }.count
        let peak = results.flatMap { [$0.validate.peakBytes, $0.run?.peakBytes ?? 0] }.max() ?? 0
        print("corpus: \(results.count) scenarios, \(ran) ran, \(results.count - ran) refused, peak \(peak >> 20) MB, "
              + "slowest \(results.map { max($0.validate.seconds, $0.run?.seconds ?? 0) }.max() ?? 0) s, "
              + "\(clock.now - start) in all; failures kept in \(folder)")
        let kinds = Dictionary(grouping: results, by: \.mutant.kind).sorted { $0.key < $1.key }
        print("corpus by mutation (ran/all): " + kinds.map { kind, rs in
            "\(kind) \(rs.filter { $0.validate.exitCode == 0 }.count)/\(rs.count)"
        }.joined(separator: ", "))
        for checked in failed.prefix(20) {
            Issue.record("\(checked.mutant.name) (\(checked.mutant.what)): \(checked.problems.joined(separator: "; "))")
        }
        #expect(failed.isEmpty, "\(failed.count) of \(results.count) scenarios misbehaved; files in \(folder)")
        #expect(ran >= 20 && results.count - ran >= 100, "both outcomes are exercised: \(ran) ran")
        if failed.isEmpty && !Self.keepAll { try? FileManager.default.removeItem(atPath: folder) }
    }
}
