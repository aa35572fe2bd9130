import Foundation
import StampedeKernel
import StampedeLanguage

/// A folder of its own for one test, removed by `remove()`.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("stampede-calibration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ text: String, to name: String) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A hand-made calibration: a store mix and a session lookup at 1, 2, 4, 8 callers, a cache get,
/// and the CPU costs; values chosen to the nanosecond so the text must carry them exactly.
func sampleDocument() -> CalibrationDocument {
    func level(_ c: Int, base: Int64) -> CalibrationDocument.Level {
        let values: [Int64] = [base, base + 1, base + 17, base * 2 + 3, base * 3, base * 5 + 999, base * 10, base * 20 + 1, base * 40]
        let points = zip(CalibrationDocument.percentiles, values).map {
            Distribution.EmpiricalPoint(percentile: $0.0, value: SimDuration(nanoseconds: $0.1))
        }
        return .init(concurrency: c, calls: 1_000 * c, errors: c == 8 ? 2 : 0, seconds: 2.001, throughput: 617.5 * Double(c),
                     points: points)
    }
    let storeLevels = [1, 2, 4, 8].map { level($0, base: 152_317 * Int64($0)) }
    let saturation = CalibrationDocument.Saturation(call: "store.mix", throughput: 4_940, concurrency: 8, reached: false,
                                                    reason: "reached --max-concurrency 8 while throughput still grew")
    return CalibrationDocument(
        meta: .init(date: "2025-01-02T03:04:05Z", host: "test-host", machine: "x86_64, 2 cores, \"Quoted\" CPU, 23.4 GB",
                    os: "Linux 6.1", command: "stampede calibrate --max-concurrency 8"),
        settings: .init(secondsPerStep: 2, maxConcurrency: 8, growth: 0.1, hashIterations: 600_000),
        cpu: .init(hashIterations: 600_000, nanosecondsPerIteration: 112.25, hash: SimDuration(nanoseconds: 67_350_001),
                   tokenSign: SimDuration(nanoseconds: 2_101), tokenVerify: SimDuration(nanoseconds: 1_999)),
        backends: [
            .init(role: "cpu", kind: "pbkdf2-sha256 + hmac-sha256", version: "Swift 6", target: "this process", calls: [
                .init(name: "cpu.password_hash", levels: [level(1, base: 67_350_001)]),
                .init(name: "cpu.token", levels: [level(1, base: 2_000)]),
            ]),
            .init(role: "cache", kind: "redis", version: "7.0.15", target: "managed redis-server on 127.0.0.1:1234", calls: [
                .init(name: "cache.mix", levels: [1, 2, 4].map { level($0, base: 41_003 * Int64($0)) }),
                .init(name: "cache.get", levels: [1, 2].map { level($0, base: 40_001) }),
            ]),
            .init(role: "store", kind: "sqlite", version: "3.40.1", target: "sqlite file", saturation: saturation, calls: [
                .init(name: "store.mix", saturation: saturation, levels: storeLevels),
                .init(name: "store.session", levels: [level(1, base: 999), level(2, base: 1_000_000_001)]),
            ]),
        ])
}

/// A scenario that loads, with `system` replaced by `system`.
func scenario(system: String) -> String {
    """
    name: calibrated
    duration: 1m
    system:
    \(system.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
    traffic:
      phases:
        - { name: steady, for: 1m, rate: 10/s }
      journeys:
        returning: { weight: 100%, steps: [login, validate x 3, logout] }
    """
}
