import ArgumentParser
import Foundation
import StampedeAnalysis
import StampedeLanguage
import StampedeReports
import StampedeResult
import StampedeRunner
import StampedeSystem

/// `stampede predict FILE`: the model checked against the real thing. A scenario that names
/// real backends runs twice — on the wall clock against them, and in virtual time on their
/// models (the latencies and costs the file states, e.g. from `stampede calibrate`) — and the
/// two are compared metric by metric.
struct PredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run a scenario against its real backends and on their models, and say how well the model predicted it.",
        discussion: """
        FILE names real backends (system.cache.backend: redis, system.store.backend: sqlite or postgres). \
        The run against them is on the wall clock; the prediction is the same scenario in virtual time with \
        each real backend replaced by its model, which uses the scenario's own latency and cost keys (point \
        them at a calibration file from `stampede calibrate`), and password hashing modeled. Writes \
        measured/ and predicted/ (each a full run report), the comparison (index.html, compare.json, \
        compare.md) and agreement.md into --out. The model is held to 25% at p50 and for call rates, 50% at \
        p99 and 5 points for the hit ratio. Exit 0 when every judged metric agrees, 1 when one does not, 2 \
        for bad input or a backend that cannot be started.
        """)

    @Argument(help: "A scenario that names real backends, e.g. scenarios/real/redis-sqlite.yaml.")
    var file: String

    @Option(parsing: .unconditional, help: "Root seed; the same for both runs (default: the scenario's, else 1).")
    var seed: UInt64?

    @Option(help: "Folder for the reports (default: reports/<scenario name>-predict).")
    var out: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Change a scenario key for both runs (repeatable).", valueName: "key=value"))
    var sets: [String] = []

    @Flag(help: "Print only the verdict and the output folder.")
    var quiet = false

    func run() async throws {
        var overrides: [ScenarioOverride] = []
        for text in sets {
            guard let o = OverrideArguments.parse(text) else { throw badArgument("--set expects KEY=VALUE, found '\(text)'") }
            overrides.append(o)
        }
        let real = try loadScenario(file, overrides: overrides, clock: .wall)
        guard real.system.needsWallClock else {
            throw badArgument("\(file) names no real backend, so there is nothing to predict: set system.cache.backend: redis "
                              + "or system.store.backend: sqlite or postgres (or use --set)")
        }
        let model = Self.modelTwin(of: real)
        let seed = self.seed ?? real.seed ?? 1
        let root = out ?? "reports/\(real.name)-predict"
        try OutputFolder.prepare(root, option: out == nil ? "the default report folder" : "--out")

        var options = RunOptions(seed: seed)
        options.shouldStop = { interruptRequested.load(ordering: .relaxed) }
        let progress = ProgressLine(enabled: !quiet)
        options.progress = { progress.update($0) }
        options.reproduce = (["stampede", "predict", file, "--seed", String(seed)] + overrides.flatMap { ["--set", $0.description] })
            .map(OverrideArguments.shellQuoted).joined(separator: " ")
        if !quiet { print("stampede predict: \(real.name), seed \(seed): 1/2 measured, \(real.duration) on the wall clock against the real backends") }
        options.clock = .wall
        options.workFolder = root + "/measured"
        let measured: RunResult
        do {
            measured = try await Runner.runWallClock(real, options: options)
        } catch {
            progress.finish()
            printError(error.description)
            throw Exit(code: .badInput)
        }
        progress.finish()
        if interruptRequested.load(ordering: .relaxed) {
            _ = try? ReportWriter.write(measured, to: root + "/measured")
            throw Exit(code: .interrupted)
        }
        if !quiet { print("stampede predict: 2/2 predicted, the same scenario in virtual time on the models") }
        options.clock = .virtual
        options.workFolder = nil
        let predicted = Runner.run(model, options: options)
        progress.finish()

        let agreement = ModelAgreement(predicted: predicted, measured: measured)
        do {
            _ = try ReportWriter.write(measured, to: root + "/measured")
            _ = try ReportWriter.write(predicted, to: root + "/predicted")
            let groups = [ComparisonGroup(name: "predicted", results: [predicted]), ComparisonGroup(name: "measured", results: [measured])]
            let (_, paths) = try ComparisonWriter.write(groups, to: root)
            let markdown = agreement.markdown(title: "Predicted against measured: \(real.name), seed \(seed)")
            try markdown.write(toFile: root + "/agreement.md", atomically: true, encoding: .utf8)
            try ComparisonJSON.encode(agreement).write(to: URL(fileURLWithPath: root + "/agreement.json"))
            if !quiet { print(markdown) }
            let off = agreement.disagreements
            print(off.isEmpty ? "Verdict: the model agrees with the real run on every judged metric"
                  : "Verdict: the model is off on \(off.count) metric\(off.count == 1 ? "" : "s"): \(off.map(\.metric).joined(separator: ", "))")
            print("Reports: \(paths[0])\n         \(root)/agreement.md\n         \(root)/measured/index.html\n         \(root)/predicted/index.html")
            if off.isEmpty { return }
            throw Exit(code: .sloFailed)
        } catch let exit as Exit {
            throw exit
        } catch {
            printError("error: could not write the reports to \(root): \(plainReason(error))")
            throw Exit(code: .internalError)
        }
    }

    /// The scenario with each real backend replaced by its model and hashing modeled: what the
    /// simulator predicts from the file's own latencies and costs.
    static func modelTwin(of spec: ScenarioSpec) -> ScenarioSpec {
        var twin = spec
        if spec.system.realBackend(.cache) {
            twin.system.cache.backend = BackendRegistry.model
            twin.system.cache.endpoint = .managed
        }
        if spec.system.realBackend(.store) {
            twin.system.store.backend = BackendRegistry.model
            twin.system.store.endpoint = .managed
        }
        twin.system.service.realHashing = false
        return twin
    }
}
