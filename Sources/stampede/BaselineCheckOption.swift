import ArgumentParser
import Foundation
import StampedeAnalysis
import StampedeLanguage
import StampedeReports
import StampedeResult

/// `--baseline RESULT [--regression P]`: the saved result a run is checked against and the
/// relative worsening that fails it.
struct BaselineCheckOption {
    static let defaultThreshold = 0.10

    let path: String
    let baseline: RunResult
    /// From `--regression`; nil leaves it to the scenario's `regression:` key or the default.
    let flagThreshold: Double?

    /// Nil without `--baseline`; exits 2 on a bad file or threshold.
    init?(path: String?, flag: String?) throws {
        guard let path else { return nil }
        do {
            baseline = try ResultFiles.load(path)
        } catch {
            printError(String(describing: error))
            throw Exit(code: .badInput)
        }
        self.path = path
        flagThreshold = try flag.flatMap(Self.threshold)
    }

    /// `--regression`'s value as a fraction, or a validation error that says what it takes.
    static func threshold(_ flag: String) throws -> Double? {
        do {
            return try ScenarioLoader.regression(flag)
        } catch {
            throw ValidationError("--regression: \(error.problem); expected \(error.expected ?? "a percentage such as 10%"), "
                                  + "found '\(flag)'")
        }
    }

    /// Compares `result` with the baseline at the flag's threshold, else the scenario's, else 10%.
    func apply(to result: inout RunResult, scenarioThreshold: Double?) {
        let threshold = flagThreshold ?? scenarioThreshold ?? Self.defaultThreshold
        result.compare(withBaseline: baseline, file: path, threshold: threshold)
    }
}
