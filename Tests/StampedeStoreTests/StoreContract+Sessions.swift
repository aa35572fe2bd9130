import StampedeKernel
import StampedeModel
import StampedeStore
import Testing

/// Sessions: touch, revoke, revoke-all-of-user, and forgetting after the retention.
extension StoreContract {
    @Test(arguments: Twin.allCases)
    func touchMovesLastSeenForwardOnlyAndNeverOnARevokedSession(_ twin: Twin) async throws {
        try await twin.run { rig in
            let s = sessionRecord(1, user: 2, at: at(seconds: 1))
            try await rig.store.insertSession(s)
            #expect(try await rig.store.session(id: s.id) == s)

            #expect(try await rig.store.touchSession(id: s.id, at: at(seconds: 5))?.lastSeen == at(seconds: 5))
            #expect(try await rig.store.touchSession(id: s.id, at: at(seconds: 3))?.lastSeen == at(seconds: 5), "lastSeen never moves back")
            #expect(try await rig.store.touchSession(id: token(99), at: at(seconds: 5)) == nil, "unknown")

            var expected = s
            expected.lastSeen = at(seconds: 5)
            #expect(try await rig.store.revokeSession(id: s.id) == expected, "revoke returns the session as it was")
            expected.revoked = true
            #expect(try await rig.store.revokeSession(id: s.id) == expected, "a second revoke finds it revoked")
            #expect(try await rig.store.session(id: s.id) == expected)
            #expect(try await rig.store.touchSession(id: s.id, at: at(seconds: 9)) == nil, "a revoked session is not touched")
            #expect(try await rig.store.session(id: s.id)?.lastSeen == at(seconds: 5))
            #expect(try await rig.store.revokeSession(id: token(99)) == nil)
        }
    }

    @Test(arguments: Twin.allCases)
    func revokeAllReturnsExactlyTheUsersLiveSessionsInIssueOrder(_ twin: Twin) async throws {
        try await twin.run { rig in
            // Issued in an order that is not the order of their ids.
            let mine = [5, 3, 9, 1, 7].enumerated().map { k, n in sessionRecord(UInt64(n), user: 1, at: at(seconds: Double(k))) }
            for s in mine { try await rig.store.insertSession(s) }
            let other = sessionRecord(20, user: 2)
            try await rig.store.insertSession(other)
            _ = try await rig.store.revokeSession(id: mine[2].id)

            let revoked = try await rig.store.revokeSessions(user: UserID(1), except: mine[4].id)
            #expect(revoked == [mine[0].id, mine[1].id, mine[3].id])
            #expect(try await rig.store.session(id: mine[4].id)?.revoked == false, "the kept session stays live")
            #expect(try await rig.store.session(id: other.id)?.revoked == false, "another user's session is untouched")
            #expect(try await rig.store.revokeSessions(user: UserID(1), except: mine[4].id) == [])
            #expect(try await rig.store.revokeSessions(user: UserID(1), except: nil) == [mine[4].id])
            #expect(try await rig.store.revokeSessions(user: UserID(3), except: nil) == [])
        }
    }

    @Test(arguments: Twin.allCases)
    func concurrentRevokeAllsReturnEachSessionExactlyOnce(_ twin: Twin) async throws {
        try await twin.run { rig in
            let sessions = (1...12).map { sessionRecord(UInt64($0), user: 4, at: at(seconds: Double($0))) }
            for s in sessions { try await rig.store.insertSession(s) }
            let answers = try await rig.concurrently(10) { _ in try await rig.store.revokeSessions(user: UserID(4), except: nil) }
            #expect(answers.flatMap { $0 }.sorted() == sessions.map(\.id).sorted())
            for a in answers { #expect(a == a.sorted { x, y in sessions.firstIndex { $0.id == x }! < sessions.firstIndex { $0.id == y }! }) }
        }
    }

    @Test(arguments: Twin.allCases)
    func sessionsAreForgottenOnceTheRetentionHasPassed(_ twin: Twin) async throws {
        try await twin.run { rig in
            let old = sessionRecord(1, user: 1, at: rig.clock.now)
            try await rig.store.insertSession(old)
            #expect(try await rig.store.redeemRefresh(old.refreshToken, next: token(40)) != .unknown)
            try await rig.clock.sleep(for: Twin.retention * 0.5)
            let middle = sessionRecord(2, user: 1, at: rig.clock.now)
            try await rig.store.insertSession(middle)
            #expect(try await rig.store.session(id: old.id) != nil, "within the retention the session stays")

            try await rig.clock.sleep(for: Twin.retention * 0.5 + .seconds(1))
            let fresh = sessionRecord(3, user: 1, at: rig.clock.now)
            try await rig.store.insertSession(fresh)
            #expect(try await rig.store.session(id: old.id) == nil, "the next insert forgets it")
            #expect(try await rig.store.redeemRefresh(old.refreshToken, next: token(50)) == .unknown, "and its refresh tokens")
            #expect(try await rig.store.redeemRefresh(token(40), next: token(51)) == .unknown, "spent and current")
            #expect(try await rig.store.session(id: middle.id) != nil)
            #expect(try await rig.store.revokeSessions(user: UserID(1), except: nil) == [middle.id, fresh.id])
        }
    }
}
