import CausewayCore
import CausewaySim
import Foundation
import Testing
@testable import CausewayLab

/// The lab's hybrid DNS as planned (pure): S3's on-premises BIND and the Resolver stand-in in
/// the VPC's node, their files accepted by `named-checkconf -z`, and the names `lab test`
/// resolves with the simulator's prediction.
@Suite struct LabDNSTests {
    func plan(_ example: String, root: String = LabPlan.defaultRoot) throws -> LabPlan {
        let t = try Repo.topology(example)
        return try LabPlan(topology: t, secrets: Repo.secrets(t), name: "p", root: root)
    }

    /// Route 53 developer guide, "Resolving DNS queries between VPCs and your network": inbound
    /// endpoints take on-premises queries on their IPs, a forwarding rule's queries leave from the
    /// outbound endpoint's IPs; the VPC's own Resolver is at base + 2 (Amazon VPC user guide,
    /// "Amazon DNS server").
    @Test func s3RunsTheOnPremisesServerAndAResolverStandIn() throws {
        let p = try plan("s3-tgw-bgp-strongswan")
        let lan = try #require(p.endpoint(IPv4Address(192, 168, 2, 250))).namespace
        let vpc = try #require(p.nodes.first { $0.name == "vpc:seoul" }).namespace
        try #require(p.dns.servers.count == 2)
        let onPrem = p.dns.servers[0], resolver = p.dns.servers[1]
        #expect(onPrem.node == "lan:idc" && onPrem.namespace == lan)
        #expect(onPrem.listen == [IPv4Address(192, 168, 2, 250)] && onPrem.querySource == IPv4Address(192, 168, 2, 250))
        #expect(resolver.node == "vpc:seoul" && resolver.namespace == vpc)
        // The VPC's Resolver (10.0.0.0/16 base + 2) and the inbound endpoint's IPs; forwards from
        // the outbound endpoint's first IP.
        #expect(resolver.listen == [IPv4Address(10, 0, 0, 2), IPv4Address(10, 0, 1, 250), IPv4Address(10, 0, 2, 250)])
        #expect(resolver.querySource == IPv4Address(10, 0, 1, 251))
        #expect(resolver.server.zones.map(\.name.text) == ["awsanycompany.corp"])
        #expect(resolver.server.forwardZones.map(\.name.text) == ["anycompany.corp"])
        #expect(resolver.server.forwardZones.first?.forwarders == [IPv4Address(192, 168, 2, 250)])
        // The VPC's node holds the Resolver's and the endpoints' addresses.
        for a in ["10.0.0.2", "10.0.1.250", "10.0.2.250", "10.0.1.251", "10.0.2.251"] {
            #expect(p.setup.contains(["ip", "-n", vpc, "addr", "add", "\(a)/32", "dev", "lo"]), "\(a)")
        }
        // Started by PID like the other daemons.
        #expect(p.dns.servers.map(\.process.name) == ["named", "named"])
        #expect(!p.files.map(\.contents).joined().contains("8.8.8.8"), "the lab never queries outside forwarders")
    }

    /// Route 53 developer guide, "Values that you specify when you create or edit inbound
    /// endpoints": the endpoint's security groups govern the DNS traffic to its interfaces.
    @Test func theEndpointsSecurityGroupsApply() throws {
        let p = try plan("s3-tgw-bgp-strongswan")
        let sg = try #require(p.files.first { $0.path.hasSuffix("/security-groups.nft") }).contents
        #expect(sg.contains("ip daddr 10.0.1.250 ip saddr 192.168.0.0/16 udp dport 53 accept"))
        #expect(sg.contains("ip daddr 10.0.2.251 ip saddr 10.0.0.0/16 tcp dport 53 accept"))
        #expect(sg.contains("ip daddr 10.0.1.250 drop"))
        #expect(!sg.contains("10.0.0.2 "), "the Resolver's own address has no security group")
    }

    @Test func s3QueriesAreOnePerDirectionAndPredictedAcrossTheTunnels() throws {
        let p = try plan("s3-tgw-bgp-strongswan")
        #expect(p.dns.queries.map { "\($0.client) \($0.from) @\($0.server) \($0.name)" } == [
            "websrv 192.168.2.20 @192.168.2.250 web1.awsanycompany.corp",
            "web1 10.0.10.10 @10.0.0.2 websrv.anycompany.corp",
        ])
        let q = p.dns.queries[0]
        #expect(q.dig() == ["ip", "netns", "exec", q.namespace, "dig", "+short", "+time=2", "+tries=1", "-b", "192.168.2.20", "@192.168.2.250", "web1.awsanycompany.corp", "A"])
        let sim = p.simulation
        #expect(try sim.resolve(q.name, from: q.from).answers == [.ipv4(IPv4Address(10, 0, 10, 10))])
        #expect(try sim.resolve(p.dns.queries[1].name, from: p.dns.queries[1].from).answers == [.ipv4(IPv4Address(192, 168, 2, 20))])
        let cut = Simulation(topology: p.topology, failures: [.tunnel(TunnelRef("vpn", 1)), .tunnel(TunnelRef("vpn", 2))])
        for q in p.dns.queries { #expect(try !cut.resolve(q.name, from: q.from).answered, "\(q.name)") }
    }

    @Test func plannedFilesPassNamedCheckconf() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("labdns-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let p = try plan("s3-tgw-bgp-strongswan", root: root)
        for s in p.dns.servers {
            for f in s.files(in: p.topology) {
                try FileManager.default.createDirectory(atPath: (f.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try f.contents.write(toFile: f.path, atomically: true, encoding: .utf8)
            }
            let r = try ProcessRunner().run(s.checkConf)
            #expect(r.succeeded, "\(s.node): \(r.stdout)\(r.stderr)")
            #expect(p.files.contains { $0.path == s.confPath }, "the plan writes \(s.confPath)")
        }
    }

    /// S3 with its on-premises server answering on port 5353 and a SYSTEM rule for
    /// `dev.anycompany.corp` (Route 53 developer guide, "Values that you specify when you create
    /// or edit rules": a target IP takes a port; a System rule makes the Resolver answer a
    /// subdomain of a forwarded domain itself). The stand-in forwards to the target's port and
    /// does not forward the subdomain, as `causeway resolve` predicts; `named-checkconf` accepts it.
    @Test func theStandInFollowsSystemRulesAndTargetPorts() throws {
        let file = "examples/s3-tgw-bgp-strongswan.yaml"
        let text = try String(contentsOf: Repo.root.appendingPathComponent(file), encoding: .utf8)
            .replacingOccurrences(of: "target_ips: [{ip: 192.168.2.250, port: 53}]", with: "target_ips: [{ip: 192.168.2.250, port: 5353}]")
            .replacingOccurrences(of: "      vpcs: [seoul]\n  hosted_zones:", with: """
                  vpcs: [seoul]
                dev-anycompany-corp:
                  domain_name: dev.anycompany.corp
                  rule_type: SYSTEM
                  vpcs: [seoul]
              hosted_zones:
            """)
        let loaded = Loader.load(text: text, file: file)
        let t = try #require(loaded.topology, "\(loaded.diagnostics.map(\.formatted))")
        try #require(t.dns.rules(of: "seoul").count == 2)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("labdns-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let p = try LabPlan(topology: t, secrets: Repo.secrets(t), name: "p", root: root)
        let resolver = try #require(p.dns.servers.first { $0.node == "vpc:seoul" })
        let conf = resolver.namedConf(in: t)
        #expect(conf.contains("""
            zone "anycompany.corp" {
                type forward;
                forward only;
                forwarders { 192.168.2.250 port 5353; };
            };
            """), "\(conf)")
        #expect(conf.contains("""
            zone "dev.anycompany.corp" {
                type forward;
                forward only;
                forwarders {  };
            };
            """), "\(conf)")
        // The simulator agrees: the rule's port, and no forwarding for the SYSTEM subdomain.
        let sim = p.simulation, web1 = IPv4Address(10, 0, 10, 10)
        #expect(try sim.resolve(try #require(DNSName("websrv.anycompany.corp")), from: web1).hops.contains { $0.detail.contains("192.168.2.250:5353") })
        #expect(try !sim.resolve(try #require(DNSName("x.dev.anycompany.corp")), from: web1).hops.contains { $0.step == .rule })
        for f in resolver.files(in: t) {
            try FileManager.default.createDirectory(atPath: (f.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try f.contents.write(toFile: f.path, atomically: true, encoding: .utf8)
        }
        let r = try ProcessRunner().run(resolver.checkConf)
        #expect(r.succeeded, "\(resolver.checkConf.joined(separator: " ")): \(r.stdout)\(r.stderr)")
    }

    @Test(arguments: LabPlanTests.examples.filter { $0 != "s3-tgw-bgp-strongswan" })
    func topologiesWithoutHybridDNSRunNoNamed(_ example: String) throws {
        let p = try plan(example)
        #expect(p.dns.servers.isEmpty && p.dns.queries.isEmpty)
    }
}
