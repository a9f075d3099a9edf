import CausewayCore

/// BIND 9 for each on-premises DNS server of a site (`dns_servers`), like S3's DNSSRV:
/// `named.conf` with the options (recursion, default forwarders, `forward only`), one forward
/// zone per `forward_zones` entry (the inbound endpoint's IPs), and the zones it serves with a
/// zone file each (BIND 9 Administrator Reference Manual, "zone" and "forwarders"). Sites
/// without DNS servers get no files.
public struct BIND: SiteRenderer {
    public let target = "bind"
    public init() {}

    public func render(site: Site, in topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        site.dnsServers.flatMap { server in
            let dir = "sites/\(site.name)/bind/\(server.name)"
            return [RenderedFile(path: "\(dir)/named.conf", contents: namedConf(server, topology))]
                + server.zones.map { RenderedFile(path: "\(dir)/db.\($0.name.text)", contents: zoneFile($0, server, topology)) }
        }
    }

    /// Where the zone files go on the server (Debian's `bind9` layout).
    public static let zoneDirectory = "/etc/bind/causeway"

    public func namedConf(_ s: DNSServer, _ t: Topology) -> String {
        var l = Lines("//", banner: "BIND 9 configuration of DNS server `\(s.name)` (\(s.address)).", topology: t.name,
                                    install: "Install as /etc/bind/named.conf and the zone files in \(Self.zoneDirectory)/; check with `named-checkconf`.")
        l.add("options {")
        l.add("    directory \"/var/cache/bind\";")
        if s.forwarders.isEmpty && s.forwardZones.isEmpty {
            l.add("    // Authoritative only: no recursion for anyone.")
            l.add("    recursion no;")
        } else {
            l.add("    recursion yes;")
            if let clients = Self.recursionClients(s, t) {
                l.add("    // Recursion (forwarding) for the site's networks and the Route 53 Resolver outbound")
                l.add("    // endpoints that forward to this server; the zones it serves answer anyone.")
                l.add("    allow-recursion { \(clients.joined(separator: "; ")); };")
            }
        }
        l.add("    allow-query { any; };")
        if !s.forwarders.isEmpty {
            l.add("    forwarders { \(s.forwarders.map { "\($0);" }.joined(separator: " ")) };")
            l.add("    forward only;")
        }
        l.add("    dnssec-validation no;")
        l.add("};")
        for z in s.zones {
            l.add("")
            l.add("zone \"\(z.name.text)\" {")
            l.add("    type primary;")
            l.add("    file \"\(Self.zoneDirectory)/db.\(z.name.text)\";")
            l.add("};")
        }
        for z in s.forwardZones {
            l.add("")
            if let e = t.dns.resolverEndpoints.first(where: { e in e.direction == .inbound && e.ipAddresses.contains { z.forwarders.contains($0.ip) } }) {
                l.add("// To Route 53 Resolver inbound endpoint `\(e.name)` in VPC `\(e.vpc)`.")
            }
            l.add("zone \"\(z.name.text)\" {")
            l.add("    type forward;")
            l.add("    forward only;")
            // BIND 9 ARM, "forwarders": an address may name its port (`ADDRESS port N`).
            l.add("    forwarders { \(z.forwarders.map { a in z.ports[a].map { "\(a) port \($0);" } ?? "\(a);" }.joined(separator: " ")) };")
            l.add("};")
        }
        return l.text
    }

    /// Who may ask `s` to recurse: localhost, its site's networks, and the outbound endpoint
    /// addresses of the Resolver rules that forward to it (Route 53 developer guide, "Forwarding
    /// outbound DNS queries to your network": the queries come from the outbound endpoint's IPs).
    /// Nil for a server of no site (BIND's default then: localhost and local networks).
    static func recursionClients(_ s: DNSServer, _ t: Topology) -> [String]? {
        guard let site = t.sites.first(where: { $0.dnsServers.contains { $0.name == s.name && $0.address == s.address } }) else { return nil }
        let outbound = t.dns.resolverRules.filter { $0.targetIPs.contains { $0.ip == s.address } }
            .compactMap { $0.resolverEndpoint.flatMap(t.dns.endpoint) }
            .flatMap { $0.ipAddresses.map(\.ip.description) }
        return (["localhost"] + site.cidrs.map(\.description) + outbound).uniqued()
    }

    public func zoneFile(_ z: DNSServerZone, _ s: DNSServer, _ t: Topology) -> String {
        var l = Lines(";", banner: "Zone \(z.name) served by `\(s.name)`.", topology: t.name, install: "Check with `named-checkzone \(z.name.text) db.\(z.name.text)`.")
        l.add("$ORIGIN \(z.name.absolute)")
        l.add("$TTL \(AWSNumbers.Records.defaultTTL)")
        let ns = "ns.\(z.name.absolute)"
        l.add("@ IN SOA \(ns) hostmaster.\(z.name.absolute) (1 3600 600 604800 300)")
        l.add("@ IN NS \(ns)")
        if !z.records.contains(where: { $0.name.text == "ns.\(z.name.text)" }) {
            l.add("ns IN A \(s.address)")
        }
        for r in z.records {
            for v in r.values {
                let value: String
                switch v {
                case .text(let text): value = "\"\(text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
                default: value = v.description
                }
                l.add("\(r.name.relative(to: z.name)) \(r.ttl) IN \(r.type.api) \(value)")
            }
        }
        return l.text
    }
}
