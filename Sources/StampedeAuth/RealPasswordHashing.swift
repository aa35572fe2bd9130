import Foundation
import StampedeKernel

/// Password hashing paid for in real CPU (`password_hash.compute: real`, wall-clock runs): each
/// hash and each check runs PBKDF2-HMAC-SHA256 at the production iteration count on this
/// machine, holding one of the service's cores for as long as it really takes.
///
/// The work runs on Dispatch's threads, not the concurrency runtime's few, so a hash that
/// takes tens of milliseconds never stalls the arrival generator or a socket's completion.
/// Preloaded users are stored with the cheap hash (a run with 10,000 of them would otherwise
/// spend minutes before it starts); a check against one computes the remaining iterations for
/// real, so every check costs the production work all the same.
public final class RealPasswordHashing: Sendable {
    public let iterations: Int
    let hasher: PasswordHasher
    let cores: ResourcePool

    public init(iterations: Int, cores: ResourcePool) {
        self.iterations = iterations
        self.hasher = PasswordHasher(iterations: iterations)
        self.cores = cores
    }

    /// A hash for storage at the production iterations.
    func hash(_ password: String, salt: [UInt8]) async -> String {
        await onACore { [hasher] in hasher.hash(password, salt: salt) }
    }

    /// Whether `password` matches `stored`, at no fewer than the production iterations.
    func verify(_ password: String, against stored: String) async -> Bool {
        await onACore { [hasher, iterations] in hasher.verify(password, against: stored, atLeast: iterations) }
    }

    /// The work of one check that has nothing to check against (an unknown email), so it is
    /// not faster than a wrong password.
    func spendOneHash() async {
        _ = await onACore { [hasher] in hasher.hash("no such user", salt: [UInt8](repeating: 0, count: 16)) }
    }

    private func onACore<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        _ = await cores.enter(before: nil)
        defer { cores.leave() }
        return await withCheckedContinuation { (c: CheckedContinuation<T, Never>) in
            DispatchQueue.global(qos: .userInitiated).async { c.resume(returning: work()) } // wall-clock: real CPU work
        }
    }
}
