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
    public static func emailProblem(_ email: String) -> String? {
        let u = email.utf8
        guard u.count <= 254, !u.contains(UInt8(ascii: " ")) else { return "too long or contains a space" }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return "needs one @ and a local part" }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard domain.count >= 2, domain.allSatisfy({ !$0.isEmpty }) else { return "domain needs a dot" }
        return nil
    }

    /// Why `password` is unacceptable, or nil.
    public static func passwordProblem(_ password: String) -> String? {
        let n = password.count
        if n < minimumPasswordLength { return "shorter than \(minimumPasswordLength) characters" }
        if n > maximumPasswordLength { return "longer than \(maximumPasswordLength) characters" }
        if blocklist.contains(password.lowercased()) { return "a commonly used password" }
        return nil
    }
}
