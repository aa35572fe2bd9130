import StampedeKernel
import StampedeWorkload

extension ScenarioLoader {
    static let trafficKeys = ["think_time", "phases", "journeys"]
    static let phaseKeys = ["name", "for", "rate"]
    static let journeyKeys = ["weight", "steps", "think_time"]

    /// `traffic: { think_time, phases: [...], journeys: { <name>: {...} } }`.
    ///
    /// At least one phase and one journey; the phases' lengths must add up to the run's
    /// duration exactly, so a run never has a stretch with no defined arrival rate.
    static func decodeTraffic(_ value: Located, scope: EventScope, in context: LoadContext) throws(ScenarioError) -> TrafficSpec {
        var traffic = TrafficSpec()
        let map = try MappingReader(value, allowed: trafficKeys, in: context)
        var phasesValue: Located?
        map.read("think_time", into: &traffic.thinkTime, in: context) { value throws(ScenarioError) in
            try context.distribution(value)
        }
        if let phases = context.attempt({ () throws(ScenarioError) in
            try map.required("phases", expected: "a list of phases such as { name: steady, for: 5m, rate: 2000/s }", in: context)
        }) {
            phasesValue = phases
            traffic.phases = context.attempt { () throws(ScenarioError) in
                try decodePhases(phases, duration: scope.duration, in: context)
            } ?? []
        }
        if let journeys = context.attempt({ () throws(ScenarioError) in
            try map.required("journeys", expected: "a mapping of journey names to { weight, steps }", in: context)
        }) {
            traffic.journeys = context.attempt { () throws(ScenarioError) in
                try decodeJourneys(journeys, permissions: scope.permissions, in: context)
            } ?? []
        }
        if let phasesValue { checkWorkload(traffic, phases: phasesValue, in: context) }
        return traffic
    }

    static func decodePhases(_ value: Located, duration: SimDuration?, in context: LoadContext) throws(ScenarioError) -> [PhaseSpec] {
        let items = try context.list(value, expected: "a list of phases such as { name: steady, for: 5m, rate: 2000/s }",
                                     atMost: ScenarioLimits.phases, what: "phases")
        guard !items.isEmpty else {
            throw context.error(.invalidValue, "no phases", at: value, expected: "at least one phase")
        }
        var phases: [PhaseSpec] = []
        var complete = true
        for (index, item) in items.enumerated() {
            guard let phase = context.attempt({ () throws(ScenarioError) in
                try decodePhase(item, index: index, taken: phases.map(\.name), in: context)
            }) else { complete = false; continue }
            phases.append(phase)
        }
        let total = phases.reduce(SimDuration.zero) { $0 + $1.duration }
        if complete, let duration, duration > .zero, total != duration {
            let terms = phases.map(\.duration.description).joined(separator: " + ")
            throw context.error(.inconsistent, "phases add up to \(total) but the duration is \(duration)", at: value,
                                expected: "phase lengths that add up to \(duration)",
                                found: phases.count > 1 ? "\(terms) = \(total)" : "\(total)")
        }
        return phases
    }

    static func decodePhase(_ value: Located, index: Int, taken: [String], in context: LoadContext) throws(ScenarioError) -> PhaseSpec {
        let map = try MappingReader(value, allowed: phaseKeys, in: context)
        var name = "phase-\(index + 1)"
        if let nameValue = map["name"] {
            name = try context.identifier(nameValue, what: "phase name")
            if taken.contains(name) {
                throw context.error(.invalidValue, "phase '\(name)' defined twice", at: nameValue, expected: "unique phase names")
            }
        }
        let length = try context.duration(map.required("for", expected: DurationGrammar.expected, in: context))
        let rate = try context.parse(map.required("rate", expected: RateGrammar.expected, in: context),
                                     expected: RateGrammar.expected, RateGrammar.parse)
        return PhaseSpec(name: name, duration: length, rate: rate)
    }

    static func decodeJourneys(_ value: Located, permissions: [String], in context: LoadContext) throws(ScenarioError) -> [JourneySpec] {
        guard case .mapping(let mapping) = value.node else {
            throw context.error(.wrongType, "expected a mapping of journeys", at: value,
                                expected: "journey names with { weight, steps }", found: value.kind)
        }
        guard !mapping.isEmpty else {
            throw context.error(.invalidValue, "no journeys", at: value, expected: "at least one journey")
        }
        guard mapping.count <= ScenarioLimits.journeys.value else {
            throw context.error(.invalidValue, "too many journeys", at: value, detail: ScenarioLimits.journeys.reason,
                                expected: "at most \(grouped(ScenarioLimits.journeys.value)) journeys", found: grouped(mapping.count))
        }
        var journeys: [JourneySpec] = []
        // File order, as Yams keeps mapping pairs: journeys are reported in the order written.
        for (keyNode, journeyNode) in mapping {
            let name = ParenthesisMask.unmask(keyNode.scalar?.string ?? "")
            let journey = Located(journeyNode, path: value.child(name))
            guard isIdentifier(name) else {
                context.record(context.error(.invalidValue, "invalid journey name '\(name)'", path: journey.path,
                                             mark: keyNode.mark.map(SourcePosition.init),
                                             expected: "a name made of a-z, 0-9, '-' and '_'"))
                continue
            }
            guard name.count <= ScenarioLimits.nameLength.value else {
                context.record(context.error(.invalidValue, "journey name too long at \(value.path)", path: journey.path,
                                             mark: keyNode.mark.map(SourcePosition.init), detail: ScenarioLimits.nameLength.reason,
                                             expected: "at most \(ScenarioLimits.nameLength.value) characters",
                                             found: "\(name.count) characters"))
                continue
            }
            if let decoded = context.attempt({ () throws(ScenarioError) in
                try decodeJourney(journey, name: name, permissions: permissions, in: context)
            }) { journeys.append(decoded) }
        }
        let total = journeys.reduce(0) { $0 + $1.weight }
        if total > 0 {
            for index in journeys.indices { journeys[index].weight /= total }
        }
        return journeys
    }

    static func decodeJourney(_ value: Located, name: String, permissions: [String],
                              in context: LoadContext) throws(ScenarioError) -> JourneySpec {
        let map = try MappingReader(value, allowed: journeyKeys, in: context)
        var journey = JourneySpec(name: name, weight: 1, steps: [])
        let weightExpected = "a share above zero, as a percentage (90%) or a relative number (3)"
        map.read("weight", into: &journey.weight, in: context) { value throws(ScenarioError) in
            let weight = try context.parse(value, expected: weightExpected) { text throws(ValueError) in
                try NumberGrammar.proportion(text, what: "weight")
            }
            guard weight > 0, weight.isFinite else {
                throw context.error(.invalidValue, "weight must be above zero", at: value, expected: weightExpected,
                                    found: quoted(try context.text(value, expected: weightExpected)))
            }
            return weight
        }
        map.read("think_time", into: &journey.thinkTime, in: context) { value throws(ScenarioError) in
            try context.distribution(value)
        }
        let stepsValue = try map.required("steps", expected: "a list of steps such as [login, validate x 20, logout]", in: context)
        let items = try context.list(stepsValue, expected: "a list of steps such as [login, validate x 20, logout]",
                                     atMost: ScenarioLimits.steps, what: "steps")
        guard !items.isEmpty else {
            throw context.error(.invalidValue, "journey '\(name)' has no steps", at: stepsValue, expected: "at least one step")
        }
        for item in items {
            let step = context.attempt { () throws(ScenarioError) in
                try context.parse(item, expected: StepGrammar.expected) { text throws(ValueError) in
                    try StepGrammar.parse(text, permissions: permissions)
                }
            }
            if let step { journey.steps.append(step) }
        }
        return journey
    }
}
