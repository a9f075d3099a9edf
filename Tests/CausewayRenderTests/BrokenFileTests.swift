import CausewayCore
import CausewayRender
import Foundation
import Testing

/// Each real-tool check rejects a deliberately broken rendered file: the checks above would
/// catch a broken template, not just pass anything.
@Suite struct BrokenFileTests {
    @Test func swanctlCheckRejectsBrokenFiles() throws {
        guard StrongSwanToolTests.ready else { return }
        let conf = try #require(try Scenario.s3.renderAll().file("sites/idc/strongswan/swanctl.conf")).contents
        let dir = try Scratch()
        // A truncated file: swanctl exits 0 but reports the syntax error on stderr.
        let truncated = try dir.write("truncated.conf", String(conf.prefix(conf.count / 2)))
        let both = ["vpn-tunnel1", "vpn-tunnel2"]
        var r = try Tools.script("check-swanctl.sh", [truncated])
        #expect(!Verdict.swanctl(r, connections: both), "\(r)")
        #expect(r.stdout.contains("stderr: syntax error"), "\(r)")
        // An unknown proposal: the connection is refused.
        let badProposal = try dir.write("proposal.conf", conf.breaking("proposals = aes128-sha1-modp1024", with: "proposals = aes999-sha1-modp1024"))
        r = try Tools.script("check-swanctl.sh", [badProposal])
        #expect(!Verdict.swanctl(r, connections: both), "\(r)")
        #expect(r.stdout.contains("invalid value for: proposals"), "\(r)")
    }

    @Test func strokeCheckRejectsBrokenFiles() throws {
        guard StrongSwanToolTests.ready, Tools.require("starter", skipName: "STRONGSWAN", install: "strongswan-starter") != nil else { return }
        let files = try Scenario.s4.renderAll()
        let conf = try #require(files.file("sites/onprem-c/strongswan-legacy/ipsec.conf")).contents
        let dir = try Scratch([try #require(files.file("sites/onprem-c/strongswan-legacy/ipsec.secrets"))])
        let secrets = dir.path("sites/onprem-c/strongswan-legacy/ipsec.secrets")
        let keyword = try dir.write("keyword.conf", conf.breaking("    mobike=no", with: "    mobikey=no"))
        let both = ["vpn-tunnel1", "vpn-tunnel2"]
        var r = try Tools.script("check-stroke.sh", [keyword, secrets])
        #expect(!Verdict.stroke(r, connections: both), "\(r)")
        #expect(r.stdout.contains("unknown keyword 'mobikey'"), "\(r)")
        let proposal = try dir.write("proposal.conf", conf.breaking("ike=aes128-sha1-modp1024!", with: "ike=aes128-sha999-modp1024!"))
        r = try Tools.script("check-stroke.sh", [proposal, secrets])
        #expect(!Verdict.stroke(r, connections: both), "\(r)")
        #expect(r.stdout.contains("skipped invalid proposal"), "\(r)")
    }

    @Test func frrCheckRejectsABrokenFile() throws {
        let conf = try #require(try Scenario.s0.renderAll().file("sites/onprem/frr/frr.conf")).contents
        let dir = try Scratch()
        let bad = try dir.write("frr.conf", conf.breaking("  redistribute ospf", with: "  redistribute osfp"))
        guard let r = try FRRToolTests.check(bad) else { return }
        #expect(!Verdict.vtysh(r), "\(r)")
        #expect(r.output.contains("Unknown command"), "\(r)")
    }

    @Test func libreswanCheckRejectsBrokenFiles() throws {
        let conf = try #require(try Scenario.s0.renderAll().file("sites/onprem/libreswan/causeway.conf")).contents
        let dir = try Scratch()
        let cases = [
            ("keyword", conf.breaking("    vti-routing=no", with: "    vti-routeing=no")),
            ("subnet", conf.breaking("    leftsubnet=0.0.0.0/0", with: "    leftsubnet=0.0.0.0/33")),
            ("algorithm", conf.breaking("ike=aes256-sha2_256;modp2048", with: "ike=aes256-sha2_256;modp1024")),
        ]
        for (name, text) in cases {
            let path = try dir.write("\(name).conf", text)
            guard let r = try LibreswanToolTests.check(path) else { return }
            #expect(!Verdict.libreswan(r), "the \(name) break went through:\n\(r)")
        }
    }

    @Test func plutoRejectsBrokenFiles() throws {
        let files = try Scenario.s0.renderAll()
        let conf = try #require(files.file("sites/onprem/libreswan/causeway.conf")).contents
        let secrets = try #require(files.file("sites/onprem/libreswan/causeway.secrets")).contents
        let dir = try Scratch()
        let goodConf = try dir.write("good.conf", conf), goodSecrets = try dir.write("good.secrets", secrets)
        let both = ["vpn-tunnel1", "vpn-tunnel2"]
        let badVTI = try dir.write("vti.conf", conf.breaking("leftvti=169.254.10.2/30", with: "leftvti=169.254.10.2/33"))
        guard let r1 = try LibreswanToolTests.pluto(badVTI, goodSecrets) else { return }
        #expect(!Verdict.pluto(r1, connections: both), "\(r1)")
        let badKey = try dir.write("bad.secrets", secrets.breaking("\"s0Tunnel1.test_key\"", with: "\"s0Tunnel1.test_key"))
        guard let r2 = try LibreswanToolTests.pluto(goodConf, badKey) else { return }
        #expect(!Verdict.pluto(r2, connections: both), "\(r2)")
        #expect(r2.stdout.contains("malformed"), "\(r2)")
    }

    @Test func cfnLintRejectsABrokenTemplate() throws {
        let text = try #require(try Scenario.s1.renderAll().file("aws/cloudformation/template.yaml")).contents
        let dir = try Scratch()
        let bad = try dir.write("template.yaml", text.breaking("Type: AWS::EC2::VPNConnection", with: "Type: AWS::EC2::VPNConection"))
        guard let r = try AWSToolTests.cfnLint(bad) else { return }
        #expect(!Verdict.cfnLint(r), "\(r)")
    }

    @Test func hclParserRejectsABrokenFile() throws {
        let text = try #require(try Scenario.s4.renderAll().file("aws/terraform/main.tf")).contents
        let dir = try Scratch()
        let bad = try dir.write("main.tf", text.breaking("resource \"aws_vpn_connection\" \"vpn\" {", with: "resource \"aws_vpn_connection\" \"vpn\" {{"))
        guard let r = try AWSToolTests.hcl([bad]) else { return }
        #expect(!Verdict.hcl(r), "\(r)")
    }

    @Test func systemdVerifyRejectsABrokenUnit() throws {
        guard Tools.requireRoot("SYSTEMD"), Tools.require("systemd-analyze", skipName: "SYSTEMD", install: "systemd") != nil else { return }
        let files = try Scenario.s4.renderAll()
        let dir = try Scratch(files)
        let unit = "sites/onprem-c/systemd/causeway-tunnels.service"
        try dir.write(RenderedFile(path: unit, contents: try #require(files.file(unit)).contents.breaking("Type=oneshot", with: "Type=oneshoot")))
        let dropin = "sites/onprem-c/systemd/frr.service.d/causeway.conf"
        try dir.write(RenderedFile(path: dropin, contents: try #require(files.file(dropin)).contents.breaking("After=", with: "Aftr=")))
        let r = try Tools.script("check-systemd.sh", [dir.path("sites/onprem-c/systemd"), dir.path("sites/onprem-c/strongswan-legacy/causeway-updown")])
        #expect(!Verdict.systemd(r), "\(r)")
        #expect(r.output.contains("oneshoot"), "\(r)")
        #expect(r.output.contains("Aftr"), "\(r)")
    }

    @Test func netfilterChecksRejectBrokenRules() throws {
        guard Tools.requireRoot("NFTABLES"), Tools.require("nft", skipName: "NFTABLES", install: "nftables") != nil,
              Tools.require("iptables-restore", skipName: "IPTABLES", install: "iptables") != nil else { return }
        let files = try Scenario.s4.renderAll()
        let dir = try Scratch()
        let nft = try dir.write("bad.nft", try #require(files.file("sites/onprem-c/firewall/causeway.nft")).contents.breaking("udp dport { 500, 4500 }", with: "udp dport { 500, 4500"))
        var r = try Tools.script("check-netfilter.sh", ["nft", nft])
        #expect(!Verdict.netfilter(r), "\(r)")
        let ipt = try dir.write("bad.rules", try #require(files.file("sites/onprem-c/firewall/iptables.rules")).contents.breaking("--set-mss 1379", with: "--set-mss"))
        r = try Tools.script("check-netfilter.sh", ["iptables", ipt])
        #expect(!Verdict.netfilter(r), "\(r)")
    }
}
