import Foundation
import Testing
@testable import CausewayAWS

@Suite struct VpnConfigurationImportTests {
    @Test func bgpConnectionWithTwoDifferentTunnels() throws {
        let config = try VpnConnectionConfiguration(document: try TestPaths.fixture("generic-bgp.xml"))
        #expect(config.connectionId == "vpn-0a1b2c3d4e5f60718")
        #expect(config.customerGatewayId == "cgw-0123456789abcdef0")
        #expect(config.vpnGatewayId == "vgw-0fedcba9876543210")
        #expect(config.type == "ipsec.1")
        #expect(config.usesBGP)
        #expect(config.tunnels.count == 2)
        let (one, two) = (config.tunnels[0], config.tunnels[1])
        #expect(one.cgwOutsideIP == "198.51.100.10")
        #expect(one.awsOutsideIP == "203.0.113.21")
        #expect(two.awsOutsideIP == "203.0.113.87")
        #expect(one.cgwInsideAddress == "169.254.10.2")
        #expect(one.awsInsideAddress == "169.254.10.1")
        #expect(one.insideCIDR == "169.254.10.0/30")
        #expect(two.insideCIDR == "169.254.11.4/30")
        #expect(one.preSharedKey.revealed == "Tunnel1.Key_aB3dE5fG7hJ9")
        #expect(two.preSharedKey.revealed == "Tunnel2_Key.zY8xW6vU4tS2")
        #expect(one.cgwASN == 65010)
        #expect(one.awsASN == 64512)
        #expect(one.holdTimeSeconds == 30)
        #expect(one.ike == IKEParameters(authenticationProtocol: "sha1", encryptionProtocol: "aes-128-cbc",
                                         lifetimeSeconds: 28800, perfectForwardSecrecy: "group2", mode: "main"))
        #expect(one.ipsec.protocol == "esp")
        #expect(one.ipsec.authenticationProtocol == "hmac-sha1-96")
        #expect(one.ipsec.lifetimeSeconds == 3600)
        #expect(one.ipsec.clearDFBit == true)
        #expect(one.ipsec.fragmentationBeforeEncryption == true)
        #expect(one.ipsec.tcpMSSAdjustment == 1379)
        #expect(one.ipsec.dpdDelaySeconds == 10)
        #expect(one.ipsec.dpdRetries == 3)
    }

    /// IPv6 outer tunnel addresses (OutsideIpAddressType Ipv6): the configuration's outside
    /// addresses are IPv6 and are read in RFC 5952 form; the inside ones stay IPv4.
    @Test func ipv6OuterAddressesAreRead() throws {
        let doc = try TestPaths.fixture("generic-bgp.xml")
            .replacingOccurrences(of: "<ip_address>198.51.100.10</ip_address>", with: "<ip_address>2001:DB8:51:0::10</ip_address>")
            .replacingOccurrences(of: "<ip_address>203.0.113.21</ip_address>", with: "<ip_address>2600:1f18:0:0:0:0:0:21</ip_address>")
        let one = try VpnConnectionConfiguration(document: doc).tunnels[0]
        #expect(one.cgwOutsideIP == "2001:db8:51::10" && one.awsOutsideIP == "2600:1f18::21")
        #expect(one.awsInsideAddress == "169.254.10.1")
    }

    @Test func staticConnectionHasNoBGP() throws {
        let config = try VpnConnectionConfiguration(document: try TestPaths.fixture("generic-static.xml"))
        #expect(!config.usesBGP)
        #expect(config.attributes == "NoBGPVPNConnection")
        #expect(config.tunnels.map(\.cgwASN) == [nil, nil])
        #expect(config.tunnels.map(\.insideCIDR) == ["169.254.20.8/30", "169.254.21.12/30"])
        #expect(config.tunnels[0].preSharedKey != config.tunnels[1].preSharedKey)
    }

    @Test func motoTemplate() throws {
        let config = try VpnConnectionConfiguration(document: try TestPaths.fixture("moto-template.xml"))
        #expect(config.vpnGatewayId == "vgw-1a2b3c4d") // moto pads it with spaces
        #expect(config.tunnels.count == 2)
        #expect(config.tunnels[0].cgwOutsideIP == "12.1.2.3")
        #expect(config.tunnels[0].insideCIDR == "169.254.44.40/30")
        #expect(config.tunnels[0].awsASN == 7224)
        #expect(config.tunnels[0].ipsec.tcpMSSAdjustment == 1387)
    }

    @Test func entityEscapedInsideDescribeResponse() throws {
        let response = try TestPaths.fixture("describe-vpn-connections.xml")
        #expect(response.contains("&lt;vpn_connection"))
        let all = try VpnConnectionConfiguration.all(in: response)
        #expect(all.count == 1)
        #expect(all[0].tunnels[1].awsOutsideIP == "203.0.113.87")
        #expect(try VpnConnectionConfiguration(document: response) == all[0])

        // The escaped text on its own (copied out of a raw response) reads the same.
        let tree = try XMLTree.parse(response)
        let escaped = try #require(response.range(of: "&lt;?xml")).lowerBound
        let end = try #require(response.range(of: "</customerGatewayConfiguration>")).lowerBound
        #expect(try VpnConnectionConfiguration(document: String(response[escaped..<end])) == all[0])

        // And the typed describe decoding exposes it too.
        let item = try #require(tree.items("vpnConnectionSet").first)
        let connection = try #require(VpnConnection(xml: item))
        #expect(try connection.configuration() == all[0])
        #expect(connection.tunnelOptions.first?.phase1DHGroupNumbers == [14, 20])
        #expect(connection.tunnelOptions.first?.ikeVersions == ["ikev2"])
        #expect(connection.telemetry.map(\.status) == ["UP", "DOWN"])
        #expect(!"\(connection)".contains("Tunnel1.Key_aB3dE5fG7hJ9"))
    }

    @Test func secretsNeverPrint() throws {
        let config = try VpnConnectionConfiguration(document: try TestPaths.fixture("generic-bgp.xml"))
        var dumped = ""
        dump(config, to: &dumped)
        for text in ["\(config)", String(reflecting: config), dumped] {
            #expect(!text.contains("Tunnel1.Key_aB3dE5fG7hJ9"))
            #expect(!text.contains("Tunnel2_Key.zY8xW6vU4tS2"))
        }
    }

    static let malformed: [(name: String, edit: @Sendable (String) -> String, expect: String)] = [
        ("not XML", { _ in "this is not <xml" }, "not well-formed XML"),
        ("wrong root", { _ in "<config><foo/></config>" }, "found <config>"),
        ("one tunnel", { doc in
            let first = doc.range(of: "<ipsec_tunnel>")!.lowerBound
            let second = doc.range(of: "<ipsec_tunnel>", range: doc.index(after: first)..<doc.endIndex)!.lowerBound
            let end = doc.range(of: "</vpn_connection>")!.lowerBound
            return String(doc[..<second]) + String(doc[end...])
        }, "1 <ipsec_tunnel>"),
        ("missing PSK", { $0.replacingOccurrences(of: "<pre_shared_key>Tunnel1.Key_aB3dE5fG7hJ9</pre_shared_key>", with: "") },
         "vpn_connection/ipsec_tunnel[1]/ike/pre_shared_key"),
        ("bad outside IP", { $0.replacingOccurrences(of: "203.0.113.87", with: "203.0.113.870") },
         "ipsec_tunnel[2]/vpn_gateway/tunnel_outside_address/ip_address = '203.0.113.870'"),
        ("not a /30", { $0.replacingOccurrences(of: "<network_cidr>30</network_cidr>", with: "<network_cidr>29</network_cidr>") },
         "network_cidr = '29', expected 30"),
        ("inside addresses in different /30s", { $0.replacingOccurrences(of: "169.254.10.1<", with: "169.254.12.1<") },
         "expected another address in the customer gateway's /30 169.254.10.0/30"),
        ("missing id", { $0.replacingOccurrences(of: " id=\"vpn-0a1b2c3d4e5f60718\"", with: "") }, "vpn_connection/@id"),
        ("bad lifetime", { $0.replacingOccurrences(of: "<lifetime>28800</lifetime>", with: "<lifetime>eight hours</lifetime>") },
         "ike/lifetime = 'eight hours', expected a whole number"),
        ("BGP on one side only", { doc in
            doc.replacingOccurrences(of: "<asn>65010</asn>", with: "")
        }, "customer_gateway/bgp/asn"),
    ]

    @Test(arguments: 0..<malformed.count) func malformedDocumentsGiveClearErrors(index: Int) throws {
        let testCase = Self.malformed[index]
        let document = testCase.edit(try TestPaths.fixture("generic-bgp.xml"))
        do {
            _ = try VpnConnectionConfiguration(document: document)
            Issue.record("\(testCase.name): parsed without error")
        } catch let error as VpnConfigurationError {
            #expect("\(error)".contains(testCase.expect), "\(testCase.name): \(error)")
            #expect(!"\(error)".contains("Tunnel1.Key_aB3dE5fG7hJ9") && !"\(error)".contains("Tunnel2_Key"))
        }
    }
}
