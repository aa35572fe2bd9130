import ArgumentParser
import Foundation
import StampedeCapacity
import StampedeLanguage
import StampedeReports
import StampedeResult
import StampedeRunner
import Synchronization

/// `stampede capacity FILE`: how much traffic the scenario's system holds under its SLOs,
/// what saturates first, and what it takes to hold a target.
struct CapacityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "Find the maximum rate a scenario's system sustains under its SLOs, and the sizing for a target.",
        discussion: """
        Scales the scenario's arrival rates (every phase, or --phase NAME) by a factor and finds the largest \
        factor at which every SLO (or those named with --slo) holds at every seed: x2 steps from the file's \
        rate until the verdict changes, then bisection to --resolution. Faults and security events keep their \
        times. Each probe is a deterministic virtual-time run per seed, in parallel child processes (--jobs). \
        --target RATE (journeys/s of the scaled phase at its peak, e.g. 3000/s) or --target-factor F also \
        sizes the store pool, cache pool and service cores for target x (1 + --headroom) and re-runs the \
        answer. --explain names, for each SLO that fails as the file stands, the smallest single knob change \
        that fixes it. Writes capacity.html, capacity.json and capacity.md to reports/<name>/capacity (or \
        --out). Exit 0: done, and the target (if given) is met with its headroom; 1: the target is not met; \
        2: bad input; 4: a probe could not be run; 130: interrupted (what was measured is written).
        """)

    @Argument(help: "The scenario file (YAML), e.g. scenarios/login-storm.yaml.")
    var file: String

    @Option(help: "Scale only this phase's rate (default: every phase).")
    var phase: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Judge only these SLOs (expressions or metric names).", valueName: "slo"))
    var slo: [String] = []

    @Option(parsing: .unconditional, help: "Seeds per probe; a probe passes only if every seed does.")
    var seeds: Int = 3

    @Option(parsing: .unconditional, help: "First seed (default: the scenario's, else 1).")
    var seed: String?

    @Option(help: ArgumentHelp("Stop bisecting when the bracket is this narrow, e.g. 2%.", valueName: "percent"))
    var resolution: String = "2%"

    @Option(help: ArgumentHelp("Size for this rate of the scaled phase, e.g. 3000/s.", valueName: "rate"))
    var target: String?

    @Option(name: .customLong("target-factor"), help: ArgumentHelp("Size for this multiple of the file's rate.", valueName: "factor"))
    var targetFactor: Double?

    @Option(help: ArgumentHelp("Extra load the sizing must hold above the target, e.g. 50%.", valueName: "percent"))
    var headroom: String = "50%"

    @Option(name: .customLong("cores-per-instance"), help: "Size cores in whole service instances of this many cores.")
    var coresPerInstance: Int?

    @Flag(help: "For each SLO that fails as the file stands, find the smallest single sizing change that fixes it.")
    var explain = false

    @Option(help: "Probe runs at once, each in its own process (default: the core count).")
    var jobs: Int?

    private var jobCount: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(help: "Folder for capacity.html, capacity.json and capacity.md (default: reports/<scenario name>/capacity).")
    var out: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Change a scenario key for every probe (repeatable).", valueName: "key=value"))
    var sets: [String] = []

    @Flag(help: "Print only the answer and the report paths.")
    var quiet = false

    func validate() throws {
        guard (1...100).contains(seeds) else { throw ValidationError("--seeds must be from 1 to 100, found \(seeds)") }
        if let seed { _ = try RootSeed.parse(seed) }
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be from 1 to 256, found \(jobs)") }
        let r = try Self.percent(resolution, option: "--resolution")
        guard r > 0 && r <= 0.5 else { throw ValidationError("--resolution must be above 0% and at most 50%, found \(resolution)") }
        let h = try Self.percent(headroom, option: "--headroom")
        guard h >= 0 && h <= 10 else { throw ValidationError("--headroom must be from 0% to 1000%, found \(headroom)") }
        if target != nil && targetFactor != nil { throw ValidationError("give --target or --target-factor, not both") }
        if let target { _ = try Self.rate(target) }
        if let f = targetFactor, !(f > 0 && f <= 1000) { throw ValidationError("--target-factor must be above 0 and at most 1000, found \(f)") }
        if let n = coresPerInstance, n < 1 { throw ValidationError("--cores-per-instance must be at least 1, found \(n)") }
        if coresPerInstance != nil && target == nil && targetFactor == nil && !explain {
            throw ValidationError("--cores-per-instance sizes cores for --target, --target-factor or --explain; give one of them")
        }
    }

    func run() async throws {
        let started = ContinuousClock.now // wall-clock: the search's own duration, for meta
        let startedAt = Date() // wall-clock: meta only
        var overrides: [ScenarioOverride] = []
        for text in sets {
            guard let o = OverrideArguments.parse(text) else { throw badArgument("--set expects KEY=VALUE, found '\(text)'") }
            overrides.append(o)
        }
        let spec = try loadScenario(file, overrides: overrides)
        try check(spec)
        let baseRate = spec.peakRate(phase: phase) ?? 0
        let targetFactor = try self.targetFactor ?? target.map { try Self.rate($0) / baseRate }
        let root = out ?? "reports/\(spec.name)/capacity"
        try OutputFolder.prepare(root, option: out == nil ? "the default report folder" : "--out")
        let first = try seed.map(RootSeed.parse) ?? spec.seed ?? 1
        var options = CapacityOptions(seeds: RunPlan.seeds(from: first, count: seeds))
        options.resolution = try Self.percent(resolution, option: "--resolution")
        options.headroom = try Self.percent(headroom, option: "--headroom")
        options.targetFactor = targetFactor
        options.coresPerInstance = coresPerInstance
        options.explain = explain
        let context = CapacityContext(file: file, overrides: overrides.map(\.description), phase: phase, slos: slo)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-capacity-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let children = ChildProbes(jobs: jobCount, folder: scratch)
        let judged = ProbeRun.selectedSLOs(spec.slos, names: slo).map(\.expression)
        if !quiet {
            print("stampede capacity: \(spec.name), \(judged.count) SLO\(judged.count == 1 ? "" : "s"), seeds \(options.seeds.map(String.init).joined(separator: ", ")), "
                  + "\(jobCount) job\(jobCount == 1 ? "" : "s"); the file's rate is \(CapacityFormat.rate(baseRate)) (\(phase.map { "phase \($0)" } ?? "busiest phase"))")
        }
        let progress = CapacityProgress(quiet: quiet, started: started)
        let search = CapacitySearch(executor: children, context: context, options: options, spec: spec,
                                    observer: { progress.probe($0, purpose: $1) })
        let watcher = InterruptWatcher { children.stopAll() }
        let findings = await search.run()
        watcher.stop()
        let result = CapacityResult(
            version: StampedeVersion.current,
            scenario: ScenarioInfo(name: spec.name, description: spec.description, file: file, sha256: spec.sourceSHA256,
                                   overrides: overrides.map(\.description)),
            settings: CapacitySettings(phase: phase, slos: judged, seeds: options.seeds, resolution: options.resolution,
                                       targetFactor: targetFactor, headroom: options.headroom, coresPerInstance: coresPerInstance,
                                       overrides: overrides.map(\.description)),
            baseRate: baseRate, maximum: findings.maximum, probes: findings.probes, firstSaturated: findings.firstSaturated,
            firstBreach: findings.firstBreach, sizing: findings.sizing, explanations: findings.explanations,
            exitCode: findings.exitCode, interrupted: findings.interrupted,
            meta: CapacityMeta(startedAt: ISO8601DateFormatter().string(from: startedAt),
                               wallSeconds: Self.seconds(ContinuousClock.now - started), // wall-clock
                               jobs: jobCount, runs: search.runCount, host: ProcessMemory.host, command: reproduce(first)))
        let paths: [String]
        do {
            paths = try CapacityWriter.write(result, to: root)
        } catch {
            printError("error: could not write the reports to \(root): \(plainReason(error))")
            throw Exit(code: .internalError)
        }
        CapacityTerminal.print(result, paths: paths, quiet: quiet)
        if let failure = findings.failure { printError("error: \(failure)") }
        throw Exit(code: ExitCode32(rawValue: Int32(findings.exitCode)) ?? .internalError)
    }

    /// Everything about the scenario that would make the search meaningless, before any probe runs.
    private func check(_ spec: ScenarioSpec) throws {
        if spec.system.needsWallClock {
            throw badArgument("\(file) names a real backend or real password hashing; capacity probes run in virtual time on "
                              + "the models (see `stampede predict` to check a model against the real thing)")
        }
        if let phase, !spec.traffic.phases.contains(where: { $0.name == phase }) {
            let names = spec.traffic.phases.map(\.name).joined(separator: ", ")
            throw badArgument("--phase \(phase): \(file) has no phase called that; its phases are \(names)")
        }
        guard (spec.peakRate(phase: phase) ?? 0) > 0 else {
            throw badArgument("\(phase.map { "phase \($0) of " } ?? "")\(file) has no arrivals to scale (every rate is 0/s)")
        }
        for name in slo where !spec.slos.contains(where: { ProbeRun.matches(name, $0) }) {
            let all = spec.slos.map { "'\($0.expression)'" }.joined(separator: ", ")
            throw badArgument("--slo \(name): no SLO of \(file) has that expression or metric; its SLOs are \(all.isEmpty ? "none" : all)")
        }
        if ProbeRun.selectedSLOs(spec.slos, names: slo).isEmpty {
            throw badArgument("\(file) has no SLOs, so there is nothing to hold; add `slos:` (e.g. login.p99 < 500ms)")
        }
    }

    private func reproduce(_ first: UInt64) -> String {
        var words = ["stampede", "capacity", file, "--seeds", String(seeds), "--seed", String(first), "--resolution", resolution]
        if let phase { words += ["--phase", phase] }
        for s in slo { words += ["--slo", s] }
        if let target { words += ["--target", target] }
        if let targetFactor { words += ["--target-factor", String(targetFactor)] }
        if target != nil || targetFactor != nil { words += ["--headroom", headroom] }
        if let coresPerInstance { words += ["--cores-per-instance", String(coresPerInstance)] }
        if explain { words.append("--explain") }
        for s in sets { words += ["--set", s] }
        return words.map(OverrideArguments.shellQuoted).joined(separator: " ")
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// `2%` → 0.02; a bare number is a fraction (`0.02`).
    static func percent(_ text: String, option: String) throws -> Double {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%"), let v = Double(t.dropLast().trimmingCharacters(in: .whitespaces)), v.isFinite { return v / 100 }
        if let v = Double(t), v.isFinite { return v }
        throw ValidationError("\(option) takes a percentage such as 2% (or a fraction such as 0.02), found '\(text)'")
    }

    /// `3000/s`, `180000/min`, `3000` → journeys per second.
    static func rate(_ text: String) throws -> Double {
        let t = text.replacingOccurrences(of: " ", with: "")
        let units: [(String, Double)] = [("/s", 1), ("/sec", 1), ("/min", 60), ("/m", 60), ("/h", 3600)]
        var number = Substring(t)
        var per = 1.0
        for (suffix, seconds) in units where t.hasSuffix(suffix) {
            number = t.dropLast(suffix.count)
            per = seconds
            break
        }
        guard let v = Double(number), v.isFinite, v > 0 else {
            throw ValidationError("--target takes a rate such as 3000/s or 180000/min, found '\(text)'")
        }
        return v / per
    }
}
