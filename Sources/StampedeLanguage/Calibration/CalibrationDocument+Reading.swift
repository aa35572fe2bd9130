import StampedeKernel
import Yams

extension CalibrationDocument {
    static let topKeys = ["format", "meta", "settings", "cpu", "backends"]
    static let metaKeys = ["date", "host", "machine", "os", "command", "interrupted"]
    static let settingsKeys = ["seconds_per_step", "max_concurrency", "growth", "hash_iterations"]
    static let cpuKeys = ["pbkdf2_sha256", "token"]
    static let roles = ["cpu", "cache", "store"]
    static let backendKeys = ["kind", "version", "target", "saturation", "calls"]
    static let callKeys = ["saturation", "levels"]
    static let levelKeys = ["concurrency", "calls", "errors", "seconds", "throughput"]
    static let saturationKeys = ["call", "throughput", "concurrency", "reached", "reason"]

    /// Reads a calibration file's text with the scenario loader's checks (limits, YAML tags,
    /// unknown keys with suggestions, units everywhere); the error names `path`, the line and
    /// the key path, and lists every problem found.
    package static func parse(yaml: String, path: String) throws(ScenarioError) -> CalibrationDocument {
        let context = LoadContext(file: path)
        let root = try ScenarioLoader.compose(yaml, in: context)
        let document = read(root, in: context)
        if let error = context.combinedError() { throw error }
        return document
    }

    static func read(_ root: Located, in context: LoadContext) -> CalibrationDocument {
        let empty = Meta(date: "", host: "", machine: "", os: "", command: "")
        var document = CalibrationDocument(meta: empty, settings: Settings(secondsPerStep: 0, maxConcurrency: 0, growth: 0,
                                                                             hashIterations: 600_000))
        guard let top = context.attempt({ () throws(ScenarioError) in try MappingReader(root, allowed: topKeys, in: context) })
        else { return document }
        let formatOK = context.attempt { () throws(ScenarioError) -> Bool in
            let value = try top.required("format", expected: format, in: context)
            let found = try context.text(value, expected: format)
            guard found == format else {
                throw context.error(.invalidValue, "not a calibration file this version reads", at: value, expected: format,
                                    found: quoted(found))
            }
            return true
        }
        guard formatOK == true else { return document }
        top.read("meta", into: &document.meta, in: context) { value throws(ScenarioError) in try readMeta(value, in: context) }
        top.read("settings", into: &document.settings, in: context) { value throws(ScenarioError) in
            try readSettings(value, in: context)
        }
        top.read("cpu", into: &document.cpu, in: context) { value throws(ScenarioError) in
            try readCPU(value, iterations: document.settings.hashIterations, in: context)
        }
        top.read("backends", into: &document.backends, in: context) { value throws(ScenarioError) in
            let map = try MappingReader(value, allowed: roles, in: context)
            return map.entries.compactMap { entry in
                context.attempt { () throws(ScenarioError) in try readBackend(entry.value, role: entry.key, in: context) }
            }
        }
        return document
    }

    static func readMeta(_ value: Located, in context: LoadContext) throws(ScenarioError) -> Meta {
        let map = try MappingReader(value, allowed: metaKeys, in: context)
        var meta = Meta(date: "", host: "", machine: "", os: "", command: "")
        for (key, path) in [("date", \Meta.date), ("host", \.host), ("machine", \.machine), ("os", \.os), ("command", \.command)] {
            map.read(key, into: &meta[keyPath: path], in: context) { value throws(ScenarioError) in
                try context.text(value, expected: "text")
            }
        }
        map.read("interrupted", into: &meta.interrupted, in: context) { value throws(ScenarioError) in try context.bool(value) }
        return meta
    }

    static func readSettings(_ value: Located, in context: LoadContext) throws(ScenarioError) -> Settings {
        let map = try MappingReader(value, allowed: settingsKeys, in: context)
        var settings = Settings(secondsPerStep: 0, maxConcurrency: 0, growth: 0, hashIterations: 600_000)
        map.read("seconds_per_step", into: &settings.secondsPerStep, in: context) { value throws(ScenarioError) in
            try context.plainNumber(value, what: "a number of seconds, e.g. 2")
        }
        map.read("max_concurrency", into: &settings.maxConcurrency, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1)
        }
        map.read("growth", into: &settings.growth, in: context) { value throws(ScenarioError) in try context.fraction(value) }
        map.read("hash_iterations", into: &settings.hashIterations, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1, atMost: ScenarioLimits.hashIterations)
        }
        return settings
    }

    static func readCPU(_ value: Located, iterations: Int, in context: LoadContext) throws(ScenarioError) -> CPUFigures {
        let map = try MappingReader(value, allowed: cpuKeys, in: context)
        var figures = CPUFigures(hashIterations: iterations, nanosecondsPerIteration: 0, hash: .zero, tokenSign: .zero,
                                 tokenVerify: .zero)
        if let hash = map["pbkdf2_sha256"] {
            _ = context.attempt { () throws(ScenarioError) in
                let hashMap = try MappingReader(hash, allowed: ["iterations", "per_iteration", "hash"], in: context)
                hashMap.read("iterations", into: &figures.hashIterations, in: context) { value throws(ScenarioError) in
                    try context.integer(value, atLeast: 1, atMost: ScenarioLimits.hashIterations)
                }
                hashMap.read("per_iteration", into: &figures.nanosecondsPerIteration, in: context) { value throws(ScenarioError) in
                    let text = try context.text(value, expected: "nanoseconds, e.g. 112.5ns")
                    guard text.hasSuffix("ns"), let number = Lexer.number(text.dropLast(2)), number >= 0 else {
                        throw context.error(.invalidValue, "invalid per-iteration cost", at: value,
                                            expected: "nanoseconds, e.g. 112.5ns", found: quoted(text))
                    }
                    return number
                }
                hashMap.read("hash", into: &figures.hash, in: context) { value throws(ScenarioError) in try context.duration(value) }
            }
        }
        if let token = map["token"] {
            _ = context.attempt { () throws(ScenarioError) in
                let tokenMap = try MappingReader(token, allowed: ["sign", "verify"], in: context)
                tokenMap.read("sign", into: &figures.tokenSign, in: context) { value throws(ScenarioError) in try context.duration(value) }
                tokenMap.read("verify", into: &figures.tokenVerify, in: context) { value throws(ScenarioError) in
                    try context.duration(value)
                }
            }
        }
        return figures
    }

    static func readBackend(_ value: Located, role: String, in context: LoadContext) throws(ScenarioError) -> Backend {
        let map = try MappingReader(value, allowed: backendKeys, in: context)
        var backend = Backend(role: role, kind: "", version: "", target: "")
        for (key, path) in [("kind", \Backend.kind), ("version", \.version), ("target", \.target)] {
            map.read(key, into: &backend[keyPath: path], in: context) { value throws(ScenarioError) in
                try context.text(value, expected: "text")
            }
        }
        map.read("saturation", into: &backend.saturation, in: context) { value throws(ScenarioError) in
            try readSaturation(value, call: nil, in: context)
        }
        map.read("calls", into: &backend.calls, in: context) { value throws(ScenarioError) in
            guard case .mapping(let mapping) = value.node else {
                throw context.error(.wrongType, "expected a mapping of calls \(value.place)", at: value,
                                    expected: "call names such as \(role).mix, each with its levels", found: value.kind)
            }
            var calls: [Call] = []
            for (keyNode, callNode) in mapping {
                let name = keyNode.scalar?.string ?? ""
                let located = Located(callNode, path: value.child(name))
                guard name.hasPrefix(role + "."), name.count > role.count + 1 else {
                    context.record(context.error(.invalidValue, "call '\(name)' is not a \(role) call \(value.place)",
                                                 path: located.path, mark: keyNode.mark.map(SourcePosition.init),
                                                 expected: "a name that starts with '\(role).'"))
                    continue
                }
                if let call = context.attempt({ () throws(ScenarioError) in try readCall(located, name: name, in: context) }) {
                    calls.append(call)
                }
            }
            return calls
        }
        return backend
    }

    static func readCall(_ value: Located, name: String, in context: LoadContext) throws(ScenarioError) -> Call {
        let map = try MappingReader(value, allowed: callKeys, in: context)
        var call = Call(name: name)
        map.read("saturation", into: &call.saturation, in: context) { value throws(ScenarioError) in
            try readSaturation(value, call: name, in: context)
        }
        let levels = try map.required("levels", expected: "a list of levels", in: context)
        let items = try context.list(levels, expected: "a list of levels", atMost: ScenarioLimits.calibrationLevels, what: "levels")
        for item in items {
            guard let level = context.attempt({ () throws(ScenarioError) in try readLevel(item, in: context) }) else { continue }
            if let previous = call.levels.last, level.concurrency <= previous.concurrency {
                context.record(context.error(.inconsistent, "levels must be in increasing concurrency", at: item,
                                             expected: "a concurrency above \(previous.concurrency)", found: String(level.concurrency)))
                continue
            }
            call.levels.append(level)
        }
        return call
    }

    static func readLevel(_ value: Located, in context: LoadContext) throws(ScenarioError) -> Level {
        var allowed = levelKeys + ["min", "max"]
        if case .mapping(let mapping) = value.node {
            allowed += mapping.keys.compactMap(\.scalar?.string).filter { percentileOfKey($0) != nil && !allowed.contains($0) }
        }
        let map = try MappingReader(value, allowed: allowed, in: context)
        let concurrency = try context.integer(map.required("concurrency", expected: "a whole number ≥ 1", in: context), atLeast: 1)
        var level = Level(concurrency: concurrency, calls: 0, errors: 0, seconds: 0, throughput: 0, points: [])
        map.read("calls", into: &level.calls, in: context) { value throws(ScenarioError) in try context.integer(value, atLeast: 0) }
        map.read("errors", into: &level.errors, in: context) { value throws(ScenarioError) in try context.integer(value, atLeast: 0) }
        map.read("seconds", into: &level.seconds, in: context) { value throws(ScenarioError) in
            try context.plainNumber(value, what: "a number of seconds, e.g. 2.001")
        }
        map.read("throughput", into: &level.throughput, in: context) { value throws(ScenarioError) in
            try context.callsPerSecond(value)
        }
        for entry in map.entries {
            guard let percentile = percentileOfKey(entry.key) else { continue }
            guard let duration = context.attempt({ () throws(ScenarioError) in try context.duration(entry.value, allowZero: true) })
            else { continue }
            level.points.append(.init(percentile: percentile, value: duration))
        }
        level.points.sort { $0.percentile < $1.percentile }
        guard level.points.count <= ScenarioLimits.empiricalPoints.value else {
            throw context.error(.invalidValue, "too many percentiles", at: value, detail: ScenarioLimits.empiricalPoints.reason,
                                expected: "at most \(grouped(ScenarioLimits.empiricalPoints.value))", found: grouped(level.points.count))
        }
        if let problem = Distribution.empirical(level.points).problem {
            throw context.error(.invalidValue, "unusable percentile table", at: value, detail: problem,
                                expected: "at least two of min, p10 … p99.9, max, values not decreasing")
        }
        return level
    }

    static func readSaturation(_ value: Located, call: String?, in context: LoadContext) throws(ScenarioError) -> Saturation {
        let map = try MappingReader(value, allowed: saturationKeys, in: context)
        var saturation = Saturation(call: call ?? "", throughput: 0, concurrency: 1, reached: false, reason: "")
        map.read("call", into: &saturation.call, in: context) { value throws(ScenarioError) in
            try context.text(value, expected: "a call name such as store.mix")
        }
        map.read("throughput", into: &saturation.throughput, in: context) { value throws(ScenarioError) in
            try context.callsPerSecond(value)
        }
        map.read("concurrency", into: &saturation.concurrency, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1)
        }
        map.read("reached", into: &saturation.reached, in: context) { value throws(ScenarioError) in try context.bool(value) }
        map.read("reason", into: &saturation.reason, in: context) { value throws(ScenarioError) in
            try context.text(value, expected: "text")
        }
        return saturation
    }

    /// The percentile a level key stands for: `min` 0, `max` 100, `p99.9` 99.9; nil for other keys.
    static func percentileOfKey(_ key: String) -> Double? {
        switch key {
        case "min": return 0
        case "max": return 100
        default:
            guard key.hasPrefix("p"), let value = Lexer.number(key.dropFirst()), value > 0, value < 100 else { return nil }
            return value
        }
    }
}

extension LoadContext {
    /// A plain decimal number ≥ 0 (`2`, `2.001`).
    func plainNumber(_ value: Located, what: String) throws(ScenarioError) -> Double {
        let text = try text(value, expected: what)
        guard let number = Lexer.number(text), number >= 0 else {
            throw error(.invalidValue, "invalid number", at: value, expected: what, found: quoted(text))
        }
        return number
    }

    /// Calls per second written as a rate, `617.5/s`.
    func callsPerSecond(_ value: Located) throws(ScenarioError) -> Double {
        let expected = "calls per second such as 617.5/s"
        let text = try text(value, expected: expected)
        guard text.hasSuffix("/s"), let number = Lexer.number(text.dropLast(2)), number >= 0 else {
            throw error(.invalidValue, "invalid throughput", at: value, expected: expected, found: quoted(text))
        }
        return number
    }
}
