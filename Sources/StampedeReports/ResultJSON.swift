import Foundation
import StampedeResult

/// `result.json`: everything a run measured, for pipelines and for comparing runs.
public enum ResultJSON {
    /// The result as pretty-printed JSON with sorted keys.
    ///
    /// The same value always gives the same bytes, so two runs of the same scenario and seed
    /// differ only inside `meta`.
    public static func encode(_ r: RunResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(r)
        data.append(0x0A)
        return data
    }

    /// A result read back from `result.json`.
    public static func decode(from data: Data) throws -> RunResult {
        try JSONDecoder().decode(RunResult.self, from: data)
    }
}
