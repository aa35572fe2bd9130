/// The backend calls that are measured, cache calls first.
public enum BackendCallKind: Int, ResultVocabulary {
    case cacheGet, cacheSet, cacheDelete, cacheIncr, storeQuery, storeWrite

    /// The name used in metrics, SLO expressions, `result.json` and reports.
    public var name: String {
        switch self {
        case .cacheGet: return "cache.get"
        case .cacheSet: return "cache.set"
        case .cacheDelete: return "cache.delete"
        case .cacheIncr: return "cache.incr"
        case .storeQuery: return "store.query"
        case .storeWrite: return "store.write"
        }
    }

    /// Whether the call goes to the cache (else to the store).
    public var isCacheCall: Bool {
        switch self {
        case .cacheGet, .cacheSet, .cacheDelete, .cacheIncr: return true
        case .storeQuery, .storeWrite: return false
        }
    }
}
