import CausewayCore
@testable import CausewaySim
import Testing

/// Deterministic random numbers so a failing case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct PrefixTrieTests {
    @Test func basicLongestMatch() {
        var t = PrefixTrie<String>()
        t.insert(pfx("0.0.0.0/0"), "default")
        t.insert(pfx("10.0.0.0/8"), "ten")
        t.insert(pfx("10.1.0.0/16"), "ten-one")
        t.insert(pfx("10.1.2.3/32"), "host")
        #expect(t.lookup(ip("10.1.2.3")) == "host")
        #expect(t.lookup(ip("10.1.2.4")) == "ten-one")
        #expect(t.lookup(ip("10.2.0.1")) == "ten")
        #expect(t.lookup(ip("11.0.0.1")) == "default")
        #expect(t.longestMatch(ip("10.1.9.9"))?.prefix == pfx("10.1.0.0/16"))
        #expect(t.matches(ip("10.1.2.3")).map(\.value) == ["default", "ten", "ten-one", "host"])
        #expect(t[exact: pfx("10.0.0.0/8")] == "ten")
        #expect(t[exact: pfx("10.0.0.0/9")] == nil)
        t.insert(pfx("10.0.0.0/8"), "TEN")
        #expect(t.count == 4)
        #expect(t.lookup(ip("10.200.0.1")) == "TEN")
        var empty = PrefixTrie<Int>()
        #expect(empty.lookup(ip("1.2.3.4")) == nil)
        empty.insert(pfx("128.0.0.0/1"), 1)
        #expect(empty.lookup(ip("1.2.3.4")) == nil)
        #expect(empty.lookup(ip("200.2.3.4")) == 1)
    }

    /// The trie against a linear scan, on random prefixes clustered so that they nest and split.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func matchesNaiveReference(seed: UInt64) {
        var rng = SplitMix64(state: seed)
        var trie = PrefixTrie<Int>()
        var naive = NaiveLPM<Int>()
        var inserted: [IPv4Prefix] = []
        let bases: [UInt32] = (0..<4).map { _ in UInt32.random(in: 0...UInt32.max, using: &rng) }
        for v in 0..<1000 {
            let length = Int.random(in: 0...32, using: &rng)
            var key = UInt32.random(in: 0...UInt32.max, using: &rng)
            if Bool.random(using: &rng) { key = bases.randomElement(using: &rng)! ^ (key >> UInt32.random(in: 4...31, using: &rng)) }
            let p = Bool.random(using: &rng) && !inserted.isEmpty && v % 7 == 0
                ? inserted.randomElement(using: &rng)!   // replace an existing prefix's value
                : IPv4Prefix(IPv4Address(key), length)
            trie.insert(p, v)
            naive.insert(p, v)
            inserted.append(p)
        }
        #expect(trie.count == naive.count)
        var mismatches: [String] = []
        for _ in 0..<5000 {
            var a = UInt32.random(in: 0...UInt32.max, using: &rng)
            if Bool.random(using: &rng), let p = inserted.randomElement(using: &rng) {
                a = p.network.value | (a & ~p.mask)
            }
            let addr = IPv4Address(a)
            let got = trie.longestMatch(addr), want = naive.longestMatch(addr)
            if got?.prefix != want?.prefix || got?.value != want?.value {
                mismatches.append("\(addr): trie \(String(describing: got)) naive \(String(describing: want))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        for p in inserted.prefix(200) {
            #expect(trie[exact: p] != nil)
        }
    }
}
