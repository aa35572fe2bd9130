import Foundation
import StampedeResult

/// Writes `capacity.html`, `capacity.json` and `capacity.md` into a folder.
public enum CapacityWriter {
    /// The paths written, HTML first.
    public static func write(_ r: CapacityResult, to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let html = (folder as NSString).appendingPathComponent("capacity.html")
        let json = (folder as NSString).appendingPathComponent("capacity.json")
        let md = (folder as NSString).appendingPathComponent("capacity.md")
        try CapacityHTML.render(r).write(toFile: html, atomically: true, encoding: .utf8)
        try encode(r).write(to: URL(fileURLWithPath: json))
        try CapacityMarkdown.render(r).write(toFile: md, atomically: true, encoding: .utf8)
        return [html, json, md]
    }

    /// `capacity.json`: sorted keys, so the same result gives the same bytes.
    public static func encode(_ r: CapacityResult) throws -> Data {
        try ComparisonJSON.encode(r)
    }
}
