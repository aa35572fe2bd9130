/// Where a catalogue metric's value is in a `RunResult`: the typed form of its name.
///
/// An operation, backend call, pool or data class that never ran reads as zero, for counts
/// and latencies alike.
public enum MetricReading: Sendable, Hashable {
    /// `login.p99`, `validate.error_rate`, ...
    case operation(OperationKind, CallStatistic)
    /// `store.query.p99`, `cache.get.wait.p99`, ...
    case backend(BackendCallKind, BackendStatistic)
    /// `pool.store.utilization`, `pool.cores.max_queue`.
    case pool(PoolKind, PoolStatistic)
    /// `cache.sessions.hit_ratio`, ...
    case dataClass(DataClassKind, DataClassStatistic)
    /// Run-wide: `errors.rate`, `violations`, `stale_reads`, ...
    case run(RunStatistic)

    /// The metric's name as SLO expressions and reports write it.
    public var name: String {
        switch self {
        case .operation(let o, let s): return "\(o.name).\(s.rawValue)"
        case .backend(let b, let s): return "\(b.name).\(s.name)"
        case .pool(let p, let s): return "pool.\(p.name).\(s.rawValue)"
        case .dataClass(let c, let s): return "cache.\(c.name).\(s.rawValue)"
        case .run(let s): return s.rawValue
        }
    }

    /// The metric's value in `result`, in its unit.
    public func value(in result: RunResult) -> Double {
        switch self {
        case .operation(let o, let s):
            let stats = result.operations[o]
            return s.value(count: stats?.count ?? 0, errors: stats?.errors ?? 0, latency: stats?.latencyMs ?? .empty)
        case .backend(let b, let s):
            let stats = result.backends[b]
            switch s {
            case .call(let c):
                return c.value(count: stats?.count ?? 0, errors: stats?.errors ?? 0, latency: stats?.latencyMs ?? .empty)
            case .waitP50: return stats?.waitMs.p50 ?? 0
            case .waitP99: return stats?.waitMs.p99 ?? 0
            case .waitMax: return stats?.waitMs.max ?? 0
            case .serviceP99: return stats?.serviceMs.p99 ?? 0
            }
        case .pool(let p, let s):
            let stats = result.pools[p]
            switch s {
            case .utilization: return stats?.utilization ?? 0
            case .maxQueue: return Double(stats?.maxQueue ?? 0)
            }
        case .dataClass(let c, let s):
            return s.value(result.caching?.classes[c])
        case .run(let s):
            return s.value(in: result)
        }
    }
}

/// A statistic every operation and backend call has.
public enum CallStatistic: String, CaseIterable, Sendable, Hashable {
    case p50, p90, p99, p999, max, mean
    case count, errors
    case errorRate = "error_rate"

    /// The latency statistics, in catalogue order.
    static let latencies: [CallStatistic] = [.p50, .p90, .p99, .p999, .max, .mean]

    func value(count: Int, errors: Int, latency: LatencySummary) -> Double {
        switch self {
        case .p50: return latency.p50
        case .p90: return latency.p90
        case .p99: return latency.p99
        case .p999: return latency.p999
        case .max: return latency.max
        case .mean: return latency.mean
        case .count: return Double(count)
        case .errors: return Double(errors)
        case .errorRate: return count > 0 ? Double(errors) / Double(count) : 0
        }
    }
}

/// A statistic of a backend call: those every call has, and connection wait and service time.
public enum BackendStatistic: Sendable, Hashable {
    case call(CallStatistic)
    case waitP50, waitP99, waitMax, serviceP99

    /// The wait and service statistics, in catalogue order.
    static let times: [BackendStatistic] = [.waitP50, .waitP99, .waitMax, .serviceP99]

    /// `p99`, `wait.p50`, `service.p99`, ...
    public var name: String {
        switch self {
        case .call(let s): return s.rawValue
        case .waitP50: return "wait.p50"
        case .waitP99: return "wait.p99"
        case .waitMax: return "wait.max"
        case .serviceP99: return "service.p99"
        }
    }
}

/// A statistic of a resource pool.
public enum PoolStatistic: String, CaseIterable, Sendable, Hashable {
    case utilization
    case maxQueue = "max_queue"
}

/// A statistic of one cached data class.
public enum DataClassStatistic: String, CaseIterable, Sendable, Hashable {
    case hitRatio = "hit_ratio"
    case staleReads = "stale_reads"
    case evictions
    case storeReads = "store_reads"

    /// A run without caching results (an older result) reads as zero.
    func value(_ stats: DataClassResult?) -> Double {
        switch self {
        case .hitRatio: return stats?.hitRatio ?? 0
        case .staleReads: return Double(stats?.staleReads ?? 0)
        case .evictions: return Double(stats?.evictions ?? 0)
        case .storeReads: return Double(stats?.storeReads ?? 0)
        }
    }
}

/// A run-wide statistic.
public enum RunStatistic: String, CaseIterable, Sendable, Hashable {
    case errorRate = "errors.rate"
    case availability
    case cacheHitRatio = "cache.hit_ratio"
    case violations
    case requests
    case throughput
    case staleReads = "stale_reads"
    case staleAuthorizations = "stale_authorizations"
    case writeBehindLost = "write_behind.lost"
    case cacheWritesLost = "cache.writes_lost"
    case generatorLagP99 = "generator.lag_p99"

    func value(in result: RunResult) -> Double {
        let simulated = result.simulated
        let classes = result.caching?.classes ?? [:]
        switch self {
        case .errorRate: return simulated.requests > 0 ? Double(simulated.errors) / Double(simulated.requests) : 0
        case .availability: return simulated.requests > 0 ? 1 - Double(simulated.errors) / Double(simulated.requests) : 1
        case .cacheHitRatio: return result.cache.hitRatio
        case .violations: return Double(result.violations.count)
        case .requests: return Double(simulated.requests)
        case .throughput: return simulated.durationS > 0 ? Double(simulated.requests) / simulated.durationS : 0
        case .staleReads: return Double(classes.values.reduce(0) { $0 + $1.staleReads })
        case .staleAuthorizations: return Double(classes.values.reduce(0) { $0 + $1.staleAuthorizations })
        case .writeBehindLost: return Double(classes.values.reduce(0) { $0 + ($1.writeBehind?.lost ?? 0) })
        case .cacheWritesLost:
            return Double(result.caching?.persistence.crashes.reduce(0) { $0 + $1.writesLostTotal } ?? 0)
        case .generatorLagP99: return result.generator?.lagMs.p99 ?? 0
        }
    }
}
