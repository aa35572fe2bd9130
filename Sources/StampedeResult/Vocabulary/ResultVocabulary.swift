/// A vocabulary the result speaks: a fixed list of cases, each with a stable name.
///
/// The raw value is the case's position in `allCases`, so the simulator keeps per-case
/// counters in arrays on hot paths; the name is what `result.json`, metric names and reports
/// use. Conforming enums are encoded by name, and keyed by name when they key a dictionary.
public protocol ResultVocabulary: RawRepresentable<Int>, CaseIterable, Hashable, Sendable, Codable,
    CodingKeyRepresentable where AllCases == [Self] {
    /// The name in `result.json`, metric names and reports.
    var name: String { get }
}

extension ResultVocabulary {
    /// The case called `name`, or nil if there is none.
    public init?(name: String) {
        guard let found = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    public var codingKey: any CodingKey { NameKey(name) }

    public init?<T: CodingKey>(codingKey: T) {
        self.init(name: codingKey.stringValue)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let value = Self(name: name) else {
            let known = Self.allCases.map(\.name).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown name '\(name)' (known: \(known))")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// A dictionary key that is a vocabulary name.
struct NameKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
