import StampedeResult

/// SLOs grouped by what they are about, so a long list reads as a few short ones: each
/// operation's latency, the backends, errors, the cache, the pools, correctness.
enum SLOGroups {
    struct Group {
        let title: String
        var slos: [SLOResult]
    }

    /// Groups in the order their first SLO appears; SLOs keep their order within a group.
    static func grouped(_ slos: [SLOResult]) -> [Group] {
        var groups: [Group] = []
        for slo in slos {
            let title = self.title(of: slo.metric)
            if let i = groups.firstIndex(where: { $0.title == title }) {
                groups[i].slos.append(slo)
            } else {
                groups.append(Group(title: title, slos: [slo]))
            }
        }
        return groups
    }

    /// `login requests` for `login.p99`, `store calls` for `store.query.p99`, `errors` for
    /// `errors.rate`, ...; `volume` for what fits no group (recovery times included).
    static func title(of metric: String) -> String {
        guard let reading = MetricCatalog.definition(of: metric)?.reading else { return "volume" }
        switch reading {
        case .operation(let op, _): return "\(op.name) requests"
        case .backend(let call, _): return call.isCacheCall ? "cache calls" : "store calls"
        case .run(.cacheHitRatio): return "cache"
        // Named `cache.…`, so grouped with the cache calls.
        case .dataClass, .run(.cacheWritesLost): return "cache calls"
        case .pool: return "pools"
        case .run(.errorRate): return "errors"
        case .run(.violations): return "correctness"
        case .run: return "volume"
        }
    }
}
