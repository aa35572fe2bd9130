import StampedeLanguage
import StampedeResult

/// The sizes `--target` and `--explain` search over, by their scenario keys.
public enum SizingKnob: String, CaseIterable, Sendable, Codable {
    case storePool = "system.store.pool"
    case cachePool = "system.cache.pool"
    case cores = "system.service.cores"

    public var key: String { rawValue }

    /// How reports name it.
    public var label: String {
        switch self {
        case .storePool: return "store pool"
        case .cachePool: return "cache pool"
        case .cores: return "service cores"
        }
    }

    /// The pool whose load this knob relieves.
    public var pool: PoolKind {
        switch self {
        case .storePool: return .store
        case .cachePool: return .cache
        case .cores: return .cores
        }
    }

    public func value(in spec: ScenarioSpec) -> Int {
        switch self {
        case .storePool: return spec.system.store.pool
        case .cachePool: return spec.system.cache.pool
        case .cores: return spec.system.service.cores
        }
    }

    public init?(pool: PoolKind) {
        guard let knob = Self.allCases.first(where: { $0.pool == pool }) else { return nil }
        self = knob
    }
}
