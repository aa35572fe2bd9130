import StampedeKernel
import StampedeSystem

/// The fault plan's vocabulary: `{ at, for, every, fault, target, name, probability, … }`.
extension ScenarioLoader {
    static let faultKindNames = [
        "down", "timeout", "latency", "errors", "slow-queries", "slow-recovery", "flush", "eviction-storm", "crash",
        "pool-exhaustion", "failover", "hash-spike", "restart",
    ]
    /// The original spellings, still accepted: `cache-down` is `down` on the cache, `cache-crash` is `crash`.
    static let legacyFaultKinds = ["cache-down", "cache-latency", "cache-crash"]
    static let faultKinds = faultKindNames + legacyFaultKinds
    static let faultTargets = ["cache", "store", "service"]
    /// Data classes a fault may target on the cache (`cache.<class>`). Empty until the caching
    /// strategies define them; a target naming one then needs no other change here.
    static let cacheDataClasses: [String] = []
    static let faultOptionKeys = ["latency", "max_entries", "connections", "warmup", "factor"]
    /// Kinds that act on individual calls, so `probability` applies.
    static let perCallFaultKinds = ["down", "timeout", "latency", "errors", "slow-queries"]

    /// The targets a kind applies to; the first is its default.
    static func faultTargets(of kind: String) -> [String] {
        switch kind {
        case "slow-queries", "failover": return ["store"]
        case "flush", "eviction-storm", "crash": return ["cache"]
        case "hash-spike", "restart": return ["service"]
        default: return ["cache", "store"]
        }
    }

    /// The kind-specific keys of a kind, and whether each is required.
    static func faultOptions(of kind: String) -> [(key: String, required: Bool)] {
        switch kind {
        case "latency", "slow-queries", "slow-recovery": return [("latency", true)]
        case "failover": return [("latency", true), ("warmup", false)]
        case "eviction-storm": return [("max_entries", true)]
        case "pool-exhaustion": return [("connections", true)]
        case "hash-spike": return [("factor", true)]
        case "restart": return [("warmup", false), ("factor", false)]
        default: return []
        }
    }

    /// Faults that act on the cache process through its control, not on its calls.
    static let processFaultKinds: [String: CacheProcessFault] = ["crash": .crash, "flush": .flush, "eviction-storm": .resize]

    static func decodeFault(_ map: MappingReader, at: SimDuration, scope: EventScope,
                            in context: LoadContext) throws(ScenarioError) -> FaultSpec {
        let kindValue = try map.required("fault", expected: oneOf(faultKindNames), in: context)
        let written = try context.text(kindValue, expected: oneOf(faultKindNames))
        guard faultKinds.contains(written) else {
            throw context.error(.invalidValue, "unknown fault '\(written)'", at: kindValue, expected: oneOf(faultKindNames),
                                suggestion: nearest(to: written, among: faultKinds))
        }
        let legacy = legacyFaultKinds.contains(written)
        let kind = legacy ? String(written.dropFirst("cache-".count)) : written
        var fault = FaultSpec(kind: .down, duration: .zero)
        fault.target = try faultTarget(map["target"], kind: kind, allowed: legacy ? ["cache"] : faultTargets(of: kind), in: context)
        if processFaultKinds[kind] != nil, fault.target != .store, scope.cacheAtURL {
            throw context.error(.inconsistent, "fault '\(written)' acts on the cache process, and the '\(scope.cacheBackend)' server at "
                                + "system.cache.url is not one Stampede started", at: kindValue,
                                expected: "url: managed (Stampede starts the server and may flush, kill and restart it), "
                                + "or a call-level fault such as down")
        }
        if kind == "hash-spike", scope.realHashing {
            throw context.error(.inconsistent, "fault 'hash-spike' scales the modeled hash cost, and password_hash.compute is real",
                                at: kindValue, expected: "compute: modeled for a hash spike, or another fault")
        }
        if let process = processFaultKinds[kind], fault.target != .store, !scope.cacheProcessFaults.contains(process) {
            let able = context.backends.caches(undergoing: process)
            let what = process == .resize ? "shrinks the cache process by entry count" : "acts on the cache process"
            throw context.error(.inconsistent, "fault '\(written)' \(what), which backend '\(scope.cacheBackend)' "
                                + "cannot undergo", at: kindValue,
                                expected: able.isEmpty ? "a call-level fault such as down"
                                    : "a cache backend that can (\(oneOf(able.sorted()))), or a call-level fault such as down")
        }
        try checkFaultOptions(map, kind: written, options: faultOptions(of: kind), in: context)
        fault.probability = try faultProbability(map, kind: kind, written: written, in: context)
        if kind == "flush" {
            if let length = map["for"] {
                throw context.error(.unknownKey, "key 'for' does not apply to a flush, which is an instant", at: length,
                                    expected: "no 'for' (a flush happens at 'at')")
            }
        } else {
            let lengthValue = try map.required("for", expected: "how long the fault lasts, e.g. 60s", in: context)
            fault.duration = try context.duration(lengthValue)
            try checkEnds(at + fault.duration, what: "fault window \(at)–\(at + fault.duration)", value: lengthValue,
                          scope: scope, in: context)
        }
        if let everyValue = map["every"] {
            let every = try context.duration(everyValue)
            guard every > fault.duration else {
                throw context.error(.inconsistent, "a fault cannot repeat before it ends", at: everyValue,
                                    expected: "'every' longer than 'for' (\(fault.duration))", found: quoted(every.description))
            }
            fault.every = every
        }
        fault.kind = try faultKind(kind, map, in: context)
        if let nameValue = map["name"] { fault.name = try context.identifier(nameValue, what: "fault name") }
        return fault
    }

    /// `target: cache | cache.<class> | store | service`, defaulting to the kind's first target.
    static func faultTarget(_ value: Located?, kind: String, allowed: [String], in context: LoadContext) throws(ScenarioError) -> FaultTarget {
        func named(_ system: String) -> FaultTarget { system == "store" ? .store : system == "service" ? .service : .cache(dataClass: nil) }
        guard let value else { return named(allowed[0]) }
        let text = try context.text(value, expected: oneOf(allowed))
        let classes = cacheDataClasses.map { "cache.\($0)" }
        let target: FaultTarget
        if faultTargets.contains(text) {
            target = named(text)
        } else if classes.contains(text) {
            target = .cache(dataClass: String(text.dropFirst("cache.".count)))
        } else {
            let expected = "one of " + (faultTargets + classes).joined(separator: ", ")
                + (cacheDataClasses.isEmpty ? " (data classes on the cache, cache.<class>, arrive with caching strategies)" : "")
            throw context.error(.invalidValue, "unknown fault target '\(text)'", at: value, expected: expected,
                                suggestion: nearest(to: text, among: faultTargets + classes) ?? (text.hasPrefix("cache.") ? "cache" : nil))
        }
        guard allowed.contains(target.system) else {
            throw context.error(.inconsistent, "fault '\(kind)' does not apply to the \(target.system)", at: value,
                                expected: "target \(oneOf(allowed))", found: quoted(text))
        }
        return target
    }

    /// Kind-specific keys that do not apply to the kind are errors; missing required ones too.
    static func checkFaultOptions(_ map: MappingReader, kind: String, options: [(key: String, required: Bool)],
                                  in context: LoadContext) throws(ScenarioError) {
        let keys = options.map(\.key)
        for key in faultOptionKeys where !keys.contains(key) {
            guard let value = map[key] else { continue }
            throw context.error(.unknownKey, "key '\(key)' does not apply to a \(kind) fault", at: value,
                                expected: keys.isEmpty ? "no \(faultOptionKeys.joined(separator: "/")) for \(kind)" : oneOf(keys))
        }
        for option in options where option.required && map[option.key] == nil {
            _ = try map.required(option.key, expected: "\(option.key) for a \(kind) fault", in: context)
        }
    }

    /// `probability: 5%`: the share of calls hit; required for `errors` and `slow-queries`.
    static func faultProbability(_ map: MappingReader, kind: String, written: String,
                                 in context: LoadContext) throws(ScenarioError) -> Double {
        guard let value = map["probability"] else {
            if kind == "errors" || kind == "slow-queries" {
                _ = try map.required("probability", expected: "the share of calls hit, e.g. 5%", in: context)
            }
            return 1
        }
        guard perCallFaultKinds.contains(kind) else {
            throw context.error(.unknownKey, "key 'probability' does not apply to a \(written) fault", at: value,
                                expected: "probability only for \(perCallFaultKinds.joined(separator: ", "))")
        }
        let p = try context.fraction(value)
        guard p > 0 else {
            throw context.error(.invalidValue, "value out of range", at: value, expected: "a share above 0% and at most 100%",
                                found: quoted(formatNumber(p * 100) + "%"))
        }
        return p
    }

    /// The kind with its parameters.
    static func faultKind(_ kind: String, _ map: MappingReader, in context: LoadContext) throws(ScenarioError) -> FaultSpec.Kind {
        func latency() throws(ScenarioError) -> Distribution {
            try context.distribution(map.required("latency", expected: "added latency, e.g. lognormal(median: 20ms, p99: 80ms)", in: context))
        }
        func warmup() throws(ScenarioError) -> SimDuration {
            guard let value = map["warmup"] else { return kind == "failover" ? .seconds(30) : .zero }
            return try context.duration(value, allowZero: true)
        }
        func factor(default value: Double) throws(ScenarioError) -> Double {
            guard let v = map["factor"] else { return value }
            return try context.bounded(context.parse(v, expected: "a number ≥ 1, e.g. 4", NumberGrammar.factor), v,
                                       atMost: ScenarioLimits.factor)
        }
        switch kind {
        case "down": return .down
        case "timeout": return .timeout
        case "latency": return .latency(try latency())
        case "errors": return .errors
        case "slow-queries": return .slowQueries(try latency())
        case "slow-recovery": return .slowRecovery(try latency())
        case "flush": return .flush
        case "crash": return .crash
        case "eviction-storm":
            return .evictionStorm(maxEntries: try context.integer(map.required("max_entries", expected: "entries kept", in: context), atLeast: 1))
        case "pool-exhaustion":
            return .poolExhaustion(connections: try context.integer(
                map.required("connections", expected: "connections left", in: context), atLeast: 1, atMost: ScenarioLimits.poolSize))
        case "failover": return .failover(warmup: try warmup(), latency: try latency())
        case "hash-spike": return .hashSpike(factor: try factor(default: 1))
        default: return .restart(warmup: try warmup(), factor: try factor(default: 2))
        }
    }
}

extension NumberGrammar {
    /// A multiplier ≥ 1 (`4`, `2.5`).
    package static func factor(_ text: String) throws(ValueError) -> Double {
        let trimmed = text.trimmingSpaces
        guard let value = Lexer.number(trimmed), value >= 1 else {
            throw ValueError.invalid("factor", expected: "a number ≥ 1, e.g. 4", text: trimmed)
        }
        return value
    }
}
