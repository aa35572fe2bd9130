import StampedeKernel

/// Latency and interval models: `3ms` (constant), `constant(3ms)`, `uniform(1ms, 5ms)`,
/// `exponential(mean: 2s)`, `lognormal(median: 3ms, p99: 30ms)`,
/// `empirical(p50: 1ms, p90: 3ms, p99: 10ms, p100: 40ms)`. The loader reads the file form,
/// `empirical(file: calibration.yaml, call: store.mix)`, before it gets here (`CalibrationReference`).
///
/// Parameters may be given by label or by position; the result is checked with
/// `Distribution.problem`, whose text becomes the error's detail.
package enum DistributionGrammar {
    package static let expected =
        "a duration (constant) or constant(3ms), uniform(1ms, 5ms), exponential(mean: 2s), "
        + "lognormal(median: 3ms, p99: 30ms), empirical(p50: 1ms, p99: 10ms), empirical(file: calibration.yaml, call: store.mix)"

    static let shapes = ["constant", "uniform", "exponential", "lognormal", "empirical"]

    package static func parse(_ text: String) throws(ValueError) -> Distribution {
        let trimmed = text.trimmingSpaces
        let distribution: Distribution
        if let (name, inner) = Lexer.call(trimmed) {
            distribution = try shape(name, Lexer.arguments(inner), whole: trimmed)
        } else if Lexer.number(trimmed) != nil {
            throw ValueError("a latency needs a unit", expected: expected, found: quoted(trimmed))
        } else if DurationGrammar.isDurationLike(Substring(trimmed)) {
            distribution = .constant(try DurationGrammar.parse(trimmed))
        } else {
            throw ValueError.invalid("distribution", expected: expected, text: trimmed,
                                     suggestion: nearest(to: trimmed, among: shapes))
        }
        if let problem = distribution.problem {
            throw ValueError("invalid distribution", detail: problem)
        }
        return distribution
    }

    static func shape(_ name: String, _ arguments: [(label: String?, value: Substring)],
                      whole: String) throws(ValueError) -> Distribution {
        switch name {
        case "constant":
            let values = try durations(arguments, labels: ["value"], form: "constant(3ms)", whole: whole)
            return .constant(values[0])
        case "uniform":
            let values = try durations(arguments, labels: ["low", "high"], form: "uniform(1ms, 5ms)", whole: whole)
            return .uniform(low: values[0], high: values[1])
        case "exponential":
            let values = try durations(arguments, labels: ["mean"], form: "exponential(mean: 2s)", whole: whole)
            return .exponential(mean: values[0])
        case "lognormal":
            let values = try durations(arguments, labels: ["median", "p99"], form: "lognormal(median: 3ms, p99: 30ms)", whole: whole)
            return .lognormal(median: values[0], p99: values[1])
        case "empirical":
            return .empirical(try empiricalPoints(arguments, whole: whole))
        default:
            throw ValueError("unknown distribution '\(name)'", expected: oneOf(shapes), found: quoted(whole),
                             suggestion: nearest(to: name, among: shapes))
        }
    }

    /// Durations for `labels`, given all by position or all by label (in any order).
    static func durations(_ arguments: [(label: String?, value: Substring)], labels: [String],
                          form: String, whole: String) throws(ValueError) -> [SimDuration] {
        let wrongShape = ValueError("invalid \(form.prefix { $0 != "(" })", expected: form, found: quoted(whole))
        guard arguments.count == labels.count else { throw wrongShape }
        var result: [SimDuration] = []
        for (position, label) in labels.enumerated() {
            let argument: (label: String?, value: Substring)
            if arguments.allSatisfy({ $0.label == nil }) {
                argument = arguments[position]
            } else if let labelled = arguments.first(where: { $0.label == label }) {
                argument = labelled
            } else {
                let unknown = arguments.first { $0.label.map { !labels.contains($0) } ?? true }
                throw ValueError("invalid \(form.prefix { $0 != "(" })",
                                 detail: "missing '\(label)'", expected: form, found: quoted(whole),
                                 suggestion: unknown?.label.flatMap { nearest(to: $0, among: labels) })
            }
            result.append(try durationArgument(argument.value, whole: whole))
        }
        return result
    }

    static func empiricalPoints(_ arguments: [(label: String?, value: Substring)],
                                whole: String) throws(ValueError) -> [Distribution.EmpiricalPoint] {
        let form = "empirical(p50: 1ms, p90: 3ms, p99: 10ms, p100: 40ms)"
        guard arguments.count <= ScenarioLimits.empiricalPoints.value else {
            throw ValueError("too many points in empirical", detail: ScenarioLimits.empiricalPoints.reason,
                             expected: "at most \(grouped(ScenarioLimits.empiricalPoints.value)) points", found: grouped(arguments.count))
        }
        var points: [Distribution.EmpiricalPoint] = []
        for argument in arguments {
            guard let label = argument.label, label.hasPrefix("p"),
                  let percentile = Lexer.number(label.dropFirst()) else {
                throw ValueError("invalid empirical", detail: "each point is p<percentile>: <duration>",
                                 expected: form, found: quoted(whole))
            }
            points.append(.init(percentile: percentile, value: try durationArgument(argument.value, whole: whole)))
        }
        return points
    }

    static func durationArgument(_ text: Substring, whole: String) throws(ValueError) -> SimDuration {
        do {
            return try DurationGrammar.parse(String(text))
        } catch {
            var error = error
            error.found = quoted(String(text)) + " in " + quoted(whole)
            throw error
        }
    }
}
