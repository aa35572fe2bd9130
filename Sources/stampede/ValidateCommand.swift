import ArgumentParser
import StampedeLanguage
import StampedeSystem

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file without running it (exit 0 if valid, 2 if not).")

    @Argument(help: "The scenario file (YAML).")
    var file: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Check with a scenario key changed (repeatable).", valueName: "key=value"))
    var sets: [String] = []

    @Option(help: "Check for this clock only: virtual or wall. By default a file that names real backends (or real hashing) is checked for the wall clock it needs, and the output says so.")
    var clock: ClockChoice?

    func run() throws {
        var overrides: [ScenarioOverride] = []
        for text in sets {
            guard let o = OverrideArguments.parse(text) else { throw badArgument("--set expects KEY=VALUE, found '\(text)'") }
            overrides.append(o)
        }
        let spec = try loadScenario(file, overrides: overrides, clock: clock == .virtual ? .virtual : .wall)
        let requests = spec.traffic.phases.count
        let wallOnly = spec.system.needsWallClock
        print("\(file): valid — scenario '\(spec.name)', \(spec.duration)\(wallOnly ? "" : " simulated"), \(spec.users.count) users, "
              + "\(requests) phase\(requests == 1 ? "" : "s"), \(spec.traffic.journeys.count) journeys, "
              + "\(spec.events.count) events, \(spec.slos.count) SLOs"
              + (wallOnly ? "; wall clock only (real backends or real hashing): run it with --clock wall" : ""))
    }
}
