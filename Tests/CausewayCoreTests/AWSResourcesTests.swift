import Testing
@testable import CausewayCore

/// The description of the AWS resources a topology wants: kinds, keys, resolved targets,
/// default-table decisions and dependencies.
@Suite struct AWSResourcesTests {
    func resources(_ name: String) throws -> AWSResources {
        let r = Fixtures.check(Fixtures.example(name), file: "\(name).yaml")
        let t = try #require(r.topology)
        #expect(!r.diagnostics.hasErrors)
        return AWSResources(t)
    }

    @Test func s4ListsEveryResourceOnceInOwnerOrder() throws {
        let d = try resources("s4-tgw-segmentation")
        func count(_ k: AWSResourceKind) -> Int { d.all(k).count }
        #expect(count(.vpc) == 2)
        #expect(count(.subnet) == 8)
        #expect(count(.routeTable) == 4)
        #expect(count(.internetGateway) == 2)
        #expect(count(.transitGateway) == 1)
        #expect(count(.tgwRouteTable) == 3)
        #expect(count(.tgwVPCAttachment) == 2)
        #expect(count(.tgwVPNAttachment) == 1)
        #expect(count(.tgwAssociation) == 3)
        #expect(count(.tgwPropagation) == 0)
        #expect(count(.tgwRoute) == 4)
        #expect(count(.vpnConnection) == 1)
        // A TGW connection's static routes are TGW routes, not VPN connection routes.
        #expect(count(.vpnConnectionRoute) == 0)
        #expect(Set(d.keys).count == d.keys.count)
        // Each VPC's parts follow it; gateways come after every VPC.
        let pos = { (k: String) in d.position(of: k) ?? Int.max }
        #expect(pos("vpc/vpc-a") < pos("subnet/vpc-a/a-private-1"))
        #expect(pos("subnet/vpc-a/a-private-1") < pos("vpc/vpc-b"))
        #expect(pos("vpc/vpc-b") < pos("tgw/tgw"))
        #expect(pos("tgw/tgw") < pos("vpn/vpn"))
    }

    /// Direct Connect: the gateway before the transit gateway, its TGW association with the TGW
    /// and before the attachment AWS makes with it, the interface last; none is tagged (apply
    /// does not create them).
    @Test func s5DescribesDirectConnect() throws {
        let d = try resources("s5-dx-vpn-backup")
        let pos = { (k: String) in d.position(of: k) ?? Int.max }
        let association = "dx-gateway/dxgw/association/tgw/tgw"
        #expect(pos("dx-gateway/dxgw") < pos("tgw/tgw"))
        #expect(pos("tgw/tgw") < pos(association))
        #expect(pos(association) < pos("tgw-attachment/tgw/dxgw"))
        #expect(pos("tgw-attachment/tgw/dxgw") < pos("dx-vif/dc-transit-vif") && pos("dx-vif/dc-transit-vif") < Int.max)
        guard case .dxGatewayAssociation(_, "tgw/tgw", let allowed)? = d[association]?.properties else {
            Issue.record("no TGW association in the description")
            return
        }
        #expect(allowed.map(\.description) == ["10.50.0.0/16", "10.60.0.0/16"])
        guard case .virtualInterface(let v)? = d["dx-vif/dc-transit-vif"]?.properties else {
            Issue.record("no virtual interface in the description")
            return
        }
        #expect(v.type == .transit && v.vlan == 210 && v.bgpASN == ASN(65050) && v.amazonAddress?.description == "169.254.210.1/30")
        #expect(d.tagged.allSatisfy { !$0.kind.isDirectConnect })
    }

    @Test func s4RoutesAreResolvedToKeysAndWaitForTheirAttachment() throws {
        let d = try resources("s4-tgw-segmentation")
        let r = try #require(d["route-table/vpc-a/a-private/route/10.30.0.0/16"])
        guard case .route(let route) = r.properties else {
            Issue.record("not a route")
            return
        }
        // Written `tgw`: the transit gateway the VPC is attached to.
        #expect(route.written == .transitGateway(""))
        #expect(route.target == .transitGateway("tgw"))
        #expect(route.targetKey == "tgw/tgw")
        #expect(route.unresolved == nil)
        #expect(r.dependsOn == ["route-table/vpc-a/a-private", "tgw/tgw", "tgw-attachment/tgw/att-a"])
        #expect(r.parent == "route-table/vpc-a/a-private")
    }

    @Test func s4TransitGatewayDecisions() throws {
        let d = try resources("s4-tgw-segmentation")
        // Default association and propagation are off: nothing is automatic, no default table.
        for a in d.all(.tgwAssociation) {
            guard case .tgwAssociation(_, _, let automatic, let replaces) = a.properties else { continue }
            #expect(!automatic && !replaces)
        }
        #expect(d.all(.tgwRouteTable).allSatisfy { if case .tgwRouteTable(_, false, false) = $0.properties { true } else { false } })
        let vpn = try #require(d["vpn/vpn"])
        guard case .vpnConnection(let c) = vpn.properties else {
            Issue.record("not a VPN connection")
            return
        }
        #expect(c.attachment == "tgw-attachment/tgw/att-vpn")
        #expect(c.customerGateway == "cgw/cgw-c")
        #expect(c.gatewayKey == "tgw/tgw")
        #expect(c.tunnels.map(\.index) == [1, 2])
        #expect(c.tunnels.allSatisfy { $0.options.ikeVersions == [.ikev1] && $0.options.dpdTimeout == 30 })
        #expect(vpn.dependsOn == ["cgw/cgw-c", "tgw/tgw"])
        #expect(d["tgw-attachment/tgw/att-vpn"]?.dependsOn == ["tgw/tgw", "vpn/vpn"])
    }

    @Test func s3DefaultTableIsAWSsAndItsLinksAutomatic() throws {
        let d = try resources("s3-tgw-bgp-strongswan")
        let tables = d.all(.tgwRouteTable)
        #expect(tables.contains { if case .tgwRouteTable(_, true, true) = $0.properties { true } else { false } })
        #expect(!d.all(.tgwAssociation).isEmpty)
        #expect(d.all(.tgwAssociation).allSatisfy { if case .tgwAssociation(_, _, true, _) = $0.properties { true } else { false } })
        #expect(d.all(.tgwPropagation).allSatisfy { if case .tgwPropagation(_, _, true) = $0.properties { true } else { false } })
    }

    @Test func everyDependencyOfEveryExampleIsInTheDescription() throws {
        for name in Fixtures.exampleNames {
            let d = try resources(name)
            for r in d.resources {
                for k in r.dependsOn { #expect(d[k] != nil, "\(name): \(r.key) depends on \(k)") }
                if let p = r.parent { #expect(d[p] != nil, "\(name): \(r.key) belongs to \(p)") }
            }
            #expect(d.tagged.allSatisfy { $0.kind.tagged != nil })
        }
    }
}
