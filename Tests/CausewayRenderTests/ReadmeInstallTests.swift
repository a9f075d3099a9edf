import CausewayCore
import CausewayRender
import Foundation
import Testing

/// The site README is what an engineer types on the gateway: every install line must name
/// packages the OS release has, every configuration step must end with the daemon loading it,
/// and the checks afterwards must cover what was rendered.
@Suite struct ReadmeInstallTests {
    func readme(_ s: Scenario, site: String) throws -> String {
        try #require(try s.renderAll().file("sites/\(site)/README.md")).contents
    }

    func readme(_ s: Scenario, site: String, edit: (String) -> String) throws -> String {
        let yaml = try String(contentsOf: Repo.root.appendingPathComponent(s.file), encoding: .utf8)
        let r = Loader.load(text: edit(yaml), file: s.file)
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        let files = try RenderPlan(t, sites: [site], only: [.readme]).run(t, context: try s.context())
        return try #require(files.first { $0.path == "sites/\(site)/README.md" }).contents
    }

    /// The shell lines of the install block.
    func commands(_ text: String) -> [String] {
        guard let start = text.range(of: "## Install order"), let end = text.range(of: "## Verify") else { return [] }
        return text[start.upperBound..<end.lowerBound].split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("#") && !$0.hasPrefix("```") && !$0.isEmpty }
    }

    // Amazon Linux 2023 packages neither strongSwan nor FRR, and EPEL does not support it
    // (docs.aws.amazon.com/linux/al2023/release-notes/all-packages.html; docs.fedoraproject.org/en-US/epel).
    // The old README said `dnf install -y strongswan frr`, which fails there.
    @Test func amazonLinux2023NeverInstallsWhatItLacks() throws {
        let s3 = try readme(.s3, site: "idc")
        let installs = commands(s3).filter { $0.hasPrefix("dnf install") }
        #expect(!installs.contains { $0.split(separator: " ").contains("strongswan") }, "\(installs)")
        #expect(s3.contains("strongSwan is not packaged for Amazon Linux 2023"))
        // FRR only after its repository is installed.
        let repo = try #require(installs.firstIndex { $0.contains("rpm.frrouting.org") })
        let frr = try #require(installs.firstIndex { $0.split(separator: " ").contains("frr") })
        #expect(repo < frr)
    }

    // libreswan entered the AL2023 repository with 2023.3 (AL2023 release notes, all packages).
    @Test func amazonLinuxLibreswanIsPackagedFrom2023Point3() throws {
        let s1 = try readme(.s1, site: "idc")
        #expect(commands(s1).contains { $0.hasPrefix("dnf install -y") && $0.split(separator: " ").contains("libreswan") })
        let old = try readme(.s1, site: "idc") { $0.replacingOccurrences(of: "      os: amazon-linux\n", with: "      os: amazon-linux\n      os_version: \"2023.2\"\n") }
        #expect(commands(old).contains { $0.contains("--releasever=latest") })
    }

    // strongSwan on the RHEL family comes from EPEL only (docs.fedoraproject.org/en-US/epel).
    @Test func rhelFamilyStrongSwanEnablesEPELFirst() throws {
        let text = try readme(.s3, site: "idc") { $0.replacingOccurrences(of: "os: amazon-linux", with: "os: rocky") }
        let c = commands(text)
        let epel = try #require(c.firstIndex { $0.contains("epel-release") })
        let install = try #require(c.lastIndex { $0.hasPrefix("dnf install -y") && $0.split(separator: " ").contains("strongswan") })
        #expect(epel < install)
        #expect(c.contains("dnf config-manager --set-enabled crb"))
    }

    // Debian's strongswan-starter package starts the daemon with the stock configuration at install;
    // `systemctl enable --now` on a running unit does not restart it (systemctl(1): "--now … started"),
    // so the rendered ipsec.conf was never loaded. Every unit whose files were installed is restarted.
    @Test(arguments: [(Scenario.s0, "onprem"), (.s1, "idc"), (.s2, "openstack"), (.s3, "idc"), (.s4, "onprem-c")])
    func everyConfigurationStepEndsWithARestart(_ s: Scenario, _ site: String) throws {
        let c = commands(try readme(s, site: site))
        #expect(!c.contains { $0.contains("enable --now") && !$0.contains("chrony") }, "\(c)")
        let unit = s == .s4 ? "strongswan-starter" : (s == .s3 ? "strongswan-starter" : "ipsec")
        let lastIPsecInstall = try #require(c.lastIndex { $0.hasPrefix("install ") && ($0.contains("ipsec") || $0.contains("strongswan")) })
        let restart = try #require(c.lastIndex { $0.contains("systemctl restart") && $0.split(separator: " ").contains(Substring(unit)) })
        #expect(lastIPsecInstall < restart)
        let frrInstall = try #require(c.lastIndex { $0.contains("frr/frr.conf") })
        #expect(c[frrInstall...].contains { $0.contains("systemctl restart frr") })
    }

    // EC2-hosted gateways: the instance's security group must admit UDP 500/4500 and ESP from
    // the tunnels' outside addresses (AWS Site-to-Site VPN user guide, "Configure your
    // customer gateway device": firewall rules for UDP 500, UDP 4500 and IP protocol 50).
    @Test(arguments: [(Scenario.s1, "idc"), (.s3, "idc"), (.s4, "onprem-c")])
    func ec2GatewaysOpenTheirSecurityGroup(_ s: Scenario, _ site: String) throws {
        let text = try readme(s, site: site)
        let t = try s.topology()
        let device = try #require(t.site(site)?.gateway)
        let outside = t.connections(of: try #require(t.site(site))).flatMap(\.tunnels)
            .filter { tn in !(device.tunnels.first { $0.index == tn.index }?.disabled ?? false) }
            .compactMap(\.outsideIP)
        #expect(!outside.isEmpty)
        for ip in outside {
            #expect(text.contains("IpProtocol=udp,FromPort=500,ToPort=500,IpRanges=[{CidrIp=\(ip)/32"), "\(ip) 500")
            #expect(text.contains("IpProtocol=udp,FromPort=4500,ToPort=4500,IpRanges=[{CidrIp=\(ip)/32"), "\(ip) 4500")
            #expect(text.contains("IpProtocol=50,IpRanges=[{CidrIp=\(ip)/32"), "\(ip) ESP")
        }
        #expect(text.contains("--no-source-dest-check"))
    }

    @Test func onPremisesGatewaysHaveNoSecurityGroupStep() throws {
        #expect(!(try readme(.s0, site: "onprem")).contains("authorize-security-group-ingress"))
    }

    // S0's author lost a day to clock skew and fixed it with chrony; OSPF is the LAN's only
    // path to AWS there, so its neighbours are part of the check.
    @Test func verificationCoversWhatWasRendered() throws {
        let s0 = try readme(.s0, site: "onprem")
        #expect(s0.contains("vtysh -c 'show ip ospf neighbor'"))
        #expect(s0.contains("chronyc tracking"))
        #expect(s0.contains("VgwTelemetry"))
        #expect(s0.contains("causeway status examples/s0-eks-onprem-db.yaml"))
        #expect(commands(s0).contains { $0.hasPrefix("dnf install -y") && $0.contains("chrony") })
        let s4 = try readme(.s4, site: "onprem-c")
        #expect(!s4.contains("show ip ospf neighbor"))
        #expect(commands(s4).contains("apt-get update"))
    }

    // S1's stack update changed the tunnel addresses: the README says how to re-render and reload.
    @Test func saysHowToFollowChangedOutsideAddresses() throws {
        let s1 = try readme(.s1, site: "idc")
        #expect(s1.contains("## When AWS changes the tunnel addresses"))
        #expect(s1.contains("--render-out OUT"))
        #expect(s1.contains("systemctl restart ipsec"))
    }

    // Libreswan ≥ 5 refuses IKEv1 unless `config setup` has ikev1-policy=accept, and that lives
    // only in /etc/ipsec.conf (libreswan CHANGES v5.0; ipsec.conf(5) `ikev1-policy`).
    @Test func libreswanIKEv1InstallsTheMainFileBeforeTheRestart() throws {
        let text = try readme(.s1, site: "idc") { $0.replacingOccurrences(of: "    vpn_gateway: vgw\n    routing: static\n", with: "    vpn_gateway: vgw\n    routing: static\n    tunnel_options: {ike_versions: [ikev1]}\n") }
        let c = commands(text)
        let main = try #require(c.firstIndex { $0.hasPrefix("install -m 0644 libreswan/ipsec.conf /etc/ipsec.conf") })
        let restart = try #require(c.lastIndex { $0.contains("systemctl restart ipsec") })
        #expect(main < restart)
        #expect(text.contains("| `libreswan/ipsec.conf` |"))
        #expect(!(try readme(.s1, site: "idc")).contains("libreswan/ipsec.conf"))
    }

    // FRR user guide, "Daemons Configuration File": watchfrr, zebra and staticd always run; the
    // README enables only the others, so the file must not ask for staticd either.
    @Test func staticFRRDoesNotAskToEnableStaticd() throws {
        let frr = try #require(try Scenario.s2.renderAll().file("sites/openstack/frr/frr.conf")).contents
        #expect(!frr.contains("enable staticd"))
        #expect(frr.contains("zebra and staticd always run"))
    }

    @Test func endOfLifeReleasesAreFlagged() throws {
        let s2 = try readme(.s2, site: "openstack")
        #expect(s2.contains("# WARNING: CentOS Linux 8 is end of life"))
    }
}

/// The package table itself.
@Suite struct HostPlatformTests {
    @Test func versionsParse() {
        #expect(HostPlatform.isVersion("12", of: .debian))
        #expect(HostPlatform.isVersion("24.04", of: .ubuntu))
        #expect(!HostPlatform.isVersion("24", of: .ubuntu))
        #expect(HostPlatform.isVersion("2023.6", of: .amazonLinux))
        #expect(!HostPlatform.isVersion("2022", of: .amazonLinux))
        #expect(!HostPlatform.isVersion("9; rm -rf /", of: .rocky))
        #expect(!HostPlatform.isVersion("", of: .rhel))
    }

    @Test func loaderRejectsAReleaseOfAnotherFamily() {
        let yaml = """
        name: t
        region: ap-northeast-2
        sites:
          dc:
            cidrs: [192.168.0.0/16]
            gateway: {public_ip: 198.51.100.10, os: ubuntu, os_version: "9"}
        """
        let r = Loader.load(text: yaml, file: "t.yaml")
        #expect(r.diagnostics.contains { $0.rule == "invalid-value" && $0.message.contains("24.04") && $0.location.line == 6 })
    }

    @Test func sources() {
        #expect(HostPlatform(os: .amazonLinux, version: nil).ipsec(.strongswan) != .distribution(["strongswan"]))
        if case .unavailable = HostPlatform(os: .amazonLinux, version: "2023").ipsec(.strongswanLegacy) {} else { Issue.record("AL2023 strongSwan") }
        #expect(HostPlatform(os: .debian, version: nil).frr == .distribution(["frr"]))
        #expect(HostPlatform(os: .amazonLinux, version: "2").endOfLife != nil)
        #expect(HostPlatform(os: .rocky, version: "9").endOfLife == nil)
    }
}

/// What the customer gateway's FRR accepts from a transit gateway: every route the TGW route
/// table associated with its attachment holds, including what other VPN attachments propagate
/// (Transit Gateway guide, "Route propagation": a VPN attachment propagates its BGP routes).
@Suite struct TransitGatewayInboundFilterTests {
    @Test func anotherSitesPrefixesPassTheInboundFilter() throws {
        let yaml = try String(contentsOf: Repo.root.appendingPathComponent(Scenario.s3.file), encoding: .utf8)
            .replacingOccurrences(of: "\nvpcs:\n", with: """

              branch:
                cidrs: [172.16.0.0/16]
                gateway: {public_ip: 198.51.100.17, asn: 65017, routing: bgp, ipsec: strongswan}

            vpcs:

            """)
            .replacingOccurrences(of: "      vpn-attachment: {vpn: vpn}\n", with: "      vpn-attachment: {vpn: vpn}\n      branch-attachment: {vpn: branch-vpn}\n")
            .replacingOccurrences(of: "  idc-cgw:\n    site: idc\n", with: "  idc-cgw:\n    site: idc\n  branch-cgw:\n    site: branch\n")
            .replacingOccurrences(of: "\ndns:\n", with: """
              branch-vpn:
                customer_gateway: branch-cgw
                transit_gateway: tgw
                routing: bgp
                tunnels:
                  - {inside_cidr: 169.254.13.0/30, outside_ip: 203.0.113.33, psk: strongswan_awsvpn2}
                  - {inside_cidr: 169.254.14.0/30, outside_ip: 203.0.113.34, psk: strongswan_awsvpn2}

            dns:

            """)
        let r = Loader.load(text: yaml, file: "branch.yaml")
        let t = try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
        let idc = try #require(t.site("idc"))
        let conn = try #require(t.connections(of: idc).first)
        let prefixes = try #require(ResolvedNetwork(t).connection(conn.name)).awsPrefixes
        #expect(prefixes.contains(try #require(IPv4Prefix("172.16.0.0/16"))), "\(prefixes)")
        #expect(prefixes.contains(try #require(IPv4Prefix("10.0.0.0/16"))))
        #expect(!prefixes.contains(try #require(IPv4Prefix("192.168.0.0/16"))), "its own prefixes are not AWS's")
    }
}
