import CausewayCore

/// The small topologies planner tests write inline, and their loading.
public enum TestTopology {
    /// The head they share: topology `name` in `region`, one BGP site `dc` (192.168.0.0/16, its
    /// device at 198.51.100.10 with AS 65000) and one VPC `app` (10.0.0.0/16, subnet `a`). What
    /// follows may continue `app` (its keys, such as `route_tables:`, four spaces in) or start a
    /// top-level key.
    public static func siteAndVPC(name: String, region: String) -> String {
        """
        name: \(name)
        region: \(region)
        sites:
          dc:
            cidrs: [192.168.0.0/16]
            gateway: {public_ip: 198.51.100.10, asn: 65000, routing: bgp}
        vpcs:
          app:
            cidr: 10.0.0.0/16
            subnets:
              a: {cidr: 10.0.1.0/24, az: \(region)a}

        """
    }

    public struct Refused: Error, CustomStringConvertible {
        public let description: String
    }

    /// `text` loaded and checked; throws the findings when it does not load or has an error.
    public static func load(_ text: String, file: String) throws -> Topology {
        let r = loadAndCheck(data: Array(text.utf8), file: file)
        guard let t = r.topology, !r.diagnostics.hasErrors else {
            throw Refused(description: "\(file) does not load cleanly: \(r.diagnostics.map(\.formatted))")
        }
        return t
    }
}
