/// The resource pools a run measures: the store's and the cache's connections and the
/// service's CPU cores.
///
/// The raw value is the name used in metrics (`pool.store.utilization`), `result.json` and reports.
public enum PoolKind: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable, Hashable {
    case store, cache, cores

    /// The name used in metrics, `result.json` and reports.
    public var name: String { rawValue }
}
