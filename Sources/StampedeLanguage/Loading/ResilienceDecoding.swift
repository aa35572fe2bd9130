import StampedeFaults
import StampedeKernel
import StampedeSystem

/// `system.resilience`: `{ cache: <policy>, store: <policy>, shedding: { max_queue } }`,
/// each policy `{ timeout, retry: {…}, breaker: {…} }`. A policy present with no keys (`{}`)
/// takes every default.
extension ScenarioLoader {
    static let resilienceKeys = ["cache", "store", "shedding"]
    static let backendPolicyKeys = ["timeout", "retry", "breaker"]
    static let retryKeys = ["max_attempts", "initial_backoff", "max_backoff", "multiplier", "jitter"]
    static let breakerKeys = [
        "failure_rate", "slow_call_duration", "slow_call_rate", "window", "minimum_calls", "open_duration", "half_open_calls",
    ]
    static let sheddingKeys = ["max_queue"]

    static func decodeResilience(_ value: Located, in context: LoadContext) throws(ScenarioError) -> ResilienceSpec {
        let map = try MappingReader(value, allowed: resilienceKeys, in: context)
        var spec = ResilienceSpec()
        map.read("cache", into: &spec.cache, in: context) { value throws(ScenarioError) in
            try decodeBackendPolicy(value, backend: .cache, in: context)
        }
        map.read("store", into: &spec.store, in: context) { value throws(ScenarioError) in
            try decodeBackendPolicy(value, backend: .store, in: context)
        }
        map.read("shedding", into: &spec.shedQueueLimit, in: context) { value throws(ScenarioError) in
            let shedding = try MappingReader(value, allowed: sheddingKeys, in: context)
            return try context.integer(shedding.required("max_queue", expected: "requests allowed to wait for a core, e.g. 200",
                                                         in: context), atLeast: 0)
        }
        return spec
    }

    static func decodeBackendPolicy(_ value: Located, backend: BackendRole, in context: LoadContext) throws(ScenarioError) -> BackendResilienceSpec {
        let map = try MappingReader(value, allowed: backendPolicyKeys, in: context)
        var policy = BackendResilienceSpec()
        map.read("timeout", into: &policy.timeout, in: context) { value throws(ScenarioError) in try context.duration(value) }
        map.read("retry", into: &policy.retry, in: context) { value throws(ScenarioError) in try decodeRetry(value, in: context) }
        map.read("breaker", into: &policy.breaker, in: context) { value throws(ScenarioError) in
            try decodeBreaker(value, backend: backend, in: context)
        }
        return policy
    }

    static func decodeRetry(_ value: Located, in context: LoadContext) throws(ScenarioError) -> RetryPolicy {
        let map = try MappingReader(value, allowed: retryKeys, in: context)
        var retry = RetryPolicy()
        map.read("max_attempts", into: &retry.maxAttempts, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1, atMost: ScenarioLimits.retryAttempts)
        }
        map.read("initial_backoff", into: &retry.initialBackoff, in: context) { value throws(ScenarioError) in
            try context.duration(value)
        }
        map.read("max_backoff", into: &retry.maxBackoff, in: context) { value throws(ScenarioError) in try context.duration(value) }
        map.read("multiplier", into: &retry.multiplier, in: context) { value throws(ScenarioError) in
            try context.bounded(context.parse(value, expected: "a number ≥ 1, e.g. 2", NumberGrammar.factor), value,
                                atMost: ScenarioLimits.factor)
        }
        map.read("jitter", into: &retry.jitter, in: context) { value throws(ScenarioError) in
            let names = RetryPolicy.Jitter.allCases.map(\.rawValue)
            let text = try context.text(value, expected: oneOf(names))
            guard let jitter = RetryPolicy.Jitter(rawValue: text) else {
                throw context.error(.invalidValue, "unknown jitter '\(text)'", at: value, expected: oneOf(names),
                                    suggestion: nearest(to: text, among: names))
            }
            return jitter
        }
        if map["max_backoff"] == nil { retry.maxBackoff = max(retry.maxBackoff, retry.initialBackoff) }
        if retry.maxBackoff < retry.initialBackoff, let place = map["max_backoff"] {
            throw context.error(.inconsistent, "max_backoff is below initial_backoff", at: place,
                                expected: "max_backoff ≥ initial_backoff (\(retry.initialBackoff))", found: quoted(retry.maxBackoff.description))
        }
        return retry
    }

    static func decodeBreaker(_ value: Located, backend: BackendRole, in context: LoadContext) throws(ScenarioError) -> BreakerConfig {
        let map = try MappingReader(value, allowed: breakerKeys, in: context)
        var breaker = ResilienceSpec.defaultBreaker(for: backend)
        func share(_ value: Located) throws(ScenarioError) -> Double {
            let p = try context.fraction(value)
            guard p > 0 else {
                throw context.error(.invalidValue, "value out of range", at: value, expected: "a share above 0% and at most 100%",
                                    found: quoted("0"))
            }
            return p
        }
        map.read("failure_rate", into: &breaker.failureRateThreshold, in: context) { value throws(ScenarioError) in try share(value) }
        map.read("slow_call_rate", into: &breaker.slowCallRateThreshold, in: context) { value throws(ScenarioError) in try share(value) }
        map.read("slow_call_duration", into: &breaker.slowCallDuration, in: context) { value throws(ScenarioError) in
            try context.duration(value)
        }
        map.read("window", into: &breaker.windowSize, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1, atMost: ScenarioLimits.breakerWindow)
        }
        map.read("minimum_calls", into: &breaker.minimumCalls, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1)
        }
        map.read("open_duration", into: &breaker.openDuration, in: context) { value throws(ScenarioError) in try context.duration(value) }
        map.read("half_open_calls", into: &breaker.halfOpenCalls, in: context) { value throws(ScenarioError) in
            try context.integer(value, atLeast: 1)
        }
        if breaker.minimumCalls > breaker.windowSize {
            throw context.error(.inconsistent, "minimum_calls exceeds the window", at: map["minimum_calls"] ?? map["window"] ?? value,
                                expected: "minimum_calls ≤ window (\(breaker.windowSize) calls)", found: String(breaker.minimumCalls))
        }
        return breaker
    }
}
