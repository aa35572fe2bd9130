/// The frame every Stampede page shares (run report, comparison, capacity): one
/// self-contained document with the shared style sheet inline and a `.page` body.
enum HTMLPage {
    /// Everything up to and including the opening `<div class="page">`. `title` is HTML
    /// already; `css` follows the shared style sheet.
    static func open(title: String, css: String = "") -> String {
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<meta name=\"color-scheme\" content=\"light\">\n"
            + "<title>\(title)</title>\n"
            + "<style>\n\(ReportStyle.css)\(css)</style>\n</head>\n<body>\n<div class=\"page\">\n"
    }

    /// The row of section links under the header: (anchor, label) pairs.
    static func toc(_ links: [(String, String)]) -> String {
        "<nav class=\"toc\">" + links.map { "<a href=\"#\($0.0)\">\($0.1)</a>" }.joined() + "</nav>\n"
    }

    static let close = "</div>\n</body>\n</html>\n"
}
