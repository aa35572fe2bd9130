import ArgumentParser
import Foundation
import StampedeAnalysis
import StampedeLanguage
import StampedeReports

/// `stampede compare A B …`: several saved runs side by side in one report.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Put saved runs side by side: index.html, compare.json and compare.md.",
        discussion: """
        Each argument is a result.json, a report folder, or a folder written by run --seeds or run --matrix. \
        Results of one argument with the same scenario and overrides are seeds of one column (mean and 95% \
        confidence interval); the first column is the baseline. With two or more seeds on both sides a \
        difference is significant when Welch's t-test gives p < 0.05; with a single run on a side, when it \
        exceeds --tolerance of the baseline. Exit 0 when the comparison was written, 2 when an input cannot \
        be read.
        """)

    @Argument(help: "Results to compare: result.json files or report folders; the first is the baseline.")
    var inputs: [String]

    @Option(help: "Folder for the comparison (default: reports/compare).")
    var out: String = "reports/compare"

    @Option(help: ArgumentHelp("Column names, comma-separated, one per run.", valueName: "a,b,..."))
    var names: String?

    @Option(help: ArgumentHelp("Relative difference still called the same when a side has one run.", valueName: "percent"))
    var tolerance: String = "5%"

    @Flag(help: "Print only the summary line and the output folder.")
    var quiet = false

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one result.json or report folder") }
    }

    func run() throws {
        guard let limit = try? ScenarioLoader.regression(tolerance), limit < 10 else {
            throw badArgument("--tolerance expects a percentage above 0%, e.g. 5%, found '\(tolerance)'")
        }
        let list = names.map { $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } }
        try OutputFolder.prepare(out, option: "--out")
        let groups: [ComparisonGroup]
        do {
            groups = try ComparisonGroup.load(inputs, names: list)
        } catch {
            printError(String(describing: error))
            throw Exit(code: .badInput)
        }
        do {
            let (comparison, paths) = try ComparisonWriter.write(groups, to: out, tolerance: limit)
            ComparisonTerminal.print(comparison, paths: paths, quiet: quiet)
        } catch {
            printError("error: could not write the comparison to \(out): \(plainReason(error))")
            throw Exit(code: .internalError)
        }
    }
}
