import StampedeResult

/// A run's fault windows and security events drawn over a time chart, the way Jepsen
/// shades nemesis intervals: faults as shaded bands, security events as dashed vertical
/// lines, each labelled in a band at the top of the plot that the data never enters.
/// Circuit-breaker open spells and burn-rate alerts run as thin unlabelled strips along the
/// bottom of the plot (their tooltips say what they are).
struct EventOverlay {
    /// Font size of labels assumed when packing them into rows. The page enlarges chart
    /// text on narrow screens, so packing uses the larger size to keep labels apart there too.
    static let labelFontSize = 17.0
    static let rowHeight = 18.0
    static let maxRows = 3

    private struct Placement {
        let event: TimelineEvent
        let x: Double
        let anchor: SVGCanvas.Anchor
        let row: Int
    }

    private let events: [TimelineEvent]
    /// Breaker and alert spells, drawn as strips.
    private let strips: [TimelineEvent]
    private let placements: [Placement]
    /// Height of the label band at the top of the plot (0 when there is nothing to label).
    let labelBand: Double

    init(_ events: [TimelineEvent], x: Scale, plot: PlotArea) {
        self.events = events.filter { $0.type == .fault || $0.type == .security }
            .sorted { ($0.startS, $0.label) < ($1.startS, $1.label) }
        self.strips = events.filter { $0.type == .breaker || $0.type == .alert }
        var rowEnds = [Double](repeating: -.infinity, count: Self.maxRows)
        var placed: [Placement] = []
        for e in self.events {
            let px = x(e.startS)
            let width = SVG.textWidth(e.label, fontSize: Self.labelFontSize)
            let fitsRight = px + 3 + width <= plot.right
            let from = fitsRight ? px + 3 : px - 3 - width
            let row = Self.pickRow(&rowEnds, from: from, to: from + width)
            placed.append(Placement(event: e, x: fitsRight ? px + 3 : px - 3, anchor: fitsRight ? .start : .end, row: row))
        }
        placements = placed
        let rows = (placed.map(\.row).max() ?? -1) + 1
        labelBand = rows == 0 ? 0 : Double(rows) * Self.rowHeight + 4
    }

    /// The shaded fault bands, drawn first so everything else lies on top.
    func drawBands(x: Scale, plot: PlotArea, into canvas: inout SVGCanvas) {
        for e in events where e.type == .fault {
            let x0 = x(e.startS), x1 = x(max(e.endS, e.startS))
            canvas.rect(x0, plot.top, max(x1 - x0, 1.5), plot.height, cls: "fault-band", title: Self.tooltip(e))
        }
        for e in strips {
            let x0 = x(e.startS), x1 = x(max(e.endS, e.startS))
            let y = e.type == .breaker ? plot.bottom - 5 : plot.bottom - 11
            canvas.rect(x0, y, max(x1 - x0, 1.5), 5, cls: "\(e.type.rawValue)-strip", title: Self.tooltip(e))
        }
    }

    /// Security-event lines and every event's label, drawn last so nothing covers them.
    func drawMarks(x: Scale, plot: PlotArea, into canvas: inout SVGCanvas) {
        for e in events where e.type == .security {
            let px = x(e.startS)
            canvas.raw("<g class=\"security\"><title>\(Escape.markup(Self.tooltip(e)))</title>")
            canvas.line(px, plot.top, px, plot.bottom, cls: "security-line")
            canvas.raw("</g>")
        }
        for p in placements {
            let cls = p.event.type == .fault ? "ev fault-label" : "ev security-label"
            canvas.text(p.x, plot.top + 15 + Double(p.row) * Self.rowHeight, p.event.label, cls: cls, anchor: p.anchor)
        }
    }

    /// The first row whose last label ends before `from`, or the least crowded one.
    private static func pickRow(_ rowEnds: inout [Double], from: Double, to: Double) -> Int {
        let row = rowEnds.firstIndex { $0 + 6 <= from }
            ?? rowEnds.indices.min { rowEnds[$0] < rowEnds[$1] } ?? 0
        rowEnds[row] = to
        return row
    }

    private static func tooltip(_ e: TimelineEvent) -> String {
        let when = e.endS > e.startS
            ? "\(Format.clock(e.startS)) to \(Format.clock(e.endS))" : "at \(Format.clock(e.startS))"
        return "\(e.type.rawValue): \(e.label), \(when)" + (e.detail.isEmpty ? "" : ". \(e.detail)")
    }
}
