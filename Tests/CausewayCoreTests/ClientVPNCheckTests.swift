import Foundation
import Testing
@testable import CausewayCore

/// A clean Client VPN topology: the TGW base with a second subnet and endpoint `remote` (split
/// tunnel, both subnets associated, the IDC authorized and routed through both, a weekday
/// connect handler, user `alice`). The broken examples under examples/broken/client-vpn-*.yaml
/// are this file with one thing wrong.
enum ClientVPNFixtures {
    static let base = """
    name: cvpn-base
    region: ap-northeast-2
    
    sites:
      dc:
        cidrs: [192.168.0.0/16]
        gateway:
          public_ip: 198.51.100.10
          asn: 65000
          routing: bgp
    
    vpcs:
      app:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}
          c: {cidr: 10.0.2.0/24, az: ap-northeast-2c}
        route_tables:
          main:
            main: true
            routes:
              - {destination: 192.168.0.0/16, target: tgw}
        security_groups:
          client-vpn:
            egress:
              - {protocol: all, destination: 0.0.0.0/0}
    
    transit_gateways:
      tgw:
        attachments:
          app-att: {vpc: app, subnets: [a, c]}
    
    vpn_connections:
      vpn:
        customer_gateway: dc
        transit_gateway: tgw
        routing: bgp
        tunnels:
          - {inside_cidr: 169.254.10.0/30, psk: {env: VPN_T1_PSK}}
          - {inside_cidr: 169.254.10.4/30, psk: {env: VPN_T2_PSK}}
    
    client_vpn_endpoints:
      remote:
        vpc: app
        client_cidr_block: 172.16.0.0/22
        server_certificate: {common_name: server}
        authentication: {type: certificate-authentication, client_root_certificate: {common_name: ca}}
        split_tunnel: true
        target_networks: [a, c]
        security_groups: [client-vpn]
        authorization_rules:
          - {destination: 192.168.0.0/16, all_users: true}
        routes:
          - {destination: 192.168.0.0/16, target_subnet: a}
          - {destination: 192.168.0.0/16, target_subnet: c}
        client_connect_handler:
          function_name: AWSClientVPN-weekdays
          policy: {weekdays: [mon, tue, wed, thu, fri], source_cidrs: [72.21.0.0/16], time_zone: Asia/Seoul}
        users:
          alice: {public_ip: 72.21.10.20}

    """

    static func edit(_ pairs: (String, String)...) throws -> String {
        var s = base
        for (old, new) in pairs { s = try s.replacing1(old, new) }
        return s
    }

    /// The closest valid topology for each Client VPN rule (RuleTests reads them).
    static let nearMisses: [String: @Sendable () throws -> String] = [
        "client-vpn-cidr-size": { try edit(("client_cidr_block: 172.16.0.0/22", "client_cidr_block: 172.16.0.0/12")) },
        "client-vpn-cidr-overlap": { try edit(("client_cidr_block: 172.16.0.0/22", "client_cidr_block: 10.1.0.0/22")) },
        "client-vpn-subnet-az": { base },
        "client-vpn-no-target-network": { try edit(("target_networks: [a, c]", "target_networks: [a]"), ("      - {destination: 192.168.0.0/16, target_subnet: c}\n", "")) },
        "client-vpn-route-subnet": { base },
        "client-vpn-route-unauthorized": { try edit(("      - {destination: 192.168.0.0/16, all_users: true}", "      - {destination: 192.168.2.0/24, all_users: true}")) },
        "client-vpn-authorization-unrouted": { try edit(("      - {destination: 192.168.0.0/16, all_users: true}\n", "      - {destination: 192.168.0.0/16, all_users: true}\n      - {destination: 10.0.0.0/16, all_users: true}\n")) },
        "client-vpn-full-tunnel": { try fullTunnelWithInternet() },
        "client-vpn-handler-name": { base },
        "client-vpn-option-invalid": { try edit(("    split_tunnel: true\n", "    split_tunnel: true\n    vpn_port: 1194\n    session_timeout_hours: 8\n    dns_servers: [10.0.1.250, 10.0.2.250]\n")) },
        "client-vpn-certificate-key": { try edit(("server_certificate: {common_name: server}", "server_certificate: {common_name: server, key_type: rsa-2048}")) },
        "client-vpn-user-address": { try edit(("alice: {public_ip: 72.21.10.20}", "alice: {public_ip: 203.0.113.77}")) },
        "client-vpn-group-empty": { try edit(("{destination: 192.168.0.0/16, all_users: true}", "{destination: 192.168.0.0/16, access_group_id: engineering}"),
                                             ("alice: {public_ip: 72.21.10.20}", "alice: {public_ip: 72.21.10.20, groups: [engineering]}")) },
    ]

    /// Split tunnel off, with what keeps the users' internet: an authorized 0.0.0.0/0 route
    /// through both subnets, whose route table sends 0.0.0.0/0 to the internet gateway.
    static func fullTunnelWithInternet() throws -> String {
        try edit(("    split_tunnel: true\n", "    split_tunnel: false\n"),
                 ("    cidr: 10.0.0.0/16\n", "    cidr: 10.0.0.0/16\n    internet_gateway: true\n"),
                 ("          - {destination: 192.168.0.0/16, target: tgw}\n", "          - {destination: 192.168.0.0/16, target: tgw}\n          - {destination: 0.0.0.0/0, target: igw}\n"),
                 ("      - {destination: 192.168.0.0/16, all_users: true}\n", "      - {destination: 192.168.0.0/16, all_users: true}\n      - {destination: 0.0.0.0/0, all_users: true}\n"),
                 ("      - {destination: 192.168.0.0/16, target_subnet: c}\n", "      - {destination: 192.168.0.0/16, target_subnet: c}\n      - {destination: 0.0.0.0/0, target_subnet: a}\n      - {destination: 0.0.0.0/0, target_subnet: c}\n"))
    }
}

/// Client VPN's check rules beyond the broken example and near miss of each (RuleTests).
@Suite struct ClientVPNCheckTests {
    @Test func baseIsClean() {
        let r = Fixtures.check(ClientVPNFixtures.base)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.formatted))")
    }

    /// S3's endpoint is what the document built: no Client VPN finding on it.
    @Test func s3HasNoClientVPNFinding() {
        let r = Fixtures.check(Fixtures.example("s3-tgw-bgp-strongswan"), file: "s3.yaml")
        #expect(!r.diagnostics.contains { $0.rule.hasPrefix("client-vpn-") }, "\(r.diagnostics.map(\.formatted))")
        #expect(!r.diagnostics.contains { $0.severity == .error })
    }

    /// The VPC's own CIDR is routed through each association by AWS (AWS Client VPN administrator
    /// guide, "AWS Client VPN routes": associating a subnet adds the VPC's route), so a rule for it
    /// needs no written route — but only once a subnet is associated.
    @Test func theVPCRouteComesWithAnAssociation() throws {
        let rule = "client-vpn-authorization-unrouted"
        let vpcRule = try ClientVPNFixtures.edit(("      - {destination: 192.168.0.0/16, all_users: true}\n", "      - {destination: 192.168.0.0/16, all_users: true}\n      - {destination: 10.0.1.0/24, all_users: true}\n"))
        #expect(!Fixtures.check(vpcRule).rules.contains(rule))
        let unassociated = try vpcRule.replacing1("    target_networks: [a, c]\n", "").replacing1("      - {destination: 192.168.0.0/16, target_subnet: a}\n      - {destination: 192.168.0.0/16, target_subnet: c}\n", "")
        #expect(Fixtures.check(unassociated).rules.contains(rule))
    }

    /// Split tunnel off is only warned when the users' internet would stop: with an authorized
    /// 0.0.0.0/0 route through a subnet whose table reaches a NAT or internet gateway it is not
    /// (AWS Client VPN administrator guide, "Split-tunnel on Client VPN endpoints").
    @Test func fullTunnelNeedsEveryPartOfTheInternetPath() throws {
        let rule = "client-vpn-full-tunnel"
        let good = try ClientVPNFixtures.fullTunnelWithInternet()
        #expect(!Fixtures.check(good).rules.contains(rule))
        #expect(Fixtures.check(try good.replacing1("      - {destination: 0.0.0.0/0, all_users: true}\n", "")).rules.contains(rule))
        #expect(Fixtures.check(try good.replacing1("          - {destination: 0.0.0.0/0, target: igw}\n", "")).rules.contains(rule))
    }

    @Test func danglingNamesAreReportedAtTheirLines() throws {
        let text = try ClientVPNFixtures.edit(("target_networks: [a, c]", "target_networks: [a, c, z]"), ("security_groups: [client-vpn]", "security_groups: [client-vpm]"))
        let d = Fixtures.check(text).diagnostics.filter { $0.rule == "dangling-reference" }
        #expect(d.contains { $0.message.contains("subnet `z`") })
        #expect(d.contains { $0.message.contains("security group `client-vpm`") && $0.message.contains("client-vpn") })
    }
}
