import Foundation
import Testing
@testable import CausewayCore

/// AWS's numbers are written once (`AWSNumbers`): a distinctive default, limit or timer literal
/// found in any other source file is a second copy that can drift.
@Suite struct AWSNumbersTests {
    /// Literals that only ever mean an AWS number in this code base.
    static let literals = ["28800", "28_800", "64512", "65534", "4200000000", "4_200_000_000", "4294967294", "4_294_967_294",
                           "2147483647", "2_147_483_647", "timers 10 30", "dpd_delay = 10", "dpddelay=10", "= 270", "maximum-prefix 1000"]

    @Test func eachAWSLiteralLivesInAWSNumbersOnly() throws {
        let sources = Fixtures.root.appendingPathComponent("Sources")
        let home = "Sources/CausewayCore/Model/AWSNumbers.swift"
        var found: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let u as URL in files where u.pathExtension == "swift" {
            let rel = String(u.path.dropFirst(Fixtures.root.path.count + 1))
            guard rel != home else { continue }
            let text = try String(contentsOf: u, encoding: .utf8)
            for l in Self.literals where text.contains(l) { found.append("\(rel): \(l)") }
        }
        #expect(found.isEmpty, "AWS numbers written outside AWSNumbers: \(found)")
    }

    @Test func theModelsDefaultsAreAWSs() {
        let o = TunnelOptions()
        #expect(o.phase1Lifetime == AWSNumbers.Tunnel.phase1LifetimeDefault)
        #expect(o.dpdTimeout == AWSNumbers.Tunnel.dpdTimeoutDefault)
        #expect(AWSNumbers.Tunnel.phase1Lifetime.contains(o.phase1Lifetime) && AWSNumbers.Tunnel.phase2Lifetime.contains(o.phase2Lifetime))
        #expect(o.rekeyMarginTime <= o.phase2Lifetime / 2 && o.rekeyMarginTime >= AWSNumbers.Tunnel.rekeyMarginTimeMinimum)
        #expect(ASN.amazonDefault.value == AWSNumbers.ASNs.amazonDefault)
    }
}
