import CausewayCore
import Foundation
import Testing

/// `explain --customer DIR`: the customer side read from rendered (or deployed) files. S0's
/// Libreswan and S3's strongSwan swanctl renders come up; an edited proposal, key, start
/// setting or FRR policy names its step (exit 1).
@Suite struct ExplainCustomerTests {
    static func rendered(_ example: String, only: [String] = []) throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-explain-\(UUID().uuidString)").path
        let r = try CLI.run(["render", "examples/\(example).yaml", "--out", out] + (only.isEmpty ? [] : ["--only", only.joined(separator: ",")]),
                            environment: ExplainCommandTests.keys)
        #expect(r.status == 0, "\(r.stderr)")
        return out
    }

    static func edit(_ path: String, _ body: (String) -> String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let new = body(text)
        #expect(new != text, "the edit of \(path) changed nothing")
        try new.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func failing(_ example: String, _ dir: String) throws -> (CLI.Run, ExplainCommandTests.Report) {
        let (r, report) = try ExplainCommandTests.explain(["examples/\(example).yaml", "--customer", dir])
        return (r, try #require(report, "\(r.stdout)\n\(r.stderr)"))
    }

    @Test func libreswanRenderComesUpThenEachEditNamesItsStep() throws {
        let out = try Self.rendered("s0-eks-onprem-db")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let site = "\(out)/sites/onprem"
        var (r, rep) = try Self.failing("s0-eks-onprem-db", site)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(rep.tunnels.count == 2 && rep.tunnels.allSatisfy(\.wouldComeUp))

        // Phase 1: S0's tunnel options allow AES256, SHA2-256 and DH 14 only (AWS's tunnel
        // options page, VPNTunnels.html: phase 1 encryption/integrity/DH group lists).
        try Self.edit("\(site)/libreswan/causeway.conf") { $0.replacingOccurrences(of: "ike=aes256-sha2_256;modp2048", with: "ike=aes128-sha1;modp2048") }
        (r, rep) = try Self.failing("s0-eks-onprem-db", site)
        #expect(r.status == 1)
        #expect(rep.failingSteps == ["phase1"], "\(rep.failingSteps)")

        // Startup: AWS's `startup_action: add` waits for the gateway (Tunnel initiation options,
        // initiate-vpn-tunnels.html); a gateway at auto=add waits too: the tunnel never starts.
        try Self.edit("\(site)/libreswan/causeway.conf") { $0.replacingOccurrences(of: "ike=aes128-sha1;modp2048", with: "ike=aes256-sha2_256;modp2048").replacingOccurrences(of: "auto=start", with: "auto=add") }
        (r, rep) = try Self.failing("s0-eks-onprem-db", site)
        #expect(rep.failingSteps == ["dpd_startup"], "\(rep.failingSteps)")
        try Self.edit("\(site)/libreswan/causeway.conf") { $0.replacingOccurrences(of: "auto=add", with: "auto=start") }

        // The key: compared with the topology's source, never printed.
        try Self.edit("\(site)/libreswan/causeway.secrets") { $0.replacingOccurrences(of: ExplainCommandTests.keys["S0_TUNNEL1_PSK"]!, with: "another.key_123") }
        (r, rep) = try Self.failing("s0-eks-onprem-db", site)
        #expect(r.status == 1)
        #expect(rep.failingSteps == ["pre_shared_key"], "\(rep.failingSteps)")
        #expect(rep.tunnels.first { $0.tunnel == "vpn/2" }?.wouldComeUp == true)
        #expect(r.stdout.contains("PSK differs"))
        #expect(!r.stdout.contains("another.key_123") && !r.stdout.contains(ExplainCommandTests.keys["S0_TUNNEL2_PSK"]!))

        // A proposal explain cannot read: file:line:col, its comparison skipped.
        try Self.edit("\(site)/libreswan/causeway.conf") { $0.replacingOccurrences(of: "phase2alg=aes_gcm256;modp1536", with: "phase2alg=chacha20;modp1536") }
        (r, rep) = try Self.failing("s0-eks-onprem-db", site)
        let d = try #require(rep.customerDiagnostics.first)
        #expect(d.rule == "customer-file-unparsable" && d.location.file.hasSuffix("libreswan/causeway.conf") && d.location.line > 1 && d.location.column == 15, "\(d)")
    }

    /// AWS's default DPD timeout action is `clear`: the IKE session ends and AWS does not start
    /// it again ("Site-to-Site VPN tunnel initiation options", initiate-vpn-tunnels.html; EC2 API
    /// reference, VpnTunnelOptionsSpecification, DPDTimeoutAction). A gateway that clears too
    /// leaves the tunnel down after its first outage.
    @Test func bothSidesClearingAfterDPDNamesTheDPDStep() throws {
        let out = try Self.rendered("s2-openstack", only: ["libreswan", "firewall"])
        defer { try? FileManager.default.removeItem(atPath: out) }
        let site = "\(out)/sites/openstack"
        var (r, rep) = try Self.failing("s2-openstack", site)
        #expect(r.status == 0, "\(r.stdout)")
        try Self.edit("\(site)/libreswan/causeway.conf") { $0.replacingOccurrences(of: "dpdaction=restart", with: "dpdaction=clear") }
        (r, rep) = try Self.failing("s2-openstack", site)
        #expect(r.status == 1)
        #expect(rep.failingSteps == ["dpd_startup"], "\(rep.failingSteps)")
        try Self.edit("\(site)/libreswan/causeway.conf") { $0.replacingOccurrences(of: "dpdaction=clear", with: "dpdaction=sometimes") }
        (r, rep) = try Self.failing("s2-openstack", site)
        #expect(r.status == 0)
        #expect(!rep.customerDiagnostics.isEmpty && rep.customerDiagnostics.allSatisfy { $0.rule == "customer-file-unparsable" && $0.message.contains("DPD action") })
    }

    @Test func swanctlRenderComesUpThenFRRWithoutPolicyNamesTheBGPStep() throws {
        let out = try Self.rendered("s3-tgw-bgp-strongswan", only: ["strongswan", "frr", "firewall"])
        defer { try? FileManager.default.removeItem(atPath: out) }
        let site = "\(out)/sites/idc"
        var (r, rep) = try Self.failing("s3-tgw-bgp-strongswan", site)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(rep.tunnels.count == 2 && rep.tunnels.allSatisfy(\.wouldComeUp))

        // FRR ≥ 7.4 turns `bgp ebgp-requires-policy` on: an eBGP neighbour without route-maps in
        // and out exchanges no routes (FRR's bgpd documentation, "Require policy on EBGP").
        try Self.edit("\(site)/frr/frr.conf") { text in
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("route-map") && !$0.contains("ebgp-requires-policy") }.joined(separator: "\n")
        }
        (r, rep) = try Self.failing("s3-tgw-bgp-strongswan", site)
        #expect(r.status == 1)
        #expect(rep.failingSteps == ["bgp_session"], "\(rep.failingSteps)")

        // Phase 2 over IKEv1: the gateway proposes its lifetime and AWS refuses one above the
        // tunnel's phase 2 lifetime (VPNTunnels.html, "Phase 2 lifetime").
        try Self.edit("\(site)/strongswan/swanctl.conf") { $0.replacingOccurrences(of: "life_time = 3600s", with: "life_time = 7200s") }
        (r, rep) = try Self.failing("s3-tgw-bgp-strongswan", site)
        #expect(rep.failingSteps == ["bgp_session", "phase2"], "\(rep.failingSteps)")
    }

    /// Hold times as FRR reads them: a neighbour's own `timers`, else `router bgp`'s `timers bgp`;
    /// both ends run the smaller one with AWS's 30 s, and 0 turns keepalives off (RFC 4271,
    /// section 4.2: 0 or at least 3 s; FRR refuses anything else, so that line is named).
    @Test func holdTimesAsFRRReadsThem() throws {
        let out = try Self.rendered("s3-tgw-bgp-strongswan", only: ["strongswan", "frr", "firewall"])
        defer { try? FileManager.default.removeItem(atPath: out) }
        let site = "\(out)/sites/idc"
        func neighbourTimersTo(_ f: (String) -> String) throws {
            try Self.edit("\(site)/frr/frr.conf") { text in
                text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.contains(" timers ") && !line.contains("connect") ? Substring(f(String(line))) : line
                }.joined(separator: "\n")
            }
        }
        // The router's default only: the neighbours' own lines go, `timers bgp 3 9` stands.
        try neighbourTimersTo { _ in "" }
        try Self.edit("\(site)/frr/frr.conf") { $0.replacingOccurrences(of: "\n bgp router-id", with: "\n timers bgp 3 9\n bgp router-id") }
        var (r, _) = try Self.failing("s3-tgw-bgp-strongswan", site)
        #expect(r.status == 0 && r.stdout.contains("hold time 9 s"), "\(r.stdout)")

        try Self.edit("\(site)/frr/frr.conf") { $0.replacingOccurrences(of: " timers bgp 3 9", with: " timers bgp 0 0") }
        (r, _) = try Self.failing("s3-tgw-bgp-strongswan", site)
        #expect(r.status == 0 && r.stdout.contains("hold time 0 (no keepalives"), "\(r.stdout)")

        let rep: ExplainCommandTests.Report
        try Self.edit("\(site)/frr/frr.conf") { $0.replacingOccurrences(of: " timers bgp 0 0", with: " timers bgp 1 2") }
        (r, rep) = try Self.failing("s3-tgw-bgp-strongswan", site)
        let d = try #require(rep.customerDiagnostics.first, "\(r.stdout)")
        #expect(d.rule == "customer-file-unparsable" && d.message.contains("hold time of 0 or 3–65535") && d.location.file.hasSuffix("frr/frr.conf"), "\(d)")
    }
}
