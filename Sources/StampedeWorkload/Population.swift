import StampedeKernel
import StampedeModel
import Synchronization

/// The simulated users: who registers next, their current passwords and permissions, and
/// who has a live session right now (the targets of security events).
package final class Population: Sendable {
    package let count: Int
    package let preregistered: Int
    private let popularity: ZipfSampler
    /// Rank → user: the hot users are spread over the id space.
    private let ranking: [Int32]
    /// Where every user's password is drawn from (`password(_:generation:)`).
    private let passwordSeed: SeedTree
    private let initialPermissions: PermissionSet
    private let state: Mutex<State>

    /// Passwords and permissions are kept only for the users who changed them: the others
    /// have their first password (generation 0, derived from the seed on each use) and the
    /// initial permissions, so a million users cost no per-user strings.
    package struct State {
        /// The generation of each changed password, by user.
        var passwords: [Int32: UInt64] = [:]
        /// The generation each user had before their latest change (only users who changed one).
        var previousPasswords: [Int32: UInt64] = [:]
        var permissions: [Int32: PermissionSet] = [:]
        var nextUnregistered: Int
        /// Users with at least one live session, in an order that depends only on the run.
        var live: [Int32] = []
        var livePosition: [Int32]
        var liveSessions: [Int32]
    }

    package init(users spec: UsersSpec, initialPermissions: PermissionSet, seed: SeedTree) {
        let n = spec.count
        let registeredAtStart = max(1, min(n, Int((Double(n) * spec.preregistered).rounded())))
        count = n
        preregistered = registeredAtStart
        passwordSeed = seed.child("password")
        self.initialPermissions = initialPermissions
        popularity = ZipfSampler(count: registeredAtStart, exponent: spec.zipf)
        var order = (0..<Int32(registeredAtStart)).map { $0 }
        var rng = seed.child("ranking").generator()
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
        ranking = order
        state = Mutex(State(
            nextUnregistered: registeredAtStart,
            livePosition: Array(repeating: -1, count: n),
            liveSessions: Array(repeating: 0, count: n)))
    }

    package static func email(_ user: Int) -> String { "user\(user)@example.com" }

    /// `pw-` and 12 base-36 digits: 15 bytes, which Swift keeps inline (no heap allocation for
    /// each of a million users' passwords), and 62 bits of the seed.
    private func password(_ user: UserID, generation: UInt64) -> String {
        let v = passwordSeed.child(UInt64(user.index)).child(generation).seed % Self.passwordSpace
        let digits = String(v, radix: 36)
        return "pw-" + String(repeating: "0", count: 12 - digits.utf8.count) + digits
    }

    private static let passwordSpace: UInt64 = 4_738_381_338_321_616_896 // 36^12

    /// A popular registered user (Zipf over the preregistered population).
    package func pickUser(_ rng: inout Xoshiro256) -> UserID {
        UserID(Int(ranking[popularity.sample(&rng)]))
    }

    /// The `k` most popular preregistered users, most popular first (for cache warming).
    package func topUsers(_ k: Int) -> [UserID] {
        ranking.prefix(max(0, k)).map { UserID(Int($0)) }
    }

    /// The next user who has not registered yet, or nil when everyone has.
    package func claimUnregistered() -> UserID? {
        state.withLock { s in
            guard s.nextUnregistered < count else { return nil }
            defer { s.nextUnregistered += 1 }
            return UserID(s.nextUnregistered)
        }
    }

    package func password(of u: UserID) -> String {
        let generation = state.withLock { $0.passwords.isEmpty ? 0 : $0.passwords[u.rawValue] ?? 0 }
        return password(u, generation: generation)
    }

    /// Makes `p`, drawn by `nextPassword(for:_:)`, the user's password.
    package func setPassword(_ p: NewPassword, of u: UserID) {
        state.withLock { s in
            s.previousPasswords[u.rawValue] = s.passwords[u.rawValue] ?? 0
            s.passwords[u.rawValue] = p.generation
        }
    }

    /// The password the user had before their latest change, nil if they never changed one.
    package func previousPassword(of u: UserID) -> String? {
        guard let generation = state.withLock({ $0.previousPasswords[u.rawValue] }) else { return nil }
        return password(u, generation: generation)
    }

    package func permissions(of u: UserID) -> PermissionSet {
        state.withLock { $0.permissions.isEmpty ? initialPermissions : $0.permissions[u.rawValue] ?? initialPermissions }
    }

    package func setPermissions(_ p: PermissionSet, of u: UserID) { state.withLock { $0.permissions[u.rawValue] = p } }

    /// A password drawn for a change: its text, and the generation it is kept as once the
    /// change succeeds.
    package struct NewPassword: Sendable {
        package let text: String
        fileprivate let generation: UInt64
    }

    /// A fresh password for the user's next change, different for every change.
    package func nextPassword(for u: UserID, _ rng: inout Xoshiro256) -> NewPassword {
        let generation = rng.next() | 1
        return NewPassword(text: password(u, generation: generation),
                           generation: generation)
    }

    package func sessionStarted(_ u: UserID) {
        state.withLock { s in
            let i = u.index
            s.liveSessions[i] += 1
            if s.liveSessions[i] == 1 {
                s.livePosition[i] = Int32(s.live.count)
                s.live.append(Int32(i))
            }
        }
    }

    package func sessionEnded(_ u: UserID) {
        state.withLock { s in
            let i = u.index
            guard s.liveSessions[i] > 0 else { return }
            s.liveSessions[i] -= 1
            if s.liveSessions[i] == 0 {
                let pos = Int(s.livePosition[i])
                let last = s.live.removeLast()
                if pos < s.live.count {
                    s.live[pos] = last
                    s.livePosition[Int(last)] = Int32(pos)
                }
                s.livePosition[i] = -1
            }
        }
    }

    /// Up to `k` distinct users with a live session, chosen at random.
    package func sampleLive(_ k: Int, _ rng: inout Xoshiro256) -> [UserID] {
        var pool = state.withLock { $0.live }
        let n = min(k, pool.count)
        for i in 0..<n { pool.swapAt(i, i + rng.nextInt(below: pool.count - i)) }
        return pool.prefix(n).map { UserID(Int($0)) }
    }

    package var liveCount: Int { state.withLock { $0.live.count } }
}
