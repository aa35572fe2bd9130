import StampedeKernel
import StampedeModel
import StampedeStore
import Synchronization

/// Every call the auth service makes on its store, each as a probe, and the store's mix.
///
/// `prepare` puts `users` users and `sessions` sessions in place first (not measured), so
/// lookups find rows and writes land in tables of a realistic size. Keys are drawn uniformly.
public struct StoreProbes: Sendable {
    public let store: any AuthStore
    public let users: Int
    public let sessions: Int
    /// Each lane's refresh-token chain: the token it redeems next, per (step, lane).
    private let chains = ChainTable()
    /// Ids of users inserted while measuring, above every preloaded one.
    private let freshUsers = FreshCounter(from: 1_000_000)

    /// The window and instant counters are judged at; fixed, so every call does the same work.
    static let window = SimDuration.minutes(15)
    static let at = SimInstant(nanoseconds: 3_600_000_000_000)
    static let hash = "$pbkdf2-sha256$i=600000,l=32$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA"

    public init(store: any AuthStore, users: Int = 10_000, sessions: Int = 10_000) {
        self.store = store; self.users = users; self.sessions = sessions
    }

    static func email(_ i: Int) -> String { "calibrate\(i)@example.com" }
    static func session(_ i: Int) -> SessionID { Token128(high: 0xCA11, low: UInt64(i)) }

    /// Puts the users and sessions in place; stops early (returning false) when `shouldStop` says so.
    public func prepare(seeding: any AsyncStoreSeeding, shouldStop: @Sendable () -> Bool) async throws(BackendError) -> Bool {
        let records = (0..<users).map { i in
            UserRecord(id: UserID(i), email: Self.email(i), passwordHash: Self.hash, permissions: PermissionSet(bits: 3))
        }
        for chunk in stride(from: 0, to: records.count, by: 1_000) {
            if shouldStop() { return false }
            try await seeding.preload(Array(records[chunk..<min(chunk + 1_000, records.count)]))
        }
        for i in 0..<sessions {
            if i % 500 == 0, shouldStop() { return false }
            try await store.insertSession(SessionRecord(id: Self.session(i), user: UserID(i % users), issuedAt: .zero,
                                                        lastSeen: .zero, refreshToken: Token128(high: 0xCA12, low: UInt64(i))))
        }
        return true
    }

    /// The calls, reads first and writes after, the ones that change many rows last.
    public var calls: [Probe] {
        let store = self.store, users = self.users, sessions = self.sessions, chains = self.chains, fresh = self.freshUsers
        @Sendable func user(_ rng: inout Xoshiro256) -> UserID { UserID(rng.nextInt(below: users)) }
        @Sendable func session(_ rng: inout Xoshiro256) -> SessionID { Self.session(rng.nextInt(below: sessions)) }
        return [
            Probe(name: "store.user_by_email") { _, rng in
                let email = Self.email(rng.nextInt(below: users))
                return await timed { _ = try await store.user(email: email) }
            },
            Probe(name: "store.user_by_id") { _, rng in
                let id = user(&rng)
                return await timed { _ = try await store.user(id: id) }
            },
            Probe(name: "store.session") { _, rng in
                let id = session(&rng)
                return await timed { _ = try await store.session(id: id) }
            },
            Probe(name: "store.failed_logins") { _, rng in
                let id = user(&rng)
                return await timed { _ = try await store.failedLogins(user: id, window: Self.window, at: Self.at) }
            },
            Probe(name: "store.otp") { _, rng in
                let id = user(&rng)
                return await timed { _ = try await store.otp(user: id) }
            },
            Probe(name: "store.insert_session") { context, rng in
                let id = Token128(high: 0xCA13, low: context.unique)
                let record = SessionRecord(id: id, user: user(&rng), issuedAt: Self.at, lastSeen: Self.at,
                                           refreshToken: Token128(high: 0xCA14, low: context.unique))
                return await timed { try await store.insertSession(record) }
            },
            Probe(name: "store.touch_session") { _, rng in
                let id = session(&rng)
                return await timed { _ = try await store.touchSession(id: id, at: Self.at) }
            },
            Probe(name: "store.rotate_refresh") { context, _ in
                await chains.rotate(store: store, context: context, users: users)
            },
            Probe(name: "store.record_failed_login") { _, rng in
                let id = user(&rng)
                return await timed { _ = try await store.recordFailedLogin(user: id, window: Self.window, at: Self.at) }
            },
            Probe(name: "store.clear_failed_logins") { _, rng in
                let id = user(&rng)
                return await timed { try await store.clearFailedLogins(user: id) }
            },
            Probe(name: "store.put_otp") { context, rng in
                let record = OTPRecord(user: user(&rng), code: UInt32(rng.nextInt(below: 1_000_000)), serial: context.unique,
                                       issuedAt: Self.at, expiresAt: Self.at + .minutes(5))
                return await timed { _ = try await store.putOTP(record) }
            },
            Probe(name: "store.consume_otp") { _, rng in
                let id = user(&rng)
                let code = UInt32(rng.nextInt(below: 1_000_000))
                return await timed { _ = try await store.consumeOTP(user: id, code: code, at: Self.at, maxAttempts: 5) }
            },
            Probe(name: "store.insert_user") { _, _ in
                let n = fresh.next()
                let record = UserRecord(id: UserID(n), email: "new\(n)@example.com", passwordHash: Self.hash,
                                        permissions: PermissionSet(bits: 1))
                return await timed { _ = try await store.insertUser(record) }
            },
            Probe(name: "store.update_password") { _, rng in
                let id = user(&rng)
                return await timed { try await store.updatePassword(user: id, hash: Self.hash, at: Self.at) }
            },
            Probe(name: "store.update_permissions") { _, rng in
                let id = user(&rng)
                let bits = UInt64(rng.nextInt(below: 8))
                return await timed { _ = try await store.updatePermissions(user: id, permissions: PermissionSet(bits: bits)) }
            },
            Probe(name: "store.revoke_session") { _, rng in
                let id = session(&rng)
                return await timed { _ = try await store.revokeSession(id: id) }
            },
            Probe(name: "store.revoke_user_sessions") { _, rng in
                let id = user(&rng)
                return await timed { _ = try await store.revokeSessions(user: id, except: nil) }
            },
        ]
    }

    /// The store's share of the auth service's traffic with a cold cache: validations that
    /// miss (session lookups and touches), logins (user by email, failure counter, new
    /// session), refreshes, logouts, and the rare password and permission changes. Reads
    /// count in `store.query` and writes in `store.write` as well as in `store.mix`.
    public var mix: Probe {
        let byName = Dictionary(uniqueKeysWithValues: calls.map { ($0.name, $0) })
        let weights: [(String, Int, Int)] = [
            ("store.session", 30, 1), ("store.touch_session", 15, 2), ("store.user_by_email", 15, 1),
            ("store.insert_session", 10, 2), ("store.user_by_id", 5, 1), ("store.failed_logins", 5, 1),
            ("store.rotate_refresh", 5, 2), ("store.revoke_session", 5, 2), ("store.record_failed_login", 3, 2),
            ("store.clear_failed_logins", 2, 2), ("store.insert_user", 2, 2), ("store.revoke_user_sessions", 1, 2),
            ("store.update_password", 1, 2), ("store.update_permissions", 1, 2),
        ]
        return StampedeCalibration.mix(name: "store.mix", kinds: ["store.mix", "store.query", "store.write"],
                                       of: weights.map { (byName[$0.0]!, $0.1, $0.2) })
    }

    /// Each (step, lane) keeps its own session and redeems its refresh tokens in turn, so every
    /// redemption is of the current token and rotates it, as a client refreshing does.
    final class ChainTable: Sendable {
        private let current = Mutex<[Int: (session: SessionID, token: RefreshTokenID)]>([:])

        func rotate(store: any AuthStore, context: ProbeContext, users: Int) async -> ProbeResult {
            let key = context.step << 16 | context.lane
            let link = current.withLock { $0[key] }
            let token: RefreshTokenID
            if let link {
                token = link.token
            } else {
                // The chain's session, made before the clock starts.
                let session = Token128(high: 0xCA15, low: UInt64(key))
                token = Token128(high: 0xCA16, low: UInt64(key) << 32)
                try? await store.insertSession(SessionRecord(id: session, user: UserID(context.lane % users), issuedAt: StoreProbes.at,
                                                             lastSeen: StoreProbes.at, refreshToken: token))
                current.withLock { $0[key] = (session, token) }
            }
            let next = Token128(high: 0xCA16, low: UInt64(key) << 32 | UInt64(context.n + 1))
            let result = await timed { _ = try await store.redeemRefresh(token, next: next) }
            current.withLock { $0[key]?.token = next }
            return result
        }
    }
}

/// Consecutive numbers shared by every lane.
final class FreshCounter: Sendable {
    private let value: Atomic<Int>
    init(from start: Int) { value = Atomic(start) }
    func next() -> Int { value.add(1, ordering: .relaxed).newValue }
}
