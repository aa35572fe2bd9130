import ArgumentParser
import Foundation
import StampedeAnalysis
import StampedeLanguage
import StampedeReports
import StampedeResult
import StampedeRunner
import StampedeSystem

enum ClockChoice: String, ExpressibleByArgument, CaseIterable {
    case virtual, wall
}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write index.html, result.json, junit.xml and summary.md.",
        discussion: """
        --set KEY=VALUE changes one scenario key for this run (repeatable); KEY is a dotted path such as \
        system.cache.pool or traffic.phases[1].rate, VALUE is written as in the file. --matrix KEY=V1,V2,... \
        runs the same traffic and faults once per value, each into its own folder under --out, and writes a \
        comparison (index.html, compare.json, compare.md) there. --seeds N runs seeds SEED ... SEED+N-1 and \
        reports each metric's mean with a 95% confidence interval. --baseline RESULT compares every SLO \
        metric and the key metrics with a saved result and fails the run (exit 1) when one is worse by more \
        than the regression threshold (--regression, else the scenario's `regression:` key, else 10%).
        """)

    @Argument(help: "The scenario file (YAML), e.g. scenarios/login-storm.yaml.")
    var file: String

    @Option(parsing: .unconditional,
            help: "Root seed, a whole number from 0 to 2^64-1; overrides the scenario's. The same seed reproduces the run exactly.")
    var seed: String?

    @Option(help: "Folder for the reports (default: reports/<scenario name>).")
    var out: String?

    @Option(help: "virtual: deterministic simulated time (default). wall: real time, real concurrency (short runs).")
    var clock: ClockChoice = .virtual

    @Option(name: .customLong("set"), help: ArgumentHelp("Change a scenario key for this run (repeatable).", valueName: "key=value"))
    var sets: [String] = []

    @Option(help: ArgumentHelp("Run once per value of a scenario key and compare the runs.", valueName: "key=v1,v2,..."))
    var matrix: String?

    @Option(help: ArgumentHelp("Column names for the --matrix values, comma-separated.", valueName: "a,b,..."))
    var names: String?

    @Option(parsing: .unconditional,
            help: "Run this many seeds (seed, seed+1, ...) and report means with 95% confidence intervals.")
    var seeds: Int = 1

    @Option(help: ArgumentHelp("A saved result.json (or its folder) to check this run against.", valueName: "result"))
    var baseline: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Relative worsening against --baseline that fails the run, e.g. 10%.", valueName: "percent"))
    var regression: String?

    @Flag(help: "Print only the verdict and the output folder.")
    var quiet = false

    @Option(help: ArgumentHelp("With --seeds or --matrix in virtual time: runs at once, each in its own process "
                               + "(default: the number of cores). Results are the same whatever the number.", valueName: "n"))
    var jobs: Int?

    private var jobCount: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let seed { _ = try RootSeed.parse(seed) }
        guard (1...1000).contains(seeds) else { throw ValidationError("--seeds must be from 1 to 1000, found \(seeds)") }
        if let regression { _ = try BaselineCheckOption.threshold(regression) }
        if regression != nil && baseline == nil { throw ValidationError("--regression needs --baseline") }
        if names != nil && matrix == nil { throw ValidationError("--names needs --matrix") }
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be from 1 to 256, found \(jobs)") }
    }

    func run() async throws {
        let plan = try makePlan()
        let check = try BaselineCheckOption(path: baseline, flag: regression)
        var groups: [ComparisonGroup] = []
        var codes: [Int] = []
        let total = plan.variants.count * plan.seeds.count
        if plan.isMulti, clock == .virtual, jobCount > 1, total > 1 {
            (groups, codes) = try await runInParallel(plan)
        } else {
            for variant in plan.variants {
                var results: [RunResult] = []
                for seed in plan.seeds {
                    let label = plan.isMulti ? "[\(codes.count + 1)/\(total)] \(variant.name) seed \(seed)" : nil
                    let result = try await runOne(variant, seed: seed, plan: plan, check: check, label: label)
                    results.append(result)
                    codes.append(result.exitCode)
                    if result.meta.interrupted { break }
                }
                groups.append(ComparisonGroup(name: variant.name, results: results))
                if interruptRequested.load(ordering: .relaxed) { break }
            }
        }
        if plan.isMulti {
            do {
                let (comparison, paths) = try ComparisonWriter.write(groups, to: plan.root)
                ComparisonTerminal.print(comparison, paths: paths, quiet: quiet)
            } catch {
                printError("error: could not write the comparison to \(plan.root): \(plainReason(error))")
                throw Exit(code: .internalError)
            }
        }
        if interruptRequested.load(ordering: .relaxed) { throw Exit(code: .interrupted) }
        throw Exit(code: ExitCode32(rawValue: Int32(worstExitCode(codes))) ?? .internalError)
    }

    /// Loads every variant (so a bad override fails before anything runs) and picks the seeds and folders.
    private func makePlan() throws -> RunPlan {
        var base: [ScenarioOverride] = []
        for text in sets {
            guard let o = OverrideArguments.parse(text) else { throw badArgument("--set expects KEY=VALUE, found '\(text)'") }
            base.append(o)
        }
        var variants: [RunPlan.Variant] = []
        if let matrix {
            guard let (key, values) = OverrideArguments.matrix(matrix) else {
                throw badArgument("--matrix expects KEY=V1,V2,... with no empty value, found '\(matrix)'")
            }
            let labels = values.map { ComparisonGroup.columnName(for: ScenarioOverride(path: key, value: $0).description) }
            let columnNames = try matrixNames(count: values.count) ?? labels
            for (i, folder) in OverrideArguments.folders(labels).enumerated() {
                let overrides = base + [ScenarioOverride(path: key, value: values[i])]
                variants.append(.init(name: columnNames[i], folder: folder, overrides: overrides,
                                      spec: try loadScenario(file, overrides: overrides, clock: runClock)))
            }
        } else {
            variants = [.init(name: "run", folder: "", overrides: base, spec: try loadScenario(file, overrides: base, clock: runClock))]
        }
        let spec = variants[0].spec
        if matrix == nil { variants[0].name = spec.name }
        let first = try seed.map(RootSeed.parse) ?? spec.seed
            ?? UInt64.random(in: 1...999_999) // wall-clock: an unseeded run picks and prints its seed
        // Sweeps get their own default folder, so a plain run's result.json is never mistaken for one of theirs.
        let suffix = matrix != nil ? "-matrix" : seeds > 1 ? "-seeds" : ""
        let root = out ?? "reports/\(spec.name)\(suffix)"
        try OutputFolder.prepare(root, option: out == nil ? "the default report folder" : "--out")
        return RunPlan(variants: variants, seeds: RunPlan.seeds(from: first, count: seeds), root: root)
    }

    private var runClock: RunClock { clock == .virtual ? .virtual : .wall }

    private func matrixNames(count: Int) throws -> [String]? {
        guard let names else { return nil }
        let list = names.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard list.count == count, !list.contains(where: \.isEmpty) else {
            throw badArgument("--names gives \(list.count) names for \(count) --matrix values")
        }
        return list
    }

    private func runOne(_ variant: RunPlan.Variant, seed: UInt64, plan: RunPlan, check: BaselineCheckOption?,
                        label: String?) async throws -> RunResult {
        var options = RunOptions(seed: seed)
        options.clock = clock == .virtual ? .virtual : .wall
        options.reproduce = reproduce(variant, seed: seed)
        options.shouldStop = { interruptRequested.load(ordering: .relaxed) }
        let progress = ProgressLine(enabled: !quiet)
        options.progress = { progress.update($0) }
        let spec = variant.spec
        if !quiet {
            let what = label.map { "\($0): " } ?? ""
            print("stampede \(StampedeVersion.current): \(what)\(spec.name), seed \(seed), \(spec.duration) simulated, \(clock.rawValue) clock")
        }
        let folder = plan.folder(variant, seed: seed)
        options.workFolder = folder
        var result: RunResult
        switch clock {
        case .virtual: result = Runner.run(spec, options: options)
        case .wall:
            do {
                result = try await Runner.runWallClock(spec, options: options)
            } catch {
                progress.finish()
                printError(error.description)
                throw Exit(code: .badInput)
            }
        }
        progress.finish()
        check?.apply(to: &result, scenarioThreshold: spec.regression)
        let paths: [String]
        do {
            paths = try ReportWriter.write(result, to: folder)
        } catch {
            printError("error: could not write the reports to \(folder): \(plainReason(error))")
            throw Exit(code: .internalError)
        }
        if plan.isMulti {
            TerminalSummary.printLine(result, label: label ?? "", paths: paths)
        } else {
            TerminalSummary.print(result, paths: paths, quiet: quiet)
        }
        return result
    }

    /// Every run of the plan in child processes, `--jobs` at once; each child writes its reports
    /// where the sequential run would, and its result is read back for the comparison.
    private func runInParallel(_ plan: RunPlan) async throws -> (groups: [ComparisonGroup], codes: [Int]) {
        var jobs: [ParallelRuns.Job] = []
        var owner: [Int] = [] // job index -> variant index
        let total = plan.variants.count * plan.seeds.count
        for (v, variant) in plan.variants.enumerated() {
            for seed in plan.seeds {
                let folder = plan.folder(variant, seed: seed)
                var words = ["run", file, "--seed", String(seed), "--out", folder, "--quiet"]
                for o in variant.overrides { words += ["--set", o.description] }
                if let baseline { words += ["--baseline", baseline] }
                if let regression { words += ["--regression", regression] }
                let label = "[\(jobs.count + 1)/\(total)] \(variant.name) seed \(seed)"
                jobs.append(.init(index: jobs.count, label: label, folder: folder, arguments: words))
                owner.append(v)
            }
        }
        let width = min(jobCount, total)
        if !quiet {
            print("stampede \(StampedeVersion.current): \(plan.variants[0].spec.name), \(total) runs (\(plan.variants.count) × "
                  + "\(plan.seeds.count) seeds), \(width) at a time in child processes, \(plan.variants[0].spec.duration) simulated each, virtual clock")
        }
        let outcomes = await ParallelRuns(jobs: width).run(jobs) { job, outcome in
            switch outcome {
            case .finished(let result, let paths): TerminalSummary.printLine(result, label: job.label, paths: paths)
            case .failed(let why): printError("error: " + why)
            case .skipped: break
            }
        }
        var results = [[RunResult]](repeating: [], count: plan.variants.count)
        var codes: [Int] = []
        var failed = false
        for (i, outcome) in outcomes.enumerated() {
            switch outcome {
            case .finished(let result, _):
                results[owner[i]].append(result)
                codes.append(result.exitCode)
            case .failed: failed = true
            case .skipped: break
            }
        }
        if failed, !interruptRequested.load(ordering: .relaxed) { throw Exit(code: .internalError) }
        let groups = plan.variants.enumerated().compactMap { v, variant in
            results[v].isEmpty ? nil : ComparisonGroup(name: variant.name, results: results[v])
        }
        return (groups, codes)
    }

    /// The command that repeats one run exactly: the file, its seed and overrides, the clock and the baseline.
    private func reproduce(_ variant: RunPlan.Variant, seed: UInt64) -> String {
        var words = ["stampede", "run", file, "--seed", String(seed)]
        for o in variant.overrides { words += ["--set", o.description] }
        if clock == .wall { words += ["--clock", "wall"] }
        if let baseline { words += ["--baseline", baseline] }
        if let regression { words += ["--regression", regression] }
        return words.map(OverrideArguments.shellQuoted).joined(separator: " ")
    }
}
