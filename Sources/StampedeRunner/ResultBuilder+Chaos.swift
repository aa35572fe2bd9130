import StampedeAnalysis
import StampedeFaults
import StampedeKernel
import StampedeLanguage
import StampedeMetrics
import StampedeModel

extension ResultBuilder {
    /// Adds what the fault plan did: recovery per fault, resilience counts and series,
    /// availability and its budget, burn-rate alerts and breaker bands on the timeline, and
    /// the verdict of every SLO, scoped ones included.
    func addChaos(to result: inout RunResult, end: SimInstant) {
        let phases = sim.metrics.phases?.report(end: end) ?? []
        let slos = judgedSLOs
        let judge = WindowJudge(slos: slos, timeline: result.timeline)
        let sustain = spec.recoveryWindow.seconds
        var recoveries: [String: Double?] = [:]
        var faults: [FaultResult] = []
        let spans = spec.namedSpans().filter { $0.kind != .phase }.map { span in (span, span.window.occurrences()) }
        var recovered = judge.recoveries(after: spans.flatMap { span, occurrences in
            occurrences.map { aftermathEnd(span, $0.end).seconds }
        }, sustain: sustain)[...]
        for (span, spanOccurrences) in spans {
            let occurrences = spanOccurrences.map { o in
                FaultOccurrence(startS: round6(o.start.seconds), endS: round6(o.end.seconds),
                                recoveryS: recovered.popFirst().flatMap { $0 }.map(round3))
            }
            let worst: Double? = occurrences.contains { $0.recoveryS == nil } ? nil : occurrences.compactMap(\.recoveryS).max()
            recoveries[span.name] = worst
            guard span.kind == .fault, let fault = faultSpec(named: span.name) else { continue }
            let during = phases.first { $0.label == SLOScope.during(span.name).description }
            faults.append(FaultResult(name: span.name, target: fault.target.description, kind: fault.kind.name,
                                      detail: fault.detail, occurrences: occurrences, recoveryS: worst,
                                      recovered: worst != nil, during: during.map(summary)))
        }
        let windows = result.timeline.startS.count
        let report = sim.resilience.report(windowCount: windows)
        let availability = availabilityResult(result)
        let alerts = availability.target.map { burnRateAlerts(result.timeline, target: $0) } ?? []
        result.chaos = ChaosResult(
            faults: faults, resilience: resilienceResult(report), availability: availability, alerts: alerts,
            recoveryWindowS: round3(sustain), recoveryJudgedBy: judge.slos.map(\.expression))
        for (key, values) in timelineSeries(report, windows: windows, end: end) { result.timeline.series[key] = values }
        result.events = (result.events + alertEvents(alerts) + breakerEvents(report.transitions, end: end))
            .sorted { ($0.startS, $0.type.rawValue, $0.label) < ($1.startS, $1.type.rawValue, $1.label) }
        let views = Dictionary(uniqueKeysWithValues: phases.map { ($0.label, phaseView($0, of: result)) })
        result.slos = evaluateSLOs(slos, in: result, phases: views, recoveries: recoveries, runEnd: end.seconds)
    }

    /// Recovery counts from the end of a fault's warm-up, if it has one.
    private func aftermathEnd(_ span: NamedSpan, _ end: SimInstant) -> SimInstant {
        guard span.kind == .fault, let f = faultSpec(named: span.name) else { return end }
        return end + f.kind.aftermath
    }

    private func faultSpec(named name: String) -> FaultSpec? {
        for e in spec.events { if case .fault(let f) = e.kind, f.name == name { return f } }
        return nil
    }

    private func summary(_ p: PhaseReport) -> PhaseSummary {
        var p99: [OperationKind: Double] = [:]
        for o in p.operations where o.count > 0 { p99[o.operation] = round3(o.latency.p99) }
        let availability = p.requests > 0 ? 1 - Double(p.errors) / Double(p.requests) : 1
        return PhaseSummary(requests: p.requests, errors: p.errors, availability: round6(availability), p99Ms: p99)
    }

    private func availabilityResult(_ r: RunResult) -> AvailabilityResult {
        let requests = r.simulated.requests
        let measured = requests > 0 ? 1 - Double(r.simulated.errors) / Double(requests) : 1
        let target = spec.slos.first {
            $0.scope == nil && MetricCatalog.definition(of: $0.metric)?.reading == .run(.availability)
        }?.threshold
        let budget = target.map { 1 - $0 }
        var consumed: Double?
        if let budget, budget > 0, requests > 0 { consumed = round6(Double(r.simulated.errors) / (Double(requests) * budget)) }
        return AvailabilityResult(measured: round6(measured), target: target, errorBudget: budget.map(round6), budgetConsumed: consumed)
    }

    private func resilienceResult(_ report: ResilienceReport) -> ResilienceResult {
        var counts: [ResilienceSource: [ResilienceSignal: Int]] = [:]
        for t in report.totals { counts[t.source, default: [:]][t.signal] = t.count }
        var states: [ResilienceSource: String] = [:]
        for (source, g) in [(ResilienceSource.cache, sim.system.cacheGuard), (.store, sim.system.storeGuard)] where g?.policy.breaker != nil {
            switch g?.breakerState {
            case .open?: states[source] = "open"
            case .halfOpen?: states[source] = "half_open"
            default: states[source] = "closed"
            }
        }
        return ResilienceResult(counts: counts, breakerAtEnd: states)
    }

    /// Per-window series for the report's timeline (`Timeline.series`), only those that saw
    /// something: timeouts, retries and shed requests per second; fallbacks per second (reads
    /// the store answered, lockout decisions the local limiter made); and per guarded backend
    /// the share of each window its breaker was not closed.
    private func timelineSeries(_ report: ResilienceReport, windows: Int, end: SimInstant) -> [String: [Double]] {
        let width = spec.window.seconds
        var out: [String: [Double]] = [:]
        func rate(_ key: String, _ signal: ResilienceSignal, _ source: ResilienceSource) {
            let counts = report.series(signal, source: source).prefix(windows)
            guard counts.contains(where: { $0 > 0 }) else { return }
            out[key] = counts.map { round3(Double($0) / width) }
        }
        for source in ResilienceSource.allCases {
            rate("timeouts.\(source.name)", .timeout, source)
            rate("retries.\(source.name)", .retry, source)
        }
        rate("shed.service", .shed, .service)
        rate("fallbacks.store_reads", .fallback, .cache)
        rate("fallbacks.local_limiter", .localLimiter, .cache)
        for (source, g) in [(ResilienceSource.cache, sim.system.cacheGuard), (.store, sim.system.storeGuard)] where g?.policy.breaker != nil {
            out["breaker.\(source.name)"] = openShare(report.transitions.filter { $0.source == source }, windows: windows, end: end)
        }
        return out
    }

    /// The share of each window during which the breaker was open or half-open.
    private func openShare(_ transitions: [ResilienceReport.Transition], windows: Int, end: SimInstant) -> [Double] {
        let width = spec.window.nanoseconds
        var share = [Double](repeating: 0, count: windows)
        func mark(_ from: Int64, _ to: Int64) {
            var t = from
            while t < to, width > 0 {
                let w = Int(t / width)
                guard w < windows else { return }
                let stop = min(to, Int64(w + 1) * width)
                share[w] += Double(stop - t) / Double(width)
                t = stop
            }
        }
        var openedAt: Int64?
        for t in transitions {
            if t.signal == .breakerOpened, openedAt == nil { openedAt = t.at.nanoseconds }
            if t.signal == .breakerClosed, let from = openedAt { mark(from, t.at.nanoseconds); openedAt = nil }
        }
        if let from = openedAt { mark(from, max(from, end.nanoseconds)) }
        return share.map { round6(min($0, 1)) }
    }

    private func alertEvents(_ alerts: [AlertResult]) -> [TimelineEvent] {
        alerts.map { a in
            TimelineEvent(type: .alert, label: "burn-rate \(a.severity)", startS: a.startS, endS: a.endS,
                          detail: "error budget burning at \(formatNumber(a.threshold))x or more over \(formatNumber(a.windowS))s "
                              + "(peak \(formatNumber(a.peakBurnRate))x)")
        }
    }

    /// One band per stretch a breaker was not closed: from opening to closing again.
    private func breakerEvents(_ transitions: [ResilienceReport.Transition], end: SimInstant) -> [TimelineEvent] {
        var open: [ResilienceSource: SimInstant] = [:]
        var out: [TimelineEvent] = []
        func band(_ source: ResilienceSource, _ from: SimInstant, _ to: SimInstant) {
            out.append(TimelineEvent(type: .breaker, label: "\(source.name) breaker open", startS: round6(from.seconds),
                                     endS: round6(to.seconds), detail: "the \(source.name) circuit breaker refused calls or let trials through"))
        }
        for t in transitions {
            switch t.signal {
            case .breakerOpened: if open[t.source] == nil { open[t.source] = t.at }
            case .breakerClosed: if let from = open.removeValue(forKey: t.source) { band(t.source, from, t.at) }
            default: break
            }
        }
        for source in ResilienceSource.allCases { if let from = open[source] { band(source, from, max(from, end)) } }
        return out
    }

    /// The result as it looks over one phase, so the whole-run metric readers judge it.
    private func phaseView(_ p: PhaseReport, of result: RunResult) -> RunResult {
        var view = result
        var operations: [OperationKind: OperationStats] = [:]
        for o in p.operations {
            operations[o.operation] = OperationStats(count: o.count, errors: o.errors, denied: o.denied,
                                                     latencyMs: summary(o.latency), percentiles: [])
        }
        var backends: [BackendCallKind: BackendStats] = [:]
        for b in p.backends {
            backends[b.call] = BackendStats(count: b.count, errors: b.errors, latencyMs: summary(b.latency),
                                            waitMs: .empty, serviceMs: .empty)
        }
        view.operations = operations
        view.backends = backends
        let lookups = p.cacheHits + p.cacheMisses
        view.cache.hitRatio = lookups > 0 ? Double(p.cacheHits) / Double(lookups) : 0
        view.simulated.requests = p.requests
        view.simulated.errors = p.errors
        view.simulated.durationS = p.covered.seconds
        return view
    }
}
