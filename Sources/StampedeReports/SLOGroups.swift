import StampedeScenario

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

    /// `login` for `login.p99`, `store` for `store.query.p99`, `errors` for `errors.rate`, ...
    static func title(of metric: String) -> String {
        if let op = MetricCatalog.operations.first(where: { metric.hasPrefix($0 + ".") }) { return "\(op) requests" }
        if metric.hasPrefix("store.") { return "store calls" }
        if metric == "cache.hit_ratio" { return "cache" }
        if metric.hasPrefix("cache.") { return "cache calls" }
        if metric.hasPrefix("pool.") { return "pools" }
        switch metric {
        case "errors.rate": return "errors"
        case "violations": return "correctness"
        default: return "volume"
        }
    }
}
