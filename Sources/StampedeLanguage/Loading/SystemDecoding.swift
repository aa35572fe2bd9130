import StampedeKernel
import StampedeSystem

extension ScenarioLoader {
    static let systemKeys = ["service", "store", "cache", "sessions", "lockout", "otp", "permission_staleness", "resilience"]
    static let serviceKeys = ["cores", "password_hash", "token_cost"]
    static let passwordHashKeys = ["algorithm", "iterations", "simulated_iterations", "cost"]
    static let storeKeys = ["backend", "pool", "latency"]
    static let cacheKeys = ["backend", "pool", "latency", "max_entries", "user_ttl", "permission_ttl"] + cachingKeys
    static let sessionKeys = ["access_token_ttl", "idle_timeout", "absolute_timeout", "touch_interval", "keep_changer_session"]
    static let lockoutKeys = ["max_failures", "window"]
    static let hashAlgorithms = ["pbkdf2-sha256"]

    /// `system: { service, store, cache, sessions, lockout, permission_staleness }`.
    static func decodeSystem(_ value: Located, in context: LoadContext) throws(ScenarioError) -> SystemSpec {
        let map = try MappingReader(value, allowed: systemKeys, in: context)
        var system = SystemSpec()
        map.read("service", into: &system.service, in: context) { value throws(ScenarioError) in
            try decodeService(value, in: context)
        }
        map.read("store", into: &system.store, in: context) { value throws(ScenarioError) in
            try decodeStore(value, in: context)
        }
        map.read("cache", into: &system.cache, in: context) { value throws(ScenarioError) in
            try decodeCache(value, in: context)
        }
        map.read("sessions", into: &system.sessions, in: context) { value throws(ScenarioError) in
            try decodeSessions(value, in: context)
        }
        map.read("lockout", into: &system.lockout, in: context) { value throws(ScenarioError) in
            var lockout = LockoutSpec()
            let map = try MappingReader(value, allowed: lockoutKeys, in: context)
            map.read("max_failures", into: &lockout.maxFailures, in: context) { value throws(ScenarioError) in
                try context.integer(value, atLeast: 1)
            }
            map.read("window", into: &lockout.window, in: context) { value throws(ScenarioError) in try context.duration(value) }
            return lockout
        }
        map.read("otp", into: &system.otp, in: context) { value throws(ScenarioError) in try decodeOTP(value, in: context) }
        map.read("permission_staleness", into: &system.permissionStaleness, in: context) { value throws(ScenarioError) in
            try context.duration(value, allowZero: true)
        }
        map.read("resilience", into: &system.resilience, in: context) { value throws(ScenarioError) in
            try decodeResilience(value, in: context)
        }
        return system
    }

    static func decodeService(_ value: Located, in context: LoadContext) throws(ScenarioError) -> ServiceSpec {
        var service = ServiceSpec()
        let map = try MappingReader(value, allowed: serviceKeys, in: context)
        map.read("cores", into: &service.cores, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1, atMost: ScenarioLimits.poolSize)
        }
        map.read("token_cost", into: &service.tokenCost, in: context) { value throws(ScenarioError) in try context.distribution(value) }
        guard let hash = map["password_hash"],
              let hashMap = context.attempt({ () throws(ScenarioError) in
                  try MappingReader(hash, allowed: passwordHashKeys, in: context)
              }) else { return service }
        if let algorithm = hashMap["algorithm"] {
            _ = context.attempt { () throws(ScenarioError) in try checkHashAlgorithm(algorithm, in: context) }
        }
        hashMap.read("iterations", into: &service.hashIterations, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1, atMost: ScenarioLimits.hashIterations)
        }
        hashMap.read("simulated_iterations", into: &service.realHashIterations, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1, atMost: ScenarioLimits.realHashIterations)
        }
        hashMap.read("cost", into: &service.hashCost, in: context) { value throws(ScenarioError) in
            try context.distribution(value)
        }
        return service
    }

    /// Only PBKDF2-HMAC-SHA256 is modeled; naming another algorithm is an error, not a silent substitute.
    static func checkHashAlgorithm(_ value: Located, in context: LoadContext) throws(ScenarioError) {
        let algorithm = try context.text(value, expected: oneOf(hashAlgorithms))
        guard hashAlgorithms.contains(algorithm) else {
            throw context.error(.invalidValue, "unsupported password hash '\(algorithm)'", at: value,
                                expected: oneOf(hashAlgorithms), suggestion: nearest(to: algorithm, among: hashAlgorithms))
        }
    }

    static func decodeStore(_ value: Located, in context: LoadContext) throws(ScenarioError) -> BackendSpec {
        var store = SystemSpec().store
        let map = try MappingReader(value, allowed: storeKeys, in: context)
        map.read("backend", into: &store.backend, in: context) { value throws(ScenarioError) in
            try context.backend(value, among: context.backends.stores, what: "store")
        }
        map.read("pool", into: &store.pool, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1, atMost: ScenarioLimits.poolSize)
        }
        map.read("latency", into: &store.latency, in: context) { value throws(ScenarioError) in try context.distribution(value) }
        return store
    }

    static func decodeCache(_ value: Located, in context: LoadContext) throws(ScenarioError) -> CacheSpec {
        var cache = CacheSpec()
        let map = try MappingReader(value, allowed: cacheKeys, in: context)
        map.read("backend", into: &cache.backend, in: context) { value throws(ScenarioError) in
            try context.backend(value, among: context.backends.caches, what: "cache")
        }
        map.read("pool", into: &cache.pool, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1, atMost: ScenarioLimits.poolSize)
        }
        map.read("latency", into: &cache.latency, in: context) { value throws(ScenarioError) in try context.distribution(value) }
        map.read("max_entries", into: &cache.server.maxEntries, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1)
        }
        map.read("user_ttl", into: &cache.userTTL, in: context) { value throws(ScenarioError) in try context.duration(value) }
        map.read("permission_ttl", into: &cache.permissionTTL, in: context) { value throws(ScenarioError) in
            try context.duration(value)
        }
        decodeCaching(map, into: &cache, in: context)
        return cache
    }

    static func decodeSessions(_ value: Located, in context: LoadContext) throws(ScenarioError) -> SessionSpec {
        var sessions = SessionSpec()
        let map = try MappingReader(value, allowed: sessionKeys, in: context)
        map.read("access_token_ttl", into: &sessions.accessTokenTTL, in: context) { value throws(ScenarioError) in
            try context.duration(value)
        }
        map.read("idle_timeout", into: &sessions.idleTimeout, in: context) { value throws(ScenarioError) in
            try context.duration(value)
        }
        map.read("absolute_timeout", into: &sessions.absoluteTimeout, in: context) { value throws(ScenarioError) in
            try context.duration(value)
        }
        map.read("touch_interval", into: &sessions.touchInterval, in: context) { value throws(ScenarioError) in
            try context.duration(value, allowZero: true)
        }
        map.read("keep_changer_session", into: &sessions.keepChangerSession, in: context) { value throws(ScenarioError) in
            try context.bool(value)
        }
        return sessions
    }
}
