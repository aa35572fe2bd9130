import Foundation
import StampedeAnalysis

/// `compare.json`: the comparison for pipelines, byte-stable for the same inputs.
public enum ComparisonJSON {
    /// Pretty-printed JSON with sorted keys and a final newline.
    public static func encode(_ c: Comparison) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(c)
        data.append(0x0A)
        return data
    }
}
