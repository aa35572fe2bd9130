import StampedeKernel
import StampedeModel
import StampedeStore
import Testing

/// Users: insert-if-absent, lookups, password and permission changes, seeding.
extension StoreContract {
    @Test(arguments: Twin.allCases)
    func aUserReadsBackAsWritten(_ twin: Twin) async throws {
        try await twin.run { rig in
            let u = userRecord(7)
            let inserted = try await rig.store.insertUser(u)
            #expect(inserted)
            #expect(try await rig.store.user(id: u.id) == u)
            #expect(try await rig.store.user(email: u.email) == u)
            #expect(try await rig.store.user(id: UserID(8)) == nil)
            #expect(try await rig.store.user(email: "nobody@example.com") == nil)
            // Emails are matched exactly, as the model's dictionary does.
            #expect(try await rig.store.user(email: u.email.uppercased()) == nil)
            // A hash of the hasher's own shape (the model keeps it packed) reads back as written too.
            let hashed = userRecord(9, hash: PHC.format(iterations: 1, salt: Array(0..<16), hash: Array(100..<132)))
            #expect(try await rig.store.insertUser(hashed))
            #expect(try await rig.store.user(id: hashed.id) == hashed)
            let changed = PHC.format(iterations: 2, salt: Array(16..<32), hash: Array(0..<32))
            try await rig.store.updatePassword(user: hashed.id, hash: changed, at: at(seconds: 5))
            #expect(try await rig.store.user(email: hashed.email)?.passwordHash == changed)
        }
    }

    @Test(arguments: Twin.allCases)
    func ofFiftyConcurrentInsertsOfOneEmailExactlyOneWins(_ twin: Twin) async throws {
        try await twin.run { rig in
            let won = try await rig.concurrently(50) { i in
                try await rig.store.insertUser(userRecord(i, email: "same@example.com"))
            }
            #expect(won.filter { $0 }.count == 1, "\(won)")
            let winner = try #require(won.firstIndex(of: true))
            #expect(try await rig.store.user(email: "same@example.com")?.id == UserID(winner))
            for i in 0..<50 where i != winner { #expect(try await rig.store.user(id: UserID(i)) == nil) }
        }
    }

    @Test(arguments: Twin.allCases)
    func ofFiftyConcurrentInsertsOfOneIdExactlyOneWins(_ twin: Twin) async throws {
        try await twin.run { rig in
            let won = try await rig.concurrently(50) { i in
                try await rig.store.insertUser(userRecord(60, email: "u\(i)@example.com"))
            }
            #expect(won.filter { $0 }.count == 1, "\(won)")
            let winner = try #require(won.firstIndex(of: true))
            #expect(try await rig.store.user(id: UserID(60))?.email == "u\(winner)@example.com")
            #expect(try await rig.store.user(email: "u\((winner + 1) % 50)@example.com") == nil)
        }
    }

    @Test(arguments: Twin.allCases)
    func aPasswordChangeSetsTheHashAndItsTime(_ twin: Twin) async throws {
        try await twin.run { rig in
            let u = userRecord(3)
            _ = try await rig.store.insertUser(u)
            try await rig.store.updatePassword(user: u.id, hash: "new-hash", at: at(seconds: 90))
            let changed = try #require(try await rig.store.user(id: u.id))
            #expect(changed.passwordHash == "new-hash")
            #expect(changed.passwordChangedAt == at(seconds: 90))
            #expect(changed.permissions == u.permissions)
            // An unknown user is no error.
            try await rig.store.updatePassword(user: UserID(4), hash: "x", at: .zero)
        }
    }

    @Test(arguments: Twin.allCases)
    func eachPermissionChangeBumpsTheVersionOnce(_ twin: Twin) async throws {
        try await twin.run { rig in
            let u = userRecord(5)
            _ = try await rig.store.insertUser(u)
            let read = PermissionSet(bits: 1)
            #expect(try await rig.store.updatePermissions(user: u.id, permissions: read) == 2)
            #expect(try await rig.store.updatePermissions(user: u.id, permissions: .empty) == 3)
            let after = try #require(try await rig.store.user(id: u.id))
            #expect(after.permissions == .empty)
            #expect(after.permissionVersion == 3)
            // Concurrent changes get distinct versions: none lost, none repeated.
            let versions = try await rig.concurrently(20) { i in
                try await rig.store.updatePermissions(user: u.id, permissions: PermissionSet(bits: UInt64(i)))
            }
            #expect(versions.sorted() == Array(4...23))
            #expect(try await rig.store.user(id: u.id)?.permissionVersion == 23)
            #expect(try await rig.store.updatePermissions(user: UserID(6), permissions: read) == 0, "an unknown user has version 0")
        }
    }

    @Test(arguments: Twin.allCases)
    func preloadedUsersAreThereWithoutTraffic(_ twin: Twin) async throws {
        try await twin.run { rig in
            let users = (10..<40).map { userRecord($0) }
            try await rig.seeding.preload(users)
            #expect(try await rig.store.user(id: UserID(25)) == users[15])
            #expect(try await rig.seeding.lookUpUser(id: UserID(39)) == users[29])
            #expect(try await rig.seeding.lookUpUser(id: UserID(40)) == nil)
            // Preloading again replaces the record; inserting over it is refused.
            try await rig.seeding.preload([userRecord(10, hash: "replaced")])
            #expect(try await rig.store.user(email: "user10@example.com")?.passwordHash == "replaced")
            #expect(try await !rig.store.insertUser(userRecord(10)))
        }
    }
}
