import CausewayCore
import CausewayRender
import Foundation
import Testing
import CausewayTestSupport
@testable import CausewayLab

/// The faithful plan is pure: what `lab up --faithful` would do, without root or VMs.
@Suite struct FaithfulPlanTests {
    func plan(_ example: String, name: String = "f", fault: ReintroducedFault? = nil) throws -> (Topology, FaithfulLabPlan, [String: PreSharedKey]) {
        let t = try Repo.topology(example)
        let secrets = Repo.secrets(t)
        return (t, try FaithfulLabPlan(topology: t, secrets: secrets, name: name, fault: fault), secrets)
    }

    @Test(arguments: [("s0-eks-onprem-db", GatewayFlavour.libreswan), ("s2-openstack", .libreswan), ("s4-tgw-segmentation", .strongswan)])
    func oneVMPerGatewayOfItsIPsecFamily(_ example: String, _ flavour: GatewayFlavour) throws {
        let (t, p, _) = try plan(example)
        #expect(p.gateways.count == t.sites.filter { $0.gateway != nil }.count)
        #expect(p.gateways.allSatisfy { $0.flavour == flavour })
        // The AWS end is the namespace lab's; no customer end of it is a namespace.
        #expect(p.aws.nodes.contains { $0.role == .awsTunnel })
        #expect(!p.allNodes.contains { $0.role == .customerTunnel || $0.role == .customerGateway })
        #expect(p.aws.charons.count == t.vpnConnections.reduce(0) { $0 + $1.tunnels.count }, "one charon per AWS tunnel end, none for the customer")
    }

    /// The VM gets the production render of the mapped topology, byte for byte, not the lab profile.
    @Test(arguments: ["s0-eks-onprem-db", "s2-openstack", "s4-tgw-segmentation"])
    func filesAreTheProductionRender(_ example: String) throws {
        let (_, p, secrets) = try plan(example)
        let mapped = p.aws.topology
        for g in p.gateways {
            let expected = try RenderPlan(mapped, sites: [g.site]).run(mapped, context: RenderContext(secrets: secrets, profile: .production))
            for f in expected {
                let guest = g.folder + "/" + f.path.dropFirst("sites/\(g.site)/".count)
                let got = try #require(g.files.first { $0.path == guest }, "\(guest) is not put into the VM")
                #expect(got.contents == f.contents && got.mode == f.mode, "\(guest)")
            }
            let frr = try #require(g.files.first { $0.path.hasSuffix("/frr/frr.conf") })
            #expect(frr.contents.contains("\ninterface "), "the production FRR keeps its VTI stanzas")
            for f in g.files where secrets.values.contains(where: { f.contents.contains($0.revealed) }) { #expect(f.mode == 0o600, "\(f.path) holds a key") }
            // No key is in anything that is printed or logged.
            let shown = (g.steps + g.preparation).map { $0.line + $0.command + ($0.substitution ?? "") }.joined()
                + (p.setup + p.afterFiles).map { $0.joined(separator: " ") }.joined() + p.routers.map { $0.argv.joined(separator: " ") }.joined()
            for k in secrets.values { #expect(!shown.contains(k.revealed), "a key appears in the plan's commands") }
        }
    }

    /// Every README line runs as written except package installs (checked instead, and listed).
    @Test(arguments: ["s0-eks-onprem-db", "s2-openstack", "s4-tgw-segmentation"])
    func installStepsAreTheREADMEsLines(_ example: String) throws {
        let (_, p, _) = try plan(example)
        for g in p.gateways {
            let block = try #require(InstallOrder.block(readme: g.readme))
            let commands = block.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
            #expect(g.steps.map(\.line) == commands)
            for s in g.steps {
                let tool = s.line.split(separator: " ").first.map(String.init) ?? ""
                if ["apt-get", "dnf", "yum"].contains(tool) {
                    #expect(s.substitution != nil && s.command != s.line, "\(s.line)")
                } else if s.line.hasPrefix("systemctl") && s.line.contains("chronyd") {
                    // RHEL's unit name, on the Debian VM that stands in for a dnf-based host.
                    #expect(s.command == s.line.replacingOccurrences(of: "chronyd", with: "chrony") && s.substitution != nil, "\(s.line)")
                } else {
                    #expect(s.substitution == nil && s.command == s.line, "\(s.line) must run as written")
                }
            }
        }
    }

    /// Debian's chrony package ships chrony.service; RHEL's ships chronyd.service
    /// (https://salsa.debian.org/debian/chrony/-/blob/master/debian/chrony.service has
    /// `Alias=chronyd.service`, which exists only once the unit is enabled). On a Debian VM that
    /// stands in for a dnf-based host the README's `systemctl … chronyd` runs with Debian's name.
    @Test func dnfHostUnitNamesBecomeDebians() throws {
        let readme = "## Install order\n\n```sh\nsystemctl enable --now chronyd\nsystemctl enable ipsec && systemctl restart ipsec\n```\n"
        let s = try InstallOrder.steps(readme: readme, dnfHost: true)
        #expect(s[0].command == "systemctl enable --now chrony" && s[0].substitution?.contains("chronyd as Debian's chrony") == true)
        #expect(s[1].command == s[1].line && s[1].substitution == nil)
        #expect(try InstallOrder.steps(readme: readme)[0].command == "systemctl enable --now chronyd")
    }

    @Test func packageLinesBecomeChecks() throws {
        let s = try InstallOrder.steps(readme: "## Install order\n\n```sh\n# 1. packages\ndnf install -y chrony firewalld \\\n  libreswan frr\napt-get update\nsh firewall/firewalld.sh\n```\n")
        #expect(s.count == 3)
        #expect(s[0].command.contains("dpkg-query -W -f='${Status}\\n' libreswan"))
        #expect(s[0].substitution?.contains("chrony, firewalld, libreswan, frr") == true)
        #expect(s[1].command == "true")
        #expect(s[2] == InstallStep(line: "sh firewall/firewalld.sh", command: "sh firewall/firewalld.sh"))
    }

    /// S4's gateway is an EC2 instance behind an elastic IP: its card carries the private
    /// address, a namespace translates 1:1 to the mapped public one, and the card gets the
    /// device's interface name (enX0).
    @Test func ec2GatewayIsBehindARealOneToOneNAT() throws {
        let (t, p, _) = try plan("s4-tgw-segmentation")
        let g = try #require(p.gateways.first)
        let dev = try #require(t.sites.first?.gateway)
        let pub = try #require(p.aws.topology.sites.first?.gateway?.publicIP?.ipv4)
        #expect(LabInternet.customerRange.contains(pub))
        let up = try #require(g.nics.first)
        #expect(up.device == "enX0" && up.guest == "eth0")
        #expect(up.addresses == ["\(dev.privateIP!)/16"])
        let nat = try #require(p.files.first { $0.path.hasSuffix("/nat.nft") })
        #expect(nat.contents.contains("ip daddr \(pub) dnat to \(dev.privateIP!)"))
        #expect(nat.contents.contains("ip saddr \(dev.privateIP!) snat to \(pub)"))
        let script = try #require(g.files.first { $0.path == GuestNetwork.script })
        #expect(script.contents.contains("ip link set eth0 name enX0"))
        #expect(script.contents.contains("ip route replace default via 10.30.0.1"))
    }

    /// S2 and S0 bind the (mapped) public address on their uplink; their LAN address shares it.
    @Test func directlyAttachedGatewayBindsItsPublicAddress() throws {
        let (_, p, _) = try plan("s2-openstack")
        let g = try #require(p.gateways.first)
        #expect(g.nics.count == 1)
        #expect(g.nics[0].addresses == ["198.51.100.30/32", "192.168.0.10/20"])
        #expect(g.standIn?.contains("Debian 12 VM") == true, "the centos host's stand-in is said")
        let script = try #require(g.files.first { $0.path == GuestNetwork.script })
        #expect(script.contents.contains("default via 198.51.100.1 dev eth0 src 198.51.100.30 onlink"))
        // The OpenStack router and vm1 are namespaces on the gateway's wire; vm1 is a test endpoint.
        #expect(p.members.map(\.name) == ["openstack-router", "vm1"])
        #expect(p.testPlan.endpoint(IPv4Address(192, 168, 0, 50)) != nil)
    }

    /// The LAN routers run their own configuration: S2's static route, S0's OSPF.
    @Test func lanRoutersRunTheirOwnRenderedFRR() throws {
        let (_, s2, _) = try plan("s2-openstack")
        let r2 = try #require(s2.files.first { $0.path.hasSuffix("/frr.conf") })
        #expect(r2.contents.contains("\nip route 10.0.0.0/16 192.168.0.10\n"))
        #expect(s2.routers.map(\.name) == ["zebra", "staticd"])
        let (_, s0, _) = try plan("s0-eks-onprem-db")
        let r0 = try #require(s0.files.first { $0.path.hasSuffix("/frr.conf") })
        #expect(r0.contents.contains("router ospf\n ospf router-id 192.168.2.1\n network 192.168.2.0/24 area 0.0.0.0\n"))
        #expect(s0.routers.map(\.name) == ["zebra", "staticd", "ospfd"])
    }

    /// The old render's Libreswan static failover (issue #11 item 2), put back on purpose.
    @Test func reintroducedFaultStripsTheUpdownAndEqualisesDistances() throws {
        let (_, good, _) = try plan("s2-openstack")
        let (_, bad, _) = try plan("s2-openstack", fault: .libreswanStaticFailover)
        func file(_ p: FaithfulLabPlan, _ suffix: String) throws -> String { try #require(p.gateways[0].files.first { $0.path.hasSuffix(suffix) }).contents }
        #expect(try file(good, "/libreswan/causeway.conf").contains("leftupdown="))
        #expect(try !file(bad, "/libreswan/causeway.conf").contains("leftupdown="))
        #expect(try file(good, "/frr/frr.conf").contains("ip route 10.0.0.0/16 vti2 200"))
        #expect(try file(bad, "/frr/frr.conf").contains("ip route 10.0.0.0/16 vti1 100\nip route 10.0.0.0/16 vti2 100\n"))
    }

    @Test(arguments: ["s0-eks-onprem-db", "s2-openstack", "s4-tgw-segmentation"])
    func namesStayInsideTheLabAndFitTheKernel(_ example: String) throws {
        let (_, p, _) = try plan(example, name: "abcdefgh")
        #expect(p.allNodes.allSatisfy { $0.namespace.hasPrefix("cw-abcdefgh-") })
        #expect(Set(p.allNodes.map(\.namespace)).count == p.allNodes.count)
        for c in p.setup where c.starts(with: ["ip", "link", "add"]) {
            #expect(c.contains("netns"), "veths are created inside lab namespaces: \(c)")
            #expect(c[3].count <= 15)
        }
        for g in p.gateways { for n in g.nics { #expect(n.tap.count <= 15 && n.namespace.hasPrefix("cw-abcdefgh-")) } }
        for c in p.setup where c.first == "ip" && c[1] == "-n" { #expect(c[2].hasPrefix("cw-abcdefgh-"), "\(c)") }
    }
}

/// The LAN routers' configuration passes FRR's own parser (`vtysh -C`: rc 2 on an unknown command).
@Suite struct LANRouterFRRToolTests {
    @Test(arguments: ["s0-eks-onprem-db", "s2-openstack"])
    func frrAcceptsTheLANRouters(_ example: String) throws {
        guard FileManager.default.fileExists(atPath: "/usr/bin/vtysh") else { Issue.record("vtysh (frr) is not installed"); return }
        let t = try Repo.topology(example)
        for s in t.sites {
            for r in s.routers {
                let f = LANRouterFRR().render(router: r, of: s, in: t)
                let path = NSTemporaryDirectory() + "causeway-lan-\(UUID().uuidString).conf"
                try f.contents.write(toFile: path, atomically: true, encoding: .utf8)
                defer { try? FileManager.default.removeItem(atPath: path) }
                let res = try ProcessRunner().run(["vtysh", "-C", "-f", path])
                #expect(res.succeeded, "\(r.name): \(res.stdout) \(res.stderr)")
            }
        }
    }
}
