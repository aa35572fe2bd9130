import Foundation
import StampedeKernel

/// The instants at which journeys start, phase after phase (an open model: arrivals
/// never wait for earlier journeys to finish).
package struct ArrivalSchedule {
    private let phases: [(start: SimInstant, spec: PhaseSpec)]
    private var phaseIndex = 0
    /// Arrivals issued in the current phase so far.
    private var k = 0
    private var last: SimInstant = .zero
    private var rng: Xoshiro256

    package init(phases: [PhaseSpec], seed: SeedTree) {
        var t = SimInstant.zero
        var list: [(SimInstant, PhaseSpec)] = []
        for p in phases {
            list.append((t, p))
            t = t + p.duration
        }
        self.phases = list
        self.rng = seed.generator()
    }

    /// The next arrival instant, or nil when the last phase has ended.
    package mutating func next() -> SimInstant? {
        while phaseIndex < phases.count {
            let (start, phase) = phases[phaseIndex]
            let end = start + phase.duration
            if let offset = offset(of: phase) {
                let t = start + offset
                if t < end {
                    k += 1
                    last = t
                    return t
                }
            }
            phaseIndex += 1
            k = 0
            last = phaseIndex < phases.count ? phases[phaseIndex].start : last
        }
        return nil
    }

    /// Offset within the phase of arrival number k+1, nil if there is none.
    private mutating func offset(of phase: PhaseSpec) -> SimDuration? {
        let d = phase.duration.seconds
        switch phase.rate {
        case .constant(let r):
            guard r > 0 else { return nil }
            return .seconds((Double(k) + 0.5) / r)
        case .poisson(let r):
            guard r > 0 else { return nil }
            let gap = -log1p(-rng.nextUnit()) / r
            let base = k == 0 ? 0 : (last - phases[phaseIndex].start).seconds
            return .seconds(base + gap)
        case .ramp(let a, let b):
            // Arrival n sits where the cumulative rate a·t + (b−a)·t²/(2d) reaches n − ½.
            let target = Double(k) + 0.5
            let c2 = (b - a) / (2 * d)
            if abs(c2) < 1e-12 {
                return a > 0 ? .seconds(target / a) : nil
            }
            let disc = a * a + 4 * c2 * target
            guard disc >= 0 else { return nil }
            let t = (-a + disc.squareRoot()) / (2 * c2)
            return t >= 0 && t.isFinite ? .seconds(t) : nil
        }
    }
}
