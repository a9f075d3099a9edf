import CausewayCore
import CausewayRender
import CausewaySim
import Foundation
import Testing
@testable import CausewayLab

/// The plan is pure: these tests look at what `lab up` would do without doing it.
@Suite struct LabPlanTests {
    static let examples = ["s0-eks-onprem-db", "s1-cloudformation-static", "s2-openstack", "s3-tgw-bgp-strongswan", "s4-tgw-segmentation",
                           "s5-dx-vpn-backup", "s6-two-cgw-one-network"]

    func plan(_ example: String, name: String = "p") throws -> (Topology, LabPlan, [String: PreSharedKey]) {
        let t = try Repo.topology(example)
        let secrets = Repo.secrets(t)
        return (t, try LabPlan(topology: t, secrets: secrets, name: name), secrets)
    }

    @Test(arguments: examples)
    func outsideAddressesAreMappedAndNeverConfiguredAsIs(_ example: String) throws {
        let (t, p, _) = try plan(example)
        let originals = t.sites.compactMap { $0.gateway?.publicIP?.ipv4 } + t.vpnConnections.flatMap { $0.tunnels.compactMap(\.outsideIP?.ipv4) }
        #expect(p.mapping.count == originals.count)
        for m in p.mapping {
            #expect(LabInternet.customerRange.contains(m.lab) || LabInternet.awsRange.contains(m.lab))
            #expect(m.lab != LabInternet.customerRouter && m.lab != LabInternet.awsRouter)
        }
        #expect(Set(p.mapping.map(\.lab)).count == p.mapping.count, "lab addresses are unique")
        let everything = (p.setup + p.afterCharons + p.charons.map(\.argv) + p.routers.map(\.argv)).map { $0.joined(separator: " ") }
            + p.files.map(\.contents)
        for o in originals where !LabInternet.customerRange.contains(o) && !LabInternet.awsRange.contains(o) {
            #expect(!everything.contains { $0.contains(o.description) }, "\(o) appears in the plan")
        }
        // Never the machine's own uplink range.
        let uplink = IPv4Prefix(IPv4Address(192, 0, 2, 0), 24)
        for line in everything {
            for word in line.split(whereSeparator: { " /\n".contains($0) }) {
                if let a = IPv4Address(String(word)) { #expect(!uplink.contains(a), "\(a) in: \(line)") }
            }
        }
    }

    @Test(arguments: examples)
    func namesStayInsideTheLabAndFitTheKernel(_ example: String) throws {
        let (_, p, _) = try plan(example, name: "abcdefgh")
        #expect(p.nodes.allSatisfy { $0.namespace.hasPrefix("cw-abcdefgh-") })
        #expect(Set(p.nodes.map(\.namespace)).count == p.nodes.count)
        for c in p.setup where c.starts(with: ["ip", "link", "add"]) {
            let names = [c[3], c[c.firstIndex(of: "name")! + 1]]
            for n in names { #expect(n.count <= 15, "interface name \(n)") }
            #expect(c.contains("netns"), "veths are created inside lab namespaces, never in the host's")
        }
        for c in p.setup where c.first == "ip" {
            let target = c[1] == "-n" ? c[2] : (c[1] == "netns" && c[2] == "exec" ? c[3] : nil)
            if let target { #expect(target.hasPrefix(p.namespacePrefix), "\(c)") }
        }
        for d in p.charons + p.routers + p.watchers { #expect(d.argv.starts(with: ["ip", "netns", "exec"]) && d.namespace.hasPrefix(p.namespacePrefix)) }
    }

    /// The customer side runs exactly the renderer's lab profile, for the mapped topology.
    @Test(arguments: examples)
    func customerSideIsTheRenderedLabProfile(_ example: String) throws {
        let (_, p, secrets) = try plan(example)
        let ctx = RenderContext(secrets: secrets, profile: .lab)
        for s in p.topology.sites where s.gateway != nil {
            let plan = try GatewayPlan(site: s, in: p.topology, context: ctx)
            for tp in plan.tunnels {
                let expected = try StrongSwanSwanctl.labConnection(p.topology, site: s.name, connection: tp.connection, tunnel: tp.index, context: ctx)
                let f = p.files.filter { $0.contents == expected }
                #expect(f.count == 1, "the rendered swanctl for \(tp.key) is written as-is")
                #expect(f.first?.mode == 0o600)
            }
            let frr = try #require(try FRR().render(site: s, in: p.topology, context: ctx).first).contents
            #expect(p.files.contains { $0.path.hasSuffix("/frr.conf") && $0.contents == frr })
        }
    }

    @Test(arguments: examples)
    func keysOnlyInPrivateFiles(_ example: String) throws {
        let (_, p, secrets) = try plan(example)
        for k in secrets.values {
            for f in p.files where f.contents.contains(k.revealed) { #expect(f.mode == 0o600, "\(f.path)") }
            let cmds = (p.setup + p.afterCharons + p.charons.map(\.argv) + p.routers.map(\.argv) + p.watchers.map(\.argv)).map { $0.joined(separator: " ") }
            #expect(!cmds.contains { $0.contains(k.revealed) })
        }
        #expect(!p.mapping.description.contains("secret"))
    }

    @Test func awsEndRunsAWSTimersAndOptions() throws {
        let (_, s4, _) = try plan("s4-tgw-segmentation")
        let aws = try #require(s4.files.first { $0.path.hasSuffix("/a1/swanctl.conf") }).contents
        for line in ["version = 1", "dpd_delay = 10s", "dpd_timeout = 30s", "dpd_action = restart", "rekey_time = 28800s",
                     "life_time = 3600s", "rekey_time = 3330s", "replay_window = 1024", "proposals = aes128-sha1-modp1024"] {
            #expect(aws.contains(line), "\(line)")
        }
        // S0 is IKEv2: AWS's 30 s DPD timeout through retransmits (first DPD after 10 s).
        let (_, s0, _) = try plan("s0-eks-onprem-db")
        let conf = try #require(s0.files.first { $0.path.hasSuffix("/a1/run/strongswan.conf") }).contents
        let first = try #require(conf.split(separator: "\n").first { $0.contains("retransmit_timeout") }.flatMap { Double($0.split(separator: "=")[1].trimmingCharacters(in: .whitespaces)) })
        let total = 10 + (0...4).reduce(0.0) { $0 + first * pow(1.5, Double($1)) }
        #expect(abs(total - 30) < 0.5, "\(total)")
        #expect(s0.files.first { $0.path.hasSuffix("/a1/swanctl.conf") }?.contents.contains("version = 2") == true)
    }

    @Test func awsEdgeAdvertisesWhatAWSWouldWithItsLimits() throws {
        let (_, s0, _) = try plan("s0-eks-onprem-db")
        let vgw = try #require(s0.files.first { $0.path.hasSuffix("/e1/frr/frr.conf") }).contents
        for line in ["router bgp 64512", " neighbor 169.254.10.2 remote-as 65000", " neighbor 169.254.10.2 timers 10 30",
                     "  network 172.20.0.0/16", "  neighbor 169.254.10.2 maximum-prefix 100", "  maximum-paths 1",
                     "ip prefix-list aws-advertises seq 5 permit 172.20.0.0/16", "  neighbor 169.254.10.6 route-map aws-out out"] {
            #expect(vgw.contains(line + "\n"), "\(line)")
        }
        let (_, s3, _) = try plan("s3-tgw-bgp-strongswan")
        let tgw = try #require(s3.files.first { $0.path.hasSuffix("/e1/frr/frr.conf") }).contents
        #expect(tgw.contains("  network 10.0.0.0/16\n") && tgw.contains("maximum-prefix 1000") && tgw.contains("  maximum-paths 2\n"))
        #expect(!tgw.contains("network 192.168."), "never the customer's own prefix")
        // Static: the connection's routes over both tunnels, tunnel 1 preferred.
        let (_, s4, _) = try plan("s4-tgw-segmentation")
        let st = try #require(s4.files.first { $0.path.hasSuffix("/e1/frr/frr.conf") }).contents
        #expect(st.contains("ip route 10.30.0.0/16 t1 10\nip route 10.30.0.0/16 t2 20\n") && !st.contains("router bgp"))
    }

    @Test func transitGatewayTablesAreSelectedPerAttachment() throws {
        let (_, p, _) = try plan("s4-tgw-segmentation")
        let g = try #require(p.nodes.first { $0.role == .transitGateway }).namespace
        let cmds = p.setup.filter { $0.starts(with: ["ip", "-n", g]) }.map { $0.dropFirst(3).joined(separator: " ") }
        // att-a → tgw-rt-a (100), att-b → tgw-rt-b (101), att-vpn → tgw-rt-vpn (102); nothing falls through.
        for c in ["rule add iif att1 lookup 100 pref 1000", "rule add iif att2 lookup 101 pref 1000", "rule add iif att3 lookup 102 pref 1000",
                  "rule add iif att1 unreachable pref 1001", "route add 10.10.0.0/16 via 198.18.0.2 table 102",
                  "route add 10.20.0.0/16 via 198.18.0.6 table 102"] {
            #expect(cmds.contains(c), "\(c) in \(cmds)")
        }
        #expect(!cmds.contains { $0.contains("10.20.0.0/16") && $0.hasSuffix("table 100") }, "VPC A's table has no route to VPC B")
        // Security groups: private-ec2-a accepts ICMP from the site only.
        let sg = try #require(p.files.first { $0.path.hasSuffix("/v1/security-groups.nft") }).contents
        #expect(sg.contains("ip daddr 10.10.141.106 ip saddr 10.30.0.0/16 meta l4proto icmp accept") && sg.contains("ip daddr 10.10.141.106 drop"))
    }

    @Test func vpcTablesFollowTheConvergedRouteTables() throws {
        let (_, p, _) = try plan("s0-eks-onprem-db")
        let v = try #require(p.nodes.first { $0.name == "vpc:eks" }).namespace
        let cmds = p.setup.filter { $0.starts(with: ["ip", "-n", v]) }.map { $0.dropFirst(3).joined(separator: " ") }
        // public → 0.0.0.0/0 to the IGW (nothing in the lab: unreachable), 192.168.2.0/24 propagated from the VGW.
        #expect(cmds.contains("route add unreachable 0.0.0.0/0 table 100"))
        #expect(cmds.contains { $0.hasPrefix("route add 192.168.2.0/24 via 198.18.0.1") && $0.hasSuffix("table 100") })
        #expect(cmds.contains("rule add from 172.20.112.0/24 lookup 100 pref 1000"))
        #expect(cmds.contains("rule add from 172.20.12.0/24 lookup 101 pref 1000"))
    }

    @Test func mappingKeepsLabRangeAddressesAndChoosesMissingOnes() throws {
        var t = try Repo.topology("s4-tgw-segmentation")
        t.vpnConnections[0].tunnels[1].outsideIP = nil
        t.vpnConnections[0].tunnels[1].insideCIDR = nil
        let p = try LabPlan(topology: t, secrets: Repo.secrets(t), name: "m")
        let m = try #require(p.mapping.first { $0.role.hasPrefix("vpn/2") })
        #expect(m.original == nil && LabInternet.awsRange.contains(m.lab))
        #expect(p.topology.vpnConnections[0].tunnels[1].insideCIDR != nil)
        let (_, s0, _) = try plan("s0-eks-onprem-db")
        #expect(s0.mapping.first?.original?.ipv4 == s0.mapping.first?.lab, "198.51.100.20 is already a lab address")
        #expect(s0.topology.sites[0].gateway?.privateIP == nil)
    }

    @Test func refusesWhatItCannotBuild() throws {
        let t = try Repo.topology("s4-tgw-segmentation")
        #expect(throws: LabPlanError.self) { try LabPlan(topology: t, secrets: Repo.secrets(t), name: "Bad-Name") }
        #expect(throws: LabPlanError.self) { try LabPlan(topology: t, secrets: Repo.secrets(t), name: "toolongname") }
        var clash = t
        clash.vpcs[0].cidrs = [IPv4Prefix(IPv4Address(198, 18, 0, 0), 16)]
        #expect(throws: LabPlanError.self) { try LabPlan(topology: clash, secrets: Repo.secrets(t), name: "c") }
        #expect(LabPlan.defaultName(for: t) == "s4")
    }

    /// A private virtual interface is simulated, not stood in: the lab refuses it, at the
    /// interface's node, instead of running routes that lead nowhere (transit ones it stands in).
    @Test func refusesPrivateDirectConnect() throws {
        var t = try Repo.topology("s5-dx-vpn-backup")
        t.virtualInterfaces[0].type = .private
        do {
            _ = try LabPlan(topology: t, secrets: Repo.secrets(t), name: "s5")
            Issue.record("the lab planned a topology with a private virtual interface")
        } catch let e as LabPlanError {
            #expect(e.diagnostic?.rule == LabRules.directConnectNotEmulated.id)
            #expect(e.diagnostic?.location == t.locate("virtual_interfaces.dc-transit-vif"))
        }
    }

    @Test func refusalsAreDiagnosticsAtTheTopologyNode() throws {
        let t = try Repo.topology("s4-tgw-segmentation")
        func refusal(_ t: Topology, name: String = "c") -> Diagnostic? {
            do {
                _ = try LabPlan(topology: t, secrets: Repo.secrets(t), name: name)
                return nil
            } catch let e as LabPlanError {
                return e.diagnostic
            } catch {
                return nil
            }
        }
        let bad = try #require(refusal(t, name: "Bad-Name"))
        #expect(bad.rule == LabRules.nameInvalid.id && bad.severity == .error && bad.message.contains("--name"))
        var clash = t
        clash.vpcs[0].cidrs = [IPv4Prefix(IPv4Address(198, 18, 0, 0), 16)]
        let overlap = try #require(refusal(clash))
        #expect(overlap.rule == "lab-range-overlap")
        #expect(overlap.location == t.locate("\(t.vpcs[0].path).cidrs"))
        #expect(overlap.location.line > 1, "points at the VPC's cidrs, not the top of the file")
        #expect(overlap.formatted.hasPrefix("\(overlap.location.file):\(overlap.location.line):\(overlap.location.column): error: VPC \(t.vpcs[0].name) uses 198.18.0.0/16"))
        #expect(overlap.formatted.hasSuffix("[lab-range-overlap]"))
        #expect(Set(LabRules.all.map(\.id)).count == LabRules.all.count)
        #expect(LabRules.all.allSatisfy { $0.id.hasPrefix("lab-") && $0.id == $0.id.lowercased() })
    }

    @Test func labStepFailuresCarryNoDiagnostic() {
        let e = LabPlanError("timed out after 5 s waiting for tunnels")
        #expect(e.diagnostic == nil && e.description == "timed out after 5 s waiting for tunnels")
    }

    @Test func generatedKeysFollowAWSRules() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let k = LabSecrets.generate(using: &g).revealed
            #expect(k.count == 32 && !k.hasPrefix("0") && k.allSatisfy { $0.isLetter || $0.isNumber })
        }
    }

    @Test func parsesWhatTheDaemonsPrint() {
        let sas = """
        aws-vpn-tunnel1: #1, ESTABLISHED, IKEv1, 8e2a_i 3b1c_r*
          local  '203.0.113.10' @ 203.0.113.10[4500]
          aws-vpn-tunnel1: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_CBC-128/HMAC_SHA1_96/MODP_1024
            in  c0b3a9a2,  22400 bytes,   267 packets,     0s ago
            out c5b5e1aa,  21728 bytes,   259 packets,     0s ago
        """
        let s = LabRunner.parseSAs(sas)
        #expect(s.ikeEstablished && s.childInstalled && s.bytesIn == 22400 && s.bytesOut == 21728)
        #expect(!LabRunner.parseSAs("aws-vpn-tunnel1: #2, CONNECTING, IKEv1").childInstalled)
        let bgp = #"{"ipv4Unicast":{"routerId":"169.254.10.1","as":64512,"peers":{"169.254.10.2":{"remoteAs":65000,"state":"Established","pfxRcd":1,"pfxSnt":1}}}}"#
        let b = LabRunner.parseBGPSummary(bgp, node: "edge:vpn")
        #expect(b == [BGPSessionState(node: "edge:vpn", neighbor: IPv4Address(169, 254, 10, 2), remoteASN: 65000, state: "Established", prefixesReceived: 1, prefixesSent: 1)])
    }

    /// A restore is awaited until the routes are as before the cut: a route put back with a new
    /// next-hop id, or over the other tunnel (BGP keeps the oldest of equal paths), is the same
    /// route; a route the kernel skips (`linkdown`) or a route missing is not.
    @Test func routesAsBeforeTheCut() {
        let before = """
        default via 169.254.21.2 dev rt table 101 onlink
        172.16.0.0/16 nhid 22 proto bgp metric 20
        \tnexthop via 169.254.21.2 dev t1 weight 1
        \tnexthop via 169.254.21.6 dev t2 weight 1
        10.50.0.0/16 via 169.254.21.1 dev vti1 proto bgp metric 20
        172.16.0.0/16 via 198.18.0.14 dev att4 table 100
        """
        let b = LabBaseline(sessions: [], routes: ["g": LabBaseline.routeLines(before)])
        func now(_ text: String) -> LabBaseline { LabBaseline(sessions: [], routes: ["g": LabBaseline.routeLines(text)]) }
        #expect(b.routes["g"] == ["10.50.0.0/16 proto bgp metric 20", "172.16.0.0/16 proto bgp metric 20",
                                  "172.16.0.0/16 table 100", "default table 101"])
        #expect(now(before.replacingOccurrences(of: "nhid 22", with: "nhid 31")).routeDifferences(from: b).isEmpty)
        #expect(now(before.replacingOccurrences(of: "169.254.21.1 dev vti1", with: "169.254.21.5 dev vti2")).routeDifferences(from: b).isEmpty)
        let linkdown = now(before.replacingOccurrences(of: "dev att4 table 100", with: "dev att4 table 100 linkdown"))
        #expect(linkdown.routeDifferences(from: b) == ["g: missing 172.16.0.0/16 table 100", "g: extra 172.16.0.0/16 table 100 linkdown"])
        let deadHop = now(before.replacingOccurrences(of: "dev t2 weight 1", with: "dev t2 weight 1 dead linkdown"))
        #expect(deadHop.routeDifferences(from: b).count == 2)
        let gone = now(before.replacingOccurrences(of: "10.50.0.0/16 via 169.254.21.1 dev vti1 proto bgp metric 20\n", with: ""))
        #expect(gone.routeDifferences(from: b) == ["g: missing 10.50.0.0/16 proto bgp metric 20"])
    }

    /// EKS pods are lab endpoints as the simulator has them: one pod address per subnet of each
    /// node group (S0's workers: three), in the VPC's namespace, the first being `trace`'s
    /// `pod:tc-eks/workers` source.
    @Test func eksPodsAreEndpointsOfTheirVPC() throws {
        let (t, plan, _) = try plan("s0-eks-onprem-db")
        let cluster = try #require(t.eksClusters.first)
        let g = try #require(cluster.nodeGroups.first)
        let v = try #require(t.vpc(cluster.vpc))
        let pods = g.subnets.compactMap { v.subnet($0) }.map { EKSNodeGroup.podAddress(in: $0.cidr) }
        #expect(pods.count == 3)
        let vpcNS = try #require(plan.nodes.first { $0.name == "vpc:\(v.name)" }).namespace
        for a in pods { #expect(plan.endpoint(a)?.namespace == vpcNS, "\(a)") }
        #expect(t.podSource(cluster: "tc-eks", nodeGroup: "workers") == pods.first)
    }

    /// A lab asks for named and dig only when it runs DNS servers or the failover stand-in, and
    /// for busybox only with the latter; each program once.
    @Test func requiredProgramsFollowThePlan() throws {
        func paths(_ e: String) throws -> [String] { LabRunner.requiredPrograms(for: try plan(e).1).map(\.path) }
        let base = LabRunner.requiredPrograms.map(\.path)
        #expect(try paths("s4-tgw-segmentation") == base)
        #expect(try paths("s3-tgw-bgp-strongswan") == base + ["/usr/sbin/named", "/usr/bin/dig"])
        #expect(try paths("s2-openstack") == base + ["/usr/sbin/named", "/usr/bin/dig", "/bin/busybox"])
    }
}
