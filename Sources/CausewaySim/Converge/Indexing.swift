import CausewayCore

extension Converger {
    /// Creates every routing node (one per table) and the lookups traces use: VPCs, subnets
    /// and instances by address, sites and their residents, connections and their ends.
    mutating func indexNodes() {
        for g in t.vpnGateways {
            if let v = g.attachedTo, !failures.contains(.vpnGatewayDetached(g.name)), let vi = t.vpcs.firstIndex(where: { $0.name == v }) {
                vgwAttached[g.name] = VPCIndex(vi)
            }
        }
        for (vi, v) in t.vpcs.enumerated() { indexVPC(VPCIndex(vi), v, fileSystems: t.fileSystems.filter { $0.vpc == v.name }) }
        for g in t.vpnGateways {
            let attached = vgwAttached[g.name]
            let node = addNode(RoutingTable(id: .vgw(g.name), kind: .vpnGateway, name: g.name, owner: attached.map { t.vpcs[$0.int].name } ?? ""),
                               .vgw(name: g.name, attachedVPC: attached))
            vgwNode[g.name] = node
            if let attached { f.vpcs[attached].attachedVGWNode = node }
        }
        for (gi, g) in t.transitGateways.enumerated() {
            tgwIndex[g.name] = TGWIndex(gi)
            var tables: [String: NodeIndex] = [:]
            for rt in g.routeTables {
                tables[rt.name] = addNode(RoutingTable(id: .tgwTable(tgw: g.name, table: rt.name), kind: .transitGatewayRouteTable, name: rt.name, owner: g.name),
                                          .tgwTable(tgw: TGWIndex(gi)))
            }
            tgwTableNode[g.name] = tables
        }
        for (si, s) in t.sites.enumerated() { indexSite(SiteIndex(si), s) }
        for (si, s) in t.sites.enumerated() where s.network != nil {
            f.sites[si].joined = t.joinedSites(of: s).compactMap { siteIndex[$0.name] }
        }
        for (ci, c) in t.vpnConnections.enumerated() {
            connIndex[c.name] = ConnIndex(ci)
            var info = ConnInfo(name: c.name)
            if let site = t.site(of: c), let si = siteIndex[site.name] {
                info.site = si
                info.cgwNode = f.sites[si].cgwNode
            }
            f.conns.append(info)
        }
    }

    mutating func indexVPC(_ vIdx: VPCIndex, _ v: VPC, fileSystems: [FileSystem] = []) {
        vpcIndex[v.name] = vIdx
        var info = VPCInfo(name: v.name, model: v)
        // A mount target is a network interface in its subnet, guarded by its security groups:
        // the walker treats it as an instance (after the real ones, so their indices stay).
        for fs in fileSystems {
            for mt in fs.mountTargets where !info.model.instances.contains(where: { $0.address == mt.address }) {
                info.model.instances.append(mt.interface(of: fs.name))
                info.mountTargetOf[mt.address.value] = fs.name
            }
        }
        for g in v.securityGroups { info.groups[g.name] = g }
        var tables: [String: NodeIndex] = [:]
        for rt in v.routeTables {
            tables[rt.name] = addNode(RoutingTable(id: .vpcTable(vpc: v.name, table: rt.name), kind: .vpcRouteTable, name: rt.name, owner: v.name), .vpcTable(vpc: vIdx))
        }
        var main: NodeIndex
        if let m = v.mainRouteTable {
            main = tables[m.name]!
        } else {
            let name = tables["main"] == nil ? "main" : "implicit-main"
            var rt = RoutingTable(id: .vpcTable(vpc: v.name, table: name), kind: .vpcRouteTable, name: name, owner: v.name)
            rt.notes.append("implicit main route table (no table is marked main): local routes only")
            main = addNode(rt, .vpcTable(vpc: vIdx))
            tables[name] = main
        }
        for s in v.subnets {
            let node = v.routeTables.first { $0.subnets.contains(s.name) }.flatMap { tables[$0.name] } ?? main
            info.subnetTrie.insert(s.cidr, info.subnets.nextSlot)
            var zone: ZoneIndex?
            if let az = s.availabilityZone {
                if let z = info.zones.firstIndex(of: az) { zone = ZoneIndex(raw: UInt8(z)) }
                else if info.zones.count < ZoneSet.capacity { zone = ZoneIndex(raw: UInt8(info.zones.count)); info.zones.append(az) }
            }
            info.subnets.append(SubnetInfo(name: s.name, cidr: s.cidr, tableNode: node, zone: zone))
        }
        for (ii, inst) in info.model.instances.enumerated() { info.instanceByAddress[inst.address.value] = InstanceIndex(ii) }
        for e in t.clientVPNEndpoints where e.vpc == v.name {
            for tn in e.targetNetworks { if let s = v.subnet(tn.subnet) { info.clientVPNInterfaceGroups[s.clientVPNInterface.value] = e.securityGroups } }
        }
        for c in v.cidrs { f.vpcTrie.insert(c, vIdx) }
        f.vpcs.append(info)
        vpcTableNode.append(tables)
        vpcMainTable.append(main)
    }

    mutating func indexSite(_ sIdx: SiteIndex, _ s: Site) {
        siteIndex[s.name] = sIdx
        var info = SiteInfo(name: s.name, cidrs: s.cidrs)
        for c in s.cidrs { f.siteTrie.insert(c, sIdx) }
        if let d = s.gateway {
            let cgw = addNode(RoutingTable(id: .cgw(site: s.name), kind: .customerGateway, name: s.name, owner: s.name), .cgw(site: sIdx))
            info.cgwNode = cgw
            for a in [d.lanAddress, d.privateIP].compactMap({ $0 }) {
                info.nodeByAddress[a.value] = cgw
                info.residents[a.value] = .device
                info.deviceAddresses.insert(a.value)
            }
            info.deviceFailed = failures.contains(.site(s.name))
            info.sourceDestCheck = d.sourceDestCheck ?? false
        }
        for r in s.routers {
            let n = addNode(RoutingTable(id: .router(site: s.name, name: r.name), kind: .lanRouter, name: r.name, owner: s.name), .router(site: sIdx))
            info.routerNodes.append(n)
            info.nodeByAddress[r.address.value] = n
            info.residents[r.address.value] = .router(n)
        }
        for h in s.hosts where info.residents[h.address.value] == nil {
            info.residents[h.address.value] = .host(h.name, gateway: h.gateway)
        }
        info.defaultGateway = s.routers.first?.address ?? s.gateway?.lanAddress ?? s.gateway?.privateIP
        f.sites.append(info)
    }
}
