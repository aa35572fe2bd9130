import Foundation
import StampedeAnalysis

/// `compare.json`: the comparison for pipelines, byte-stable for the same inputs.
public enum ComparisonJSON {
    /// Pretty-printed JSON with sorted keys and a final newline (also `predict`'s `agreement.json`).
    public static func encode(_ c: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(c)
        data.append(0x0A)
        return data
    }
}
