import Foundation
import StampedeKernel
@testable import StampedeLanguage
@testable import StampedeRunner
import StampedeWorkload
import Testing

/// `scenarios/reference.yaml` sets every key; loading it must give exactly what it says.
@Suite struct ReferenceScenarioTests {
    let path = packageRoot.appendingPathComponent("scenarios/reference.yaml").path

    func load() throws -> ScenarioSpec { try ScenarioLoader.load(path: path) }

    @Test func topLevelAndProvenance() throws {
        let spec = try load()
        #expect(spec.name == "reference")
        #expect(spec.description == "A login storm with a cache outage and a password reset wave.")
        #expect(spec.seed == 42)
        #expect(spec.duration == .minutes(10))
        #expect(spec.window == .seconds(5))
        #expect(spec.sourcePath == path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(spec.sourceSHA256 == ScenarioLoader.sha256Hex(bytes))
        #expect(spec.sourceSHA256.count == 64)
    }

    @Test func sha256MatchesKnownVector() {
        #expect(ScenarioLoader.sha256Hex(Data("abc".utf8))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func usersAndSystem() throws {
        let spec = try load()
        #expect(spec.users.count == 100_000)
        #expect(spec.users.preregistered == 0.9)
        #expect(spec.users.zipf == 1.1)
        #expect(spec.users.permissions == ["read", "write", "admin"])
        let service = spec.system.service
        #expect(service.cores == 16)
        #expect(service.hashIterations == 600_000)
        #expect(service.realHashIterations == 8)
        #expect(service.hashCost == .lognormal(median: .milliseconds(120), p99: .milliseconds(150)))
        #expect(service.tokenCost == .uniform(low: .microseconds(20), high: .microseconds(50)))
        #expect(spec.system.store.pool == 20)
        #expect(spec.system.store.latency == .lognormal(median: .milliseconds(3), p99: .milliseconds(30)))
        let cache = spec.system.cache
        #expect(cache.pool == 64)
        #expect(cache.latency == .empirical([
            .init(percentile: 50, value: .microseconds(200)), .init(percentile: 90, value: .microseconds(500)),
            .init(percentile: 99, value: .milliseconds(2)), .init(percentile: 100, value: .milliseconds(10)),
        ]))
        #expect(cache.server.maxEntries == 200_000)
        #expect(cache.userTTL == .minutes(10))
        #expect(cache.permissionTTL == .seconds(90))
        let sessions = spec.system.sessions
        #expect(sessions.accessTokenTTL == .minutes(5))
        #expect(sessions.idleTimeout == .minutes(30))
        #expect(sessions.absoluteTimeout == .seconds(12 * 3600))
        #expect(sessions.touchInterval == .seconds(30))
        #expect(sessions.keepChangerSession == false)
        #expect(spec.system.lockout.maxFailures == 5)
        #expect(spec.system.lockout.window == .minutes(15))
        #expect(spec.system.permissionStaleness == .minutes(1))
    }

    @Test func traffic() throws {
        let traffic = try load().traffic
        #expect(traffic.thinkTime == .exponential(mean: .seconds(1)))
        #expect(traffic.phases.map(\.name) == ["warm-up", "steady", "surge", "settle"])
        #expect(traffic.phases.map(\.duration) == [.minutes(1), .minutes(3), .minutes(2), .minutes(4)])
        #expect(traffic.phases.map(\.rate) == [
            .ramp(from: 0, to: 2000), .constant(perSecond: 2000), .poisson(perSecond: 6000), .constant(perSecond: 2000),
        ])
        // File order, not alphabetical or hash order.
        #expect(traffic.journeys.map(\.name) == ["returning-user", "new-user", "bad-password"])
        let weights = traffic.journeys.map(\.weight)
        #expect(abs(weights.reduce(0, +) - 1) < 1e-12)
        #expect(abs(weights[0] - 0.9) < 1e-12 && abs(weights[1] - 0.08) < 1e-12 && abs(weights[2] - 0.02) < 1e-12)
        #expect(traffic.journeys[0].steps == [
            StepSpec(action: .login), StepSpec(action: .validate(permission: nil), repeats: 20), StepSpec(action: .refresh),
            StepSpec(action: .validate(permission: "write"), repeats: 3, probability: 0.5),
            StepSpec(action: .logout, probability: 0.6),
        ])
        #expect(traffic.journeys[0].thinkTime == nil)
        #expect(traffic.journeys[1].thinkTime == .constant(.seconds(3)))
        #expect(traffic.journeys[2].steps == [StepSpec(action: .loginWrongPassword, repeats: 3)])
    }

    @Test func eventsInTimeOrder() throws {
        let events = try load().events
        #expect(events.map(\.label) == [
            "cache-down@6m", "cache-latency@7m", "password-change@8m", "permission-revoke@8m", "logout-everywhere@9m",
        ])
        #expect(events.map(\.line) == [49, 51, 50, 52, 53])
        guard case .fault(let down) = events[0].kind, case .fault(let slow) = events[1].kind,
              case .security(let reset) = events[2].kind, case .security(let revoke) = events[3].kind,
              case .security(let logout) = events[4].kind else {
            Issue.record("wrong event kinds: \(events.map(\.label))")
            return
        }
        #expect(down.duration == .seconds(60) && down.kind == .cacheDown)
        #expect(slow.kind == .cacheLatency(.lognormal(median: .milliseconds(20), p99: .milliseconds(80))))
        #expect(reset.kind == .passwordChange && reset.target == .fraction(0.01) && reset.over == .zero)
        #expect(revoke.kind == .permissionRevoke("write") && revoke.target == .fraction(0.05) && revoke.over == .seconds(30))
        #expect(logout.kind == .logoutEverywhere && logout.target == .count(100))
    }

    @Test func slos() throws {
        let slos = try load().slos
        #expect(slos.map(\.metric) == ["login.p99", "validate.p99", "store.query.p99", "errors.rate", "cache.hit_ratio", "violations"])
        #expect(slos.map(\.comparator) == [.lessThan, .lessThan, .lessThan, .lessThan, .greaterOrEqual, .equal])
        #expect(slos.map(\.threshold) == [250, 10, 50, 0.001, 0.9, 0])
        #expect(slos.map(\.line) == [56, 57, 58, 59, 60, 61])
        #expect(slos[0].expression == "login.p99 < 250ms")
    }

    @Test func minimalScenarioGetsDefaults() throws {
        let spec = try ScenarioLoader.load(yaml: minimalScenario, path: "mem.yaml")
        #expect(spec.seed == nil)
        #expect(spec.window == .seconds(1))
        #expect(spec.users.count == UsersSpec().count)
        #expect(spec.system.store.pool == 20)
        #expect(spec.system.cache.server.maxEntries == 200_000)
        #expect(spec.traffic.thinkTime == .exponential(mean: .seconds(2)))
        #expect(spec.traffic.journeys.map(\.weight) == [1])
        #expect(spec.events.isEmpty && spec.slos.isEmpty)
        #expect(spec.sourcePath == "mem.yaml")
    }
}

/// The examples in `scenarios/README.md` must stay true.
@Suite struct ReadmeExampleTests {
    func yamlBlocks() throws -> [String] {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("scenarios/README.md"), encoding: .utf8)
        return readme.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    }

    @Test func smallestExampleLoads() throws {
        let blocks = try yamlBlocks()
        #expect(blocks.count >= 4)
        let spec = try ScenarioLoader.load(yaml: try #require(blocks.first), path: "README.md")
        #expect(spec.name == "minimal" && spec.traffic.journeys.map(\.weight) == [1])
    }

    @Test func fragmentsLoadInsideAScenario() throws {
        for block in try yamlBlocks().dropFirst() {
            // Fragments are either top-level sections or the inside of `traffic`.
            let yaml = block.hasPrefix("journeys:")
                ? minimalScenario.components(separatedBy: "  journeys:")[0] + block.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
                : minimal(appending: block)
            #expect(throws: Never.self, "\(block)") { try ScenarioLoader.load(yaml: yaml, path: "README.md") }
        }
    }
}
