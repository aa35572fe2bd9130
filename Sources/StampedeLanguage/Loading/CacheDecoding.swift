import StampedeCache
import StampedeKernel
import StampedeModel
import StampedeSystem

/// `system.cache`'s memory, persistence, warming and per-data-class keys, and `system.otp`.
extension ScenarioLoader {
    static let cachingKeys = ["maxmemory", "maxmemory_policy", "maxmemory_samples", "persistence", "warm"]
        + DataClass.allCases.map(\.name)
    static let dataClassKeys = ["strategy", "ttl", "when_unavailable", "critical", "staleness", "flush_interval", "flush_batch"]
    static let persistenceKeys = ["snapshot_every", "fsync", "rate"]
    static let otpKeys = ["lifetime", "max_attempts", "required_for"]

    /// Reads the caching keys of `system.cache` into `cache`.
    static func decodeCaching(_ map: MappingReader, into cache: inout CacheSpec, in context: LoadContext) {
        map.read("maxmemory", into: &cache.server.maxMemory, in: context) { value throws(ScenarioError) in
            if (try? context.text(value, expected: "")) == "unlimited" { return 0 }
            return try context.parse(value, expected: ByteSizeGrammar.expected + ", or unlimited", ByteSizeGrammar.parse)
        }
        map.read("maxmemory_policy", into: &cache.server.policy, in: context) { value throws(ScenarioError) in
            try context.choice(value, EvictionPolicy.self)
        }
        map.read("maxmemory_samples", into: &cache.server.samples, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1, atMost: ScenarioLimits.evictionSamples)
        }
        map.read("persistence", into: &cache.server.persistence, in: context) { value throws(ScenarioError) in
            try decodePersistence(value, in: context)
        }
        map.read("warm", into: &cache.warm, in: context) { value throws(ScenarioError) in
            try context.parse(value, expected: WarmGrammar.expected, WarmGrammar.parse)
        }
        for c in DataClass.allCases {
            map.read(c.name, into: &cache.classes[c], in: context) { value throws(ScenarioError) in
                try decodeDataClass(value, in: context)
            }
        }
    }

    static func decodeDataClass(_ value: Located, in context: LoadContext) throws(ScenarioError) -> DataClassSpec {
        var spec = DataClassSpec()
        let map = try MappingReader(value, allowed: dataClassKeys, in: context)
        map.read("strategy", into: &spec.strategy, in: context) { value throws(ScenarioError) in
            try context.choice(value, StrategyKind.self)
        }
        map.read("ttl", into: &spec.ttl, in: context) { value throws(ScenarioError) in try context.duration(value) }
        map.read("when_unavailable", into: &spec.whenUnavailable, in: context) { value throws(ScenarioError) in
            try context.choice(value, UnavailablePolicy.self)
        }
        map.read("critical", into: &spec.critical, in: context) { value throws(ScenarioError) in try context.bool(value) }
        map.read("staleness", into: &spec.staleness, in: context) { value throws(ScenarioError) in
            try context.duration(value, allowZero: true)
        }
        map.read("flush_interval", into: &spec.flushInterval, in: context) { value throws(ScenarioError) in
            try context.duration(value)
        }
        map.read("flush_batch", into: &spec.flushBatch, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1)
        }
        return spec
    }

    static func decodePersistence(_ value: Located, in context: LoadContext) throws(ScenarioError) -> PersistenceConfig {
        var spec = PersistenceConfig()
        let map = try MappingReader(value, allowed: persistenceKeys, in: context)
        map.read("snapshot_every", into: &spec.snapshotEvery, in: context) { value throws(ScenarioError) in
            try context.duration(value, allowZero: true)
        }
        map.read("fsync", into: &spec.fsync, in: context) { value throws(ScenarioError) in
            try context.choice(value, FsyncPolicy.self)
        }
        map.read("rate", into: &spec.bytesPerSecond, in: context) { value throws(ScenarioError) in
            try context.parse(value, expected: ByteSizeGrammar.expectedRate, ByteSizeGrammar.rate)
        }
        return spec
    }

    static func decodeOTP(_ value: Located, in context: LoadContext) throws(ScenarioError) -> OTPSpec {
        var spec = OTPSpec()
        let map = try MappingReader(value, allowed: otpKeys, in: context)
        map.read("lifetime", into: &spec.lifetime, in: context) { value throws(ScenarioError) in try context.duration(value) }
        map.read("max_attempts", into: &spec.maxAttempts, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1)
        }
        map.read("required_for", into: &spec.requiredFraction, in: context) { value throws(ScenarioError) in
            try context.fraction(value)
        }
        return spec
    }
}

extension LoadContext {
    /// One of an enumeration's names, with the nearest suggested for a misspelling.
    func choice<T: RawRepresentable & CaseIterable>(_ value: Located, _ type: T.Type) throws(ScenarioError) -> T
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        let text = try self.text(value, expected: oneOf(names))
        guard let v = T(rawValue: text) else {
            throw error(.invalidValue, "unknown value '\(text)'", at: value, expected: oneOf(names),
                        found: quoted(text), suggestion: nearest(to: text, among: names))
        }
        return v
    }
}

extension LoadContext {
    /// A backend implementation's name, one of `names` (the registry's), with the nearest
    /// suggested for a misspelling.
    func backend(_ value: Located, among names: [String], what: String) throws(ScenarioError) -> String {
        let text = try self.text(value, expected: oneOf(names))
        guard names.contains(text) else {
            throw error(.invalidValue, "unknown \(what) backend '\(text)'", at: value, expected: oneOf(names),
                        found: quoted(text), suggestion: nearest(to: text, among: names))
        }
        return text
    }

    /// `managed`, or a URL of the backend's scheme on a loopback address: Stampede sends load
    /// only to this machine. The URL is parsed in full, and reached, when the run starts.
    func endpoint(_ value: Located, backend: String) throws(ScenarioError) -> BackendEndpoint {
        let example = backend == "redis" ? "redis://127.0.0.1:6379/0" : "postgres://postgres@127.0.0.1:5432/postgres"
        let expected = "managed (Stampede starts the server) or a loopback URL such as \(example)"
        let text = try self.text(value, expected: expected)
        if text == "managed" { return .managed }
        let schemes = backend == "redis" ? ["redis"] : ["postgres", "postgresql"]
        guard let url = ServerURLParts(text), schemes.contains(url.scheme) else {
            throw error(.invalidValue, "'\(text)' is not a \(backend) URL", at: value, expected: expected, found: quoted(text),
                        suggestion: text.hasPrefix("manag") ? "managed" : nil)
        }
        guard url.isLoopback else {
            throw error(.invalidValue, "\(backend) URL '\(text)' is not on this machine", at: value,
                        detail: "Stampede sends load only to loopback addresses",
                        expected: "a host of 127.0.0.1, ::1 or localhost, or managed", found: url.host.isEmpty ? "no host" : quoted(url.host))
        }
        if let port = url.port, !(Int(port).map { (1...65_535).contains($0) } ?? false) {
            throw error(.invalidValue, "\(backend) URL '\(text)' has port '\(port)'", at: value,
                        expected: "a port from 1 to 65535", found: quoted(String(port)))
        }
        return .url(text)
    }
}

/// `none` or `top-users(K)`.
package enum WarmGrammar {
    package static let expected = "none or top-users(<K ≥ 1>), e.g. top-users(1000)"

    package static func parse(_ text: String) throws(ValueError) -> WarmSpec {
        let trimmed = text.trimmingSpaces
        if trimmed == "none" { return .none }
        guard let (name, arguments) = Lexer.call(trimmed), name == "top-users",
              let k = try? NumberGrammar.integer(String(arguments)), k >= 1 else {
            throw ValueError.invalid("warm policy", expected: expected, text: trimmed,
                                     suggestion: nearest(to: Lexer.call(trimmed)?.name ?? trimmed, among: ["none", "top-users"]))
        }
        return .topUsers(k)
    }
}
