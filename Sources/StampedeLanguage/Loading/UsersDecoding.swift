import StampedeWorkload
extension ScenarioLoader {
    static let userKeys = ["count", "preregistered", "popularity", "permissions"]

    /// `users: { count, preregistered, popularity, permissions }`.
    static func decodeUsers(_ value: Located, in context: LoadContext) throws(ScenarioError) -> UsersSpec {
        let map = try MappingReader(value, allowed: userKeys, in: context)
        var users = UsersSpec()
        map.read("count", into: &users.count, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1, atMost: ScenarioLimits.users)
        }
        map.read("preregistered", into: &users.preregistered, in: context) { value throws(ScenarioError) in
            try context.fraction(value)
        }
        map.read("popularity", into: &users.zipf, in: context) { value throws(ScenarioError) in
            try context.bounded(context.parse(value, expected: "zipf(<exponent>) or uniform", NumberGrammar.popularity),
                                value, atMost: ScenarioLimits.zipfExponent)
        }
        map.read("permissions", into: &users.permissions, in: context) { value throws(ScenarioError) in
            try permissions(value, in: context)
        }
        return users
    }

    /// Permission names: at least one, at most 64 (they are a bit set), each once.
    static func permissions(_ value: Located, in context: LoadContext) throws(ScenarioError) -> [String] {
        let items = try context.list(value, expected: "a list of permission names such as [read, write]")
        guard (1...64).contains(items.count) else {
            throw context.error(.invalidValue, "wrong number of permissions", at: value,
                                expected: "from 1 to 64 permission names", found: "\(items.count)")
        }
        var names: [String] = []
        for item in items {
            guard let name = context.attempt({ () throws(ScenarioError) in
                try context.identifier(item, what: "permission name")
            }) else { continue }
            if names.contains(name) {
                context.record(context.error(.invalidValue, "permission '\(name)' listed twice", at: item,
                                             expected: "each permission once"))
            } else {
                names.append(name)
            }
        }
        return names
    }
}
