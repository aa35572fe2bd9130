import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import StampedeReports

@Suite struct WriterTests {
    @Test func jsonRoundTripsToIdenticalBytes() throws {
        let first = try ResultJSON.encode(Fixture.result())
        let second = try ResultJSON.encode(try ResultJSON.decode(from: first))
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.contains("\"reproduce\" : \"stampede run scenarios/login-storm.yaml --seed 42\""))
        #expect(text.contains("\"by_invariant\""))
    }

    @Test func jsonDoesNotDependOnDictionaryOrder() throws {
        #expect(try ResultJSON.encode(Fixture.result(operationsCapacity: 97)) == ResultJSON.encode(Fixture.result()))
    }

    @Test func junitIsWellFormedWithOneCasePerSLOAndInvariant() throws {
        let xml = JUnitWriter.render(Fixture.result())
        let counter = ElementCounter()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = counter
        #expect(parser.parse(), "parse error: \(String(describing: parser.parserError))")
        #expect(counter.counts["testsuite"] == 1)
        #expect(counter.counts["testcase"] == 4 + 3)
        #expect(counter.counts["failure"] == 2)
        #expect(counter.suite["tests"] == "7")
        #expect(counter.suite["failures"] == "2")
        #expect(counter.suite["name"] == "stampede.login-storm")
        #expect(counter.suite["time"] == "60.000")
        #expect(counter.failureMessages.contains("measured 312.4ms vs threshold < 250ms"))
        #expect(counter.failureMessages.contains {
            $0.hasPrefix("1 violation; first: session s-4711-2 validated 246 ms")
        })
    }

    @Test func junitEscapesMarkup() throws {
        var r = Fixture.result()
        r.scenario.name = "a<b>&\"c\""
        r.slos[0].expression = "login.p99 < 250ms & \"quoted\""
        let parser = XMLParser(data: Data(JUnitWriter.render(r).utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse())
        #expect(counter.suite["name"] == "stampede.a<b>&\"c\"")
    }

    @Test func markdownHasVerdictSLORowsAndReproduce() {
        let md = MarkdownSummary.render(Fixture.result())
        #expect(md.contains("**Verdict: VIOLATED**"))
        #expect(md.contains("| `login.p99 < 250ms` | 312.4ms | < 250ms | -62.4ms (-25%) | **FAIL** |"))
        #expect(md.contains("| `validate.p99 < 10ms` | 4.21ms | < 10ms | +5.79ms (+58%) | pass |"))
        #expect(md.contains("| `errors.rate < 1%` | 0.71% | < 1% | +0.29 pp | pass |"))
        #expect(md.contains("| login | 6,020 | 30 | 120 ms | 312 ms | 756 ms |"))
        #expect(md.contains("```sh\nstampede run scenarios/login-storm.yaml --seed 42\n```"))
        #expect(md.contains("`authorized_after_password_change`: 1"))
    }

    @Test func writerWritesAllFourFiles() throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("stampede-reports-\(UUID().uuidString)/nested").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let paths = try ReportWriter.write(Fixture.result(), to: dir)
        #expect(paths.map { URL(fileURLWithPath: $0).lastPathComponent } == ReportWriter.fileNames)
        for path in paths { #expect(FileManager.default.fileExists(atPath: path)) }
        let json = try Data(contentsOf: URL(fileURLWithPath: paths[1]))
        #expect(try ResultJSON.decode(from: json).seed == 42)
    }
}

/// Counts elements and keeps the attributes a test looks at.
private final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var suite: [String: String] = [:]
    var failureMessages: [String] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
        if name == "testsuite" { suite = attributes }
        if name == "failure", let message = attributes["message"] { failureMessages.append(message) }
    }
}
