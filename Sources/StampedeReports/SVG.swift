/// Accumulates the markup of one inline SVG chart.
///
/// Coordinates are in the chart's own units (its `viewBox`); the page scales the chart to
/// its container. Styling comes from classes in `ReportStyle`, colours that vary per series
/// are inline, so the markup stays small.
struct SVGCanvas {
    let width: Double
    let height: Double
    private(set) var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
        body.reserveCapacity(16_384)
    }

    enum Anchor: String { case start, middle, end }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String, stroke: String? = nil) {
        body += "<line x1=\"\(SVG.n(x1))\" y1=\"\(SVG.n(y1))\" x2=\"\(SVG.n(x2))\" y2=\"\(SVG.n(y2))\" class=\"\(cls)\""
        if let stroke { body += " stroke=\"\(stroke)\"" }
        body += "/>"
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, cls: String, title: String? = nil) {
        body += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(max(0, w)))\" height=\"\(SVG.n(max(0, h)))\" class=\"\(cls)\""
        if let title { body += "><title>\(Escape.markup(title))</title></rect>" } else { body += "/>" }
    }

    mutating func text(_ x: Double, _ y: Double, _ text: String, cls: String, anchor: Anchor = .start, fill: String? = nil) {
        body += "<text x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" class=\"\(cls)\""
        if anchor != .start { body += " text-anchor=\"\(anchor.rawValue)\"" }
        if let fill { body += " fill=\"\(fill)\"" }
        body += ">\(Escape.markup(text))</text>"
    }

    /// A path; `fill` makes it an area, otherwise it is a stroked line.
    mutating func path(_ d: String, cls: String, stroke: String? = nil, fill: String? = nil) {
        guard !d.isEmpty else { return }
        body += "<path d=\"\(d)\" class=\"\(cls)\""
        if let stroke { body += " stroke=\"\(stroke)\"" }
        if let fill { body += " fill=\"\(fill)\"" }
        body += "/>"
    }

    mutating func raw(_ markup: String) { body += markup }

    /// The finished `<svg>` element, scaling to the width of its container.
    func svg(label: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(SVG.n(width)) \(SVG.n(height))\" width=\"100%\" "
            + "preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"\(Escape.markup(label))\">" + body + "</svg>"
    }
}

enum SVG {
    /// A coordinate with one decimal and no trailing `.0`: `12`, `12.5`, `-3.2`.
    static func n(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let whole = tenths / 10, frac = abs(tenths % 10)
        if frac == 0 { return String(whole) }
        return (tenths < 0 && whole == 0 ? "-" : "") + String(whole) + "." + String(frac)
    }

    /// Polyline path data through `points`, broken wherever a point is `nil`.
    static func linePath(_ points: [(x: Double, y: Double)?]) -> String {
        var d = ""
        d.reserveCapacity(points.count * 12)
        var penDown = false
        for point in points {
            guard let point else { penDown = false; continue }
            d += (penDown ? "L" : "M") + n(point.x) + " " + n(point.y)
            penDown = true
        }
        return d
    }

    /// Closed area path data between the line through `points` and `baseline`, one closed
    /// piece per unbroken run.
    static func areaPath(_ points: [(x: Double, y: Double)?], baseline: Double) -> String {
        var d = ""
        var run: [(x: Double, y: Double)] = []
        func flush() {
            guard let first = run.first, let last = run.last else { return }
            d += "M" + n(first.x) + " " + n(baseline)
            for p in run { d += "L" + n(p.x) + " " + n(p.y) }
            d += "L" + n(last.x) + " " + n(baseline) + "Z"
            run.removeAll(keepingCapacity: true)
        }
        for point in points {
            if let point { run.append(point) } else { flush() }
        }
        flush()
        return d
    }

    /// Approximate rendered width of `text` at `fontSize` in the system sans-serif font.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.58
    }
}
