import StampedeKernel
import StampedeSystem

extension ScenarioLoader {
    static let systemKeys = ["service", "store", "cache", "sessions", "lockout", "otp", "permission_staleness", "resilience"]
    static let serviceKeys = ["cores", "password_hash", "token_cost"]
    static let passwordHashKeys = ["algorithm", "iterations", "simulated_iterations", "cost", "compute"]
    static let hashComputeModes = ["modeled", "real"]
    static let storeKeys = ["backend", "url", "pool", "latency"]
    static let cacheKeys = ["backend", "url", "pool", "latency", "max_entries", "user_ttl", "permission_ttl"] + cachingKeys
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
        hashMap.read("compute", into: &service.realHashing, in: context) { value throws(ScenarioError) in
            let mode = try context.text(value, expected: oneOf(hashComputeModes))
            guard hashComputeModes.contains(mode) else {
                throw context.error(.invalidValue, "unknown hash compute mode '\(mode)'", at: value, expected: oneOf(hashComputeModes),
                                    found: quoted(mode), suggestion: nearest(to: mode, among: hashComputeModes))
            }
            if mode == "real", context.clock == .virtual {
                throw context.error(.inconsistent, "real password hashing spends real CPU time, which virtual time does not have", at: value,
                                    expected: "--clock wall to hash for real, or compute: modeled")
            }
            return mode == "real"
        }
        if service.realHashing, let cost = hashMap["cost"] {
            context.note("system.service.password_hash.cost is the modeled hash time; with compute: real the hash takes what it really takes, so this run does not use it (its model twin in `stampede predict` does)",
                         path: cost.path, mark: cost.mark)
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
        store.endpoint = decodeRealBackend(map, role: .store, backend: store.backend, in: context)
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
        cache.endpoint = decodeRealBackend(map, role: .cache, backend: cache.backend, in: context)
        if let entries = map["max_entries"], context.backends.entry(.cache, cache.backend)?.kind == .server {
            context.record(context.error(.inconsistent, "max_entries bounds the model cache by entries; backend '\(cache.backend)' is bounded by bytes",
                                         at: entries, expected: "maxmemory (with maxmemory_policy) for a real Redis, or backend: model"))
        }
        return cache
    }

    /// What a real backend needs that a model does not: the clock it runs on (real time
    /// only), and where its server is (`url:`, a loopback URL or `managed`, the default).
    /// A modeled `latency` does not apply to it; that is said, not silently kept.
    static func decodeRealBackend(_ map: MappingReader, role: BackendRole, backend: String,
                                  in context: LoadContext) -> BackendEndpoint {
        let key = "system.\(role.rawValue)"
        guard let entry = context.backends.entry(role, backend) else { return .managed }
        if entry.wallClockOnly, context.clock == .virtual, let value = map["backend"] {
            context.record(context.error(.inconsistent, "\(role.rawValue) backend '\(backend)' is a real \(entry.kind == .server ? "server" : "database"), "
                                         + "which serves in real time, not in virtual time", at: value,
                                         expected: "--clock wall to run against it, or backend: model for a deterministic virtual-time run"))
        }
        if entry.wallClockOnly, let latency = map["latency"] {
            context.note("\(key).latency is the model's service time; backend '\(backend)' serves at its own speed, so this run does not use it (its model twin in `stampede predict` does)",
                         path: latency.path, mark: latency.mark)
        }
        guard let value = map["url"] else { return .managed }
        guard entry.takesURL else {
            let servers = context.backends.entries.filter { $0.role == role && $0.takesURL }.map(\.name)
            context.record(context.error(.inconsistent, "key 'url' does not apply to \(role.rawValue) backend '\(backend)'", at: value,
                                         expected: servers.isEmpty ? "no url" : "no url, or a server backend (\(oneOf(servers)))"))
            return .managed
        }
        return context.attempt { () throws(ScenarioError) in try context.endpoint(value, backend: backend) } ?? .managed
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
