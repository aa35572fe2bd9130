import StampedeKernel
import StampedeSystem

extension ScenarioLoader {
    /// The whole scenario from its root node. Errors are recorded in `context`; what could not
    /// be read keeps its default so later checks can still run.
    static func decode(_ root: Located, in context: LoadContext) -> ScenarioSpec {
        var spec = ScenarioSpec(name: "", duration: .zero)
        guard let top = context.attempt({ () throws(ScenarioError) in
            try MappingReader(root, allowed: topLevelKeys, in: context)
        }) else { return spec }

        let name = context.attempt { () throws(ScenarioError) in
            try context.identifier(top.required("name", expected: "a scenario name such as login-storm", in: context),
                                   what: "scenario name")
        }
        spec.name = name ?? ""
        top.read("description", into: &spec.description, in: context) { value throws(ScenarioError) in
            try description(value, in: context)
        }
        top.read("seed", into: &spec.seed, in: context) { value throws(ScenarioError) in
            try context.parse(value, expected: "a whole number from 0 to 2^64 − 1", seed)
        }
        let duration = context.attempt { () throws(ScenarioError) in
            try runDuration(top.required("duration", expected: DurationGrammar.expected, in: context), in: context)
        }
        spec.duration = duration ?? .zero
        top.read("window", into: &spec.window, in: context) { value throws(ScenarioError) in
            try metricsWindow(value, duration: duration, in: context)
        }
        if top["window"] == nil, let duration { spec.window = defaultWindow(for: duration, top: top, in: context) }
        top.read("users", into: &spec.users, in: context) { value throws(ScenarioError) in
            try decodeUsers(value, in: context)
        }
        top.read("system", into: &spec.system, in: context) { value throws(ScenarioError) in
            try decodeSystem(value, in: context)
        }
        let scope = EventScope(duration: duration, permissions: spec.users.permissions, cacheBackend: spec.system.cache.backend,
                               cacheProcessFaults: context.backends.entry(.cache, spec.system.cache.backend)?.processFaults
                                   ?? Set(CacheProcessFault.allCases),
                               cacheAtURL: spec.system.cache.endpoint != .managed
                                   && context.backends.entry(.cache, spec.system.cache.backend)?.takesURL == true,
                               realHashing: spec.system.service.realHashing)
        if let traffic = context.attempt({ () throws(ScenarioError) in
            try top.required("traffic", expected: "traffic with phases and journeys", in: context)
        }) {
            spec.traffic = context.attempt { () throws(ScenarioError) in
                try decodeTraffic(traffic, scope: scope, in: context)
            } ?? spec.traffic
        }
        top.read("events", into: &spec.events, in: context) { value throws(ScenarioError) in
            try decodeEvents(value, scope: scope, in: context)
        }
        top.read("slos", into: &spec.slos, in: context) { value throws(ScenarioError) in
            try decodeSLOs(value, in: context)
        }
        top.read("regression", into: &spec.regression, in: context) { value throws(ScenarioError) in
            try context.parse(value, expected: regressionExpected, regression)
        }
        top.read("recovery_window", into: &spec.recoveryWindow, in: context) { value throws(ScenarioError) in
            try window(value, duration: duration, in: context)
        }
        checkSLOReferences(spec, slos: top["slos"], in: context)
        checkPeriodicWork(spec, top: top, in: context)
        checkMeasuredStretches(spec, in: context)
        return spec
    }

    /// Free text; an empty value is an empty description.
    static func description(_ value: Located, in context: LoadContext) throws(ScenarioError) -> String {
        if value.node.null != nil { return "" }
        return try context.text(value, expected: "text")
    }

    static func seed(_ text: String) throws(ValueError) -> UInt64? {
        let digits = text.trimmingSpaces.filter { $0 != "_" }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let seed = UInt64(digits) else {
            throw ValueError.invalid("seed", expected: "a whole number from 0 to 2^64 − 1", text: text.trimmingSpaces)
        }
        return seed
    }

    package static let regressionExpected = "a percentage above 0%, e.g. 10% (a metric may get this much worse than the baseline)"

    /// `10%` → 0.1: how much worse than a baseline run a metric may get.
    package static func regression(_ text: String) throws(ValueError) -> Double? {
        let value = try NumberGrammar.proportion(text, what: "regression threshold")
        guard value > 0, value.isFinite else {
            throw ValueError("regression threshold must be above zero", expected: regressionExpected,
                             found: quoted(text.trimmingSpaces))
        }
        return value
    }

    static func window(_ value: Located, duration: SimDuration?, in context: LoadContext) throws(ScenarioError) -> SimDuration {
        let window = try context.duration(value)
        if let duration, duration > .zero, window > duration {
            throw context.error(.inconsistent, "window longer than the run", at: value,
                                expected: "at most the duration, \(duration)", found: quoted(window.description))
        }
        return window
    }
}

/// What events and steps are checked against: the run's length (nil if it could not be read)
/// and the permissions users hold.
struct EventScope {
    var duration: SimDuration?
    var permissions: [String]
    /// The cache implementation the scenario names, and the process faults it can undergo.
    var cacheBackend = BackendRegistry.model
    var cacheProcessFaults = Set(CacheProcessFault.allCases)
    /// The cache is a server at a URL, not one Stampede started: its process is not ours to fault.
    var cacheAtURL = false
    /// Passwords are hashed in real CPU, which a fault cannot scale.
    var realHashing = false
}
