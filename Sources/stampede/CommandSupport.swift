import Foundation
import StampedeScenario

/// Reports a bad command-line argument and ends with exit code 2.
func badArgument(_ message: String) -> Exit {
    printError("error: " + message)
    return Exit(code: .badInput)
}

/// Loads a scenario (with overrides) or ends the process with exit code 2 and the loader's message.
/// What the loader adjusted (its notices) is printed to standard error.
func loadScenario(_ path: String, overrides: [ScenarioOverride] = []) throws -> ScenarioSpec {
    do {
        let spec = overrides.isEmpty ? try ScenarioLoader.load(path: path)
            : try ScenarioLoader.load(path: path, overrides: overrides.map { ($0.path, $0.value) })
        for notice in spec.notices { printError(notice.description) }
        return spec
    } catch {
        printError(String(describing: error))
        throw Exit(code: .badInput)
    }
}
