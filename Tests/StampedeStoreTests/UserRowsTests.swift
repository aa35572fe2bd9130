@testable import StampedeStore
import StampedeKernel
import StampedeModel
import Testing

/// The model store's user rows: 80 bytes each, and every record reads back as it was stored,
/// whether its hash packs or is kept as text.
@Suite struct UserRowsTests {
    /// What a million users and their sessions cost per item: a layout change shows here first.
    @Test func rowsAndRecordsKeepTheirSizes() {
        #expect(MemoryLayout<PackedPHC>.size == 52)
        #expect(MemoryLayout<UserRows.Row>.stride == 80)
        #expect(MemoryLayout<UserRecord>.size == 56)
        #expect(MemoryLayout<SessionRecord>.size == 53)
        #expect(MemoryLayout<InMemoryStore.RefreshEntry>.stride == 24)
    }

    @Test func recordsReadBackAsStoredAndHashesSwitchBetweenPackedAndText() throws {
        var emails = EmailIndex(capacity: 8)
        var rows = UserRows(capacity: 8)
        let packable = PHC.format(iterations: 600_000, salt: Array(0..<16), hash: Array(100..<132))
        let text = "$bcrypt$not-a-pbkdf2-hash"
        let alice = UserRecord(id: UserID(3), email: "alice@example.com", passwordHash: packable,
                               permissions: PermissionSet(bits: 0b101), permissionVersion: 7,
                               passwordChangedAt: SimInstant(nanoseconds: 42))
        let bob = UserRecord(id: UserID(5), email: "bob@example.com", passwordHash: text, permissions: .empty)
        for u in [alice, bob] {
            let snapshot = rows
            let added = emails.add(u.email, of: u.id) { snapshot.email(of: $0) }
            rows.insert(u, email: try #require(added))
        }
        #expect(rows.record(alice.id, emails) == alice)
        #expect(rows.record(bob.id, emails) == bob)
        for absent in [0, 4, 7, 8, -1] { #expect(!rows.contains(UserID(absent)) && rows.record(UserID(absent), emails) == nil) }

        rows.setPassword(alice.id, hash: text, at: SimInstant(nanoseconds: 50))
        rows.setPassword(bob.id, hash: packable, at: SimInstant(nanoseconds: 60))
        #expect(rows.record(alice.id, emails)?.passwordHash == text)
        #expect(rows.record(alice.id, emails)?.passwordChangedAt == SimInstant(nanoseconds: 50))
        #expect(rows.record(bob.id, emails)?.passwordHash == packable)

        #expect(rows.setPermissions(alice.id, PermissionSet(bits: 1)) == 8)
        #expect(rows.record(alice.id, emails)?.permissions == PermissionSet(bits: 1))
        #expect(rows.setPermissions(UserID(4), PermissionSet(bits: 1)) == 0, "no such user")
        #expect(rows.record(bob.id, emails)?.permissionVersion == 1)
    }
}
