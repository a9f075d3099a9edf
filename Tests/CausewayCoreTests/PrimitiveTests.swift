import Foundation
import Testing
@testable import CausewayCore

@Suite struct IPv4AddressTests {
    @Test(arguments: ["0.0.0.0", "10.0.0.1", "192.168.2.10", "255.255.255.255"])
    func parsesAndPrints(_ text: String) throws {
        let a = try #require(IPv4Address(text))
        #expect(a.description == text)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.-4", " 1.2.3.4", "1..2.3", "a.b.c.d", "1.2.3.4/32", "１.2.3.4"])
    func rejects(_ text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test func octetsRoundTrip() {
        var g = SeededGenerator(seed: 1)
        for _ in 0..<2000 {
            let v = UInt32.random(in: .min ... .max, using: &g)
            let a = IPv4Address(v)
            let o = a.octets
            #expect(IPv4Address(o.0, o.1, o.2, o.3) == a)
            #expect(IPv4Address(a.description) == a)
        }
    }
}

@Suite struct IPv4PrefixTests {
    @Test func parsesNormalPrefixes() throws {
        let p = try #require(IPv4Prefix("10.0.0.0/16"))
        #expect(p.network == IPv4Address(10, 0, 0, 0))
        #expect(p.length == 16)
        #expect(p.last == IPv4Address(10, 0, 255, 255))
        #expect(p.size == 65536)
        #expect(IPv4Prefix("0.0.0.0/0") == .any)
        #expect(IPv4Prefix.any.size == 1 << 32)
    }

    @Test func hostBitsAreAnErrorWithTheNormalisedForm() {
        #expect(IPv4Prefix.parse("10.0.0.1/16") == .failure(.hostBitsSet(normalised: IPv4Prefix(IPv4Address(10, 0, 0, 0), 16))))
        #expect(IPv4Prefix("10.0.0.1/16") == nil)
    }

    @Test(arguments: ["10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/016", "/8", "10.0.0.0/8/8", "x/8", "10.0.0.0/ 8"])
    func rejectsSyntax(_ text: String) {
        #expect(IPv4Prefix.parse(text) == .failure(.syntax))
    }

    @Test func containsAndOverlaps() throws {
        let vpc = try #require(IPv4Prefix("172.20.0.0/16"))
        let sub = try #require(IPv4Prefix("172.20.12.0/24"))
        let other = try #require(IPv4Prefix("172.21.0.0/16"))
        #expect(vpc.contains(sub))
        #expect(!sub.contains(vpc))
        #expect(vpc.overlaps(sub) && sub.overlaps(vpc))
        #expect(!vpc.overlaps(other))
        #expect(vpc.contains(IPv4Address(172, 20, 255, 255)))
        #expect(!vpc.contains(IPv4Address(172, 21, 0, 0)))
        #expect(sub.address(1) == IPv4Address(172, 20, 12, 1))
    }

    // Property tests: the prefix math agrees with naive arithmetic on random values.

    static func naiveRange(_ p: IPv4Prefix) -> ClosedRange<UInt64> {
        let first = UInt64(p.network.value)
        return first...(first + (UInt64(1) << UInt64(32 - p.length)) - 1)
    }

    static func random(_ g: inout SeededGenerator) -> IPv4Prefix {
        // Bias toward nearby prefixes so overlaps are common.
        let base = UInt32.random(in: 0...3, using: &g) << 28 | UInt32.random(in: 0...0xff, using: &g) << 16
        let v = base | UInt32.random(in: 0...0xffff, using: &g)
        return IPv4Prefix(IPv4Address(v), Int.random(in: 0...32, using: &g))
    }

    @Test func containsAddressMatchesNaiveRange() {
        var g = SeededGenerator(seed: 2)
        for _ in 0..<5000 {
            let p = Self.random(&g)
            let a = IPv4Address(UInt32.random(in: .min ... .max, using: &g))
            let near = IPv4Address(p.network.value &+ UInt32.random(in: 0...300, using: &g))
            #expect(p.contains(a) == Self.naiveRange(p).contains(UInt64(a.value)))
            #expect(p.contains(near) == Self.naiveRange(p).contains(UInt64(near.value)))
        }
    }

    @Test func containsAndOverlapsMatchNaiveRanges() {
        var g = SeededGenerator(seed: 3)
        for _ in 0..<5000 {
            let p = Self.random(&g), q = Self.random(&g)
            let rp = Self.naiveRange(p), rq = Self.naiveRange(q)
            #expect(p.contains(q) == (rp.lowerBound <= rq.lowerBound && rq.upperBound <= rp.upperBound))
            #expect(p.overlaps(q) == rp.overlaps(rq))
            #expect(p.overlaps(q) == q.overlaps(p))
        }
    }

    @Test func parseNormalisesLikeMasking() {
        var g = SeededGenerator(seed: 4)
        for _ in 0..<3000 {
            let v = UInt32.random(in: .min ... .max, using: &g)
            let len = Int.random(in: 0...32, using: &g)
            let text = "\(IPv4Address(v))/\(len)"
            let mask: UInt32 = len == 0 ? 0 : ~UInt32(0) << UInt32(32 - len)
            switch IPv4Prefix.parse(text) {
            case .success(let p):
                #expect(v & mask == v)
                #expect(p.description == text)
            case .failure(.hostBitsSet(let n)):
                #expect(v & mask != v)
                #expect(n.network.value == v & mask && n.length == len)
            case .failure(.syntax):
                Issue.record("valid syntax rejected: \(text)")
            }
        }
    }

    @Test func orderIsByNetworkThenLength() throws {
        let a = try #require(IPv4Prefix("10.0.0.0/8")), b = try #require(IPv4Prefix("10.0.0.0/16")), c = try #require(IPv4Prefix("10.1.0.0/16"))
        #expect([c, b, a].sorted() == [a, b, c])
    }
}

/// One secret type for the whole tool (pre-shared keys, AWS secret keys, session tokens): a
/// value never reaches a log or a test report through any of the four ways Swift prints.
@Suite struct SecretRedactionTests {
    struct Holder: Encodable { var name = "vpn/1"; var key = Secret("Sup3r.secret_key") }
    let secret = Secret("Sup3r.secret_key")

    @Test func descriptionIsRedacted() {
        #expect(secret.description == "‹redacted›")
        #expect("\(secret)" == "‹redacted›")
        #expect(String(describing: Holder()).contains("‹redacted›"))
        #expect(!String(describing: Holder()).contains("Sup3r"))
        #expect(!SecretReference.literal(secret).description.contains("Sup3r"))
    }

    @Test func debugDescriptionIsRedacted() {
        #expect(secret.debugDescription == "Secret(‹redacted›)")
        #expect(String(reflecting: secret) == "Secret(‹redacted›)")
        #expect(!String(reflecting: Holder()).contains("Sup3r"))
        #expect(!String(reflecting: [secret]).contains("Sup3r"))
    }

    @Test func dumpIsRedacted() {
        var alone = "", nested = ""
        dump(secret, to: &alone)
        dump(Holder(), to: &nested)
        #expect(!alone.contains("Sup3r"), "\(alone)")
        #expect(!nested.contains("Sup3r"), "\(nested)")
        #expect(Mirror(reflecting: secret).children.isEmpty)
    }

    @Test func jsonIsRedacted() throws {
        #expect(String(decoding: try JSONEncoder().encode(secret), as: UTF8.self) == "\"‹redacted›\"")
        let nested = String(decoding: try JSONEncoder().encode(Holder()), as: UTF8.self)
        #expect(nested.contains("‹redacted›") && !nested.contains("Sup3r"), "\(nested)")
    }

    @Test func preSharedKeyIsTheSameType() {
        let k: PreSharedKey = Secret("Very_secret_key")
        #expect(k.revealed == "Very_secret_key")
        #expect(k.isAcceptedByAWS)
    }
}
