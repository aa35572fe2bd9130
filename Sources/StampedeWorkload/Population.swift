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
    private let seed: SeedTree
    private let state: Mutex<State>

    package struct State {
        var passwords: [String]
        /// The password each user had before their latest change (only users who changed one).
        var previousPasswords: [Int32: String] = [:]
        var permissions: [PermissionSet]
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
        self.seed = seed
        popularity = ZipfSampler(count: registeredAtStart, exponent: spec.zipf)
        var order = (0..<Int32(registeredAtStart)).map { $0 }
        var rng = seed.child("ranking").generator()
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
        ranking = order
        state = Mutex(State(
            passwords: (0..<n).map { Population.password(seed: seed, user: $0, generation: 0) },
            permissions: Array(repeating: initialPermissions, count: n),
            nextUnregistered: registeredAtStart,
            livePosition: Array(repeating: -1, count: n),
            liveSessions: Array(repeating: 0, count: n)))
    }

    package static func email(_ user: Int) -> String { "user\(user)@example.com" }

    /// `pw-` and 12 base-36 digits: 15 bytes, which Swift keeps inline (no heap allocation for
    /// each of a million users' passwords), and 62 bits of the seed.
    package static func password(seed: SeedTree, user: Int, generation: UInt64) -> String {
        let v = seed.child("password").child(UInt64(user)).child(generation).seed % passwordSpace
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

    package func password(of u: UserID) -> String { state.withLock { $0.passwords[u.index] } }
    package func setPassword(_ p: String, of u: UserID) {
        state.withLock { s in
            s.previousPasswords[Int32(u.index)] = s.passwords[u.index]
            s.passwords[u.index] = p
        }
    }
    /// The password the user had before their latest change, nil if they never changed one.
    package func previousPassword(of u: UserID) -> String? { state.withLock { $0.previousPasswords[Int32(u.index)] } }
    package func permissions(of u: UserID) -> PermissionSet { state.withLock { $0.permissions[u.index] } }
    package func setPermissions(_ p: PermissionSet, of u: UserID) { state.withLock { $0.permissions[u.index] = p } }

    /// A fresh password for the user's next change, different for every change.
    package func nextPassword(for u: UserID, _ rng: inout Xoshiro256) -> String {
        Population.password(seed: seed, user: u.index, generation: rng.next() | 1)
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
