import StampedeKernel

/// Limits on the run's length and the metrics windows it is cut into.
extension ScenarioLoader {
    /// `duration`: above zero and at most `ScenarioLimits.duration`.
    static func runDuration(_ value: Located, in context: LoadContext) throws(ScenarioError) -> SimDuration {
        let duration = try context.duration(value)
        let limit = ScenarioLimits.duration
        guard duration <= limit.value else {
            throw context.error(.invalidValue, "run too long", at: value, detail: limit.reason,
                                expected: "at most \(limit.value) (7 days)", found: quoted(duration.description))
        }
        return duration
    }

    /// `window`: at most the run's duration, and wide enough that the run has at most
    /// `ScenarioLimits.windows` of them.
    static func metricsWindow(_ value: Located, duration: SimDuration?, in context: LoadContext) throws(ScenarioError) -> SimDuration {
        let width = try window(value, duration: duration, in: context)
        guard let duration, windowCount(duration, width) > ScenarioLimits.windows.value else { return width }
        let smallest = niceWindow(atLeast: duration, windows: ScenarioLimits.windows.value)
        throw context.error(.invalidValue, "window too narrow for a \(duration) run", at: value,
                            detail: "\(grouped(windowCount(duration, width))) windows; " + ScenarioLimits.windows.reason,
                            expected: "at most \(grouped(ScenarioLimits.windows.value)) windows, so a window of at least "
                                + "\(smallest) here", found: quoted(width.description))
    }

    /// The default window, 1 s, widened with a notice when the run is too long for it.
    static func defaultWindow(for duration: SimDuration, top: MappingReader, in context: LoadContext) -> SimDuration {
        let standard = ScenarioSpec(name: "", duration: duration).window
        guard windowCount(duration, standard) > ScenarioLimits.windows.value else { return standard }
        let wider = niceWindow(atLeast: duration, windows: ScenarioLimits.windows.value)
        let place = top["duration"]
        context.note("a \(duration) run has \(grouped(windowCount(duration, standard))) windows of the default \(standard), "
                     + "more than \(grouped(ScenarioLimits.windows.value)); using window: \(wider) (set window: to choose)",
                     path: "window", mark: place?.mark)
        return wider
    }

    /// How many windows of `width` cover `duration` (the last one may be partial).
    static func windowCount(_ duration: SimDuration, _ width: SimDuration) -> Int {
        guard width.nanoseconds > 0 else { return .max }
        let (quotient, remainder) = duration.nanoseconds.quotientAndRemainder(dividingBy: width.nanoseconds)
        return Int(quotient) + (remainder > 0 ? 1 : 0)
    }

    /// The smallest round width (1, 2 or 5 times a power of ten of nanoseconds, or a round
    /// number of seconds, minutes or hours) that cuts `duration` into at most `windows`.
    static func niceWindow(atLeast duration: SimDuration, windows: Int) -> SimDuration {
        let minimum = (duration.nanoseconds + Int64(windows) - 1) / Int64(windows)
        let second: Int64 = 1_000_000_000
        let above = [1, 2, 5, 10, 15, 20, 30].map { $0 * second } + [1, 2, 5, 10, 15, 20, 30].map { $0 * 60 * second }
            + [1, 2, 3, 4, 6, 12, 24].map { $0 * 3_600 * second }
        var candidates: [Int64] = []
        var power: Int64 = 1
        while power < second {
            candidates += [power, 2 * power, 5 * power]
            power *= 10
        }
        let width = (candidates + above).first { $0 >= minimum } ?? minimum
        return SimDuration(nanoseconds: width)
    }
}
