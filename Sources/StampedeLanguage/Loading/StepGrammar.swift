import StampedeWorkload
/// Journey steps: `<action>[(<argument>)] [x <repeats>] [<probability>%]`.
///
/// Examples: `login`, `login(wrong_password) x 3`, `login(old_password)`, `validate x 20`, `validate(write) x 3 50%`,
/// `logout 60%`. The probability is decided once for the step, then applies to all repeats.
package enum StepGrammar {
    /// Action names as a scenario writes them, in the order messages list them.
    package static let actions = [
        "register", "login", "validate", "refresh", "logout",
        "change_password", "replay_after_logout", "reuse_refresh", "otp", "otp_replay",
    ]

    static let withoutArgument: [String: StepAction] = [
        "register": .register, "refresh": .refresh, "logout": .logout, "change_password": .changePassword,
        "replay_after_logout": .replayAfterLogout, "reuse_refresh": .reuseRefresh,
        "otp": .otp, "otp_replay": .otpReplay,
    ]

    package static let expected = "<action>[(<argument>)] [x <repeats>] [<probability>%], e.g. validate(write) x 3 50%"

    package static func parse(_ text: String, permissions: [String]) throws(ValueError) -> StepSpec {
        let trimmed = text.trimmingSpaces
        let (actionText, rest) = splitAction(Substring(trimmed))
        var step = StepSpec(action: try action(actionText, permissions: permissions, whole: trimmed))
        var tokens = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
        if let first = tokens.first, first == "x" || first == "×" || first.hasPrefix("x") && first.count > 1 {
            let countText = first.count > 1 ? first.dropFirst() : tokens.dropFirst().first ?? ""
            tokens = tokens.dropFirst(first.count > 1 ? 1 : 2)
            guard let repeats = Int(countText), repeats >= 1 else {
                throw ValueError("invalid repeat count in step", expected: "x followed by a whole number ≥ 1, e.g. validate x 20",
                                 found: quoted(trimmed))
            }
            step.repeats = repeats
        }
        if let last = tokens.first, last.hasSuffix("%") {
            tokens = tokens.dropFirst()
            guard let percent = Lexer.number(last.dropLast()), percent > 0, percent <= 100 else {
                throw ValueError("invalid probability in step", expected: "a percentage above 0% and at most 100%, e.g. logout 60%",
                                 found: quoted(trimmed))
            }
            step.probability = percent / 100
        }
        guard tokens.isEmpty else {
            throw ValueError("unexpected '\(tokens.joined(separator: " "))' in step", expected: expected, found: quoted(trimmed))
        }
        return step
    }

    /// The action with its parenthesised argument (which may contain spaces), and what follows.
    static func splitAction(_ text: Substring) -> (action: Substring, rest: Substring) {
        let end = text.firstIndex { $0 == " " || $0 == "\t" || $0 == "(" } ?? text.endIndex
        guard end < text.endIndex, text[end] == "(" else { return (text[..<end], text[end...]) }
        let close = text[end...].firstIndex(of: ")").map { text.index(after: $0) } ?? text.endIndex
        return (text[..<close], text[close...])
    }

    static func action(_ text: Substring, permissions: [String], whole: String) throws(ValueError) -> StepAction {
        let name: String
        let argument: String?
        if let (called, inner) = Lexer.call(String(text)) {
            (name, argument) = (called, inner.trimmingSpaces.description)
        } else {
            (name, argument) = (String(text), nil)
        }
        guard actions.contains(name) else {
            throw ValueError("unknown step '\(name)'", expected: oneOf(actions), found: quoted(whole),
                             suggestion: nearest(to: name, among: actions))
        }
        switch (name, argument) {
        case ("login", nil): return .login
        case ("login", "wrong_password"): return .loginWrongPassword
        case ("login", "old_password"): return .loginOldPassword
        case ("login", let other?):
            throw ValueError("unknown login variant '\(other)'", expected: "login, login(wrong_password) or login(old_password)",
                             found: quoted(whole), suggestion: nearest(to: other, among: ["wrong_password", "old_password"]))
        case ("otp", "wrong_code"): return .otpWrongCode
        case ("otp", let other?):
            throw ValueError("unknown otp variant '\(other)'", expected: "otp or otp(wrong_code)",
                             found: quoted(whole), suggestion: nearest(to: other, among: ["wrong_code"]))
        case ("validate", nil): return .validate(permission: nil)
        case ("validate", let permission?):
            guard permissions.contains(permission) else {
                throw ValueError("unknown permission '\(permission)' in step",
                                 expected: "a permission listed in users.permissions (\(permissions.joined(separator: ", ")))",
                                 found: quoted(whole), suggestion: nearest(to: permission, among: permissions))
            }
            return .validate(permission: permission)
        case (_, let other?):
            throw ValueError("step '\(name)' takes no argument", expected: name, found: quoted(whole) + " with '\(other)'")
        case (_, nil):
            // `actions` was checked above, so every remaining name is in the table.
            return withoutArgument[name] ?? .reuseRefresh
        }
    }
}
