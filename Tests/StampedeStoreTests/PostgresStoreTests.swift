import Foundation
import StampedeKernel
import StampedeModel
@testable import StampedePostgres
import StampedeServers
import StampedeStore
import Testing

/// What the PostgreSQL store adds to the contract: URLs, errors at start, a schema per run.
@Suite struct PostgresURLTests {
    @Test func theDocumentedFormParsesWithLibpqDefaults() throws {
        let url = try PostgresURL("postgres://user@127.0.0.1:5432/db")
        #expect(url == PostgresURL(host: "127.0.0.1", port: 5432, user: "user", database: "db"))
        let defaults = try PostgresURL("postgresql://alice@db.internal")
        #expect(defaults.port == 5432)
        #expect(defaults.database == "alice", "the database defaults to the user's name")
        #expect(defaults.tls == .disable)
    }

    @Test func aPasswordIsDecodedAndNeverShown() throws {
        let url = try PostgresURL("postgres://bob:p%40ss@127.0.0.1:6000/app?sslmode=require")
        #expect(url.password == "p@ss")
        #expect(url.tls == .require)
        #expect(url.description == "postgres://bob:***@127.0.0.1:6000/app?sslmode=require")
    }

    @Test(arguments: [
        ("http://user@127.0.0.1/db", "scheme"),
        ("postgres://127.0.0.1/db", "no user"),
        ("postgres://user@127.0.0.1:0/db", "out of range"),
        ("postgres://user@127.0.0.1/db?pool=3", "unknown parameter 'pool'"),
        ("postgres://user@127.0.0.1/db?sslmode=maybe", "sslmode must be"),
        ("postgres://user:secret@127.0.0.1/a/b", "contains a /"),
    ])
    func aMalformedURLSaysWhatIsWrong(_ text: String, _ expected: String) {
        let error = #expect(throws: StoreStartError.self) { _ = try PostgresURL(text) }
        #expect(error?.code == .invalidURL)
        #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
        #expect(error?.description.contains("secret") == false, "a password never reaches a message")
    }
}

@Suite(.managedPostgres) struct PostgresStoreTests {
    @Test func aConnectionFailureAtStartNamesTheURL() async throws {
        let port = try LocalServer.freeLoopbackPort()
        let error = await #expect(throws: StoreStartError.self) {
            _ = try await PostgresStore.open(url: "postgres://alice:secret@127.0.0.1:\(port)/db", poolSize: 2)
        }
        #expect(error?.code == .unreachable)
        #expect(error?.description.hasPrefix("postgres://alice:***@127.0.0.1:\(port)/db: cannot connect") == true, "\(String(describing: error))")
    }

    @Test func aWrongDatabaseIsRefusedAtStartWithTheServersReason() async throws {
        let server = try #require(SharedPostgres.current)
        let error = await #expect(throws: StoreStartError.self) {
            _ = try await PostgresStore.open(url: "postgres://postgres@127.0.0.1:\(server.port)/missing", poolSize: 2)
        }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("\"missing\" does not exist") == true, "\(String(describing: error))")
    }

    @Test func eachRunHasItsOwnSchema() async throws {
        let server = try #require(SharedPostgres.current)
        let a = try await PostgresStore.open(url: server.url, poolSize: 2, backgroundExecutor: storeTestsThread)
        let b = try await PostgresStore.open(url: server.url, poolSize: 2, backgroundExecutor: storeTestsThread)
        #expect(a.schema != b.schema)
        #expect(a.schema.hasPrefix("stampede_"))
        #expect(try await a.insertUser(userRecord(1)))
        #expect(try await b.user(id: UserID(1)) == nil, "another run's rows are not visible")
        #expect(try await b.insertUser(userRecord(1)))

        let taken = await #expect(throws: StoreStartError.self) {
            _ = try await PostgresStore.open(url: server.url, poolSize: 2, schema: a.schema)
        }
        #expect(taken?.code == .schema)
        #expect(taken?.message.contains("already exists") == true, "\(String(describing: taken))")
        await a.close(dropSchema: true)
        await b.close(dropSchema: true)
    }

    @Test(arguments: ["Stampede", "stampede-run", "1run", String(repeating: "a", count: 64), "x; DROP TABLE users"])
    func aSchemaNameOutsideTheSafeAlphabetIsRefused(_ name: String) async throws {
        let server = try #require(SharedPostgres.current)
        let error = await #expect(throws: StoreStartError.self) {
            _ = try await PostgresStore.open(url: server.url, poolSize: 1, schema: name)
        }
        #expect(error?.code == .schema)
    }

    @Test func aCallOnAStoppedServerFailsAsUnavailableWithinTheConnectionWait() async throws {
        try await storeTestsThread.run { try await ManagedPostgresServer.withServer(.forTests) { server in
            let store = try await PostgresStore.open(url: server.url, poolSize: 1, connectionWait: .seconds(1), backgroundExecutor: storeTestsThread)
            #expect(try await store.insertUser(userRecord(1)))
            await server.stop(.immediate)
            let started = ContinuousClock.now // wall-clock
            // The pooled connection is dead: the first call fails on it, later ones wait for a new one.
            for _ in 0..<3 { await #expect(throws: BackendError.unavailable) { _ = try await store.user(id: UserID(1)) } }
            // Three calls, each at most a second's wait: well inside the minute PostgresNIO's pool
            // would keep each queued, with room for a process starved by the rest of the suite.
            #expect(ContinuousClock.now - started < .seconds(45), "not PostgresNIO's minute of retrying") // wall-clock
            #expect(store.lastFailure != nil)
            await store.close()
        } }
    }
}
