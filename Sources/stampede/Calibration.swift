import Foundation
import StampedeAuth
import StampedeKernel
import StampedeModel

/// Measures on this machine what the model charges for: real PBKDF2 and token signing.
///
/// The figures are for `password_hash.cost` and `service.token_cost` in a scenario; they are
/// never read automatically, because a run must not depend on the machine it runs on.
enum Calibration {
    static func run() {
        let clock = ContinuousClock() // wall-clock: this measures real CPU cost
        let iterations = 60_000
        let hasher = PasswordHasher(iterations: iterations)
        let salt = [UInt8](repeating: 7, count: 16)
        _ = hasher.hash("warm up the code", salt: salt)
        var best = Duration.seconds(3600)
        for _ in 0..<5 {
            let t = clock.measure { _ = hasher.hash("correct horse battery", salt: salt) }
            best = min(best, t)
        }
        let perIteration = seconds(best) / Double(iterations)
        print(String(format: "  PBKDF2-HMAC-SHA256: %.1f ns per iteration here; 600,000 iterations ≈ %.0f ms "
                     + "(scenario: password_hash: { cost: constant(%.0fms) })", perIteration * 1e9, perIteration * 6e8, perIteration * 6e8))
        let signer = TokenSigner(keyBytes: [UInt8](repeating: 1, count: 32))
        let claims = TokenClaims(user: .init(1), session: .init(high: 1, low: 2), issuedAt: .zero,
                                 expiresAt: SimInstant(nanoseconds: 1), permissionVersion: 1)
        let n = 200_000
        var token = signer.sign(claims)
        let signTime = clock.measure { for _ in 0..<n { token = signer.sign(claims) } }
        var ok = 0
        let verifyTime = clock.measure { for _ in 0..<n where signer.verify(token) != nil { ok += 1 } }
        print(String(format: "  access token: sign %.2f us, verify %.2f us (%d verified) — the model's default token_cost is 35us",
                     seconds(signTime) / Double(n) * 1e6, seconds(verifyTime) / Double(n) * 1e6, ok))
    }

    private static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) / 1e18
    }
}
