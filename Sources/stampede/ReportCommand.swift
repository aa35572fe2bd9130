import ArgumentParser
import Foundation
import StampedeReports
import StampedeResult

/// `stampede report RESULT`: re-renders a saved run's reports, so a change to the report
/// format does not need the run repeated.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render index.html, junit.xml and summary.md from a saved result.json.",
        discussion: "Exit 0 when the reports were written (whatever the run's verdict), 2 when the result cannot be read.")

    @Argument(help: "A result.json, or a report folder holding one.")
    var result: String

    @Option(help: "Folder for the reports (default: the folder of the result).")
    var out: String?

    func run() throws {
        let r: RunResult
        do {
            r = try ResultFiles.load(result)
        } catch {
            printError(String(describing: error))
            throw Exit(code: .badInput)
        }
        let folder = out ?? ResultFilesPath.folder(of: result)
        try OutputFolder.prepare(folder, option: out == nil ? "the result's folder" : "--out")
        do {
            let paths = try ReportWriter.write(r, to: folder)
            print("Rendered \(r.scenario.name) (seed \(r.seed), \(r.verdict.words))")
            for p in paths { print("  \(p)") }
        } catch {
            printError("error: could not write the reports to \(folder): \(plainReason(error))")
            throw Exit(code: .internalError)
        }
    }
}

/// Where a result argument lives.
enum ResultFilesPath {
    /// The folder itself for a folder, the containing folder for a file.
    static func folder(of path: String) -> String {
        var directory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &directory), directory.boolValue { return path }
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }
}
