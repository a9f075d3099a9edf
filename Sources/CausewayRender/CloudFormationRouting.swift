import CausewayCore

/// Prefix lists, prefix-list routes, VPC peering connections and transit gateway peering
/// attachments in the CloudFormation template.
extension CloudFormationBuilder {
    mutating func routing(_ r: AWSResource) {
        let n = r.names
        switch r.properties {
        case .prefixList(let maxEntries, let entries):
            guard !r.isAdopted else { return }
            let list: [YAMLNode] = entries.map { e in
                var m: [(String, YAMLNode)] = [("Cidr", .string(e.cidr.description))]
                if let text = e.description { m.append(("Description", .string(text))) }
                return .map(m)
            }
            resource(N.id("PrefixList", n), "AWS::EC2::PrefixList", [
                ("PrefixListName", .string(r.name)), ("AddressFamily", .string("IPv4")), ("MaxEntries", .int(maxEntries)),
                ("Entries", .list(list)), ("Tags", tags(r.name)),
            ])
        case .prefixListRoute(let pl):
            self.route(r, pl.route, destination: ("DestinationPrefixListId", ref(pl.prefixList, "PrefixList")))
        case .tgwPrefixListReference(let table, let list, let attachment):
            // CloudFormation has no resource for a TGW prefix list reference
            // (AWS::EC2::TransitGatewayRoute takes a CIDR only): each entry becomes a route.
            let (t, c1) = tgwTableRef(table)
            var c2: String?
            var target: (String, YAMLNode) = ("Blackhole", .bool(true))
            if let attachment {
                let (a, c) = attachmentRef(attachment)
                target = ("TransitGatewayAttachmentId", a)
                c2 = c
            }
            let cond = both(c1, c2)
            guard case .prefixList(_, let entries)? = d[list]?.properties else { return }
            for e in entries {
                resource(N.id("TransitGatewayRoute", Array(n.dropLast()) + [e.cidr.description]), "AWS::EC2::TransitGatewayRoute", [
                    ("DestinationCidrBlock", .string(e.cidr.description)), ("TransitGatewayRouteTableId", t), target,
                ], condition: cond)
            }
        case .vpcPeering(let vpc, let peerVPC, let peerRegion):
            guard !r.isAdopted else { return }
            var p: [(String, YAMLNode)] = [("VpcId", ref(vpc, "VPC")), ("PeerVpcId", ref(peerVPC, "VPC"))]
            if let peerRegion { p.append(("PeerRegion", .string(peerRegion))) }
            p.append(("Tags", tags(r.name)))
            resource(N.id("VPCPeeringConnection", n), "AWS::EC2::VPCPeeringConnection", p)
        case .tgwPeeringAttachment(let gateway, let peer, let peerRegion):
            guard !r.isAdopted else { return }
            // The accepter accepts the request in its own Region: CloudFormation has no
            // accepter resource (Transit Gateway guide, "Accept or reject a peering attachment request").
            resource(N.id("TransitGatewayPeeringAttachment", n), "AWS::EC2::TransitGatewayPeeringAttachment", [
                ("TransitGatewayId", ref(gateway, "TransitGateway")), ("PeerTransitGatewayId", ref(peer, "TransitGateway")),
                ("PeerAccountId", .ref("AWS::AccountId")),
                ("PeerRegion", .string(peerRegion ?? d.region)),
                ("Tags", tags(r.name)),
            ])
        default: break
        }
    }
}
