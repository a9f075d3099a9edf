import Foundation
import Testing
import CausewayCore
@testable import CausewayAWS

/// `import aws-vpn-config` refuses a document that is not the topology's connection. The
/// document is AWS's generic customer gateway configuration
/// (https://docs.aws.amazon.com/vpn/latest/s2svpn/SetUpVPNConnections.html); the value rules
/// are the checker's, from the tunnel options page
/// (https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNTunnels.html: inside CIDR a /30 in
/// 169.254.0.0/16 minus the reserved blocks; pre-shared key 8–64 of letters, digits, `.`, `_`,
/// not starting with 0).
@Suite struct ImportFitTests {
    /// Fits generic-bgp.xml: customer gateway 198.51.100.10 with ASN 65010, a VGW with 64512.
    static let bgpTopology = """
    name: fit
    region: eu-west-1
    sites:
      dc:
        cidrs: [10.60.0.0/16]
        gateway:
          public_ip: 198.51.100.10
          asn: 65010
          ipsec: strongswan
          routing: bgp
    vpcs:
      aws:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.0.0/24, az: eu-west-1a}
        route_tables:
          rt:
            main: true
            subnets: [a]
            propagations: [vgw]
    vpn_gateways:
      vgw: {asn: 64512, vpc: aws}
    customer_gateways:
      cgw: {site: dc}
    vpn_connections:
      vpn:
        customer_gateway: cgw
        vpn_gateway: vgw
        routing: bgp

    """

    /// Fits generic-static.xml: customer gateway 198.51.100.20, static routing.
    static var staticTopology: String {
        bgpTopology.replacingOccurrences(of: "198.51.100.10", with: "198.51.100.20")
            .replacingOccurrences(of: "      routing: bgp", with: "      routing: static")
            .replacingOccurrences(of: "\n    routing: bgp", with: "\n    routing: static\n    static_routes: [10.60.0.0/16]")
    }

    static func topology(_ yaml: String) throws -> Topology {
        let r = loadAndCheck(data: Array(yaml.utf8), file: "fit.yaml")
        #expect(!r.diagnostics.hasErrors, "\(r.diagnostics.map(\.formatted))")
        return try #require(r.topology)
    }

    static func mismatches(_ document: String, _ yaml: String) throws -> [ConfigurationMismatch] {
        try VpnConnectionConfiguration(document: document).mismatches(with: topology(yaml), connection: "vpn")
    }

    static let bgp = { try! TestPaths.fixture("generic-bgp.xml") }()
    static let `static` = { try! TestPaths.fixture("generic-static.xml") }()
    static let keys = ["Tunnel1.Key_aB3dE5fG7hJ9", "Tunnel2_Key.zY8xW6vU4tS2", "static_one.Psk1234", "static_two.Psk5678"]

    static func expectNoKey(_ found: [ConfigurationMismatch], _ extra: [String] = []) {
        for m in found { for k in keys + extra { #expect(!m.description.contains(k), "a key was printed") } }
    }

    @Test func documentsThatFitAreAccepted() throws {
        #expect(try Self.mismatches(Self.bgp, Self.bgpTopology).isEmpty)
        #expect(try Self.mismatches(Self.static, Self.staticTopology).isEmpty)
    }

    @Test func staticIntoBGPAndBGPIntoStaticAreRefused() throws {
        let staticIntoBGP = try Self.mismatches(Self.static.replacingOccurrences(of: "198.51.100.20", with: "198.51.100.10"), Self.bgpTopology)
        try #require(staticIntoBGP.map(\.rule) == ["import-routing"])
        #expect(staticIntoBGP[0].description.contains("the document has static"))
        #expect(staticIntoBGP[0].description.contains("the topology `bgp` on `vpn`"))

        let bgpIntoStatic = try Self.mismatches(Self.bgp.replacingOccurrences(of: "198.51.100.10", with: "198.51.100.20"), Self.staticTopology)
        try #require(bgpIntoStatic.map(\.rule) == ["import-routing"])
        #expect(bgpIntoStatic[0].description.contains("the document has BGP"))
    }

    @Test func anotherCustomerGatewaysDocumentIsRefusedPerTunnel() throws {
        let found = try Self.mismatches(Self.bgp.replacingOccurrences(of: "198.51.100.10", with: "198.51.100.99"), Self.bgpTopology)
        #expect(found.map(\.rule) == ["import-customer-gateway-ip", "import-customer-gateway-ip"])
        #expect(found.map(\.tunnel) == [1, 2])
        #expect(found[0].description.contains("tunnel 1 customer gateway outside address: the document has 198.51.100.99, the topology 198.51.100.10"))
    }

    @Test func asnMismatchesAreRefused() throws {
        let cgw = try Self.mismatches(Self.bgp.replacingOccurrences(of: "<asn>65010</asn>", with: "<asn>65099</asn>"), Self.bgpTopology)
        #expect(cgw.map(\.field) == ["customer gateway ASN", "customer gateway ASN"])
        #expect(cgw[0].description.contains("the document has 65099, the topology 65010"))
        let amazon = try Self.mismatches(Self.bgp.replacingOccurrences(of: "<asn>64512</asn>", with: "<asn>64600</asn>"), Self.bgpTopology)
        #expect(amazon.map(\.field) == ["Amazon-side ASN", "Amazon-side ASN"])
        #expect(amazon[0].description.contains("the document has 64600, the topology 64512"))
    }

    @Test func aVPNGatewayDocumentForATransitGatewayConnectionIsRefused() throws {
        let tgw = Self.bgpTopology
            .replacingOccurrences(of: "vpn_gateways:\n  vgw: {asn: 64512, vpc: aws}\n",
                                  with: "transit_gateways:\n  tgw:\n    asn: 64512\n    attachments:\n      aws: {vpc: aws, subnets: [a]}\n      vpn-attachment: {vpn: vpn}\n")
            .replacingOccurrences(of: "propagations: [vgw]", with: "routes:\n          - {destination: 10.60.0.0/16, target: tgw}")
            .replacingOccurrences(of: "vpn_gateway: vgw", with: "transit_gateway: tgw")
        let found = try Self.mismatches(Self.bgp, tgw)
        #expect(found.map(\.rule) == ["import-gateway"])
        #expect(found[0].description.contains("virtual private gateway vgw-0fedcba9876543210"))
        #expect(found[0].description.contains("transit gateway `tgw`"))
    }

    @Test func insideCIDRsTheCheckerRejectsAreRefused() throws {
        // Tunnel 1 outside 169.254.0.0/16, tunnel 2 in a reserved block.
        let doc = Self.bgp
            .replacingOccurrences(of: "169.254.10.2", with: "10.255.10.2").replacingOccurrences(of: "169.254.10.1", with: "10.255.10.1")
            .replacingOccurrences(of: "169.254.11.6", with: "169.254.169.254").replacingOccurrences(of: "169.254.11.5", with: "169.254.169.253")
        let found = try Self.mismatches(doc, Self.bgpTopology)
        #expect(found.map(\.rule) == ["inside-cidr-range", "inside-cidr-reserved"])
        #expect(found.map(\.tunnel) == [1, 2])
        #expect(found[0].description.contains("inside CIDR: the document has 10.255.10.0/30, the topology left to AWS"))
        #expect(found[1].description.contains("169.254.169.252/30"))
    }

    @Test func bothTunnelsOnOneCIDRAreRefused() throws {
        let doc = Self.bgp.replacingOccurrences(of: "169.254.11.6", with: "169.254.10.2").replacingOccurrences(of: "169.254.11.5", with: "169.254.10.1")
        let found = try Self.mismatches(doc, Self.bgpTopology)
        #expect(found.map(\.rule) == ["inside-cidr-duplicate"])
    }

    @Test func keysAWSWouldNotAcceptAreRefusedWithoutPrintingThem() throws {
        let short = "Short_1", leadingZero = "0abcdefgh_ij", badCharacters = "abc-def+ghij"
        let doc = Self.bgp.replacingOccurrences(of: "Tunnel1.Key_aB3dE5fG7hJ9", with: short)
            .replacingOccurrences(of: "Tunnel2_Key.zY8xW6vU4tS2", with: leadingZero)
        let found = try Self.mismatches(doc, Self.bgpTopology)
        #expect(found.map(\.rule) == ["psk-length", "psk-leading-zero"])
        #expect(found.map(\.tunnel) == [1, 2])
        Self.expectNoKey(found, [short, leadingZero])

        let charset = try Self.mismatches(Self.bgp.replacingOccurrences(of: "Tunnel1.Key_aB3dE5fG7hJ9", with: badCharacters), Self.bgpTopology)
        #expect(charset.map(\.rule) == ["psk-charset"])
        Self.expectNoKey(charset, [badCharacters])
    }
}
