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

    /// At most `ScenarioLimits.faultOccurrences` fault occurrences in the whole plan; the
    /// fault whose repeats pass it is refused at its `every`.
    static func checkFaultOccurrences(_ events: [(event: EventSpec, item: Located)], scope: EventScope, in context: LoadContext) {
        guard let duration = scope.duration, duration > .zero else { return }
        let limit = ScenarioLimits.faultOccurrences
        var total = 0
        for (event, item) in events {
            guard case .fault(let f) = event.kind else { continue }
            let count = f.window(at: event.at, runEnd: duration).occurrenceCount
            total += count
            guard total > limit.value else { continue }
            let place = find(["every"], in: item) ?? item
            context.record(context.error(
                .invalidValue, "fault '\(f.name)' repeats \(grouped(count)) times", at: place,
                detail: (f.every.map { "every \($0) from \(event.at) to the end of the run at \(duration); " } ?? "") + limit.reason,
                expected: "at most \(grouped(limit.value)) fault occurrences in the whole plan"
                    + (f.every.map { _ in ", so a longer 'every'" } ?? ""),
                found: "\(grouped(total)) with this fault"))
            return
        }
    }

    /// Two faults on one target may not overlap unless one of them only slows or fails some
    /// calls; a fault's warm-up counts as part of it. Checked on the recurrences, so the
    /// cost does not depend on how often a fault repeats.
    static func checkFaultOverlaps(_ events: [(event: EventSpec, item: Located)], scope: EventScope, in context: LoadContext) {
        guard let duration = scope.duration, duration > .zero else { return }
        let faults = events.compactMap { e -> (FaultSpec, [Recurrence], Located)? in
            guard case .fault(let f) = e.event.kind, !f.kind.isAdditive else { return nil }
            return (f, recurrences(f, at: e.event.at, runEnd: duration), e.item)
        }
        for (j, later) in faults.enumerated() {
            for earlier in faults[..<j] where earlier.0.target.system == later.0.target.system {
                guard let clash = firstOverlap(earlier.1, later.1) else { continue }
                context.record(context.error(
                    .inconsistent, "fault '\(later.0.name)' overlaps fault '\(earlier.0.name)' on the \(later.0.target.system)",
                    at: later.2, detail: "both act at \(SimInstant(nanoseconds: clash))",
                    expected: "faults on one target that do not overlap, unless one only slows or fails some calls "
                        + "(latency, errors, slow-queries, slow-recovery)"))
                break
            }
        }
    }

    /// The first instant (in nanoseconds) at which both sets of spans are active, or nil.
    static func firstOverlap(_ a: [Recurrence], _ b: [Recurrence]) -> Int64? {
        var first: Int64?
        for x in a {
            for y in b { if let t = Recurrence.firstOverlap(x, y), t < (first ?? .max) { first = t } }
        }
        return first
    }

    /// A fault's occurrences with their warm-up as recurrences: the repeats before the last,
    /// and the last one, which the end of the run may cut short. An instant counts as 1 ns.
    static func recurrences(_ f: FaultSpec, at: SimDuration, runEnd: SimDuration) -> [Recurrence] {
        let window = f.window(at: at, runEnd: runEnd)
        let count = Int64(window.occurrenceCount)
        guard count > 0 else { return [] }
        let start = window.start.nanoseconds, length = window.length.nanoseconds
        let period = window.period?.nanoseconds ?? 1, after = f.kind.aftermath.nanoseconds
        let lastStart = start + (count - 1) * period
        let lastEnd = min(lastStart + length, window.until.nanoseconds) + after
        var parts = [Recurrence(start: lastStart, length: lastEnd - lastStart, period: period, count: 1)]
        if count > 1 { parts.append(Recurrence(start: start, length: length + after, period: period, count: count - 1)) }
        return parts
    }
}
