/// Topologies with prefix lists and peerings, valid: the near misses of their rules.
extension Fixtures {
    /// `base` with a second VPC `db` peered with `app`, a prefix list route in `app`'s table to
    /// the peering, and the lists given.
    static func peered(lists: String = "  db-nets: {max_entries: 5, entries: [10.1.0.0/16]}\n", extraRoutes: String = "") throws -> String {
        try base.replacing1("        propagations: [vgw]\n", "        propagations: [vgw]\n        routes:\n          - {prefix_list: db-nets, target: pcx:db}\n\(extraRoutes)")
            .replacing1("vpn_gateways:", """
              db:
                cidr: 10.1.0.0/16
                subnets:
                  d: {cidr: 10.1.0.0/24, az: ap-northeast-2a}
                route_tables:
                  main: {main: true, routes: [{destination: 10.0.0.0/16, target: pcx:app}]}
            prefix_lists:
            \(lists)vpc_peerings:
              app-db: {vpc: app, peer_vpc: db}
            vpn_gateways:
            """)
    }

    /// `baseTGW` with a second transit gateway in another Region, peered, static routes both ways.
    static let tgwPeered = baseTGW.replacingOccurrences(of: "      app-att: {vpc: app, subnets: [a]}\n", with: """
              app-att: {vpc: app, subnets: [a]}
            route_tables:
              default:
                default: true
                routes:
                  - {destination: 10.2.0.0/16, attachment: east-west}
          tgw-west:
            region: us-west-2
            asn: 64513
            attachments:
              west-att: {vpc: west, subnets: [w]}
            route_tables:
              default:
                default: true
                routes:
                  - {destination: 10.0.0.0/16, attachment: east-west}
        transit_gateway_peerings:
          east-west: {transit_gateway: tgw, peer_transit_gateway: tgw-west}

        """).replacingOccurrences(of: "          - {destination: 192.168.0.0/16, target: tgw}\n", with: """
                  - {destination: 192.168.0.0/16, target: tgw:tgw}
                  - {destination: 10.2.0.0/16, target: tgw:tgw}
          west:
            cidr: 10.2.0.0/16
            subnets:
              w: {cidr: 10.2.0.0/24, az: us-west-2a}
            route_tables:
              main: {main: true, routes: [{destination: 10.0.0.0/16, target: tgw:tgw-west}]}

        """)
}
