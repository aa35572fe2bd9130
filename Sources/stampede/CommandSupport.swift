import ArgumentParser
import Foundation
import StampedeLanguage
import StampedeSystem

/// Reports a bad command-line argument and ends with exit code 2.
func badArgument(_ message: String) -> Exit {
    printError("error: " + message)
    return Exit(code: .badInput)
}

/// Loads a scenario (with overrides) or ends the process with exit code 2 and the loader's message.
/// What the loader adjusted (its notices) is printed to standard error.
func loadScenario(_ path: String, overrides: [ScenarioOverride] = [], clock: RunClock = .virtual) throws -> ScenarioSpec {
    do {
        let spec = overrides.isEmpty ? try ScenarioLoader.load(path: path, clock: clock)
            : try ScenarioLoader.load(path: path, overrides: overrides.map { ($0.path, $0.value) }, clock: clock)
        for notice in spec.notices { printError(notice.description) }
        return spec
    } catch {
        printError(String(describing: error))
        throw Exit(code: .badInput)
    }
}

/// `--seed`: a whole number from 0 to 2^64−1.
enum RootSeed {
    static func parse(_ text: String) throws -> UInt64 {
        guard let seed = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("--seed takes a whole number from 0 to 2^64-1 (18446744073709551615), found '\(text)'")
        }
        return seed
    }
}
