import Foundation
import StampedeResult

/// Writes every report of a run into one folder.
public enum ReportWriter {
    /// The files `write` produces, in the order it returns them.
    public static let fileNames = ["index.html", "result.json", "junit.xml", "summary.md"]

    /// Creates `directory` (and its parents) if needed and writes `index.html`,
    /// `result.json`, `junit.xml` and `summary.md` into it, replacing earlier ones.
    ///
    /// - Returns: The paths written, in the order of `fileNames`.
    public static func write(_ r: RunResult, to directory: String) throws -> [String] {
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let contents: [Data] = [
            Data(HTMLReport.render(r).utf8),
            try ResultJSON.encode(r),
            Data(JUnitWriter.render(r).utf8),
            Data(MarkdownSummary.render(r).utf8),
        ]
        var paths: [String] = []
        for (name, data) in zip(fileNames, contents) {
            let url = folder.appendingPathComponent(name)
            try data.write(to: url, options: .atomic)
            paths.append(url.path)
        }
        return paths
    }
}
