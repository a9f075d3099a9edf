import CausewayCore

/// The kernel, interface, firewall and clock checks of `Doctor`. The kernel's rules are
/// ip-sysctl's (https://docs.kernel.org/networking/ip-sysctl.html): rp_filter takes the larger of
/// `conf/all` and the interface's value; send_redirects is on if either says so; a forwarding
/// interface accepts redirects only if both say so.
extension Doctor {
    func sysctl() -> [Diagnostic] {
        guard let s = observed.sysctl else { return [] }
        var out: [Diagnostic] = []
        func value(_ iface: String, _ key: String) -> Int? { s["net.ipv4.conf.\(iface).\(key)"] }
        if s["net.ipv4.ip_forward"] == 0 {
            out.append(finding(DoctorRules.ipForwardOff, "net.ipv4.ip_forward = 0", fix: "install the rendered sysctl file and run `sysctl --system`"))
        }
        let present = expected.routedInterfaces.filter { value($0, "rp_filter") != nil }
        for i in present {
            let rp = max(value("all", "rp_filter") ?? 0, value(i, "rp_filter") ?? 0)
            if rp == 1 {
                let culprit = value("all", "rp_filter") == 1 ? "net.ipv4.conf.all.rp_filter = 1" : "net.ipv4.conf.\(i).rp_filter = 1"
                out.append(finding(DoctorRules.rpFilterStrict, "\(i): strict reverse-path filtering (\(culprit))",
                                   fix: "`sysctl -w net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.\(i).rp_filter=2` (the rendered sysctl file and updown set these)",
                                   at: location(of: i)))
            }
        }
        for i in present + (expected.lanInterface.map { value($0, "send_redirects") != nil ? [$0] : [] } ?? []) {
            let sends = (value("all", "send_redirects") ?? 0) == 1 || (value(i, "send_redirects") ?? 0) == 1
            let accepts = (value("all", "accept_redirects") ?? 0) == 1 && (value(i, "accept_redirects") ?? 0) == 1
            if sends || accepts {
                out.append(finding(DoctorRules.redirects, "\(i): ICMP redirects \(sends ? "sent" : "")\(sends && accepts ? " and " : "")\(accepts ? "accepted" : "")",
                                   fix: "install the rendered sysctl file (send_redirects and accept_redirects 0 on `all` and \(i))", at: location(of: i)))
            }
        }
        for t in expected.tunnels where value(t.interface, "disable_policy").map({ $0 != 1 }) == true {
            out.append(finding(DoctorRules.xfrmPolicy, "\(t.interface): disable_policy = 0", fix: "`sysctl -w net.ipv4.conf.\(t.interface).disable_policy=1` (the rendered updown sets it)", at: t.location))
        }
        for k in ["disable_xfrm", "disable_policy"] where value(expected.uplink, k).map({ $0 != 1 }) == true {
            out.append(finding(DoctorRules.xfrmPolicy, "uplink \(expected.uplink): \(k) = 0", fix: "install the rendered sysctl file (`net.ipv4.conf.\(expected.uplink).\(k) = 1`)"))
        }
        return out
    }

    func links() -> [Diagnostic] {
        guard let links = observed.links else { return [] }
        var out: [Diagnostic] = []
        if links[expected.uplink] == nil {
            out.append(finding(DoctorRules.uplinkMissing, "no interface \(expected.uplink) (the device's `uplink`) in this network namespace",
                               fix: "set `uplink:` to the interface that carries the encrypted traffic, or run doctor in the namespace that has it"))
        }
        for t in expected.tunnels {
            guard let l = links[t.interface] else {
                out.append(finding(DoctorRules.interfaceMissing, "tunnel \(t.key): no interface \(t.interface)",
                                   fix: "start the IPsec daemon with the rendered updown (it creates \(t.interface) when the SA comes up)", at: t.location))
                continue
            }
            if !l.up {
                out.append(finding(DoctorRules.interfaceDown, "tunnel \(t.key): \(t.interface) is down", fix: "`ip link set \(t.interface) up`", at: t.location))
            }
            if let a = t.customerInside, !l.addresses.contains(a) {
                out.append(finding(DoctorRules.insideAddress, "tunnel \(t.key): \(t.interface) has \(l.addresses.map { "\($0.address)/\($0.length)" }.joined(separator: ", ").ifEmpty("no IPv4 address")), not \(a.address)/\(a.length)",
                                   fix: "`ip addr add \(a.address)/\(a.length) dev \(t.interface)` (the rendered updown adds it)", at: t.location))
            }
            if l.mtu > expected.tunnelMTU {
                out.append(finding(DoctorRules.mtu, "tunnel \(t.key): \(t.interface) has MTU \(l.mtu), the device's tunnel MTU is \(expected.tunnelMTU)",
                                   fix: "`ip link set \(t.interface) mtu \(expected.tunnelMTU)` (the rendered updown sets it)", at: t.location))
            }
        }
        return out
    }

    func firewall() -> [Diagnostic] {
        guard let chains = observed.firewall else { return [] }
        var needed: Set<Opening> = [.ike, .natTraversal, .esp]
        if expected.routing == .bgp { needed.insert(.bgp) }
        return chains.filter(\.dropsByDefault).compactMap { c in
            let missing = needed.subtracting(c.opens).sorted()
            guard !missing.isEmpty else { return nil }
            return finding(DoctorRules.firewallBlocks, "nftables chain `\(c.name)` drops by default and does not accept \(missing.map(\.rawValue).joined(separator: ", "))",
                           fix: "accept them in that chain too (an accept in causeway's own table does not override another table's drop)")
        }
    }

    func clock() -> [Diagnostic] {
        guard observed.unavailable[.clock] == nil else {
            return [finding(DoctorRules.clockUnknown, "the clock's offset is unknown (chrony: \(observed.unavailable[.clock] ?? ""))", fix: "install and start chrony (or another NTP client)")]
        }
        guard let c = observed.clock else { return [] }
        if abs(c.offsetSeconds) > Double(AWSNumbers.signatureClockTolerance) {
            return [finding(DoctorRules.clockOffset, "the clock is \(Int(c.offsetSeconds.rounded())) s off", fix: "let chrony step the clock (`chronyc makestep`)")]
        }
        return c.synchronised ? [] : [finding(DoctorRules.clockUnknown, "chrony is not synchronised", fix: "check chrony's sources (`chronyc sources`)")]
    }

    /// A tunnel's interface: its tunnel's node; anything else: the device's.
    func location(of interface: String) -> SourceLocation {
        expected.tunnels.first { $0.interface == interface }?.location ?? expected.location
    }
}

extension String {
    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}
