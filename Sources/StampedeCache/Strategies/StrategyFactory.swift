import StampedeModel

/// Builds the strategy a policy names.
public enum StrategyFactory {
    public static func make(_ dataClass: DataClass, policy: DataClassPolicy, environment: StrategyEnvironment) -> any CachingStrategy {
        let core = StrategyCore(dataClass: dataClass, policy: policy, environment: environment)
        switch policy.strategy {
        case .none: return NoCacheStrategy(core: core)
        case .cacheAside: return CacheAsideStrategy(core: core)
        case .cacheAsideLease: return LeasedCacheAsideStrategy(core: core)
        case .readThrough: return ReadThroughStrategy(core: core)
        case .writeThrough: return WriteThroughStrategy(core: core, updateInPlace: false)
        case .writeThroughUpdate: return WriteThroughStrategy(core: core, updateInPlace: true)
        case .writeBehind: return WriteBehindStrategy(core: core)
        }
    }

    /// One strategy per data class, indexed by `DataClass.rawValue`.
    public static func makeAll(_ policy: CachingPolicy, environment: StrategyEnvironment) -> [any CachingStrategy] {
        DataClass.allCases.map { make($0, policy: policy[$0], environment: environment) }
    }
}
