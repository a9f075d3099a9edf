import CausewayCore
import CausewayRender
import Foundation
import Testing
@testable import CausewayLab

/// The Client VPN stand-in without a network: S3's plan (nodes, addresses, source NAT, files),
/// the nftables OpenVPN's server is filtered by, and the `client-connect` wrapper running a
/// connect handler on the lab's clock.
@Suite struct LabClientVPNTests {
    /// S3 with a PKI made by `openssl`; `edit` changes the topology first.
    func s3(_ edit: (inout Topology) -> Void = { _ in }) throws -> (Topology, LabPlan, LabClientVPN) {
        var t = try Repo.topology("s3-tgw-bgp-strongswan")
        edit(&t)
        let p = try LabPlan(topology: t, secrets: Repo.secrets(t), name: "v3", clientVPN: ["remote-access": try TestPKI.shared])
        return (t, p, try #require(p.clientVPN.first, "S3 has a Client VPN endpoint: the lab stands it in"))
    }

    @Test func s3StandsInTheEndpointAndItsUsersOnTheLabsInternet() throws {
        let (_, p, c) = try s3()
        #expect(c.node == "cvpn:remote-access" && p.node(named: "cvpn:remote-access")?.role == .clientVPNEndpoint)
        #expect(LabInternet.awsRange.contains(c.server) && !p.tunnels.contains { $0.awsOutside == c.server })
        #expect(c.port == 443 && c.transport == .udp && c.clientCIDR.description == "172.16.0.0/22")
        // The users keep their public addresses: the connect handler judges them.
        #expect(c.users.map(\.user) == ["client1.domain.tld", "home-user"])
        #expect(c.users.map(\.publicIP.description) == ["72.21.10.20", "203.0.113.77"])
        for u in c.users {
            #expect(p.node(named: "user:\(u.user)")?.role == .remoteUser)
            #expect(p.setup.contains(["ip", "-n", p.internetNamespace, "route", "add", "\(u.publicIP)/32", "dev", String(u.namespace.dropFirst("cw-v3-".count))]))
            #expect(c.clientCIDR.contains(u.clientAddress))
            // Users are not matrix endpoints: their pairs are measured by connecting.
            #expect(p.endpoint(u.publicIP) == nil)
        }
        #expect(Set(c.users.map(\.clientAddress)).count == 2)
    }

    /// AWS Client VPN administrator guide, "How AWS Client VPN works": traffic from a client
    /// leaves the endpoint's network interface in the associated subnet with that interface's
    /// address (source NAT). Both routes to the IDC name private-a first; the VPC's own CIDR
    /// route comes with each association ("Routes": a route for the VPC is added on association).
    @Test func clientTrafficIsSourceNATedToTheInterfaceInTheRoutesSubnet() throws {
        let (_, p, c) = try s3()
        #expect(c.sourceNAT.map { "\($0.destination)→\($0.interface)" } == ["192.168.0.0/16→10.0.1.254", "10.0.0.0/16→10.0.1.254"])
        let vpc = try #require(p.node(named: "vpc:seoul")?.namespace)
        #expect(p.setup.contains { $0.starts(with: ["ip", "-n", vpc, "route", "add", "10.0.1.254/32", "via"]) })
        #expect(p.setup.contains(["ip", "-n", vpc, "rule", "add", "to", "10.0.1.254/32", "lookup", "main", "pref", "999"]))
        #expect(p.setup.contains(["ip", "-n", c.namespace, "rule", "add", "iif", "tun0", "lookup", "200", "pref", "100"]))
        #expect(p.setup.contains(["ip", "-n", c.namespace, "route", "add", "unreachable", "default", "table", "200"]))
        let nft = try #require(p.files.first { $0.path.hasSuffix("/client-vpn.nft") }).contents
        #expect(nft.contains("oifname \"vpc\" ip saddr 172.16.0.0/22 ip daddr 192.168.0.0/16 snat ip to 10.0.1.254"))
        // Authorization: the IDC for every user; nothing else from the tunnel.
        #expect(nft.contains("iifname \"tun0\" ip daddr 192.168.0.0/16 accept\n        iifname \"tun0\" drop"))
    }

    @Test func theServerRunsTheEndpointsSettingsAndTheUsersGetTheirProfiles() throws {
        let (_, p, c) = try s3()
        let conf = try #require(p.files.first { $0.path.hasSuffix("/server.conf") }).contents
        for line in ["proto udp4", "local \(c.server)", "port 443", "server 172.16.0.0 255.255.252.0",
                     "push \"route 192.168.0.0 255.255.0.0\"", "push \"route 10.0.0.0 255.255.0.0\"",
                     "script-security 2", "client-connect \(p.directory)/x1/handler/client-connect.py"] {
            #expect(conf.split(separator: "\n").contains(Substring(line)), "server.conf lacks \(line)")
        }
        #expect(!conf.contains("redirect-gateway"), "split tunnel: only the endpoint's routes")
        #expect(p.files.first { $0.path.hasSuffix("/pki/server.key") }?.mode == 0o600)
        #expect(p.files.first { $0.path.hasSuffix("/ccd/client1.domain.tld") }?.contents == "ifconfig-push \(c.users[0].clientAddress) 255.255.252.0\n")
        // Only `remote` is rewritten; the key stays in a 0600 file.
        let profile = try #require(p.files.first { $0.path == c.users[0].profile })
        #expect(profile.mode == 0o600)
        let t = try Repo.topology("s3-tgw-bgp-strongswan")
        let m = try TestPKI.shared
        let rendered = OVPNProfile.render(t.clientVPNEndpoints[0], region: t.region, user: "client1.domain.tld", serverCA: m.serverCA,
                                          client: m.users["client1.domain.tld"], topology: t.name)
        #expect(profile.contents == LabClientVPNConfig.rewriteRemote(rendered, to: c.server, port: 443))
        #expect(profile.contents.contains(m.users["client1.domain.tld"]?.privateKey?.revealed.split(separator: "\n")[1] ?? "?"))
        // The rendered handler, and the CA that issued the users' certificates.
        #expect(p.files.first { $0.path.hasSuffix("/handler/lambda_function.py") }?.contents
                == ConnectHandlerSource.render(t.clientVPNEndpoints[0].connectHandler!.policy, functionName: "AWSClientVPN-weekday-ip-policy", topology: t.name))
        #expect(p.files.first { $0.path.hasSuffix("/pki/ca.crt") }?.contents == m.serverCA)
        #expect(p.clientVPN.flatMap(\.users).map(\.client).first == ["ip", "netns", "exec", c.users[0].namespace, "openvpn", "--config", c.users[0].profile])
        #expect(LabRunner.requiredPrograms(for: p).contains { $0.package == "openvpn" })
    }

    @Test func onlyTheRemoteLineIsRewritten() {
        let text = "client\ndev tun\nremote cvpn-endpoint-0123.prod.clientvpn.ap-northeast-2.amazonaws.com 443\nremote-random-hostname\nremote-cert-tls server\n<ca>\nremote\n</ca>\n"
        let out = LabClientVPNConfig.rewriteRemote(text, to: IPv4Address(203, 0, 113, 10), port: 1194)
        #expect(out == "client\ndev tun\nremote 203.0.113.10 1194\nremote-random-hostname\nremote-cert-tls server\n<ca>\nremote\n</ca>\n")
    }

    @Test func anEndpointWithoutCertificatesIsNotStoodInAndSaysSo() throws {
        let t = try Repo.topology("s3-tgw-bgp-strongswan")
        let p = try LabPlan(topology: t, secrets: Repo.secrets(t), name: "v3")
        #expect(p.clientVPN.isEmpty && !p.nodes.contains { $0.role == .clientVPNEndpoint || $0.role == .remoteUser })
        #expect(p.clientVPNNotes == ["Client VPN endpoint remote-access: no server certificate and key or client CA for the lab (only in ACM, or none made); not stood in"])
        #expect(!LabRunner.requiredPrograms(for: p).contains { $0.package == "openvpn" })
    }

    @Test func aUserAtAnAddressTheLabUsesIsRefusedAtItsNode() throws {
        var t = try Repo.topology("s3-tgw-bgp-strongswan")
        t.clientVPNEndpoints[0].users[1].publicIP = IPv4Address(203, 0, 113, 31)   // vpn/1's outside address
        let material = try TestPKI.shared
        #expect(throws: LabPlanError.self) { try LabPlan(topology: t, secrets: Repo.secrets(t), name: "v3", clientVPN: ["remote-access": material]) }
        do {
            _ = try LabPlan(topology: t, secrets: Repo.secrets(t), name: "v3", clientVPN: ["remote-access": material])
        } catch let e as LabPlanError {
            #expect(e.diagnostic?.location.line == t.locate("\(t.clientVPNEndpoints[0].users[1].path).public_ip").line)
        }
    }

    /// AWS Client VPN administrator guide, "Authorization rules": a rule for a group admits only
    /// its members to the destination, and the most specific destination decides.
    @Test func groupRulesAdmitOnlyTheMembersAddresses() throws {
        let (_, p, c) = try s3 { t in
            t.clientVPNEndpoints[0].authorizationRules.append(ClientVPNAuthorizationRule(path: t.clientVPNEndpoints[0].path, destination: IPv4Prefix("192.168.2.0/24")!, accessGroup: "web"))
            t.clientVPNEndpoints[0].users[0].groups = ["web"]
            t.clientVPNEndpoints[0].connectHandler = nil
        }
        let nft = try #require(p.files.first { $0.path.hasSuffix("/client-vpn.nft") }).contents
        let lines = nft.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let member = try #require(lines.firstIndex(of: "iifname \"tun0\" ip saddr { \(c.users[0].clientAddress) } ip daddr 192.168.2.0/24 accept"))
        let others = try #require(lines.firstIndex(of: "iifname \"tun0\" ip daddr 192.168.2.0/24 drop"))
        let all = try #require(lines.firstIndex(of: "iifname \"tun0\" ip daddr 192.168.0.0/16 accept"))
        #expect(member < others && others < all)
        // Without a connect handler the server runs no script.
        #expect(!(p.files.first { $0.path.hasSuffix("/server.conf") }?.contents.contains("client-connect") ?? true))
    }

    /// The shared case table of the connect policy (S3: Mon–Fri in Asia/Seoul, from 72.21.0.0/16):
    /// the lab's prediction is the simulator's — the policy's verdict, then `trace --from user:…
    /// --at …` through the endpoint, the transit gateway and the VPN to the IDC's web server.
    @Test(arguments: TestPKI.policyCases)
    func theLabPredictsWithTheSimulator(_ c: TestPKI.PolicyCase) throws {
        let (_, p, s) = try s3()
        let user = try #require(s.users.first { $0.publicIP.description == c.source })
        let at = try #require(ISO8601Moment.parse(c.at))
        let prediction = LabTester(runner: LabRunner(), plan: p).predict(user, s, at)
        #expect(prediction.admitted == c.admit, "\(prediction.reason ?? "")")
        let websrv = try #require(prediction.paths.first { $0.address == IPv4Address(192, 168, 2, 20) })
        #expect(websrv.reachable == c.admit && websrv.to == "host:websrv")
        if !c.admit { #expect(websrv.reason == "connection-refused") }
        // web1 only lets the IDC in: the endpoint's interface (10.0.1.254) is not, and no rule authorizes the VPC.
        #expect(prediction.paths.first { $0.address == IPv4Address(10, 0, 10, 10) }?.reachable == false)
    }

    /// The wrapper `client-connect` runs: the handler gets AWS's event with the client's public
    /// address, runs on the clock file's instant, and a refusal (or an unexpected answer) is a
    /// non-zero exit, which makes OpenVPN refuse the client.
    @Test(arguments: TestPKI.policyCases)
    func theWrapperRunsTheHandlerOnTheLabsClock(_ c: TestPKI.PolicyCase) throws {
        let (_, p, s) = try s3()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cvpn-wrapper-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for f in p.files where f.path.hasPrefix("\(p.directory)/x1/") {
            let path = dir + f.path.dropFirst("\(p.directory)/x1".count)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try f.contents.replacingOccurrences(of: "\(p.directory)/x1/", with: "\(dir)/").write(toFile: path, atomically: true, encoding: .utf8)
        }
        try c.at.write(toFile: "\(dir)/clock", atomically: true, encoding: .utf8)
        let r = try ProcessRunner().run(["env", "untrusted_ip=\(c.source)", "common_name=client1.domain.tld", "IV_PLAT=linux",
                                         "python3", "\(dir)/handler/client-connect.py", "\(dir)/ignored"])
        #expect((r.status == 0) == c.admit, "\(r.stderr)")
        let log = try String(contentsOfFile: "\(dir)/handler.jsonl", encoding: .utf8)
        let entry = try #require(try JSONSerialization.jsonObject(with: Data(log.utf8)) as? [String: Any])
        let event = try #require(entry["event"] as? [String: String])
        #expect(event["public-ip"] == c.source && event["common-name"] == "client1.domain.tld" && event["endpoint-id"] != nil)
        #expect(entry["allowed"] as? Bool == c.admit)
        _ = s
    }

    @Test func aHandlerThatFailsRefusesTheConnection() throws {
        let (_, p, _) = try s3()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cvpn-fail-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for f in p.files where f.path.hasPrefix("\(p.directory)/x1/handler/") || f.path.hasSuffix("/x1/clock") {
            let path = dir + f.path.dropFirst("\(p.directory)/x1".count)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try f.contents.replacingOccurrences(of: "\(p.directory)/x1/", with: "\(dir)/").write(toFile: path, atomically: true, encoding: .utf8)
        }
        // A handler that fails (here: it raises) answers nothing AWS accepts.
        try "def lambda_handler(event, context):\n    raise RuntimeError('boom')\n".write(toFile: "\(dir)/handler/lambda_function.py", atomically: true, encoding: .utf8)
        let r = try ProcessRunner().run(["env", "untrusted_ip=72.21.10.20", "python3", "\(dir)/handler/client-connect.py"])
        #expect(r.status == 1)
    }

    /// `lab test --format json` prints snake_case keys; the report reads back with every
    /// connection (names without acronyms survive the round trip).
    @Test func theReportsConnectionsSurviveSnakeCaseJSON() throws {
        var c = LabTestCase(name: "client-vpn", checks: [])
        c.remoteUsers = [LabClientVPNCheck(endpoint: "remote-access", user: "home-user", publicAddress: IPv4Address(203, 0, 113, 77),
                                           at: LabClientVPN.testInstants[0], predictedAdmitted: false, reason: "source", measuredAdmitted: false,
                                           detail: "connect handler: deny", pings: [])]
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        let back = try JSONDecoder.snake.decode(LabTestReport.self, from: e.encode(LabTestReport(lab: "v3", cases: [c])))
        #expect(back.cases.first?.remoteUsers == c.remoteUsers && back.checks == 1 && back.disagreements == 0)
    }

    /// AWS Client VPN administrator guide, "Client authorization" (security groups): an
    /// application's group admits the endpoint's traffic by naming the group applied to the
    /// endpoint; the lab's VPC firewall admits the endpoint's interfaces there.
    @Test func aGroupNamingTheEndpointsGroupAdmitsItsInterfaces() throws {
        let (_, p, _) = try s3 { t in
            let i = t.vpcs[0].securityGroups.firstIndex { $0.name == "web" }!
            var r = t.vpcs[0].securityGroups[i].ingress[0]
            r.peer = .securityGroup("client-vpn")
            t.vpcs[0].securityGroups[i].ingress.append(r)
        }
        let sg = try #require(p.files.first { $0.path.hasSuffix("/security-groups.nft") }).contents
        #expect(sg.contains("ip daddr 10.0.10.10 ip saddr 10.0.1.254 accept") && sg.contains("ip daddr 10.0.10.10 ip saddr 10.0.2.254 accept"))
    }
}
