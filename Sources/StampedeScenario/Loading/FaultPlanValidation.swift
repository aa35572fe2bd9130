import StampedeKernel

/// Checks across the whole plan: unique names, and faults on one target that cannot hold at once.
extension ScenarioLoader {
    /// Gives every fault and security event a unique name: its own, or `<target>-<kind>`
    /// (`password-change` for events), suffixed `-2`, `-3`, … in time order when repeated.
    /// Two events with the same explicit name are an error.
    static func nameEvents(_ events: inout [(event: EventSpec, item: Located)], in context: LoadContext) {
        var taken = Set<String>()
        for (event, item) in events {
            let name = explicitName(event)
            guard !name.isEmpty else { continue }
            if !taken.insert(name).inserted {
                context.record(context.error(.inconsistent, "duplicate event name '\(name)'", at: item,
                                             expected: "a name used by one fault or security event only"))
            }
        }
        var counts: [String: Int] = [:]
        for i in events.indices where explicitName(events[i].event).isEmpty {
            let base = defaultName(events[i].event)
            var n = counts[base, default: 0]
            var candidate = base
            repeat {
                n += 1
                candidate = n == 1 ? base : "\(base)-\(n)"
            } while taken.contains(candidate)
            counts[base] = n
            taken.insert(candidate)
            switch events[i].event.kind {
            case .fault(var f): f.name = candidate; events[i].event.kind = .fault(f)
            case .security(var s): s.name = candidate; events[i].event.kind = .security(s)
            }
        }
    }

    private static func explicitName(_ e: EventSpec) -> String {
        switch e.kind {
        case .fault(let f): return f.name
        case .security(let s): return s.name
        }
    }

    private static func defaultName(_ e: EventSpec) -> String {
        switch e.kind {
        case .fault(let f): return f.defaultName
        case .security(let s): return s.kind.name
        }
    }

    /// Two faults on one target may not overlap unless one of them only slows or fails some
    /// calls; a fault's warm-up counts as part of it.
    static func checkFaultOverlaps(_ events: [(event: EventSpec, item: Located)], scope: EventScope, in context: LoadContext) {
        guard let duration = scope.duration, duration > .zero else { return }
        let faults = events.compactMap { e -> (FaultSpec, SimDuration, Located)? in
            guard case .fault(let f) = e.event.kind, !f.kind.isAdditive else { return nil }
            return (f, e.event.at, e.item)
        }
        for (j, later) in faults.enumerated() {
            for earlier in faults[..<j] where earlier.0.target.system == later.0.target.system {
                guard let clash = firstOverlap(earlier.0, at: earlier.1, later.0, at: later.1, runEnd: duration) else { continue }
                context.record(context.error(
                    .inconsistent, "fault '\(later.0.name)' overlaps fault '\(earlier.0.name)' on the \(later.0.target.system)",
                    at: later.2, detail: "both act at \(clash)",
                    expected: "faults on one target that do not overlap, unless one only slows or fails some calls "
                        + "(latency, errors, slow-queries, slow-recovery)"))
                break
            }
        }
    }

    /// The first instant both faults act, or nil. Occurrences are walked in time order (a
    /// merge of two sorted lists), so repeating faults cost linear time.
    static func firstOverlap(_ a: FaultSpec, at atA: SimDuration, _ b: FaultSpec, at atB: SimDuration,
                             runEnd: SimDuration) -> SimInstant? {
        let limit = 100_000
        let spansA = spans(a, at: atA, runEnd: runEnd, limit: limit)
        let spansB = spans(b, at: atB, runEnd: runEnd, limit: limit)
        var i = 0, j = 0
        while i < spansA.count, j < spansB.count {
            let (s1, e1) = spansA[i], (s2, e2) = spansB[j]
            let start = max(s1, s2)
            if start < min(e1, e2) || (s1 == s2) { return start }
            if e1 <= e2 { i += 1 } else { j += 1 }
        }
        return nil
    }

    /// Each occurrence with its warm-up; an instant counts as one nanosecond.
    private static func spans(_ f: FaultSpec, at: SimDuration, runEnd: SimDuration, limit: Int) -> [(SimInstant, SimInstant)] {
        f.window(at: at, runEnd: runEnd).occurrences(limit: limit).map { o in
            (o.start, max(o.end + f.kind.aftermath, o.start + .nanoseconds(1)))
        }
    }
}
