import StampedeResult
extension MetricCatalog {
    /// The catalogue metric nearest to a misspelt `name`, if one is close enough.
    static func suggestion(for name: String) -> String? {
        nearest(to: name, among: all.map(\.name))
    }
}
