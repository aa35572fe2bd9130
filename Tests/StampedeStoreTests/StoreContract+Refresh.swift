import StampedeKernel
import StampedeModel
import StampedeStore
import Testing

/// Refresh tokens: rotated once, and reuse of a spent one revokes the family (the session).
extension StoreContract {
    @Test(arguments: Twin.allCases)
    func aFamilyRotatesUntilASpentTokenIsPresented(_ twin: Twin) async throws {
        try await twin.run { rig in
            let s = sessionRecord(1, user: 1, refresh: 100)
            try await rig.store.insertSession(s)

            let first = try await rig.store.redeemRefresh(token(100), next: token(101))
            #expect(first.kind == .rotated)
            #expect(first.session?.refreshToken == token(101))
            #expect(first.session?.revoked == false)
            #expect(try await rig.store.session(id: s.id)?.refreshToken == token(101))
            #expect(try await rig.store.redeemRefresh(token(101), next: token(102)).kind == .rotated)

            // The first token again: reuse. The family is revoked, and the answer says so.
            let reuse = try await rig.store.redeemRefresh(token(100), next: token(109))
            #expect(reuse.kind == .reused)
            #expect(reuse.session?.revoked == true)
            #expect(reuse.session?.refreshToken == token(102), "the session still names its last issued token")

            // Even the current token no longer works.
            #expect(try await rig.store.redeemRefresh(token(102), next: token(103)).kind == .revoked)
            #expect(try await rig.store.redeemRefresh(token(109), next: token(110)) == .unknown, "a token never issued")
            let after = try #require(try await rig.store.session(id: s.id))
            #expect(after.revoked)
            #expect(after.refreshToken == token(102))
        }
    }

    @Test(arguments: Twin.allCases)
    func aRevokedSessionsCurrentTokenIsRefused(_ twin: Twin) async throws {
        try await twin.run { rig in
            let s = sessionRecord(1, user: 1, refresh: 100)
            try await rig.store.insertSession(s)
            _ = try await rig.store.revokeSession(id: s.id)
            let answer = try await rig.store.redeemRefresh(token(100), next: token(101))
            #expect(answer.kind == .revoked)
            #expect(answer.session?.refreshToken == token(100), "nothing rotated")
        }
    }

    @Test(arguments: Twin.allCases)
    func ofFiftyConcurrentRedemptionsOfOneTokenExactlyOneRotates(_ twin: Twin) async throws {
        try await twin.run { rig in
            let s = sessionRecord(1, user: 1, refresh: 100)
            try await rig.store.insertSession(s)
            let answers = try await rig.concurrently(50) { i in
                try await rig.store.redeemRefresh(token(100), next: token(200 + UInt64(i)))
            }
            let tally = Tally(answers, by: \.kind)
            // One rotates; the first to come after it presents a spent token and revokes the
            // family; every later one finds the family revoked.
            #expect(tally[.rotated] == 1, "\(tally.counts)")
            #expect(tally[.reused] == 1, "\(tally.counts)")
            #expect(tally[.revoked] == 48, "\(tally.counts)")
            let winner = try #require(answers.firstIndex { $0.kind == .rotated })
            let after = try #require(try await rig.store.session(id: s.id))
            #expect(after.revoked)
            #expect(after.refreshToken == token(200 + UInt64(winner)), "the winner's token is the one the session names")
            #expect(try await rig.store.redeemRefresh(token(200 + UInt64(winner)), next: token(999)).kind == .revoked)
        }
    }

    @Test(arguments: Twin.allCases)
    func concurrentRedemptionsOfDifferentFamiliesDoNotInterfere(_ twin: Twin) async throws {
        try await twin.run { rig in
            let sessions = (0..<20).map { sessionRecord(UInt64($0), user: $0, refresh: 100 + UInt64($0)) }
            for s in sessions { try await rig.store.insertSession(s) }
            let answers = try await rig.concurrently(20) { i in
                try await rig.store.redeemRefresh(token(100 + UInt64(i)), next: token(500 + UInt64(i)))
            }
            #expect(answers.allSatisfy { $0.kind == .rotated })
            #expect(answers.map { $0.session?.id } == sessions.map(\.id))
        }
    }
}
