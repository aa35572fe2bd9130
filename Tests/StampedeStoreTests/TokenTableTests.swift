import StampedeKernel
import StampedeModel
import Testing

/// The session tables' storage: every row is found by its key until it is the oldest and is
/// forgotten, across chunk boundaries, index growth and shrinking, and with every key's hash
/// the same (one probe run over the whole index, deletions wrapping its end).
@Suite struct TokenTableTests {
    struct Row: TokenKeyed, Equatable {
        var key: Token128
        var value: Int
    }

    /// Random inserts (some of keys already held), lookups of held, forgotten and never-seen
    /// keys, in-place changes and removals of the oldest, checked against a dictionary and a
    /// queue after every step.
    @Test(arguments: [(UInt64.max, 6_000), (0, 700)])
    func behavesAsADictionaryWithAnIssueQueue(hashMask: UInt64, steps: Int) {
        var table = TokenTable<Row>(hashMask: hashMask)
        var reference: [Token128: (ordinal: Int, value: Int)] = [:]
        var order: [Token128] = []
        var forgotten: [Token128] = []
        var next = 0
        var rng = Xoshiro256(seed: 7)
        // Keys as tests and real ids make them: a few low bits apart, and fully random.
        func key(_ n: Int) -> Token128 {
            n % 2 == 0 ? Token128(high: 0, low: UInt64(n)) : Token128(high: UInt64(n) &* 0x9E37_79B9_7F4A_7C15, low: UInt64(n))
        }
        for step in 0..<steps {
            // Grow to about 3,000 rows (three chunks, an index of 4,096 slots), then shrink to none.
            let growing = step < steps / 2
            let roll = rng.next() % 10
            if roll < (growing ? 6 : 2) {
                let reuse = !order.isEmpty && rng.next() % 8 == 0
                let k = reuse ? order[Int(rng.next() % UInt64(order.count))] : key(next)
                if !reuse { next += 1 }
                let (ordinal, inserted) = table.insert(Row(key: k, value: step))
                if let held = reference[k] {
                    #expect(!inserted && ordinal == held.ordinal)
                } else {
                    #expect(inserted && ordinal == table.endOrdinal - 1)
                    reference[k] = (ordinal, step)
                    order.append(k)
                }
            } else if roll < (growing ? 8 : 7), !order.isEmpty {
                let oldest = table.firstOrdinal
                let row = table.removeFirst()
                #expect(row.key == order.first && reference[row.key]?.ordinal == oldest)
                #expect(table.firstOrdinal == oldest + 1)
                reference[row.key] = nil
                forgotten.append(order.removeFirst())
            } else if !order.isEmpty {
                let k = order[Int(rng.next() % UInt64(order.count))]
                let ordinal = table.ordinal(of: k)
                #expect(ordinal == reference[k]?.ordinal)
                if let ordinal {
                    table[ordinal].value = -step
                    reference[k]?.value = -step
                }
            }
            #expect(table.count == reference.count)
            if step % 97 == 0 || !growing && step % 7 == 0 {
                for (k, held) in reference {
                    #expect(table.ordinal(of: k) == held.ordinal)
                    #expect(table[key: k] == Row(key: k, value: held.value))
                }
                for k in forgotten.suffix(50) { #expect(table.ordinal(of: k) == nil) }
                #expect(table.ordinal(of: key(next + 1)) == nil)
                #expect(table.first?.key == order.first)
            }
        }
    }

    @Test func ordinalsNeverComeBackAfterTheTableEmpties() {
        var table = TokenTable<Row>()
        for n in 0..<2_500 { table.insert(Row(key: Token128(high: 1, low: UInt64(n)), value: n)) }
        for _ in 0..<2_500 { table.removeFirst() }
        #expect(table.isEmpty && table.first == nil && table.firstOrdinal == 2_500)
        let (ordinal, inserted) = table.insert(Row(key: Token128(high: 1, low: 0), value: 9))
        #expect(inserted && ordinal == 2_500)
        #expect(table[2_500].value == 9 && table.ordinal(of: Token128(high: 1, low: 1)) == nil)
    }
}
