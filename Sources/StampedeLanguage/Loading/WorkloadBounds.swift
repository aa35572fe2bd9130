import Foundation
import StampedeAnalysis
import StampedeKernel
import StampedeModel
import StampedeWorkload

/// Estimates of the work a scenario asks for, checked against `ScenarioLimits` before it runs:
/// requests (time) and sessions (memory), and the timers that tick through the whole run.
extension ScenarioLoader {
    /// Journeys the phases start: Σ mean rate × length. Poisson phases vary around it.
    static func journeyEstimate(_ phases: [PhaseSpec]) -> [Double] {
        phases.map { p in
            let rate: Double
            switch p.rate {
            case .constant(let r), .poisson(let r): rate = r
            case .ramp(let a, let b): rate = (a + b) / 2
            }
            return rate * p.duration.seconds
        }
    }

    /// Per journey in the mix: requests (every step with all its repeats, as if every
    /// probability came true) and successful-login steps, weighted by the journeys' shares.
    static func perJourney(_ journeys: [JourneySpec]) -> (requests: Double, logins: Double) {
        var requests = 0.0, logins = 0.0
        for j in journeys {
            requests += j.weight * j.steps.reduce(0) { $0 + Double($1.repeats) }
            logins += j.weight * j.steps.reduce(0) { $0 + ($1.action == .login ? Double($1.repeats) : 0) }
        }
        return (requests, logins)
    }

    /// Refuses traffic whose requests or sessions would exceed their limits, at the rate of
    /// the phase that starts the most journeys.
    static func checkWorkload(_ traffic: TrafficSpec, phases value: Located, in context: LoadContext) {
        guard !traffic.phases.isEmpty, !traffic.journeys.isEmpty,
              let items = try? context.list(value, expected: "") else { return }
        let arrivals = journeyEstimate(traffic.phases)
        let journeys = arrivals.reduce(0, +)
        let (requests, logins) = perJourney(traffic.journeys)
        let busiest = arrivals.indices.max { arrivals[$0] < arrivals[$1] || arrivals[$0].isNaN } ?? 0
        let phaseItem = busiest < items.count ? items[busiest] : value
        let place = (try? MappingReader(phaseItem, allowed: phaseKeys, in: LoadContext(file: "")))?["rate"] ?? phaseItem
        let breakdown = "\(estimate(journeys)) journeys (Σ rate × phase length) × "
        for (total, limit, what, each) in [
            (journeys * requests, ScenarioLimits.requests, "requests", "\(perJourney(requests)) requests each (steps × repeats)"),
            (journeys * logins, ScenarioLimits.sessions, "sessions", "\(perJourney(logins)) logins each"),
        ] where !(total <= Double(limit.value)) {
            context.record(context.error(
                .invalidValue, "traffic too heavy: about \(estimate(total)) \(what)", at: place,
                detail: breakdown + each + ", weighted by the mix; " + limit.reason,
                expected: "at most \(grouped(limit.value)) \(what) over the run (lower the rates, the phase lengths or the "
                    + "repeats)", found: quoted(context.rawText(place))))
        }
    }

    /// Refuses timers that would tick more often over the run than their limits allow:
    /// snapshots (`snapshot_every`) and write-behind flushes (`flush_interval`).
    static func checkPeriodicWork(_ spec: ScenarioSpec, top: MappingReader, in context: LoadContext) {
        guard spec.duration > .zero else { return }
        func check(_ every: SimDuration, _ path: [String], _ limit: Limit<Int>, _ what: String) {
            guard every > .zero, let place = find(path, in: top.located) else { return }
            let count = windowCount(spec.duration, every)
            guard count > limit.value else { return }
            context.record(context.error(
                .invalidValue, "\(what) too often: \(grouped(count)) times in a \(spec.duration) run", at: place,
                detail: limit.reason, expected: "at most \(grouped(limit.value)) over the run, so at least every "
                    + "\(niceWindow(atLeast: spec.duration, windows: limit.value))", found: quoted(every.description)))
        }
        check(spec.system.cache.server.persistence.snapshotEvery, ["system", "cache", "persistence", "snapshot_every"],
              ScenarioLimits.snapshots, "snapshots")
        for c in DataClass.allCases {
            check(spec.system.cache.classes[c].flushInterval, ["system", "cache", c.name, "flush_interval"],
                  ScenarioLimits.flushes, "write-behind flushes")
        }
    }

    /// At most `ScenarioLimits.measuredStretches` faults that last plus distinct SLO scopes:
    /// each becomes a `MetricPhase` (see `ScenarioSpec.metricPhases`).
    static func checkMeasuredStretches(_ spec: ScenarioSpec, in context: LoadContext) {
        let limit = ScenarioLimits.measuredStretches
        var seen = Set<String>()
        var places: [(line: Int, path: String, what: String)] = []
        for event in spec.events {
            guard case .fault(let f) = event.kind, f.duration > .zero, seen.insert(SLOScope.during(f.name).description).inserted
            else { continue }
            places.append((event.line, "events", "fault '\(f.name)'"))
        }
        for slo in spec.slos {
            guard let scope = slo.scope, seen.insert(scope.description).inserted else { continue }
            places.append((slo.line, "slos", "SLO scope \(scope.description)"))
        }
        guard places.count > limit.value else { return }
        let place = places[limit.value]
        context.record(context.error(
            .invalidValue, "too many measured stretches: \(place.what) is number \(limit.value + 1)", path: place.path,
            mark: SourcePosition(line: place.line, column: 1), detail: limit.reason,
            expected: "at most \(limit.value) faults that last plus distinct SLO scopes (before/during/after)",
            found: grouped(places.count)))
    }

    /// The value at a key path below `root`, by mapping keys; nil if any is missing.
    static func find(_ path: [String], in root: Located) -> Located? {
        var node = root
        for key in path {
            guard case .mapping(let mapping) = node.node,
                  let pair = mapping.first(where: { ParenthesisMask.unmask($0.key.scalar?.string ?? "") == key })
            else { return nil }
            node = Located(pair.value, path: node.child(key))
        }
        return node
    }

    /// A per-journey average to two decimals (`17.49`), or as `estimate` when huge.
    static func perJourney(_ value: Double) -> String {
        value < 1e6 ? formatNumber((value * 100).rounded() / 100) : estimate(value)
    }

    /// `1,234,567` below a trillion, `6 × 10^14` above (and "unbounded" when not finite).
    static func estimate(_ value: Double) -> String {
        guard value.isFinite else { return "unboundedly many" }
        if value < 1e12 { return grouped(Int(value.rounded())) }
        let exponent = Int(log10(value).rounded(.down))
        return formatNumber((value / pow(10, Double(exponent)) * 10).rounded() / 10) + " × 10^\(exponent)"
    }
}

extension LoadContext {
    /// The scalar text of `value` as written, or a description of its kind.
    func rawText(_ value: Located) -> String {
        if case .scalar(let s) = value.node { return ParenthesisMask.unmask(s.string) }
        return value.kind
    }
}
