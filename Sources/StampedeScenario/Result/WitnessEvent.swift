/// One event of a violation's witness: the user's timeline around the offending request.
public struct WitnessEvent: Codable, Sendable {
    public var startS: Double
    public var endS: Double
    public var what: String
    public init(startS: Double, endS: Double, what: String) { self.startS = startS; self.endS = endS; self.what = what }
    enum CodingKeys: String, CodingKey { case startS = "start_s", endS = "end_s", what }
}
