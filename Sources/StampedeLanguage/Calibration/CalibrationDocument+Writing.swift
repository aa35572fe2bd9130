import Foundation
import StampedeKernel

extension CalibrationDocument {
    /// The document as YAML: a header comment saying how to use it, then `format`, `meta`,
    /// `settings`, `cpu` and `backends`, one flow mapping per measured level.
    ///
    /// Durations are written exactly (`152.317us` is 152,317 ns), so reading the text back
    /// gives the same points; everything else is rounded for reading.
    public var yaml: String {
        var out = """
            # Measured by `stampede calibrate` on \(meta.host). Use a table as a scenario's latency:
            #   system:
            #     store: { latency: empirical(file: calibration.yaml, call: store.mix) }
            #     cache: { latency: empirical(file: calibration.yaml, call: cache.mix, concurrency: 8) }
            #     service: { password_hash: { cost: empirical(file: calibration.yaml, call: cpu.password_hash) } }
            # (the path is relative to the scenario). Each level is `concurrency` callers in a closed loop
            # for `seconds`; percentiles count from the call's start. See docs/calibration.md.
            format: \(Self.format)
            meta:
              date: \(Self.quote(meta.date))
              host: \(Self.quote(meta.host))
              machine: \(Self.quote(meta.machine))
              os: \(Self.quote(meta.os))
              command: \(Self.quote(meta.command))
              interrupted: \(meta.interrupted)
            settings: { seconds_per_step: \(Self.number(settings.secondsPerStep)), max_concurrency: \(settings.maxConcurrency), \
            growth: \(Self.number(settings.growth * 100))%, hash_iterations: \(settings.hashIterations) }

            """
        if let cpu {
            out += """
                cpu:
                  pbkdf2_sha256: { iterations: \(cpu.hashIterations), per_iteration: \(Self.number(cpu.nanosecondsPerIteration, decimals: 2))ns, \
                hash: \(Self.exact(cpu.hash)) }
                  token: { sign: \(Self.exact(cpu.tokenSign)), verify: \(Self.exact(cpu.tokenVerify)) }

                """
        }
        out += backends.isEmpty ? "backends: {}\n" : "backends:\n"
        for backend in backends {
            out += "  \(backend.role):\n"
            out += "    kind: \(Self.quote(backend.kind))\n"
            out += "    version: \(Self.quote(backend.version))\n"
            out += "    target: \(Self.quote(backend.target))\n"
            if let saturation = backend.saturation { out += "    saturation: \(Self.flow(saturation, withCall: true))\n" }
            out += backend.calls.isEmpty ? "    calls: {}\n" : "    calls:\n"
            for call in backend.calls {
                out += "      \(call.name):\n"
                if let saturation = call.saturation { out += "        saturation: \(Self.flow(saturation, withCall: false))\n" }
                out += call.levels.isEmpty ? "        levels: []\n" : "        levels:\n"
                for level in call.levels { out += "          - \(Self.flow(level))\n" }
            }
        }
        return out
    }

    static func flow(_ level: Level) -> String {
        var fields = [
            "concurrency: \(level.concurrency)", "calls: \(level.calls)", "errors: \(level.errors)",
            "seconds: \(number(level.seconds, decimals: 3))", "throughput: \(number(level.throughput, decimals: 1))/s",
        ]
        fields += level.points.map { "\(percentileKey($0.percentile)): \(exact($0.value))" }
        return "{ " + fields.joined(separator: ", ") + " }"
    }

    static func flow(_ saturation: Saturation, withCall: Bool) -> String {
        var fields: [String] = withCall ? ["call: \(saturation.call)"] : []
        fields += [
            "throughput: \(number(saturation.throughput, decimals: 1))/s", "concurrency: \(saturation.concurrency)",
            "reached: \(saturation.reached)", "reason: \(quote(saturation.reason))",
        ]
        return "{ " + fields.joined(separator: ", ") + " }"
    }

    /// `min` for 0, `max` for 100, else `p50`, `p99.9`.
    static func percentileKey(_ percentile: Double) -> String {
        switch percentile {
        case 0: return "min"
        case 100: return "max"
        default: return "p" + formatNumber(percentile)
        }
    }

    /// A duration to the nanosecond in the largest unit that keeps it short: `850ns`,
    /// `152.317us`, `3.5ms`, `1.25s`.
    package static func exact(_ duration: SimDuration) -> String {
        let ns = duration.nanoseconds
        let (unit, scale): (String, Int64) = ns < 1_000 ? ("ns", 1) : ns < 1_000_000 ? ("us", 1_000)
            : ns < 1_000_000_000 ? ("ms", 1_000_000) : ("s", 1_000_000_000)
        let whole = ns / scale, fraction = ns % scale
        guard fraction != 0 else { return "\(whole)\(unit)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: String(scale).count - 1 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)\(unit)"
    }

    static func number(_ value: Double, decimals: Int = 3) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A double-quoted YAML string.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += "\\x" + String(format: "%02X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
