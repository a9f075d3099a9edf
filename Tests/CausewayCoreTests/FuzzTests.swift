import Foundation
import Testing
@testable import CausewayCore

/// Thousands of damaged topologies through the loader and the checker: no crash, and every
/// answer is well-formed diagnostics.
@Suite struct FuzzTests {
    static let seeds: [String] = Fixtures.exampleNames.map(Fixtures.example) + [Fixtures.base, Fixtures.baseTGW]
        + ["tgw-route-missing", "tunnel-mark-duplicate", "psk-mismatch", "bgp-asn-mismatch"].map(Fixtures.broken)
    static let known = Set(Checker.catalog.map(\.id))

    static func mutate(_ text: String, _ g: inout SeededGenerator) -> [UInt8] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rounds = Int.random(in: 1...4, using: &g)
        for _ in 0..<rounds where !lines.isEmpty {
            let i = Int.random(in: 0..<lines.count, using: &g)
            switch Int.random(in: 0..<10, using: &g) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: i)
            case 2: lines.swapAt(i, Int.random(in: 0..<lines.count, using: &g))
            case 3:  // flip a character
                var chars = Array(lines[i])
                if !chars.isEmpty {
                    let pool = Array(" :-[]{},#&*!|>'\"%@`0123456789./abcxyzAZ_\t")
                    chars[Int.random(in: 0..<chars.count, using: &g)] = pool.randomElement(using: &g)!
                }
                lines[i] = String(chars)
            case 4:  // change indentation
                let delta = Int.random(in: -4...4, using: &g)
                let stripped = lines[i].drop { $0 == " " }
                let indent = max(0, lines[i].count - stripped.count + delta)
                lines[i] = String(repeating: " ", count: indent) + stripped
            case 5:  // truncate the file
                lines = Array(lines.prefix(i))
            case 6:  // truncate a line
                lines[i] = String(lines[i].prefix(Int.random(in: 0...max(0, lines[i].count), using: &g)))
            case 7:  // swap a value for another line's value
                let j = Int.random(in: 0..<lines.count, using: &g)
                if let c = lines[i].firstIndex(of: ":"), let d = lines[j].firstIndex(of: ":") {
                    lines[i] = String(lines[i][...c]) + String(lines[j][lines[j].index(after: d)...])
                }
            case 8:  // a big or odd number
                let odd = ["0", "-1", "99999999999999999999", "4294967296", "1e9", "0x10", "~", "null", "[]", "{}", "''"]
                if let c = lines[i].firstIndex(of: ":") { lines[i] = String(lines[i][...c]) + " " + odd.randomElement(using: &g)! }
            default: break
            }
        }
        var bytes = Array(lines.joined(separator: "\n").utf8)
        if Int.random(in: 0..<8, using: &g) == 0, !bytes.isEmpty {  // random bytes
            for _ in 0..<Int.random(in: 1...16, using: &g) {
                bytes.insert(UInt8.random(in: 0...255, using: &g), at: Int.random(in: 0...bytes.count, using: &g))
            }
        }
        return bytes
    }

    @Test func mutatedTopologiesNeverCrash() {
        // CAUSEWAY_FUZZ_ITERATIONS / CAUSEWAY_FUZZ_SEED run a longer or different campaign.
        let env = ProcessInfo.processInfo.environment
        let iterations = env["CAUSEWAY_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 3000
        var g = SeededGenerator(seed: env["CAUSEWAY_FUZZ_SEED"].flatMap(UInt64.init) ?? 0xC0FFEE)
        var fatal = 0, loaded = 0
        for n in 0..<iterations {
            let seed = Self.seeds[n % Self.seeds.count]
            let bytes = Self.mutate(seed, &g)
            let r = loadAndCheck(data: bytes, file: "fuzz.yaml")
            if r.isFatal {
                fatal += 1
                #expect(r.diagnostics.count == 1, "fatal with \(r.diagnostics.count) diagnostics")
            } else {
                loaded += 1
            }
            for d in r.diagnostics {
                #expect(Self.known.contains(d.rule), "unknown rule id \(d.rule)")
                #expect(d.location.line >= 1 && d.location.column >= 1)
                #expect(!d.message.isEmpty)
            }
        }
        // The mutations should exercise both the fatal paths and the checker.
        #expect(fatal > iterations / 60 && loaded > iterations / 3)
    }

    @Test func everyPrefixOfAnExampleLoads() {
        // Truncation at every byte boundary of one example (cut mid-token, mid-line, mid-UTF-8).
        let bytes = Array(Fixtures.example("s4-tgw-segmentation").utf8)
        var i = 0
        while i <= bytes.count {
            let r = loadAndCheck(data: Array(bytes[..<i]), file: "cut.yaml")
            #expect(!r.diagnostics.isEmpty || r.topology != nil)
            i += 7
        }
    }
}

@Suite struct ExampleTests {
    @Test(arguments: Fixtures.exampleNames)
    func examplesLoadAndCheckWithoutErrors(_ name: String) throws {
        let text = Fixtures.example(name)
        try #require(!text.isEmpty)
        let r = Fixtures.check(text, file: "\(name).yaml")
        let t = try #require(r.topology)
        #expect(r.errorRules.isEmpty, "\(r.diagnostics.filter { $0.severity == .error }.map(\.formatted))")
        #expect(t.vpnConnection("vpn") != nil)
        // Only the expected soft findings: literal keys, reserved sections, and the hosts the
        // documents used: S2's CentOS 8 is end of life, S3's strongSwan is not packaged for
        // Amazon Linux 2023.
        let hosts: [String: Set<String>] = ["s2-openstack": ["os-end-of-life"], "s3-tgw-bgp-strongswan": ["package-unavailable"]]
        #expect(r.rules.isSubset(of: Set(["secret-in-file", "not-modelled"]).union(hosts[name] ?? [])))
    }

    @Test func s4IsSegmented() throws {
        let t = try #require(Fixtures.check(Fixtures.example("s4-tgw-segmentation")).topology)
        let g = try #require(t.transitGateway("tgw"))
        #expect(g.associatedTable(of: "att-a")?.name == "tgw-rt-a")
        #expect(!AddressingChecks.routes(g, from: "att-a", to: "att-b"))
        #expect(AddressingChecks.routes(g, from: "att-vpn", to: "att-a"))
    }
}
