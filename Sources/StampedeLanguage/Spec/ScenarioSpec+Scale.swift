import StampedeKernel
import StampedeWorkload

extension ScenarioSpec {
    /// The same scenario with its arrival rates multiplied by `factor`: every phase, or only
    /// the phase called `phase`. Durations, faults and security events keep their times, so
    /// a fault lands on the same second of a heavier run.
    public func scaled(by factor: Double, phase: String? = nil) -> ScenarioSpec {
        var s = self
        s.traffic.phases = traffic.phases.map { p in
            guard phase == nil || p.name == phase else { return p }
            return PhaseSpec(name: p.name, duration: p.duration, rate: p.rate.scaled(by: factor))
        }
        return s
    }

    /// The highest arrival rate (journeys/s) of the phase called `phase`, or of the busiest
    /// phase when nil: what a capacity factor multiplies. Nil when no such phase exists.
    public func peakRate(phase: String? = nil) -> Double? {
        let phases = traffic.phases.filter { phase == nil || $0.name == phase }
        return phases.map(\.rate.peak).max()
    }
}

extension RateSpec {
    /// This rate multiplied by `factor`; a ramp keeps its shape.
    public func scaled(by factor: Double) -> RateSpec {
        switch self {
        case .constant(let r): return .constant(perSecond: r * factor)
        case .ramp(let a, let b): return .ramp(from: a * factor, to: b * factor)
        case .poisson(let r): return .poisson(perSecond: r * factor)
        }
    }

    /// The highest rate reached during the phase.
    public var peak: Double {
        switch self {
        case .constant(let r), .poisson(let r): return r
        case .ramp(let a, let b): return max(a, b)
        }
    }
}
