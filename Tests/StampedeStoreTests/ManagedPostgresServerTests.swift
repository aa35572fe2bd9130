import Foundation
import StampedeKernel
import StampedeModel
@testable import StampedePostgres
import StampedeStore
import StampedeTestSupport
import Testing

/// The managed server's life: start on a free port, stop and clean up, restart for a failover,
/// and the errors a person sees when something is missing or wrong.
@Suite struct ManagedPostgresServerTests {
    @Test func itStartsOnAFreeLoopbackPortAndStopRemovesEverything() async throws {
        let server = try await ManagedPostgresServer.start(.forTests)
        let port = server.port
        #expect(server.isRunning)
        #expect(server.url.description == "postgres://postgres@127.0.0.1:\(port)/postgres")
        #expect(FileManager.default.fileExists(atPath: server.dataDirectory + "/PG_VERSION"))
        let store = try await PostgresStore.open(url: server.url, poolSize: 2, backgroundExecutor: storeTestsThread)
        #expect(try await store.insertUser(userRecord(1)))
        await store.close()

        await server.stop()
        #expect(!server.isRunning)
        #expect(!FileManager.default.fileExists(atPath: server.directory), "the temporary folder is removed")
        await #expect(throws: StoreStartError.self) { try await PostgresStore.open(url: server.url, poolSize: 1) }
        await server.stop()  // a second stop is harmless
    }

    @Test func withServerStopsTheServerWhenTheBodyThrows() async throws {
        struct Planted: Error {}
        let seen = LockedServer()
        await #expect(throws: Planted.self) {
            try await storeTestsThread.run { try await ManagedPostgresServer.withServer(.forTests) { server in
                seen.set(server)
                throw Planted()
            } }
        }
        let server = try #require(seen.get())
        #expect(!server.isRunning)
        #expect(!FileManager.default.fileExists(atPath: server.directory))
    }

    @Test(arguments: [ManagedPostgresServer.ShutdownMode.fast, .immediate])
    func aRestartKeepsCommittedRowsAndTheStoreReconnects(_ mode: ManagedPostgresServer.ShutdownMode) async throws {
        try await storeTestsThread.run { try await ManagedPostgresServer.withServer(.forTests) { server in
            let store = try await PostgresStore.open(url: server.url, poolSize: 2, backgroundExecutor: storeTestsThread)
            #expect(try await store.insertUser(userRecord(1)))
            let port = server.port
            try await server.restart(mode)
            #expect(server.port == port, "clients find the server where it was")
            // Pooled connections died with the old process: calls fail fast until the pool has new ones.
            var answer: UserRecord?
            let deadline = ContinuousClock.now + .seconds(120) // wall-clock
            while answer == nil && ContinuousClock.now < deadline { // wall-clock
                answer = try? await store.user(id: UserID(1))
                if answer == nil { try await Task.sleep(for: .milliseconds(50)) } // wall-clock
            }
            #expect(answer == userRecord(1), "a committed insert survives a \(mode) restart")
            await store.close(dropSchema: true)
        } }
    }

    @Test func aServerThatCannotStartFailsWithTheEndOfItsLog() async throws {
        let error = await #expect(throws: StoreStartError.self) {
            _ = try await ManagedPostgresServer.start(.init(settings: ["shared_buffers": "lots"], startTimeout: .seconds(300)))
        }
        #expect(error?.code == .serverFailed)
        #expect(error?.description.contains("exited with status") == true, "\(String(describing: error))")
        #expect(error?.description.contains("shared_buffers") == true, "the log tail says why: \(String(describing: error))")
    }

    /// The pid of a process that has exited.
    static func deadPID() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    @Test func aServerWhoseStarterDiedIsShutDownAndRemovedByTheNextStart() async throws {
        let server = try await ManagedPostgresServer.start(.forTests)
        try "\(try Self.deadPID())\n".write(toFile: server.directory + "/owner.pid", atomically: true, encoding: .utf8)
        await ServerLaunch.reapOrphans()
        #expect(!FileManager.default.fileExists(atPath: server.directory))
        let deadline = ContinuousClock.now + .seconds(60) // wall-clock
        while server.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) } // wall-clock
        #expect(!server.isRunning)
        await server.stop()
    }

    @Test func onlyFoldersOfDeadStartersAreReaped() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-reap-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        func folder(_ name: String, owner: Int32?) throws -> String {
            let dir = root + "/" + name
            try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
            if let owner { try "\(owner)\n".write(toFile: dir + "/owner.pid", atomically: true, encoding: .utf8) }
            return dir
        }
        let orphan = try folder("stampede-pg-orphan", owner: try Self.deadPID())
        let mine = try folder("stampede-pg-mine", owner: getpid())
        let unowned = try folder("stampede-pg-unowned", owner: nil)
        let other = try folder("something-else", owner: try Self.deadPID())
        // The orphan's postmaster.pid names a live process that is no server of that folder: left alone.
        try "\(getpid())\n".write(toFile: orphan + "/data/postmaster.pid", atomically: true, encoding: .utf8)
        await ServerLaunch.reapOrphans(in: root)
        #expect(!FileManager.default.fileExists(atPath: orphan))
        #expect(FileManager.default.fileExists(atPath: mine))
        #expect(FileManager.default.fileExists(atPath: unowned))
        #expect(FileManager.default.fileExists(atPath: other))
    }

    @Test func missingBinariesAreAClearErrorNotASkip() throws {
        let error = #expect(throws: StoreStartError.self) {
            _ = try PostgresBinaries.locate(searchPath: ["/nonexistent"], versionsRoot: "/nonexistent")
        }
        #expect(error?.code == .missingBinary)
        #expect(error?.description.contains("initdb was not found") == true, "\(String(describing: error))")
    }
}

/// A server handed out of a closure.
final class LockedServer: Sendable {
    private let box = Locked<ManagedPostgresServer?>(nil)
    func set(_ s: ManagedPostgresServer) { box.withLock { $0 = s } }
    func get() -> ManagedPostgresServer? { box.value }
}
