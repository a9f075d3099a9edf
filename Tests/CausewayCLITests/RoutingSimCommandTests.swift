import Foundation
import Testing

/// The simulator verbs on prefix lists and a VPC peering (#14): `routes` shows a prefix-list
/// route with its list and the reported choice between two lists, `trace` and `matrix` show the
/// peering's non-transitive drop as a drop, in text and JSON.
@Suite struct RoutingSimCommandTests {
    static let yaml = """
    name: peered
    region: us-east-1
    sites:
      dc:
        cidrs: [192.168.0.0/16]
        gateway: {public_ip: 198.51.100.10, asn: 65001, routing: bgp, lan_address: 192.168.0.1}
    prefix_lists:
      shared-nets: {max_entries: 5, entries: [10.1.0.0/16]}
      dc-nets:
        max_entries: 5
        entries:
          - {cidr: 192.168.0.0/16, description: the data centre}
      also-shared: {max_entries: 5, entries: [10.1.0.0/16]}
    vpcs:
      app:
        cidr: 10.0.0.0/16
        internet_gateway: true
        subnets:
          a: {cidr: 10.0.1.0/24, az: us-east-1a}
        instances:
          web: {subnet: a, address: 10.0.1.10}
        route_tables:
          main:
            main: true
            propagations: [vgw]
            routes:
              - {prefix_list: shared-nets, target: pcx:shared}
              - {prefix_list: also-shared, target: igw}
      shared:
        cidr: 10.1.0.0/16
        subnets:
          a: {cidr: 10.1.1.0/24, az: us-east-1a}
        instances:
          db: {subnet: a, address: 10.1.1.10}
        route_tables:
          main:
            main: true
            routes:
              - {destination: 10.0.0.0/16, target: pcx:app-shared}
              - {destination: 192.168.0.0/16, target: pcx:app}
    vpc_peerings:
      app-shared: {vpc: app, peer_vpc: shared}
    vpn_gateways:
      vgw: {vpc: app}
    vpn_connections:
      vpn:
        customer_gateway: dc
        vpn_gateway: vgw
        routing: bgp
        tunnels:
          - {inside_cidr: 169.254.10.0/30, psk: {env: VPN_T1_PSK}}
          - {inside_cidr: 169.254.10.4/30, psk: {env: VPN_T2_PSK}}

    """

    static func file() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-routing-\(UUID().uuidString).yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func routesShowPrefixListRoutesAndTheChoice() throws {
        let f = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: f) }
        let text = try SimCLI.run(["routes", f, "--table", "app/main"])
        #expect(text.stdout.contains("prefix-list") && text.stdout.contains("pl:shared-nets") && text.stdout.contains("AWS picks one at random and keeps it"), "\(text.stdout)")
        let j = try SimCLI.json(try SimCLI.run(["routes", f, "--table", "app/main", "--format", "json"]))
        let routes = try #require(((j["tables"] as? [[String: Any]])?.first?["routes"]) as? [[String: Any]])
        let chosen = try #require(routes.first { $0["destination"] as? String == "10.1.0.0/16" && $0["selected"] as? Bool == true })
        #expect(chosen["origin"] as? String == "prefix-list" && chosen["next_hop"] as? String == "pcx:app-shared", "\(chosen)")
    }

    @Test func traceAndMatrixShowTheNonTransitiveDrop() throws {
        let f = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: f) }
        let t = try SimCLI.run(["trace", f, "--from", "10.1.1.10", "--to", "192.168.0.50"])
        #expect(t.status == 1 && t.stdout.contains("drop     vpc:app") && t.stdout.contains("peering-not-transitive"), "\(t.stdout)")
        let j = try SimCLI.json(try SimCLI.run(["trace", f, "--from", "10.1.1.10", "--to", "192.168.0.50", "--format", "json"]))
        #expect(j["reason"] as? String == "peering-not-transitive")
        let last = try #require((j["hops"] as? [[String: Any]])?.last)
        #expect(last["action"] as? String == "drop" && last["node"] as? String == "vpc:app", "\(last)")
        let m = try SimCLI.run(["matrix", f, "--format", "json"])
        #expect(m.stdout.contains("peering-not-transitive"), "\(m.stdout)")
        let ok = try SimCLI.run(["trace", f, "--from", "10.0.1.10", "--to", "10.1.1.10"])
        #expect(ok.status == 0, "\(ok.stdout)")
    }
}
