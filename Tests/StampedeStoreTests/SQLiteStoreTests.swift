import Foundation
import StampedeKernel
import StampedeModel
import StampedeSQLite
import StampedeStore
import Testing

/// What the SQLite store adds to the contract: the file, WAL, and a fresh start each open.
@Suite struct SQLiteStoreTests {
    /// A temporary folder, removed when `body` ends however it ends.
    func inTemporaryFolder(_ body: (String) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await body(dir.path)
    }

    @Test func theFileIsInWALModeOnASQLiteThatHasReturning() async throws {
        try await inTemporaryFolder { dir in
            let store = try SQLiteStore(path: dir + "/store.sqlite")
            #expect(store.journalMode == "wal")
            let parts = store.sqliteVersion.split(separator: ".").compactMap { Int($0) }
            #expect(parts.count >= 2 && (parts[0], parts[1]) >= (3, 35), "UPDATE … RETURNING needs 3.35; found \(store.sqliteVersion)")
            #expect(FileManager.default.fileExists(atPath: dir + "/store.sqlite"))
        }
    }

    @Test func openingAgainStartsEmpty() async throws {
        try await inTemporaryFolder { dir in
            let first = try SQLiteStore(path: dir + "/store.sqlite")
            #expect(try await first.insertUser(userRecord(1)))
            let second = try SQLiteStore(path: dir + "/store.sqlite")
            #expect(try await second.user(id: UserID(1)) == nil, "each run starts from empty tables")
        }
    }

    @Test func preloadAndPeekAreSynchronous() async throws {
        try await inTemporaryFolder { dir in
            let store = try SQLiteStore(path: dir + "/store.sqlite")
            store.preload(userRecord(3))
            #expect(store.peekUser(id: UserID(3)) == userRecord(3))
            #expect(store.peekUser(id: UserID(4)) == nil)
            #expect(try await store.user(email: "user3@example.com") == userRecord(3))
        }
    }

    @Test func aFileThatCannotBeCreatedIsAClearError() async throws {
        let error = #expect(throws: StoreStartError.self) { _ = try SQLiteStore(path: "/nonexistent-dir/store.sqlite") }
        #expect(error?.code == .schema)
        #expect(error?.description.hasPrefix("/nonexistent-dir/store.sqlite: cannot open the SQLite store") == true, "\(String(describing: error))")
    }
}
