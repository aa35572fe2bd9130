import ArgumentParser
import Foundation
import StampedeReports
import StampedeScenario

enum ClockChoice: String, ExpressibleByArgument, CaseIterable {
    case virtual, wall
}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write index.html, result.json, junit.xml and summary.md.")

    @Argument(help: "The scenario file (YAML), e.g. scenarios/login-storm.yaml.")
    var file: String

    @Option(help: "Root seed; overrides the scenario's. The same seed reproduces the run exactly.")
    var seed: UInt64?

    @Option(help: "Folder for the reports (default: reports/<scenario name>).")
    var out: String?

    @Option(help: "virtual: deterministic simulated time (default). wall: real time, real concurrency (short runs).")
    var clock: ClockChoice = .virtual

    @Flag(help: "Print only the verdict and the output folder.")
    var quiet = false

    func run() async throws {
        let spec = try loadScenario(file)
        let seed = self.seed ?? spec.seed ?? UInt64.random(in: 1...999_999) // wall-clock: an unseeded run picks and prints its seed
        var options = RunOptions(seed: seed)
        options.clock = clock == .virtual ? .virtual : .wall
        options.reproduce = "stampede run \(file) --seed \(seed)" + (clock == .wall ? " --clock wall" : "")
        options.shouldStop = { interruptRequested.load(ordering: .relaxed) }
        let progress = ProgressLine(enabled: !quiet)
        options.progress = { progress.update($0) }
        if !quiet { print("stampede \(StampedeVersion.current): \(spec.name), seed \(seed), \(spec.duration) simulated, \(clock.rawValue) clock") }

        let result: RunResult
        switch clock {
        case .virtual: result = Runner.run(spec, options: options)
        case .wall: result = await Runner.runWallClock(spec, options: options)
        }
        progress.finish()

        let folder = out ?? "reports/\(spec.name)"
        let paths: [String]
        do {
            paths = try ReportWriter.write(result, to: folder)
        } catch {
            printError("error: could not write the reports to \(folder): \(error)")
            throw Exit(code: .internalError)
        }
        TerminalSummary.print(result, paths: paths, quiet: quiet)
        if result.meta.interrupted { throw Exit(code: .interrupted) }
        throw Exit(code: ExitCode32(rawValue: Int32(result.exitCode)) ?? .internalError)
    }
}

/// Loads a scenario or ends the process with exit code 2 and the loader's message.
func loadScenario(_ path: String) throws -> ScenarioSpec {
    do {
        return try ScenarioLoader.load(path: path)
    } catch {
        printError(String(describing: error))
        throw Exit(code: .badInput)
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file without running it (exit 0 if valid, 2 if not).")

    @Argument(help: "The scenario file (YAML).")
    var file: String

    func run() throws {
        let spec = try loadScenario(file)
        let requests = spec.traffic.phases.count
        print("\(file): valid — scenario '\(spec.name)', \(spec.duration) simulated, \(spec.users.count) users, "
              + "\(requests) phase\(requests == 1 ? "" : "s"), \(spec.traffic.journeys.count) journeys, "
              + "\(spec.events.count) events, \(spec.slos.count) SLOs")
    }
}
