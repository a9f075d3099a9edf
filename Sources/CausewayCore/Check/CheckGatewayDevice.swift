/// The customer gateway host: tunnel marks and interfaces, forwarding on EC2, MTU and MSS,
/// and the address AWS needs for it.
public struct GatewayDeviceChecks: FindingsCheck {
    /// The rules this check reports, in the catalog's order.
    public struct Rules: RuleCatalogue {
        public let tunnelMarkDuplicate = Rule("tunnel-mark-duplicate", .error,
            "Two tunnels on one gateway device with the same XFRM mark / VTI key or the same tunnel interface name.",
            reference: "Linux XFRM/VTI: each route-based tunnel needs its own mark (okey/ikey) and interface; AWS Site-to-Site VPN user guide, Linux customer gateway examples")
        public let sourceDestCheck = Rule("source-dest-check", .warning,
            "An EC2 instance that forwards traffic (a route target, or a site gateway running on EC2) with source/destination check on.",
            reference: "Amazon EC2 user guide, Source/destination checks: \"you must disable source/destination checks\" on an instance that routes traffic (NAT, VPN)")
        public let mtuMSS = Rule("mtu-mss", .warning,
            "A gateway device tunnel MTU above 1446 or TCP MSS above 1406 (or an MSS that does not fit the MTU).",
            reference: "AWS Site-to-Site VPN user guide, Site-to-Site VPN quotas: Maximum transmission unit (\"an MTU of 1446 bytes and a corresponding maximum segment size (MSS) of 1406 bytes\")")
        public let cgwIPMissing = Rule("cgw-ip-missing", .error,
            "A customer gateway with no public IP: neither `ip` on it nor `public_ip` on its site's gateway.",
            reference: "EC2 API reference, CreateCustomerGateway: IpAddress of the customer gateway device's outside interface (required for pre-shared-key VPNs)")
        public let packageUnavailable = Rule("package-unavailable", .warning,
            "The gateway's OS release does not package a daemon the rendered files need (its IPsec implementation or FRR).",
            reference: "Amazon Linux 2023 package list (docs.aws.amazon.com/linux/al2023/release-notes/all-packages.html): no strongSwan, no FRR; EPEL (docs.fedoraproject.org/en-US/epel) does not support AL2023")
        public let osEndOfLife = Rule("os-end-of-life", .warning,
            "The gateway's OS release is past its vendor's end of support (no security updates; for CentOS 8 the package mirrors are gone).",
            reference: "Amazon Linux 2 FAQs (aws.amazon.com/amazon-linux-2/faqs): end of support 2026-06-30; CentOS Linux 8 end of life 2021-12-31 (centos.org)")
    }
    public static let rule = Rules()


    public init() {}

    func find(_ t: Topology, _ f: inout Findings) {
        for c in t.customerGateways where c.ipAddress == nil && t.vpnConnections.contains(where: { $0.customerGateway == c.name }) {
            let at = c.site.flatMap { t.site($0)?.gateway?.path } ?? c.path
            f.add(Self.rule.cgwIPMissing, "customer gateway `\(c.name)` has no public IP; AWS needs the device's outside address: set `public_ip` on the site's gateway or `ip` on the customer gateway", at: at)
        }
        for site in t.sites {
            guard let dev = site.gateway else { continue }
            var marks: [UInt32: DeviceTunnel] = [:], names: [String: DeviceTunnel] = [:]
            for d in dev.tunnels {
                let label = "tunnel \(d.index) of `\(d.connection)`"
                if let other = marks[d.mark] {
                    f.add(Self.rule.tunnelMarkDuplicate, "site `\(site.name)`'s gateway uses mark \(d.mark) for \(label) and for tunnel \(other.index) of `\(other.connection)`; the kernel cannot tell their traffic apart: give each tunnel its own mark (e.g. \(freeMark(dev)))", at: f.written("\(d.path).mark", d.path))
                } else {
                    marks[d.mark] = d
                }
                if let other = names[d.interface] {
                    f.add(Self.rule.tunnelMarkDuplicate, "site `\(site.name)`'s gateway names both \(label) and tunnel \(other.index) of `\(other.connection)` `\(d.interface)`; each tunnel needs its own interface", at: f.written("\(d.path).interface", d.path))
                } else {
                    names[d.interface] = d
                }
            }
            let platform = dev.platform
            let at = f.written("\(dev.path).os_version", "\(dev.path).os", dev.path)
            let release = "\(dev.os.rawValue) \(platform.version)"
            if case .unavailable(let why, let remedy) = platform.ipsec(dev.ipsec) {
                f.add(Self.rule.packageUnavailable, "site `\(site.name)`'s gateway runs \(dev.ipsec.rawValue) on \(release): \(why); \(remedy)", at: at)
            }
            if case .unavailable(let why, let remedy) = platform.frr {
                f.add(Self.rule.packageUnavailable, "site `\(site.name)`'s gateway needs FRR on \(release): \(why); \(remedy)", at: at)
            }
            if let eol = platform.endOfLife {
                f.add(Self.rule.osEndOfLife, "site `\(site.name)`'s gateway runs \(release): \(eol)", at: at)
            }
            if dev.sourceDestCheck == true {
                f.add(Self.rule.sourceDestCheck, "site `\(site.name)`'s gateway is an EC2 instance with source/destination check on; it drops the traffic it forwards for the site: set `source_dest_check: false` (and disable it on the instance)", at: "\(dev.path).source_dest_check")
            }
            if dev.tunnelMTU > 1446 {
                f.add(Self.rule.mtuMSS, "site `\(site.name)`'s gateway sets tunnel MTU \(dev.tunnelMTU); AWS carries at most 1446 bytes inside the tunnel: use 1446 or less (1436 is common)", at: f.written("\(dev.path).tunnel_mtu", dev.path))
            }
            if dev.tcpMSS > 1406 {
                f.add(Self.rule.mtuMSS, "site `\(site.name)`'s gateway clamps TCP MSS to \(dev.tcpMSS); AWS's maximum is 1406: use 1406 or less (1379 is common)", at: f.written("\(dev.path).tcp_mss", dev.path))
            } else if dev.tcpMSS > dev.tunnelMTU - 40 && dev.tunnelMTU <= 1446 {
                f.add(Self.rule.mtuMSS, "site `\(site.name)`'s gateway clamps TCP MSS to \(dev.tcpMSS), more than its tunnel MTU \(dev.tunnelMTU) minus 40 bytes of IP and TCP headers; use at most \(dev.tunnelMTU - 40)", at: f.written("\(dev.path).tcp_mss", "\(dev.path).tunnel_mtu", dev.path))
            }
        }
        for vpc in t.vpcs {
            var targeted: [String: String] = [:]
            for rt in vpc.routeTables {
                for r in rt.routes {
                    if case .instance(let n)? = t.resolve(r.target, in: vpc).target, targeted[n] == nil { targeted[n] = rt.name }
                }
            }
            for inst in vpc.instances where inst.sourceDestCheck {
                guard let table = targeted[inst.name] else { continue }
                f.add(Self.rule.sourceDestCheck, "instance `\(inst.name)` is a route target in `\(table)` but has source/destination check on, so it drops forwarded traffic; set `source_dest_check: false`", at: f.written("\(inst.path).source_dest_check", inst.path))
            }
        }
    }

    func freeMark(_ dev: GatewayDevice) -> UInt32 {
        let used = Set(dev.tunnels.map(\.mark))
        var m: UInt32 = 100
        while used.contains(m) { m += 100 }
        return m
    }
}
