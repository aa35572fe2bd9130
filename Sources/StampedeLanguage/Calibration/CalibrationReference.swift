/// The file form of an empirical distribution: a percentile table from a calibration file,
/// `empirical(file: calibration.yaml, call: store.mix, concurrency: 8)`.
///
/// `file` is relative to the scenario file (or absolute); `call` names a call or a backend's
/// mix; `concurrency`, when given, must be a level the file measured. Without it the loader
/// picks one (see `LoadContext.calibrated(_:at:)`).
package struct CalibrationReference: Sendable, Hashable {
    package var file: String
    package var call: String
    package var concurrency: Int?

    static let labels = ["file", "call", "concurrency"]
    package static let form = "empirical(file: calibration.yaml, call: store.mix) or empirical(file: …, call: …, concurrency: 8)"

    /// The reference `text` holds; nil when it is not the file form (no `file:` argument),
    /// so the point form goes on to `DistributionGrammar`.
    package static func parse(_ text: String) throws(ValueError) -> CalibrationReference? {
        let trimmed = text.trimmingSpaces
        guard let (name, inner) = Lexer.call(trimmed), name == "empirical" else { return nil }
        let arguments = Lexer.arguments(inner)
        guard arguments.contains(where: { $0.label == "file" }) else { return nil }
        func invalid(_ detail: String, suggestion: String? = nil) -> ValueError {
            ValueError("invalid empirical(file: …)", detail: detail, expected: form, found: quoted(trimmed), suggestion: suggestion)
        }
        var values: [String: String] = [:]
        for argument in arguments {
            guard let label = argument.label else {
                throw invalid("every argument of the file form has a label (file:, call:, concurrency:)")
            }
            guard labels.contains(label) else {
                let point = label.hasPrefix("p") ? "; percentile points and file: do not mix" : ""
                throw invalid("unknown argument '\(label)'\(point)", suggestion: nearest(to: label, among: labels))
            }
            guard values[label] == nil else { throw invalid("'\(label)' is given twice") }
            let value = String(argument.value.trimmingSpaces)
            guard !value.isEmpty else { throw invalid("'\(label)' has no value") }
            values[label] = value
        }
        guard let call = values["call"] else {
            throw invalid("missing 'call': the call or mix whose table to use, e.g. store.mix, cache.get, cpu.password_hash")
        }
        var concurrency: Int?
        if let text = values["concurrency"] {
            guard let level = Int(text), level >= 1 else {
                throw invalid("concurrency is a whole number ≥ 1, a level the calibration measured, not '\(text)'")
            }
            concurrency = level
        }
        return CalibrationReference(file: values["file"]!, call: call, concurrency: concurrency)
    }
}
