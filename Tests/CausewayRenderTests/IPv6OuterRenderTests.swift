import CausewayCore
import CausewayRender
import Foundation
import Testing
import CausewayTestSupport

/// S3's transit gateway connection with IPv6 outer tunnel addresses (AWS's `Ipv6`
/// OutsideIpAddressType; the customer gateway's IPv6 address, AWS's IPv6 endpoints) and AWS's
/// default proposals, so every daemon renders it.
enum IPv6Outer {
    /// `os`: `amazon-linux` (S3's: firewalld) or `debian` (nftables).
    static func text(os: String = "amazon-linux") throws -> String {
        var s = try String(contentsOf: Repo.root.appendingPathComponent(Scenario.s3.file), encoding: .utf8)
        for (old, new) in [
            ("public_ip: 198.51.100.16", "public_ip: 2001:db8:51::16"),
            ("      private_ip: 192.168.1.10  # hostname -i\n", ""),
            ("outside_ip: 203.0.113.31", "outside_ip: 2600:1f18:1:31::31"),
            ("outside_ip: 203.0.113.32", "outside_ip: 2600:1f18:1:32::32"),
            ("      os: amazon-linux\n", "      os: \(os)\n"),
        ] {
            guard s.contains(old) else { throw FixtureError("s3 lacks \(old)") }
            s = s.replacingOccurrences(of: old, with: new)
        }
        let start = try #require(s.range(of: "    tunnel_options:\n"))
        let end = try #require(s.range(of: "    tunnels:\n", range: start.upperBound..<s.endIndex))
        s.replaceSubrange(start.lowerBound..<end.lowerBound, with: "    outside_ip_address_type: Ipv6\n")
        return s
    }

    static func topology(os: String = "amazon-linux") throws -> Topology {
        let r = loadAndCheck(data: Array(try text(os: os).utf8), file: "s3-ipv6.yaml")
        let errors = r.diagnostics.filter { $0.severity == .error }
        guard let t = r.topology, errors.isEmpty else { throw FixtureError("the IPv6 outer variant of s3 does not check: \(errors.map(\.formatted))") }
        return t
    }

    static func renderAll(os: String = "amazon-linux") throws -> [RenderedFile] {
        let t = try topology(os: os)
        var secrets: [String: PreSharedKey] = [:]
        for c in t.vpnConnections { for tn in c.tunnels { if case .literal(let k) = tn.psk { secrets["\(c.name)/\(tn.index)"] = k } } }
        var files: [RenderedFile] = []
        // S3's Client VPN endpoint renders from S3's test PKI.
        let context = RenderContext(secrets: secrets, clientVPN: try Scenario.s3.clientVPN())
        for target in RenderTarget.allCases { files += try RenderPlan(t, only: [target]).run(t, context: context) }
        return files
    }
}

@Suite struct IPv6OuterRenderTests {
    func file(_ files: [RenderedFile], _ suffix: String) throws -> String {
        try #require(files.first { $0.path.hasSuffix(suffix) }, "no \(suffix)").contents
    }

    /// Both IPsec ends are IPv6 addresses: the device's own (no NAT for IPv6) and AWS's endpoints.
    @Test func ipsecDaemonsGetTheIPv6Addresses() throws {
        let f = try IPv6Outer.renderAll()
        let swanctl = try file(f, "/strongswan/swanctl.conf")
        #expect(swanctl.contains("local_addrs = 2001:db8:51::16") && swanctl.contains("remote_addrs = 2600:1f18:1:31::31"), "\(swanctl)")
        #expect(swanctl.contains("id = 2001:db8:51::16"))
        for (conf, secrets) in [("/libreswan/causeway.conf", "/libreswan/causeway.secrets"), ("/strongswan-legacy/ipsec.conf", "/strongswan-legacy/ipsec.secrets")] {
            let c = try file(f, conf)
            #expect(c.contains("    left=2001:db8:51::16\n") && c.contains("    leftid=2001:db8:51::16\n") && c.contains("    right=2600:1f18:1:32::32\n"), "\(c)")
            #expect(try file(f, secrets).contains("2001:db8:51::16 2600:1f18:1:31::31 : PSK"))
        }
        let updown = try file(f, "/strongswan-legacy/causeway-updown")
        #expect(updown.contains("type vti6 local") && updown.contains("rule6 \"$1\" INPUT -t mangle -p esp"), "\(updown)")
        #expect(try file(f, "/libreswan/causeway-updown").contains("ip -6 xfrm state list"))
    }

    @Test func firewallsMatchIPv6Sources() throws {
        let f = try IPv6Outer.renderAll()
        let nft = try file(try IPv6Outer.renderAll(os: "debian"), "/firewall/causeway.nft")
        #expect(nft.contains("type ipv6_addr") && nft.contains("ip6 saddr @aws_tunnel_endpoints udp dport { 500, 4500 } accept"), "\(nft)")
        #expect(try file(f, "/firewall/firewalld.sh").contains("rule family=\"ipv6\" source address=\"2600:1f18:1:31::31\" service name=\"ipsec\""))
        #expect(try file(f, "/firewall/iptables.rules").contains("# ip6tables -A CAUSEWAY-INPUT -s 2600:1f18:1:31::31/128 -p esp -j ACCEPT"))
    }

    /// EC2 API reference, CreateCustomerGateway: IpAddress takes an IPv6 address when the
    /// connection's OutsideIpAddressType is Ipv6; AWS::EC2::VPNConnection OutsideIpAddressType.
    @Test func templatesCarryTheIPv6CustomerGateway() throws {
        let f = try IPv6Outer.renderAll()
        let cfn = try file(f, "aws/cloudformation/template.yaml")
        #expect(cfn.contains("IpAddress: 2001:db8:51::16") || cfn.contains("IpAddress: '2001:db8:51::16'") || cfn.contains("IpAddress: \"2001:db8:51::16\""), "\(cfn)")
        #expect(cfn.contains("OutsideIpAddressType: Ipv6"))
        let tf = try file(f, "aws/terraform/main.tf")
        #expect(tf.contains("# ip_address = \"2001:db8:51::16\": the AWS provider 5.x accepts only IPv4 here"), "\(tf)")
        let refused = Terraform.refused(try IPv6Outer.topology())
        #expect(refused.map(\.rule) == ["render-provider-refuses", "render-provider-refuses"], "\(refused.map(\.formatted))")
    }

    // The daemons' and tools' own parsers.

    @Test func swanctlAndStrokeAccept() throws {
        guard StrongSwanToolTests.ready else { return }
        let files = try IPv6Outer.renderAll()
        let dir = try Scratch(files)
        let names = ["vpn-tunnel1", "vpn-tunnel2"]
        for conf in files.files(endingWith: "/strongswan/swanctl.conf") { try StrongSwanToolTests.expectLoads(dir.path(conf.path), connections: names) }
        guard Tools.require("starter", skipName: "STRONGSWAN", install: "strongswan-starter") != nil else { return }
        for conf in files.files(endingWith: "/strongswan-legacy/ipsec.conf") {
            let r = try Tools.script("check-stroke.sh", [dir.path(conf.path), dir.path(conf.path.replacingOccurrences(of: "ipsec.conf", with: "ipsec.secrets"))])
            StrongSwanToolTests.expectStroke(r, connections: names)
        }
    }

    @Test func libreswanAccepts() throws {
        let files = try IPv6Outer.renderAll()
        let dir = try Scratch(files)
        for f in files.files(endingWith: "/libreswan/causeway.conf") {
            guard let r = try LibreswanToolTests.check(dir.path(f.path)) else { return }
            LibreswanToolTests.expectAccepted(r, f.path)
            let secrets = f.path.replacingOccurrences(of: "causeway.conf", with: "causeway.secrets")
            guard let p = try LibreswanToolTests.pluto(dir.path(f.path), dir.path(secrets)) else { return }
            #expect(Verdict.pluto(p, connections: ["vpn-tunnel1", "vpn-tunnel2"]), "\(f.path):\n\(p)")
        }
    }

    @Test func nftablesAccepts() throws {
        guard Tools.requireRoot("NFTABLES"), Tools.require("nft", skipName: "NFTABLES", install: "nftables") != nil else { return }
        let files = try IPv6Outer.renderAll(os: "debian")
        let dir = try Scratch(files)
        for f in files.files(endingWith: "/firewall/causeway.nft") {
            let r = try Tools.script("check-netfilter.sh", ["nft", dir.path(f.path)])
            #expect(Verdict.netfilter(r), "\(f.path):\n\(r)")
        }
    }

    @Test func cfnLintAndTerraformValidateAccept() async throws {
        let files = try IPv6Outer.renderAll()
        let dir = try Scratch(files)
        if let r = try AWSToolTests.cfnLint(dir.path("aws/cloudformation/template.yaml")) { #expect(Verdict.cfnLint(r), "\(r)") }
        guard let (tf, mirror) = TerraformToolTests.tools() else { return }
        let cli = try dir.write("terraform.tfrc", "provider_installation {\n  filesystem_mirror {\n    path = \"\(mirror)\"\n  }\n}\n")
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("TF_") }
        env["TF_CLI_CONFIG_FILE"] = cli
        env["CHECKPOINT_DISABLE"] = "1"
        let environment = env
        let chdir = "-chdir=\(dir.path("aws/terraform"))"
        let i = try await offThePool { try Tools.run(tf, [chdir, "init", "-input=false", "-no-color"], environment: environment) }
        #expect(i.status == 0, "\(i)")
        let v = try await offThePool { try Tools.run(tf, [chdir, "validate", "-no-color"], environment: environment) }
        #expect(v.status == 0 && v.stdout.contains("The configuration is valid"), "\(v)")
    }
}
