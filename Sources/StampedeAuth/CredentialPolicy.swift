/// Email syntax and password rules (NIST SP 800-63B: length, not a known-bad password).
public enum CredentialPolicy {
    public static let minimumPasswordLength = 8
    public static let maximumPasswordLength = 64

    /// A few of the most common passwords; NIST asks verifiers to refuse such values.
    static let blocklist: Set<String> = [
        "password", "password1", "password123", "12345678", "123456789", "1234567890", "qwerty123",
        "qwertyuiop", "iloveyou", "11111111", "00000000", "abc12345", "letmein1", "sunshine",
        "football", "baseball", "welcome1", "admin123", "changeme", "trustno1", "passw0rd", "superman",
    ]

    /// Why `email` is unusable, or nil: one `@`, a non-empty local part, a dotted domain, no spaces.
    /// One pass over the UTF-8 bytes (it runs on every registration).
    public static func emailProblem(_ email: String) -> String? {
        var email = email
        return email.withUTF8 { u -> String? in
            guard u.count <= 254, !u.contains(UInt8(ascii: " ")) else { return "too long or contains a space" }
            guard let at = u.firstIndex(of: UInt8(ascii: "@")), at > 0, at <= 64,
                  !u[(at + 1)...].contains(UInt8(ascii: "@")) else { return "needs one @ and a local part" }
            // The domain: at least two labels, none empty.
            var labelLength = 0
            var dots = 0
            for c in u[(at + 1)...] {
                if c == UInt8(ascii: ".") {
                    guard labelLength > 0 else { return "domain needs a dot" }
                    dots += 1
                    labelLength = 0
                } else {
                    labelLength += 1
                }
            }
            guard dots >= 1, labelLength > 0 else { return "domain needs a dot" }
            return nil
        }
    }

    static let longestBlocked = blocklist.map(\.count).max() ?? 0

    /// Why `password` is unacceptable, or nil.
    public static func passwordProblem(_ password: String) -> String? {
        let n = password.count
        if n < minimumPasswordLength { return "shorter than \(minimumPasswordLength) characters" }
        if n > maximumPasswordLength { return "longer than \(maximumPasswordLength) characters" }
        if n <= longestBlocked, blocklist.contains(password.lowercased()) { return "a commonly used password" }
        return nil
    }
}
