@testable import StampedeCache
import StampedeKernel
import Testing

private struct Node: RecencyLinked {
    var newer: Int32 = -1
    var older: Int32 = -1
}

/// The slots from newest to oldest by following `older`, and from oldest to newest by `newer`.
private func walks(_ list: RecencyList, _ slots: [Node]) -> (down: [Int32], up: [Int32]) {
    var down: [Int32] = [], up: [Int32] = []
    var i = list.newest
    while i >= 0, down.count <= slots.count { down.append(i); i = slots[Int(i)].older }
    i = list.oldest
    while i >= 0, up.count <= slots.count { up.append(i); i = slots[Int(i)].newer }
    return (down, up)
}

/// Under any mix of pushes, unlinks and touches the list holds exactly the order a plain
/// array model holds, walked in either direction.
@Test(arguments: [1, 2, 3, 4])
func recencyListKeepsTheOrderOfAnArrayModel(seed: UInt64) {
    var list = RecencyList()
    var slots = [Node](repeating: Node(), count: 64)
    var model: [Int32] = [] // newest first
    var rng = Xoshiro256(seed: seed)
    for _ in 0..<5_000 {
        let free = (0..<Int32(slots.count)).filter { !model.contains($0) }
        switch rng.nextInt(below: 3) {
        case 0 where !free.isEmpty:
            let i = free[rng.nextInt(below: free.count)]
            list.pushNewest(i, in: &slots)
            model.insert(i, at: 0)
        case 1 where !model.isEmpty:
            let i = model[rng.nextInt(below: model.count)]
            list.unlink(i, in: &slots)
            model.removeAll { $0 == i }
        case 2 where !model.isEmpty:
            let i = model[rng.nextInt(below: model.count)]
            list.moveToNewest(i, in: &slots)
            model.removeAll { $0 == i }
            model.insert(i, at: 0)
        default:
            continue
        }
        let (down, up) = walks(list, slots)
        #expect(down == model)
        #expect(up == model.reversed())
        #expect(list.isEmpty == model.isEmpty)
        #expect(list.isConsistent(in: slots, count: model.count) { model.contains($0) })
    }
}

/// The full check notices a broken back link, a wrong count and a slot that is not a member.
@Test func recencyListCheckDetectsCorruption() {
    var list = RecencyList()
    var slots = [Node](repeating: Node(), count: 4)
    for i in Int32(0)..<4 { list.pushNewest(i, in: &slots) }
    #expect(list.isConsistent(in: slots, count: 4) { _ in true })
    #expect(!list.isConsistent(in: slots, count: 3) { _ in true })
    #expect(!list.isConsistent(in: slots, count: 4) { $0 != 2 })
    var broken = slots
    broken[1].newer = 3 // slot 2 is newer than 1
    #expect(!list.isConsistent(in: broken, count: 4) { _ in true })
}

/// `LRUTable` keeps, evicts and expires exactly what a plain least-recently-used model does.
@Test(arguments: [7, 8, 9])
func lruTableMatchesAnLRUModel(seed: UInt64) {
    let capacity = 16
    var table = LRUTable<Int, Int>(capacity: capacity)
    var model: [(key: Int, value: Int, expiresAt: SimInstant?)] = [] // newest first
    var evictions = 0, expirations = 0
    var rng = Xoshiro256(seed: seed)
    var now = SimInstant.zero
    for step in 0..<20_000 {
        now = now + .microseconds(Double(rng.nextInt(below: 100)))
        let key = rng.nextInt(below: 40)
        let found = model.firstIndex { $0.key == key }
        switch rng.nextInt(below: 10) {
        case 0..<4:
            let expiry: SimInstant? = rng.chance(0.3) ? now + .microseconds(Double(rng.nextInt(below: 2_000))) : nil
            table.set(key, step, expiresAt: expiry)
            if let found { model.remove(at: found) } else if model.count >= capacity { model.removeLast(); evictions += 1 }
            model.insert((key, step, expiry), at: 0)
        case 4:
            #expect(table.delete(key) == (found != nil))
            if let found { model.remove(at: found) }
        default:
            var expected: Int?
            if let found {
                let entry = model.remove(at: found)
                if let e = entry.expiresAt, e <= now {
                    expirations += 1
                } else {
                    model.insert(entry, at: 0)
                    expected = entry.value
                }
            }
            #expect(table.get(key, now: now) == expected)
        }
        #expect(table.count == model.count)
        #expect(table.evictions == evictions && table.expirations == expirations)
        if step % 500 == 0 {
            #expect(table.checkInvariants())
            for k in 0..<40 {
                let live = model.first { $0.key == k }.map { $0.expiresAt.map { $0 > now } ?? true } ?? false
                #expect(table.contains(k, now: now) == live)
            }
        }
    }
    #expect(table.checkInvariants())
}
