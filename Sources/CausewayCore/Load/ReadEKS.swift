import Yams

/// `eks_clusters:` (Amazon EKS), in the words of EKS's API (CreateCluster, CreateNodegroup,
/// CreateAddon), snake_case.
extension TopologyReader {
    func readEKSCluster(_ name: String, _ node: Node, _ p: String) -> EKSCluster? {
        let what = "EKS cluster `\(name)`"
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "\(what) (vpc, version, subnets, security_groups, endpoint_access, node_groups, addons, egress, tags)") }
        let vpc = m.required("vpc", what: what, ctx.string)
        let version = m.required("version", what: what) { n, path in
            ctx.scalar(n, path, expected: "a Kubernetes minor version like 1.34") { s in Self.isMinorVersion(s) ? s : nil }
        }
        let subnets = m.strings("subnets") ?? [], groups = m.strings("security_groups") ?? [], tags = m.stringMap("tags")
        let access = m.take("endpoint_access").flatMap { readEndpointAccess($0, m.child("endpoint_access"), what: what) }
        let nodeGroups = ctx.named(m.take("node_groups"), m.child("node_groups"), what: "node group") { readNodeGroup($0, $1, $2) }
        let addons = ctx.named(m.take("addons"), m.child("addons"), what: "add-on") { addon, n, ap in
            if let s = n.scalar, ["", "~", "null"].contains(s.string) { return EKSAddon(name: addon, path: ap, version: nil) }
            guard let am = MappingReader(n, path: ap, ctx: ctx, what: "add-on `\(addon)`") else { return nil }
            defer { am.finish(what: "add-on `\(addon)` (version)") }
            return EKSAddon(name: addon, path: ap, version: am.string("version"))
        }
        let egress = m.take("egress").map { ctx.list($0, m.child("egress")) { n, ep in readPodEgress(n, ep) } } ?? []
        guard let vpc, let version else { return nil }
        return EKSCluster(name: name, path: p, vpc: vpc, version: version, subnets: subnets, securityGroups: groups,
                          endpointAccess: access ?? EKSEndpointAccess(), nodeGroups: nodeGroups, addons: addons, egress: egress, tags: tags ?? [:])
    }

    /// `1.34`: a Kubernetes minor version (EKS takes major.minor, not a patch release).
    static func isMinorVersion(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    func readEndpointAccess(_ node: Node, _ p: String, what: String) -> EKSEndpointAccess? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "endpoint_access of \(what)") else { return nil }
        defer { m.finish(what: "endpoint_access of \(what) (public, private, public_access_cidrs)") }
        var a = EKSEndpointAccess()
        if let v = m.bool("public") { a.publicAccess = v }
        if let v = m.bool("private") { a.privateAccess = v }
        if let v = m.prefixes("public_access_cidrs") { a.publicAccessCIDRs = v }
        return a
    }

    func readNodeGroup(_ name: String, _ node: Node, _ p: String) -> EKSNodeGroup? {
        let what = "node group `\(name)`"
        guard let m = MappingReader(node, path: p, ctx: ctx, what: what) else { return nil }
        defer { m.finish(what: "\(what) (subnets, instance_types, scaling, ami_type, capacity_type, security_groups)") }
        let subnets = m.strings("subnets") ?? [], types = m.strings("instance_types") ?? []
        let ami = m.string("ami_type"), capacity = m.choice("capacity_type", EKSCapacityType.self)
        let groups = m.strings("security_groups") ?? []
        let scaling = m.required("scaling", what: what).flatMap { n -> EKSScaling? in
            guard let sm = MappingReader(n, path: m.child("scaling"), ctx: ctx, what: "scaling of \(what)") else { return nil }
            defer { sm.finish(what: "scaling of \(what) (min_size, max_size, desired_size)") }
            let lo = sm.required("min_size", what: "scaling of \(what)") { ctx.int($0, $1, in: 0...Int(Int32.max)) }
            let hi = sm.required("max_size", what: "scaling of \(what)") { ctx.int($0, $1, in: 0...Int(Int32.max)) }
            let want = sm.int("desired_size", in: 0...Int(Int32.max))
            guard let lo, let hi else { return nil }
            return EKSScaling(minSize: lo, maxSize: hi, desiredSize: want ?? lo)
        }
        guard let scaling else { return nil }
        return EKSNodeGroup(name: name, path: p, subnets: subnets, instanceTypes: types, scaling: scaling, amiType: ami,
                            capacityType: capacity ?? .onDemand, securityGroups: groups)
    }

    /// `{to: db1, protocol: tcp, port: 5432}`: tcp unless written; a port for tcp and udp.
    func readPodEgress(_ node: Node, _ p: String) -> PodEgress? {
        guard let m = MappingReader(node, path: p, ctx: ctx, what: "an egress entry") else { return nil }
        defer { m.finish(what: "an egress entry (to, protocol, port)") }
        let to = m.required("to", what: "an egress entry", ctx.string)
        let proto = m.choice("protocol", IPProtocol.self) ?? .tcp
        let port = m.int("port", in: 1...65535)
        guard let to else { return nil }
        if port == nil && (proto == .tcp || proto == .udp) {
            ctx.report(LoadRules.invalidValue, "an egress entry over \(proto.rawValue) needs `port`: the port the pods connect to (5432 for PostgreSQL, 3306 for MySQL)", at: node)
            return nil
        }
        return PodEgress(path: p, to: to, protocol: proto, port: port)
    }
}
