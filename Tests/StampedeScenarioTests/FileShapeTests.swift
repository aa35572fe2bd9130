import Foundation
@testable import StampedeLanguage
@testable import StampedeRunner
import Testing

/// Limits on the file as a whole, checked before any key is read: size, encoding, nesting,
/// tags and alias expansion. Each refusal names the position and the limit.
@Suite struct FileShapeTests {
    @Test func deepNestingIsAPlainMessage() throws {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let error = try #require(loadError(minimal(appending: "description: \(deep)")))
        #expect(error.line == 8 && error.message.contains("nested more than \(ScenarioLimits.nestingDepth.value) levels deep"), "\(error)")
        let deeper = String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000)
        let libyaml = try #require(loadError(minimal(appending: "description: \(deeper)")))
        #expect(libyaml.line == 8 && libyaml.message.contains("nested more than"), "\(libyaml)")
        #expect(!libyaml.description.contains("yaml_set_max_nest_level"))
    }

    @Test(arguments: ["!evil 30s", "!!int 5", "!<tag:example.com,2000:x> 1s", "!!seq 5s"])
    func aTagIsAnError(value: String) throws {
        let error = try #require(loadError(minimal(appending: "window: \(value)")))
        #expect(error.line == 8 && error.column == 9, "\(error)")
        #expect(error.message.contains("unsupported YAML tag"), "\(error)")
    }

    @Test func quotedAndPlainStringTagsAreFine() {
        #expect(loadError(minimal(appending: "window: '5s'")) == nil)
        #expect(loadError(minimal(appending: "window: !!str 5s")) == nil)
        #expect(loadError(minimal(appending: "window: ! 5s")) == nil)
    }

    @Test func aliasesThatMultiplyAreStopped() throws {
        var yaml = minimal(appending: "x0: &a0 [a, a, a, a, a, a, a, a, a, a]\n")
        for level in 1...7 { yaml += "x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let error = try #require(loadError(yaml))
        #expect(error.message.contains("more than \(grouped(ScenarioLimits.nodes.value)) values"), "\(error)")
        #expect(error.line != nil)
    }

    @Test func invalidUTF8NamesTheFirstBadByte() throws {
        let path = NSTemporaryDirectory() + "stampede-utf8-\(getpid()).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = Array("name: bad\ndescription: caf".utf8) + [0xC3, 0xA9] + Array(" ok\nseed: 4".utf8) + [0xFF] + Array("2\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = try #require(fileLoadError(path))
        #expect(error.line == 3 && error.column == 8, "\(error)")
        #expect(error.message.contains("0xFF"), "\(error)")
        bytes = [0x80]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let first = try #require(fileLoadError(path))
        #expect(first.line == 1 && first.column == 1, "\(first)")
    }

    @Test func aLargeFileIsRefusedBeforeItIsRead() throws {
        let path = NSTemporaryDirectory() + "stampede-large-\(getpid()).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let slos = String(repeating: "  - violations == 0\n", count: ScenarioLimits.fileBytes.value / 20 + 1)
        try (minimal(appending: "slos:\n") + slos).write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(fileLoadError(path))
        #expect(error.message.contains("larger than 1 MiB"), "\(error)")
        #expect(error.expected == "at most 1,048,576 bytes")
        let header = minimal(appending: "slos:\n").utf8.count
        #expect(error.line == 9 + (ScenarioLimits.fileBytes.value - header) / 20, "the line where the limit is crossed: \(error)")
    }
}
