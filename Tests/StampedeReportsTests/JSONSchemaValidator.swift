import Foundation

/// A JSON document, decoded without losing the difference between integers, other
/// numbers and booleans (which `JSONSerialization` blurs into `NSNumber`).
indirect enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let i = try? c.decode(Int64.self) { self = .integer(i); return }
        if let u = try? c.decode(UInt64.self) { self = .number(Double(u)); return }
        if let d = try? c.decode(Double.self) { self = .number(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let a = try? c.decode([JSONValue].self) { self = .array(a); return }
        self = .object(try c.decode([String: JSONValue].self))
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    subscript(_ key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var numeric: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }
}

/// Validates a document against the subset of JSON Schema (draft 2020-12) that
/// `docs/result.schema.json` uses: `type`, `required`, `properties`, `additionalProperties`
/// (false or a schema), `items`, `enum`, `minimum` and local `$ref`s into `$defs`.
/// Any other keyword is reported, so the schema cannot silently rely on one this ignores.
struct JSONSchemaValidator {
    static let understood: Set<String> = [
        "$schema", "$id", "$defs", "$ref", "title", "description", "type", "required", "properties",
        "additionalProperties", "items", "enum", "minimum",
    ]

    let root: JSONValue

    /// Every place `instance` breaks the schema, as `path: problem`, in path order.
    func errors(in instance: JSONValue) -> [String] {
        var out: [String] = []
        check(instance, against: root, at: "$", into: &out)
        return out
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, into out: inout [String]) {
        guard case .object(let s) = schema else { out.append("\(path): schema is not an object"); return }
        for key in s.keys.sorted() where !Self.understood.contains(key) {
            out.append("\(path): schema keyword '\(key)' is not supported by this validator")
        }
        if case .string(let ref)? = s["$ref"] {
            guard let target = resolve(ref) else { out.append("\(path): unresolved $ref \(ref)"); return }
            check(value, against: target, at: path, into: &out)
        }
        if case .string(let type)? = s["type"], !matches(value, type) {
            out.append("\(path): expected \(type), found \(describe(value))")
            return
        }
        if case .array(let allowed)? = s["enum"], !allowed.contains(where: { same($0, value) }) {
            out.append("\(path): \(describe(value)) is not one of the allowed values")
        }
        if let minimum = s["minimum"]?.numeric, let number = value.numeric, number < minimum {
            out.append("\(path): \(number) is below the minimum \(minimum)")
        }
        if case .object(let object) = value { checkObject(object, s, at: path, into: &out) }
        if case .array(let items) = value, let itemSchema = s["items"] {
            for (i, item) in items.enumerated() { check(item, against: itemSchema, at: "\(path)[\(i)]", into: &out) }
        }
    }

    private func checkObject(_ object: [String: JSONValue], _ s: [String: JSONValue], at path: String,
                             into out: inout [String]) {
        if case .array(let required)? = s["required"] {
            for case .string(let key) in required where object[key] == nil {
                out.append("\(path): missing required key '\(key)'")
            }
        }
        var properties: [String: JSONValue] = [:]
        if case .object(let p)? = s["properties"] { properties = p }
        for key in object.keys.sorted() {
            let child = "\(path).\(key)"
            if let property = properties[key] {
                check(object[key] ?? .null, against: property, at: child, into: &out)
            } else if case .bool(false)? = s["additionalProperties"] {
                out.append("\(child): key not allowed here")
            } else if let extra = s["additionalProperties"], case .object = extra {
                check(object[key] ?? .null, against: extra, at: child, into: &out)
            }
        }
    }

    private func resolve(_ ref: String) -> JSONValue? {
        let prefix = "#/$defs/"
        guard ref.hasPrefix(prefix) else { return nil }
        return root["$defs"]?[String(ref.dropFirst(prefix.count))]
    }

    private func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null),
             ("integer", .integer), ("number", .integer), ("number", .number):
            return true
        case ("integer", .number(let d)):
            return d == d.rounded()
        default:
            return false
        }
    }

    private func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.numeric, let y = b.numeric { return x == y }
        return a == b
    }

    private func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .integer(let i): return "\(i)"
        case .number(let d): return "\(d)"
        case .string(let s): return "'\(s)'"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
