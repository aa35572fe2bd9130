import StampedeKernel
import StampedeModel
import StampedeStore
import StampedeTestSupport
import Testing

/// Records the backend calls a store reports.
final class CallLog: SystemProbe {
    let calls = Locked<[(call: BackendCall, failed: Bool)]>([])
    func observe(_ event: ProbeEvent) {}
    func backendCall(_ call: BackendCall, wait: SimDuration, service: SimDuration, failed: Bool, at: SimInstant) {
        calls.withLock { $0.append((call, failed)) }
    }
    func cacheLookup(hit: Bool, at: SimInstant) {}
    func cacheFallback(at: SimInstant) {}
    func resilience(_ signal: ResilienceSignal, source: ResilienceSource, at: SimInstant) {}
    var kinds: [BackendCall] { calls.value.map(\.call) }
}

/// Every service call is reported once, as a query or a write, as the model reports it; seeding is not traffic.
extension StoreContract {
    @Test(arguments: Twin.allCases)
    func eachCallIsReportedOnceAsAQueryOrAWrite(_ twin: Twin) async throws {
        let log = CallLog()
        try await twin.run(observer: log) { rig in
            try await rig.seeding.preload([userRecord(1)])
            _ = try await rig.seeding.lookUpUser(id: UserID(1))
            #expect(log.kinds == [], "seeding is not reported")

            let s = sessionRecord(1, user: 1)
            _ = try await rig.store.user(id: UserID(1))
            _ = try await rig.store.user(email: "user1@example.com")
            _ = try await rig.store.insertUser(userRecord(2))
            try await rig.store.insertSession(s)
            _ = try await rig.store.session(id: s.id)
            _ = try await rig.store.touchSession(id: s.id, at: .zero)
            _ = try await rig.store.redeemRefresh(s.refreshToken, next: token(5))
            _ = try await rig.store.revokeSession(id: s.id)
            _ = try await rig.store.revokeSessions(user: UserID(1), except: nil)
            _ = try await rig.store.recordFailedLogin(user: UserID(1), window: .seconds(1), at: .zero)
            _ = try await rig.store.failedLogins(user: UserID(1), window: .seconds(1), at: .zero)
            _ = try await rig.store.putOTP(Self.code(for: 1))
            _ = try await rig.store.otp(user: UserID(1))
            _ = try await rig.store.consumeOTP(user: UserID(1), code: 1, at: .zero, maxAttempts: 3)
            #expect(log.kinds == [.storeQuery, .storeQuery, .storeWrite, .storeWrite, .storeQuery, .storeWrite, .storeWrite,
                                  .storeWrite, .storeWrite, .storeWrite, .storeQuery, .storeWrite, .storeQuery, .storeWrite])
            #expect(log.calls.value.allSatisfy { !$0.failed })
        }
    }
}
