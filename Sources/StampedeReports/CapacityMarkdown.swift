import StampedeResult

/// `capacity.md`: the answer for a pull-request comment or a CI step summary.
public enum CapacityMarkdown {
    public static func render(_ r: CapacityResult) -> String {
        var out = "## Capacity: \(Escape.markdownCell(r.scenario.name))\n\n"
        if r.interrupted { out += "> Interrupted: what was measured before Ctrl-C.\n\n" }
        out += "**\(CapacityFormat.maximumSentence(r))**\n\n"
        for s in [CapacityFormat.spreadSentence(r), CapacityFormat.saturationSentence(r), CapacityFormat.breachSentence(r),
                  CapacityFormat.targetSentence(r)].compactMap({ $0 }) {
            out += "- \(s)\n"
        }
        out += "\n" + probes(r)
        if let sizing = r.sizing { out += self.sizing(sizing, r) }
        if let e = r.explanations {
            out += "\n### Failed SLOs explained\n\n"
            out += e.isEmpty ? "Every judged SLO holds as the file stands.\n" : e.map { "- \($0.sentence)\n" }.joined()
        }
        out += "\n<sub>Judged: \(r.settings.slos.map { "`\($0)`" }.joined(separator: ", ")). Seeds \(r.settings.seeds.map(String.init).joined(separator: ", ")), "
            + "resolution \(Format.percent(r.settings.resolution)), \(r.meta.runs) runs. Reproduce: `\(r.meta.command)`</sub>\n"
        return out
    }

    static func probes(_ r: CapacityResult) -> String {
        let ops = CapacityFormat.operations(r.probes).prefix(3)
        var header = ["factor", "rate", "verdict", "completed req/s", "errors"] + ops.map { "\($0) p99" }
        header += PoolKind.allCases.map { "\($0.name) peak util" } + ["tightest SLO margin"]
        var out = "| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in " --- |" }.joined() + "\n"
        for p in r.probes {
            var cells = [CapacityFormat.factor(p.factor), CapacityFormat.rate(p.rate), p.passed ? "pass" : "**FAIL**",
                         Format.number(CapacityFormat.mean(p, \.completedRate).rounded()),
                         Format.percent(CapacityFormat.worst(p, { $0.errorRate }) ?? 0)]
            cells += ops.map { op in CapacityFormat.worst(p, { $0.operations[op]?.p99Ms }).map(Format.ms) ?? "-" }
            cells += PoolKind.allCases.map { pool in
                CapacityFormat.worst(p, { $0.pools[pool.name]?.peakUtilization }).map(Format.percent) ?? "-"
            }
            cells.append(CapacityFormat.tightest(p).map { "\(Escape.markdownCell($0.expression)) \(Format.percent($0.margin))" } ?? "-")
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    static func sizing(_ s: CapacitySizing, _ r: CapacityResult) -> String {
        var out = "\n### Sizing for \(CapacityFormat.rate(s.rate)) (target with headroom)\n\n"
        out += "| knob | in the file | alone | recommended |\n| --- | --- | --- | --- |\n"
        for k in s.knobs {
            var rec = k.recommended.map(String.init) ?? "none found"
            if let n = k.instances { rec += " (\(n) instances)" }
            out += "| \(CapacityFormat.knobLabel(k.key)) `\(k.key)` | \(k.current) | \(k.alone.map(String.init) ?? "none within 8×") | \(rec) |\n"
        }
        if !s.setLines.isEmpty {
            out += "\n```\n" + s.setLines.joined(separator: " \\\n") + "\n```\n\nAs a YAML patch (merge into the scenario's `system:`):\n\n"
            out += "```yaml\n" + s.yamlPatch + "```\n"
        }
        out += "\nRe-run of the answer at \(CapacityFormat.rate(s.rate)): " + (s.met ? "**passes** at every seed.\n" : "**fails**.\n")
        return out
    }
}
