import StampedeKernel

extension ScenarioLoader {
    static let faultKeys = ["at", "for", "every", "fault", "target", "name", "probability"] + faultOptionKeys
    static let securityKeys = ["at", "security", "users", "permission", "over", "rate", "name"]
    static let eventKeys = faultKeys + securityKeys.filter { !faultKeys.contains($0) }
    static let securityKinds = ["password-change", "permission-revoke", "logout-everywhere"]

    /// `events: [ { at, for, fault, ... } | { at, security, users, ... } ]`, in time order
    /// (file order among events at the same time).
    static func decodeEvents(_ value: Located, scope: EventScope, in context: LoadContext) throws(ScenarioError) -> [EventSpec] {
        let items = try context.list(value, expected: "a list of events such as { at: 6m, for: 60s, fault: cache-down }",
                                     atMost: ScenarioLimits.events, what: "events")
        var decoded: [(event: EventSpec, item: Located)] = []
        for item in items {
            if let event = context.attempt({ () throws(ScenarioError) in try decodeEvent(item, scope: scope, in: context) }) {
                decoded.append((event, item))
            }
        }
        decoded = decoded.enumerated().sorted { ($0.element.event.at, $0.offset) < ($1.element.event.at, $1.offset) }.map(\.element)
        nameEvents(&decoded, in: context)
        checkFaultOccurrences(decoded, scope: scope, in: context)
        checkFaultOverlaps(decoded, scope: scope, in: context)
        return decoded.map(\.event)
    }

    static func decodeEvent(_ value: Located, scope: EventScope, in context: LoadContext) throws(ScenarioError) -> EventSpec {
        let map = try MappingReader(value, allowed: eventKeys, in: context)
        let isFault = map["fault"] != nil
        guard isFault != (map["security"] != nil) else {
            throw context.error(.invalidValue, "an event needs exactly one of 'fault' and 'security'", at: value,
                                expected: "fault: \(oneOf(faultKindNames)) or security: \(oneOf(securityKinds))",
                                found: isFault ? "both" : "neither")
        }
        let allowed = isFault ? faultKeys : securityKeys
        for (key, entry) in map.entries where !allowed.contains(key) {
            context.record(context.error(.unknownKey, "key '\(key)' does not apply to a \(isFault ? "fault" : "security") event",
                                         path: entry.path, mark: entry.mark, expected: oneOf(allowed)))
        }
        let atValue = try map.required("at", expected: "the time from the start of the run, e.g. 6m", in: context)
        let at = try context.duration(atValue, allowZero: true)
        if let duration = scope.duration, duration > .zero, at >= duration {
            throw context.error(.inconsistent, "event at \(at) is after the end of the run", at: atValue,
                                expected: "a time before the duration, \(duration)", found: quoted(at.description))
        }
        let line = value.mark?.line ?? 0
        if isFault {
            return EventSpec(at: at, line: line, kind: .fault(try decodeFault(map, at: at, scope: scope, in: context)))
        }
        return EventSpec(at: at, line: line, kind: .security(try decodeSecurity(map, at: at, scope: scope, in: context)))
    }

    static func decodeSecurity(_ map: MappingReader, at: SimDuration, scope: EventScope,
                               in context: LoadContext) throws(ScenarioError) -> SecurityEventSpec {
        let kindValue = try map.required("security", expected: oneOf(securityKinds), in: context)
        let name = try context.text(kindValue, expected: oneOf(securityKinds))
        guard securityKinds.contains(name) else {
            throw context.error(.invalidValue, "unknown security event '\(name)'", at: kindValue,
                                expected: oneOf(securityKinds), suggestion: nearest(to: name, among: securityKinds))
        }
        var kind: SecurityEventSpec.Kind = name == "password-change" ? .passwordChange : .logoutEverywhere
        if name == "permission-revoke" {
            let permissionValue = try map.required("permission", expected: "the permission to remove", in: context)
            let permission = try context.text(permissionValue, expected: oneOf(scope.permissions))
            guard scope.permissions.contains(permission) else {
                throw context.error(.invalidValue, "unknown permission '\(permission)'", at: permissionValue,
                                    expected: "a permission listed in users.permissions (\(scope.permissions.joined(separator: ", ")))",
                                    suggestion: nearest(to: permission, among: scope.permissions))
            }
            kind = .permissionRevoke(permission)
        } else if let permission = map["permission"] {
            throw context.error(.unknownKey, "key 'permission' applies only to permission-revoke", at: permission,
                                expected: "no permission for \(name)")
        }
        var event = SecurityEventSpec(kind: kind, target: .count(0))
        if let overValue = map["over"] {
            event.over = try context.duration(overValue, allowZero: true)
            try checkEnds(at + event.over, what: "spread \(at)–\(at + event.over)", value: overValue, scope: scope, in: context)
        }
        if let rateValue = map["rate"] { event.rate = try stormRate(rateValue, in: context) }
        if let usersValue = map["users"] {
            event.target = try targetUsers(usersValue, in: context)
        } else if let rate = event.rate, event.over > .zero {
            // More users than exist just means every user with a session; keep the count in range.
            event.target = .count(max(1, Int(min(rate * event.over.seconds, Double(ScenarioLimits.users.value)).rounded())))
        } else {
            _ = try map.required("users", expected: "a share (1%) or a number (100) of users, or a rate with 'over'", in: context)
        }
        if let rate = event.rate, event.over == .zero {
            guard case .count(let n) = event.target, let rateValue = map["rate"] else {
                throw context.error(.missingKey, "missing key 'over' at \(map.located.path)", path: map.located.child("over"),
                                    mark: map.located.mark, expected: "the storm's window, e.g. 30s, when 'users' is a share")
            }
            let seconds = Double(n) / rate
            event.over = seconds < ScenarioLimits.anyDuration.value.seconds ? .seconds(seconds) : ScenarioLimits.anyDuration.value
            try checkEnds(at + event.over, what: "storm \(at)–\(at + event.over)", value: rateValue, scope: scope, in: context)
        }
        if let nameValue = map["name"] { event.name = try context.identifier(nameValue, what: "event name") }
        return event
    }

    /// `users: 1%` or `0.01` (a fraction of users with a live session) or `100` (a count of them).
    static func targetUsers(_ value: Located, in context: LoadContext) throws(ScenarioError) -> SecurityEventSpec.Target {
        let expected = "a share above 0% and at most 100% (1%, 0.01) or a whole number ≥ 1 (100)"
        let text = try context.text(value, expected: expected)
        if !text.hasSuffix("%"), !text.contains("."), let count = try? NumberGrammar.integer(text) {
            guard count >= 1 else {
                throw context.error(.invalidValue, "value out of range", at: value, expected: expected, found: quoted(text))
            }
            return .count(count)
        }
        let fraction = try context.fraction(value)
        guard fraction > 0 else {
            throw context.error(.invalidValue, "value out of range", at: value, expected: expected, found: quoted(text))
        }
        return .fraction(fraction)
    }

    /// `rate: 50/s`: users per second for a storm; above zero.
    static func stormRate(_ value: Located, in context: LoadContext) throws(ScenarioError) -> Double {
        let rate = try context.parse(value, expected: "users per second, e.g. 50/s") { text throws(ValueError) in
            try RateGrammar.perSecond(Substring(text), whole: text)
        }
        guard rate > 0 else {
            throw context.error(.invalidValue, "a storm rate must be above zero", at: value, expected: "e.g. 50/s",
                                found: quoted(formatNumber(rate) + "/s"))
        }
        return rate
    }

    static func checkEnds(_ end: SimDuration, what: String, value: Located, scope: EventScope,
                          in context: LoadContext) throws(ScenarioError) {
        guard let duration = scope.duration, duration > .zero, end > duration else { return }
        throw context.error(.inconsistent, "\(what) ends after the end of the run", at: value,
                            expected: "an end at or before the duration, \(duration)", found: quoted(end.description))
    }
}
