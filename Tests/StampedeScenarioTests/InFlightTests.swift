import Foundation
@testable import StampedeLanguage
@testable import StampedeRunner
import Testing

/// An overloaded open-model run keeps arriving journeys waiting for ever; the most journeys
/// in flight at once bounds its memory, and the arrivals beyond it are counted, not hidden.
@Suite struct InFlightTests {
    /// One core, 130 ms of modeled hashing per login, 200 logins a second: the queue grows.
    let overloaded = """
        name: overloaded
        duration: 10s
        users: { count: 200, preregistered: 100% }
        system:
          service: { cores: 1 }
          lockout: { max_failures: 1000000 }
        traffic:
          phases:
            - { for: 10s, rate: 200/s }
          journeys:
            j: { steps: [login, validate] }
        """

    @Test func arrivalsBeyondTheLimitAreDroppedAndCounted() throws {
        let spec = try ScenarioLoader.load(yaml: overloaded, path: "overloaded.yaml")
        var options = RunOptions(seed: 1)
        options.journeysInFlightLimit = 50
        let r = Runner.run(spec, options: options)
        let dropped = try #require(r.simulated.journeysDropped, "an overloaded run drops arrivals")
        #expect(r.simulated.journeys + dropped == 2_000, "every arrival is either started or dropped")
        #expect(dropped > 1_000, "\(dropped)")
        let again = Runner.run(spec, options: options)
        #expect(try deterministicJSON(r) == deterministicJSON(again), "dropping is deterministic in virtual time")
        let json = String(decoding: try JSONEncoder().encode(r.simulated), as: UTF8.self)
        #expect(json.contains("\"journeys_dropped\""))
    }

    @Test func aRunWithinTheLimitDropsNothing() throws {
        let r = Runner.run(try loadShipped("smoke.yaml"), options: RunOptions(seed: 3))
        #expect(r.simulated.journeysDropped == nil)
        let json = String(decoding: try JSONEncoder().encode(r.simulated), as: UTF8.self)
        #expect(!json.contains("journeys_dropped"), "the key is absent, so results without drops are unchanged")
    }
}
