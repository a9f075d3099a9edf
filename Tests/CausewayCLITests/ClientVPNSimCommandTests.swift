import Foundation
import Testing

/// `trace` and `matrix` with S3's Client VPN remote users (AWS Client VPN administrator guide, "How
/// AWS Client VPN works" and "Client connect handler").
@Suite struct ClientVPNSimCommandTests {
    static let s3 = "examples/s3-tgw-bgp-strongswan.yaml"

    /// The acceptance trace: client1 reaches websrv through the endpoint, the TGW and the VPN.
    @Test func userReachesOnPrem() throws {
        let r = try SimCLI.run(["trace", Self.s3, "--from", "user:client1.domain.tld", "--to", "websrv", "--at", "2026-12-07T10:00+09:00"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        for part in ["handler AWSClientVPN-weekday-ip-policy", "cvpn:remote-access route table", "source NAT 172.16.0.2 → 10.0.1.254", "tgw:tgw/default", "vpn/1", "host websrv 192.168.2.20"] {
            #expect(r.stdout.contains(part), "\(part) missing:\n\(r.stdout)")
        }
        let j = try SimCLI.json(try SimCLI.run(["trace", Self.s3, "--from", "cvpn:remote-access/client1.domain.tld", "--to", "192.168.2.20", "--at", "2026-12-07T01:00Z", "--format", "json"]))
        let kinds = (j["hops"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        #expect(kinds.prefix(3) == ["remote-user", "connect-handler", "client-vpn-endpoint"], "\(kinds)")
        #expect(j["reachable"] as? Bool == true)
    }

    @Test func refusedConnectionsExitOne() throws {
        var r = try SimCLI.run(["trace", Self.s3, "--from", "user:home-user", "--to", "websrv", "--at", "2026-12-07T10:00+09:00"])
        #expect(r.status == 1 && r.stdout.contains("unreachable: connection-refused"), "\(r.stdout)")
        r = try SimCLI.run(["trace", Self.s3, "--from", "user:client1.domain.tld", "--to", "websrv", "--at", "2026-12-05T10:00+09:00"])
        #expect(r.status == 1 && r.stdout.contains("connection-refused") && r.stdout.contains("sat 10:00 in Asia/Seoul"), "\(r.stdout)")
    }

    @Test(arguments: [["--at", "2026-12-07T10:00"], ["--at", "monday"], ["--from", "user:nobody"], ["--to", "nowhere"]])
    func badInputExitsTwo(_ bad: [String]) throws {
        var args = ["trace", Self.s3, "--from", "user:client1.domain.tld", "--to", "websrv"]
        if let i = args.firstIndex(of: bad[0]) { args[i + 1] = bad[1] } else { args += bad }
        let r = try SimCLI.run(args)
        #expect(r.status == 2, "\(args): \(r.stdout)\n\(r.stderr)")
    }

    /// Both tunnels down: the user's path to on-prem breaks as any source's does.
    @Test func failedTunnelsBreakTheUsersPath() throws {
        let r = try SimCLI.run(["trace", Self.s3, "--from", "user:client1.domain.tld", "--to", "websrv", "--at", "2026-12-07T10:00+09:00", "--fail", "vpn/1", "--fail", "vpn/2"])
        #expect(r.status == 1 && !r.stdout.contains("connection-refused"), "\(r.stdout)")
    }

    @Test func matrixListsRemoteUsers() throws {
        let r = try SimCLI.run(["matrix", Self.s3, "--at", "2026-12-07T10:00+09:00"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("remote users at 2026-12-07T01:00:00Z"), "\(r.stdout)")
        #expect(r.stdout.contains("user:client1.domain.tld  site:idc"), "\(r.stdout)")
        let j = try SimCLI.json(try SimCLI.run(["matrix", Self.s3, "--at", "2026-12-07T10:00+09:00", "--format", "json"]))
        let users = j["remote_users"] as? [[String: Any]] ?? []
        #expect(users.contains { $0["from"] as? String == "user:client1.domain.tld" && $0["to"] as? String == "site:idc" && $0["reachable"] as? Bool == true })
        #expect(users.contains { $0["from"] as? String == "user:home-user" && $0["reason"] as? String == "connection-refused" })
        let s4 = try SimCLI.json(try SimCLI.run(["matrix", "examples/s4-tgw-segmentation.yaml", "--format", "json"]))
        #expect(s4["remote_users"] == nil, "no key without users")
    }
}
