import StampedeResult

/// An x–y chart of the knee curve: one line per series against the offered rate, with the
/// maximum sustainable rate (and the target, if any) as vertical marks.
struct CapacityChart {
    struct Series {
        var name: String
        var color: String
        var points: [(x: Double, y: Double)]
        var dashed = false
    }

    struct Mark {
        var x: Double
        var label: String
        var color: String
    }

    var label: String
    var series: [Series]
    var marks: [Mark] = []
    /// Formats a y tick.
    var yTick: (Double) -> String
    /// A fixed top of the y axis (1 for utilization); nil fits the data.
    var yMax: Double? = nil
    var log = false

    static let width = 640.0, height = 300.0
    static let left = 66.0, right = 16.0, top = 18.0, bottom = 40.0

    var svg: String {
        var c = SVGCanvas(width: Self.width, height: Self.height)
        let xs = series.flatMap { $0.points.map(\.x) } + marks.map(\.x)
        let ys = series.flatMap { $0.points.map(\.y) }
        guard let xMax = xs.max(), xMax > 0, !ys.isEmpty else {
            c.text(Self.width / 2, Self.height / 2, "no probes", cls: "nodata", anchor: .middle)
            return c.svg(label: label)
        }
        let xRange = (Self.left, Self.width - Self.right)
        let yRange = (Self.height - Self.bottom, Self.top)
        let x = Scale.linear(maximum: xMax, range: xRange)
        let y: Scale
        if let yMax {
            y = Scale.fixed(0, yMax, ticks: stride(from: 0.0, through: yMax + 1e-9, by: yMax / 4).map { $0 }, range: yRange)
        } else if log, let lo = ys.filter({ $0 > 0 }).min(), let hi = ys.max() {
            y = Scale.log(minimum: lo, maximum: hi, range: yRange)
        } else {
            y = Scale.linear(maximum: ys.max() ?? 1, range: yRange)
        }
        for t in y.ticks {
            c.line(Self.left, y(t), Self.width - Self.right, y(t), cls: "grid")
            c.text(Self.left - 6, y(t) + 4, yTick(t), cls: "tick", anchor: .end)
        }
        for (i, t) in x.ticks.enumerated() {
            c.line(x(t), Self.height - Self.bottom, x(t), Self.height - Self.bottom + 4, cls: "axis")
            c.text(x(t), Self.height - Self.bottom + 17, Format.number(t), cls: i % 2 == 1 ? "tick odd" : "tick", anchor: .middle)
        }
        c.line(Self.left, Self.height - Self.bottom, Self.width - Self.right, Self.height - Self.bottom, cls: "axis")
        c.text((Self.left + Self.width - Self.right) / 2, Self.height - 4, "offered rate (journeys/s)", cls: "unit", anchor: .middle)
        for (i, m) in marks.enumerated() {
            c.line(x(m.x), Self.top, x(m.x), Self.height - Self.bottom, cls: "s-dash", stroke: m.color)
            // Labels near the right edge go on the line's left, so they are not cut off.
            let room = Self.width - Self.right - x(m.x) > SVG.textWidth(m.label, fontSize: 11) + 6
            c.text(room ? x(m.x) + 4 : x(m.x) - 4, Self.top + 10 + 14 * Double(i), m.label, cls: "ev",
                   anchor: room ? .start : .end, fill: m.color)
        }
        for s in series {
            let pts = s.points.filter { y.canPlot($0.y) }.map { Optional((x: x($0.x), y: y($0.y))) }
            c.path(SVG.linePath(pts), cls: s.dashed ? "s-dash" : "s-line", stroke: s.color)
            for p in pts.compactMap({ $0 }) {
                c.raw("<circle cx=\"\(SVG.n(p.x))\" cy=\"\(SVG.n(p.y))\" r=\"3\" fill=\"\(s.color)\"/>")
            }
        }
        return c.svg(label: label)
    }

    /// The chart in a captioned box with its legend.
    func figure(title: String, note: String) -> String {
        var out = "<figure class=\"chart-box\"><figcaption>\(Escape.markup(title))<span>\(Escape.markup(note))</span></figcaption>"
        out += svg
        out += "<ul class=\"legend\">"
        for s in series {
            out += "<li><span class=\"sw\(s.dashed ? " sw-dashed" : "")\" style=\"--c:\(s.color)\"></span>\(Escape.markup(s.name))</li>"
        }
        for m in marks { out += "<li><span class=\"sw sw-dashed\" style=\"--c:\(m.color)\"></span>\(Escape.markup(m.label))</li>" }
        return out + "</ul></figure>\n"
    }
}
