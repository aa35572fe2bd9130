import StampedeKernel
import StampedeWorkload

extension ScenarioSpec {
    /// The same scenario lasting `factor` times as long: every phase, event time and fault
    /// window stretched alike, rates unchanged. Used to show memory stays flat with length.
    public func stretched(by factor: Double) -> ScenarioSpec {
        var s = self
        s.duration = duration * factor
        s.traffic.phases = traffic.phases.map { PhaseSpec(name: $0.name, duration: $0.duration * factor, rate: $0.rate) }
        s.events = events.map { e in
            var e = e
            e.at = e.at * factor
            if case .fault(var f) = e.kind {
                f.duration = f.duration * factor
                f.every = f.every.map { $0 * factor }
                e.kind = .fault(f)
            }
            return e
        }
        return s
    }
}
