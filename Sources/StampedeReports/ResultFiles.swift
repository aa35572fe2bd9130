import Foundation
import StampedeResult

/// Why a saved result could not be read: names the file and, for bad JSON, the key.
public struct ResultFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): error: \(message)" }
}

/// Reads saved `result.json` files and finds them in report folders.
public enum ResultFiles {
    /// The result at `path`: a `result.json` file, or a report folder holding one.
    public static func load(_ path: String) throws(ResultFileError) -> RunResult {
        let file = isDirectory(path) ? (path as NSString).appendingPathComponent("result.json") : path
        guard FileManager.default.fileExists(atPath: file) else {
            let what = isDirectory(path) ? "no result.json in the folder '\(path)'" : "no file at '\(path)'"
            throw ResultFileError(path: path, message: "\(what); expected a result.json written by stampede run")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ResultFileError(path: file, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try decode(data, path: file)
    }

    /// A result from JSON bytes; `path` names the source in errors.
    public static func decode(_ data: Data, path: String) throws(ResultFileError) -> RunResult {
        do {
            return try ResultJSON.decode(from: data)
        } catch let error as DecodingError {
            throw ResultFileError(path: path, message: "not a stampede result: " + describe(error))
        } catch {
            throw ResultFileError(path: path, message: "not a stampede result: \(error)")
        }
    }

    /// The `result.json` files an argument stands for, sorted by path: the file itself, a
    /// report folder's own result, or the results one or two folder levels down (the
    /// folders `run --seeds` and `run --matrix` write).
    public static func expand(_ path: String) throws(ResultFileError) -> [String] {
        guard isDirectory(path) else { return [path] }
        let own = (path as NSString).appendingPathComponent("result.json")
        if FileManager.default.fileExists(atPath: own) { return [own] }
        var found: [String] = []
        for child in subfolders(path) {
            let result = (child as NSString).appendingPathComponent("result.json")
            if FileManager.default.fileExists(atPath: result) {
                found.append(result)
                continue
            }
            for grandchild in subfolders(child) {
                let nested = (grandchild as NSString).appendingPathComponent("result.json")
                if FileManager.default.fileExists(atPath: nested) { found.append(nested) }
            }
        }
        guard !found.isEmpty else {
            throw ResultFileError(path: path, message: "no result.json in this folder or the folders below it; "
                                  + "expected a result.json or a folder written by stampede run")
        }
        return found
    }

    private static func subfolders(_ path: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted(by: naturalOrder).map { (path as NSString).appendingPathComponent($0) }.filter(isDirectory)
    }

    /// Names with their digit runs compared as numbers: `seed-9` before `seed-10`, `2-x` before `10-x`.
    static func naturalOrder(_ a: String, _ b: String) -> Bool {
        func chunks(_ s: String) -> [(text: String, number: UInt64?)] {
            var out: [(String, UInt64?)] = []
            var current = ""
            var digits = false
            for ch in s {
                let isDigit = ch.isASCII && ch.isNumber
                if !current.isEmpty && isDigit != digits {
                    out.append((current, digits ? UInt64(current) : nil))
                    current = ""
                }
                digits = isDigit
                current.append(ch)
            }
            if !current.isEmpty { out.append((current, digits ? UInt64(current) : nil)) }
            return out
        }
        for (x, y) in zip(chunks(a), chunks(b)) {
            if let m = x.number, let n = y.number, m != n { return m < n }
            if x.text != y.text { return x.text < y.text }
        }
        return a.count != b.count ? a.count < b.count : a < b
    }

    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// `missing key 'seed' at meta`, `expected a number at simulated.requests`, and so on.
    static func describe(_ error: DecodingError) -> String {
        func place(_ path: [any CodingKey]) -> String {
            let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let trimmed = text.hasPrefix(".") ? String(text.dropFirst()) : text
            return trimmed.isEmpty ? "at the top level" : "at \(trimmed)"
        }
        switch error {
        case let .keyNotFound(key, context):
            return "missing key '\(key.stringValue)' \(place(context.codingPath))"
        case let .typeMismatch(type, context):
            return "expected \(typeName(type)) \(place(context.codingPath))"
        case let .valueNotFound(type, context):
            return "expected \(typeName(type)), found null, \(place(context.codingPath))"
        case let .dataCorrupted(context):
            let underlying = context.underlyingError.map { " (\($0.localizedDescription))" } ?? ""
            return "\(context.debugDescription)\(underlying) \(place(context.codingPath))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "text"
        case is Int.Type, is UInt64.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object (\(name))"
        }
    }
}
