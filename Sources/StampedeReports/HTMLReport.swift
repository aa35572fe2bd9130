import StampedeResult

/// `index.html`: the report a person reads, as one self-contained file.
///
/// Styles and charts are inline and nothing is fetched, so the file opens offline, from a
/// CI artifact or an e-mail attachment, and reads fully without JavaScript.
public enum HTMLReport {
    /// The complete HTML page for a result.
    ///
    /// The output depends only on the result: the same result gives the same bytes.
    public static func render(_ r: RunResult) -> String {
        var out = HTMLPage.open(title: "\(HTML.text(r.scenario.name)): \(r.verdict.words) - Stampede")
        out += header(r)
        out += navigation(r)
        out += "<main>\n"
        out += ReportSections.slos(r)
        out += BaselineSection.render(r)
        out += ReportSections.latency(r)
        out += ReportCharts.section(r)
        out += CorrectnessSection.render(r)
        out += ChaosSection.render(r)
        out += ReportSections.cache(r)
        out += CachingSection.render(r)
        out += "</main>\n"
        out += "<footer>Stampede \(HTML.text(r.meta.version)). Everything outside the run facts above is a "
            + "deterministic function of the scenario, the seed and the code version.</footer>\n"
        return out + HTMLPage.close
    }

    private static func header(_ r: RunResult) -> String {
        let verdictClass = Presentation.verdictClass(r.verdict)
        var out = "<header id=\"overview\" class=\"v-\(verdictClass)\">\n<div class=\"head-top\"><div class=\"head-title\">"
        out += "<p class=\"eyebrow\">Stampede run report</p><h1>\(HTML.text(r.scenario.name))</h1>"
        if !r.scenario.description.isEmpty { out += "<p class=\"desc\">\(HTML.text(r.scenario.description))</p>" }
        out += "</div>\n<div class=\"verdict v-\(verdictClass)\" role=\"status\"><span class=\"verdict-label\">verdict</span>"
        out += "<span class=\"verdict-word\">\(r.verdict.words)</span>"
        out += "<span class=\"verdict-sub\">exit code \(r.exitCode)</span></div></div>\n"
        out += "<p class=\"verdict-sentence\">\(HTML.text(Presentation.verdictSentence(r)))</p>\n"
        if r.meta.interrupted {
            out += "<p class=\"interrupted\"><strong>Interrupted:</strong> the run was stopped early; "
                + "everything below covers the simulated time up to then.</p>\n"
        }
        out += "<dl class=\"facts\">" + facts(r).map { "<div><dt>\($0.0)</dt><dd>\($0.1)</dd></div>" }.joined() + "</dl>\n"
        out += scenarioLine(r)
        out += "<div class=\"repro\"><span>Reproduce</span><pre><code>\(HTML.text(r.meta.reproduce))</code></pre></div>\n"
        return out + "</header>\n"
    }

    /// Label and HTML value of each run fact in the header: what was simulated first,
    /// then what differs between runs (wall time, memory, start, host).
    private static func facts(_ r: RunResult) -> [(String, String)] {
        let s = r.simulated
        return [
            ("Seed", HTML.code(String(r.seed))),
            ("Simulated time", HTML.text(Format.duration(s.durationS))),
            ("Requests", HTML.count(s.requests)),
            ("Errors", HTML.countWithShare(s.errors, of: s.requests)),
            ("Users", HTML.count(s.users)),
            ("Journeys / sessions", HTML.count(s.journeys) + " / " + HTML.count(s.sessionsCreated)),
            ("Simulation speed", "\(HTML.text(Format.significant(r.meta.speedup)))x real time"
                + "<br><span class=\"dim\">\(HTML.text(Format.number(r.meta.simRequestsPerSecond.rounded()))) req/s</span>"),
            ("Wall time", HTML.text(Format.duration(r.meta.wallSeconds)) + " <span class=\"dim\">\(HTML.text(r.meta.clock)) clock</span>"),
            ("Backends", backends(r)),
            ("Password hashing", r.meta.passwordHashing == "real" ? "real PBKDF2 on this machine's CPU" : "modeled CPU time"),
            ("Peak memory", HTML.text(Format.number(r.meta.peakMemoryMB.rounded())) + " MB"),
            ("Started", HTML.text(r.meta.startedAt)),
            ("Host", HTML.text(r.meta.host)),
            ("Version", HTML.text(r.meta.version)),
        ]
    }

    /// The real servers the run used, or that every backend was a model; any process fault a
    /// real server refused.
    private static func backends(_ r: RunResult) -> String {
        guard let real = r.meta.realBackends, !real.isEmpty else { return "models" }
        var out = real.map { b in
            "\(HTML.text(b.role)): \(HTML.text(b.server))<br><span class=\"dim\">\(HTML.text(b.endpoint == "managed" ? "managed, " : ""))"
                + "\(HTML.text(b.address))</span>"
        }.joined(separator: "<br>")
        if let failures = r.meta.faultFailures, !failures.isEmpty {
            out += "<br><span class=\"fail\">\(HTML.count(failures.count)) process fault\(failures.count == 1 ? "" : "s") failed: "
                + HTML.text(failures.joined(separator: "; ")) + "</span>"
        }
        return out
    }

    private static func scenarioLine(_ r: RunResult) -> String {
        let sha = r.scenario.sha256.isEmpty ? "" : " <span class=\"dim\">sha256 \(HTML.text(String(r.scenario.sha256.prefix(16))))</span>"
        return "<p class=\"scenario-file\">Scenario file \(HTML.code(r.scenario.file))\(sha)</p>\n"
    }

    private static func navigation(_ r: RunResult) -> String {
        var links = [("slos", "SLOs"), ("latency", "Latency"), ("charts", "Charts"), ("correctness", "Correctness"),
                     ("cache", "Cache")]
        if r.baseline != nil { links.insert(("baseline", "Baseline"), at: 1) }
        if r.chaos != nil { links.insert(("chaos", "Faults"), at: links.count - 1) }
        if r.caching != nil { links.append(("caching", "Caching")) }
        return HTMLPage.toc(links)
    }
}
