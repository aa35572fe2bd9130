extension FaultSpec {
    /// One sentence for reports: what the fault does, for how long, how often.
    public var detail: String {
        let some = probability < 1
        let calls = some ? "\(formatPercent(probability)) of \(target) calls" : "every \(target) call"
        func verb(_ one: String, _ many: String) -> String { "\(calls) \(some ? many : one)" }
        var text: String
        switch kind {
        case .down: text = verb("fails fast", "fail fast")
        case .timeout: text = verb("hangs until its client times out", "hang until their client times out")
        case .latency(let d), .slowQueries(let d): text = verb("is slowed by \(d)", "are slowed by \(d)")
        case .errors: text = verb("fails", "fail")
        case .slowRecovery(let d): text = "\(target) calls slowed by up to \(d), fading"
        case .flush: text = "every key of the \(target) removed"
        case .evictionStorm(let n): text = "the \(target) keeps at most \(n) entries"
        case .crash: text = "the \(target) crashes, is down, then restarts with what its persistence kept"
        case .poolExhaustion(let n): text = "the \(target) pool shrinks to \(n) connection\(n == 1 ? "" : "s")"
        case .failover(let warmup, let d):
            text = "the \(target) is down, then back cold: calls slowed by up to \(d), fading over \(warmup)"
        case .hashSpike(let f): text = "password hashing costs \(formatFactor(f))x the CPU"
        case .restart(let warmup, let f):
            text = "the service is down and loses its in-process state"
                + (warmup > .zero ? ", then warms up: CPU costs up to \(formatFactor(f))x, fading over \(warmup)" : "")
        }
        if duration > .zero { text += " for \(duration)" }
        if let every { text += ", every \(every)" }
        return text
    }

    private func formatPercent(_ p: Double) -> String {
        let v = (p * 1000).rounded() / 10
        return (v == v.rounded() ? String(Int(v)) : String(v)) + "%"
    }

    private func formatFactor(_ f: Double) -> String {
        f == f.rounded() ? String(Int(f)) : String(f)
    }
}
