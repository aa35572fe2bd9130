import NIOCore

extension Duration {
    /// The duration in whole nanoseconds (saturating beyond ±292 years).
    var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return product.addingReportingOverflow(attoseconds / 1_000_000_000).overflow ? .max : product + attoseconds / 1_000_000_000
    }

    /// The same span as NIO's `TimeAmount`.
    var timeAmount: TimeAmount { .nanoseconds(wholeNanoseconds) }
}
