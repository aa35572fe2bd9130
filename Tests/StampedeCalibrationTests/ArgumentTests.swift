import StampedeCalibration
import Testing

/// `--cache`, `--store` and the other options are checked before any work: only loopback
/// addresses, URLs that parse, values in range; each error names the argument.
@Suite struct CalibrationArgumentTests {
    @Test func cacheTargets() throws {
        #expect(try CacheTarget.parse("managed") == .managed)
        #expect(try CacheTarget.parse("none") == CacheTarget.none)
        #expect(try CacheTarget.parse("redis://127.0.0.1:6379/0") == .redis(host: "127.0.0.1", port: 6379, database: 0))
        #expect(try CacheTarget.parse("redis://localhost") == .redis(host: "localhost", port: 6379, database: 0))
        #expect(try CacheTarget.parse("redis://127.0.0.2:7000/3") == .redis(host: "127.0.0.2", port: 7000, database: 3))
        #expect(try CacheTarget.parse("redis://[::1]:6380") == .redis(host: "::1", port: 6380, database: 0))
    }

    @Test(arguments: [
        ("redis://10.0.0.5:6379/0", "'10.0.0.5' is not a loopback address"),
        ("redis://cache.example.com", "not a loopback address"),
        ("redis://128.0.0.1", "not a loopback address"),
        ("redis://127.0.0.1:6379/x", "the database 'x' is not a number"),
        ("redis://:secret@127.0.0.1", "password is not supported"),
        ("redis://127.0.0.1:99999", "--cache"),
        ("managd", "did you mean 'managed'?"),
        ("memcached://127.0.0.1", "not a cache this command knows"),
    ])
    func badCaches(text: String, words: String) {
        let error = #expect(throws: CalibrationError.self) { try CacheTarget.parse(text) }
        #expect(error?.code == .badArgument)
        #expect(error?.message.contains(words) == true, "\(text): \(error?.message ?? "")")
        #expect(error?.message.contains("--cache") == true)
    }

    @Test func storeTargets() throws {
        #expect(try StoreTarget.parse("sqlite") == .sqlite(path: nil))
        #expect(try StoreTarget.parse("sqlite:/tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
        #expect(try StoreTarget.parse("managed-postgres") == .managedPostgres)
        #expect(try StoreTarget.parse("none") == StoreTarget.none)
        guard case .postgres(let url) = try StoreTarget.parse("postgres://bench@127.0.0.1:5433/calib") else {
            Issue.record("not a PostgreSQL target")
            return
        }
        #expect(url.port == 5433 && url.user == "bench" && url.database == "calib")
    }

    @Test(arguments: [
        ("postgres://bench@db.internal:5432/x", "not a loopback address"),
        ("postgres://127.0.0.1/x", "no user name"),
        ("postgres://u@127.0.0.1:5432/a/b", "contains a /"),
        ("sqlite:", "no path after sqlite:"),
        ("sqlit", "did you mean 'sqlite'?"),
        ("mysql://u@127.0.0.1/x", "not a store this command knows"),
    ])
    func badStores(text: String, words: String) {
        let error = #expect(throws: CalibrationError.self) { try StoreTarget.parse(text) }
        #expect(error?.code == .badArgument)
        #expect(error?.message.contains(words) == true, "\(text): \(error?.message ?? "")")
        #expect(error?.message.contains("--store") == true)
    }

    @Test func optionsAreCheckedBeforeWork() {
        func refused(_ change: (inout CalibrationOptions) -> Void, _ words: String) {
            var options = CalibrationOptions()
            change(&options)
            let error = #expect(throws: CalibrationError.self) { try options.validated() }
            #expect(error?.message.contains(words) == true, "\(error?.message ?? "")")
        }
        refused({ $0.secondsPerStep = 0 }, "--seconds")
        refused({ $0.secondsPerStep = .nan }, "--seconds")
        refused({ $0.maxConcurrency = 0 }, "--max-concurrency")
        refused({ $0.maxConcurrency = 5_000 }, "--max-concurrency")
        refused({ $0.growth = 1.5 }, "--growth")
        refused({ $0.hashIterations = 0 }, "--hash-iterations")
        refused({ $0.out = "reports/" }, "--out")
        refused({ $0.cache = .none; $0.store = .none; $0.measureCPU = false }, "nothing to measure")
        #expect((try? CalibrationOptions().validated()) != nil)
    }
}
