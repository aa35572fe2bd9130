import Foundation
import StampedeAnalysis

/// Writes a comparison into one folder: `index.html`, `compare.json` and `compare.md`.
public enum ComparisonWriter {
    /// The files `write` produces, in the order it returns them.
    public static let fileNames = ["index.html", "compare.json", "compare.md"]

    /// Compares `groups` (the first is the baseline) and writes the three files into
    /// `directory`, creating it if needed.
    ///
    /// - Returns: The comparison and the paths written, in the order of `fileNames`.
    @discardableResult
    public static func write(_ groups: [ComparisonGroup], to directory: String,
                             tolerance: Double = ComparisonMethod.defaultTolerance) throws -> (Comparison, [String]) {
        let comparison = Comparison(groups, tolerance: tolerance)
        let folder = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let contents: [Data] = [
            Data(ComparisonHTML.render(comparison, groups: groups).utf8),
            try ComparisonJSON.encode(comparison),
            Data(ComparisonMarkdown.render(comparison).utf8),
        ]
        var paths: [String] = []
        for (name, data) in zip(fileNames, contents) {
            let url = folder.appendingPathComponent(name)
            try data.write(to: url, options: .atomic)
            paths.append(url.path)
        }
        return (comparison, paths)
    }
}
