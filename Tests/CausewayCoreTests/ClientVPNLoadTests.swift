import Testing
@testable import CausewayCore

/// `client_vpn_endpoints:`, read in the words of CreateClientVpnEndpoint (EC2 API reference,
/// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateClientVpnEndpoint.html).
@Suite struct ClientVPNLoadTests {
    func load(_ text: String) -> LoadResult { Loader.load(text: text, file: "t.yaml") }

    static let vpc = """
    name: t
    region: ap-northeast-2
    vpcs:
      v:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}
          c: {cidr: 10.0.2.0/24, az: ap-northeast-2c}

    """

    func endpoint(_ body: String) -> String {
        Self.vpc + "client_vpn_endpoints:\n  cvpn:\n" + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
    }

    static let minimal = """
    vpc: v
    client_cidr_block: 172.16.0.0/22
    server_certificate: {common_name: server}
    authentication: {type: certificate-authentication, client_root_certificate: {common_name: ca}}
    """

    @Test func s3ModelsTheDocumentsClientVPN() throws {
        let r = load(Fixtures.example("s3-tgw-bgp-strongswan"))
        #expect(!r.diagnostics.contains { $0.rule == "not-modelled" })
        let e = try #require(r.topology?.clientVPNEndpoint("remote-access"))
        #expect(e.clientCIDR.description == "172.16.0.0/22")
        #expect(e.splitTunnel && e.transportProtocol == .udp && e.vpnPort == 443)
        #expect(e.serverCertificate.generated?.commonName == "server")
        #expect(e.authentication.clientRootCertificate?.generated?.commonName == "Easy-RSA CA")
        #expect(e.targetNetworks.map(\.subnet) == ["private-a", "private-c"])
        #expect(e.routes.map(\.targetSubnet) == ["private-a", "private-c"])
        #expect(e.authorizationRules.first?.allUsers == true)
        let h = try #require(e.connectHandler)
        #expect(h.functionName.hasPrefix(AWSNumbers.ClientVPN.connectHandlerPrefix))
        #expect(h.policy.weekdays == [.mon, .tue, .wed, .thu, .fri])
        #expect(h.policy.timeZone == "Asia/Seoul")
        #expect(e.users.map(\.name) == ["client1.domain.tld", "home-user"])
        let keys = AWSResources(try #require(r.topology)).clientVPN.map(\.key)
        #expect(keys.first == "acm/remote-access/server")
        #expect(keys.contains("client-vpn/remote-access/route/private-c/192.168.0.0/16"))
    }

    @Test func defaultsAreAWSs() throws {
        let e = try #require(load(endpoint(Self.minimal)).topology?.clientVPNEndpoint("cvpn"))
        #expect(!e.splitTunnel && e.vpnPort == 443 && e.sessionTimeoutHours == 24 && e.transportProtocol == .udp)
    }

    @Test func missingPartsAreDiagnosedWhereTheEndpointIs() {
        let text = endpoint("vpc: v\nclient_cidr_block: 172.16.0.0/22")
        let r = load(text)
        let cvpnLine = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "  cvpn:" }.map { $0 + 1 }
        let ds = r.diagnostics.filter { $0.rule == "invalid-value" }
        #expect(ds.contains { $0.message.contains("server_certificate") && $0.location.line == cvpnLine })
        #expect(ds.contains { $0.message.contains("authentication") })
        #expect(!r.diagnostics.contains { $0.rule == "unknown-key" })
    }

    @Test func directoryAuthenticationIsReadNotModelled() {
        let r = load(endpoint(Self.minimal.replacingOccurrences(of: "{type: certificate-authentication, client_root_certificate: {common_name: ca}}", with: "{type: directory-service-authentication, active_directory_id: d-1234567890}")))
        #expect(r.diagnostics.contains { $0.rule == "not-modelled" })
        #expect(!r.diagnostics.contains { $0.severity == .error })
    }

    @Test(arguments: [
        ("{common_name: server, arn: arn:aws:acm:ap-northeast-2:123456789012:certificate/x}", "more than one"),
        ("{key_type: rsa-2048}", "none"),
        ("{arn: not-an-arn}", "ACM certificate ARN"),
        ("{common_name: server, key_type: dsa-1024}", "not one of"),
    ])
    func badCertificatesAreDiagnosed(_ cert: String, _ says: String) {
        let r = load(endpoint(Self.minimal.replacingOccurrences(of: "server_certificate: {common_name: server}", with: "server_certificate: \(cert)")))
        #expect(r.diagnostics.contains { $0.severity == .error && $0.message.contains(says) })
    }

    @Test func policyValues() throws {
        let base = endpoint(Self.minimal + "\nclient_connect_handler:\n  function_name: AWSClientVPN-x\n  policy: {hours: \"HOURS\", time_zone: ZONE, weekdays: [mon, DAY]}")
        let ok = load(base.replacingOccurrences(of: "HOURS", with: "09:00-18:00").replacingOccurrences(of: "ZONE", with: "Asia/Seoul").replacingOccurrences(of: "DAY", with: "fri"))
        let p = try #require(ok.topology?.clientVPNEndpoint("cvpn")?.connectHandler?.policy)
        #expect(p.hours?.start == 540 && p.hours?.end == 1080 && p.hours?.description == "09:00-18:00")
        for (h, z, d) in [("18:00-09:00", "UTC", "fri"), ("09:00-18:00", "Asia Seoul", "fri"), ("09:00-18:00", "UTC", "friday"), ("9-18", "UTC", "mon")] {
            let r = load(base.replacingOccurrences(of: "HOURS", with: h).replacingOccurrences(of: "ZONE", with: z).replacingOccurrences(of: "DAY", with: d))
            #expect(r.diagnostics.contains { $0.rule == "invalid-value" }, "\(h) \(z) \(d)")
        }
    }

    @Test func theOldSectionNameSaysWhatItIsNow() {
        let r = load(Self.vpc + "client_vpn:\n  client_cidr: 172.16.0.0/22\n")
        #expect(r.diagnostics.contains { $0.rule == "unknown-key" && $0.message.contains("client_vpn_endpoints") })
    }
}
