import CausewayCore

extension Converger {
    /// Negotiates every tunnel (IKE version, phase 1 and 2 proposals, key, inside CIDR) between
    /// AWS's tunnel options and the device's, applies failures, and opens a BGP session over
    /// each tunnel of a BGP connection.
    mutating func evaluateTunnels() {
        for (ci, c) in t.vpnConnections.enumerated() {
            let cgw = t.customerGateway(c.customerGateway)
            let dev = device(of: c)
            for tunnel in c.tunnels.sorted(by: { $0.index < $1.index }) where (1...2).contains(tunnel.index) {
                let ref = TunnelRef(c.name, tunnel.index)
                let dt = dev?.1.tunnel(c.name, tunnel.index)
                let s = negotiate(c, tunnel, ref: ref, cgw: cgw, dev: dev, dt: dt)
                tunnelIndex[ref] = f.tunnels.count
                f.tunnels.append(s)
                let conn = ConnIndex(ci)
                f.conns[conn].tunnelUp[tunnel.index - 1] = s.up
                f.conns[conn].insideAWS[tunnel.index - 1] = s.awsInsideAddress
                f.conns[conn].insideCustomer[tunnel.index - 1] = s.customerInsideAddress

                guard c.routing == .bgp else { continue }
                sessionIndex[ref] = f.sessions.count
                f.sessions.append(openSession(c, over: s, dev: dev, dt: dt))
            }
        }
    }

    /// One tunnel's state: up unless a failure, the device or a mismatch takes it down (the
    /// first reason is kept).
    func negotiate(_ c: VPNConnection, _ tunnel: Tunnel, ref: TunnelRef, cgw: CustomerGateway?,
                   dev: (Site, GatewayDevice)?, dt: DeviceTunnel?) -> TunnelStatus {
        var s = TunnelStatus(tunnel: ref, up: true)
        func down(_ p: TunnelProblem, _ d: String) {
            if s.up {
                s.up = false
                s.problem = p
                s.detail = d
            }
        }
        if awsASN(c) == nil { down(.noAWSGateway, "\(c.gateway) is not in the topology") }
        if failures.fails(ref, site: dev?.0.name) {
            let why = failures.contains(.tunnel(ref)) ? ref.description : failures.contains(.connection(c.name)) ? c.name : "site:\(dev?.0.name ?? "")"
            down(.failed, "taken down with --fail \(why)")
        }
        if dt?.disabled == true { down(.disabled, "disabled on the customer gateway device") }
        let o = tunnel.options
        let devIKE = dt?.ikeVersion.map { [$0] } ?? o.ikeVersions
        let ike = o.ikeVersions.filter(devIKE.contains)
        if ike.isEmpty {
            down(.ikeVersionMismatch, "AWS allows \(o.ikeVersions.map(\.rawValue).joined(separator: ", ")), the device uses \(devIKE.map(\.rawValue).joined(separator: ", "))")
        }
        s.ikeVersion = ike.contains(.ikev2) ? .ikev2 : ike.first
        s.phase1 = o.phase1.intersection(dt?.phase1 ?? o.phase1)
        if s.phase1 == nil { down(.phase1Mismatch, "no phase 1 proposal in common (AWS: \(describe(o.phase1)); device: \(describe(dt?.phase1 ?? o.phase1)))") }
        s.phase2 = o.phase2.intersection(dt?.phase2 ?? o.phase2)
        if s.phase2 == nil { down(.phase2Mismatch, "no phase 2 proposal in common (AWS: \(describe(o.phase2)); device: \(describe(dt?.phase2 ?? o.phase2)))") }
        if let d = dt?.psk, d != .generated, tunnel.psk != .generated, d != tunnel.psk {
            down(.pskMismatch, "the device's pre-shared key reference (\(d)) differs from AWS's (\(tunnel.psk))")
        }
        if let a = tunnel.insideCIDR, let d = dt?.insideCIDR, a != d {
            down(.insideCIDRMismatch, "AWS uses inside CIDR \(a), the device \(d)")
        }
        s.insideCIDR = tunnel.insideCIDR ?? dt?.insideCIDR
        if s.insideCIDR == nil { s.notes.append("inside CIDR not set: AWS picks one; both ends assumed to match") }
        s.awsInsideAddress = s.insideCIDR.map { $0.address(1) }
        s.customerInsideAddress = s.insideCIDR.map { $0.address(2) }
        if dev == nil { s.notes.append("customer gateway `\(cgw?.name ?? c.customerGateway)` has no modelled device: its side is assumed to match") }
        return s
    }

    func describe(_ p: Proposal) -> String {
        "\(p.encryption.map(\.name).joined(separator: "/"))-\(p.integrity.map(\.name).joined(separator: "/"))-DH\(p.dhGroups.map(String.init).joined(separator: "/"))"
    }

    func tunnelUp(_ ref: TunnelRef) -> Bool { tunnelIndex[ref].map { f.tunnels[$0].up } ?? false }

    /// Why routes over this tunnel are not usable (nil = usable).
    func sessionProblem(_ ref: TunnelRef, bgp: Bool) -> DropReason? {
        if !tunnelUp(ref) { return .tunnelDown }
        if bgp, let i = sessionIndex[ref], !f.sessions[i].up { return f.sessions[i].reason ?? .bgpDown }
        return nil
    }

    /// `tunnel vpn/1 is down (taken down with --fail vpn/1)`.
    func downNote(_ ref: TunnelRef, _ why: DropReason) -> String {
        if why == .tunnelDown {
            let d = tunnelIndex[ref].flatMap { f.tunnels[$0].detail }
            return "tunnel \(ref) is down" + (d.map { " (\($0))" } ?? "")
        }
        let d = sessionIndex[ref].flatMap { f.sessions[$0].detail }
        return "BGP session over \(ref) is down" + (d.map { " (\($0))" } ?? "")
    }
}
