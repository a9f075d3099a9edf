import CausewayCore

/// Prefix lists, prefix-list routes, VPC peering connections and transit gateway peering
/// attachments in Terraform (AWS provider 5).
extension TerraformBuilder {
    mutating func routing(_ r: AWSResource) {
        let id = N.id(r.names)
        switch r.properties {
        case .prefixList(let maxEntries, let entries):
            guard !r.isAdopted else {
                main.append("# Prefix list `\(r.name)` is adopted (\(r.adoptedID ?? "")): not managed here.\n")
                return
            }
            var body: [HCLItem] = [
                .attr("name", .string(r.name)),
                .attr("address_family", .string("IPv4")),
                .attr("max_entries", .int(maxEntries)),
            ]
            for e in entries {
                var entry: [HCLItem] = [.attr("cidr", .string(e.cidr.description))]
                if let text = e.description { entry.append(.attr("description", .string(text))) }
                body.append(.block("entry", [], entry))
            }
            body.append(tags(r.name))
            main.append(HCL.block("resource", ["aws_ec2_managed_prefix_list", id], body, comment: "Prefix list `\(r.name)`"))
        case .prefixListRoute(let pl):
            self.route(r, pl.route, destination: .attr("destination_prefix_list_id", ref(pl.prefixList, "aws_ec2_managed_prefix_list")))
        case .tgwPrefixListReference(let table, let list, let attachment):
            var body: [HCLItem] = [
                .attr("prefix_list_id", ref(list, "aws_ec2_managed_prefix_list")),
                .attr("transit_gateway_route_table_id", tgwTableRef(table)),
            ]
            if let attachment { body.append(.attr("transit_gateway_attachment_id", attachmentRef(attachment))) }
            else { body.append(.attr("blackhole", .bool(true))) }
            if let wait = attachment.flatMap({ acceptance($0) }) { body.append(wait) }
            main.append(HCL.block("resource", ["aws_ec2_transit_gateway_prefix_list_reference", id], body))
        case .vpcPeering(let vpc, let peerVPC, let peerRegion):
            guard !r.isAdopted else {
                main.append("# VPC peering `\(r.name)` is adopted (\(r.adoptedID ?? "")): not managed here.\n")
                return
            }
            var body: [HCLItem] = [.attr("vpc_id", ref(vpc, "aws_vpc")), .attr("peer_vpc_id", ref(peerVPC, "aws_vpc"))]
            // Within one Region the requester may accept its own request; across Regions the
            // accepter's Region accepts it (VPC peering guide, "Accept a VPC peering connection").
            if let peerRegion { body.append(.attr("peer_region", .string(peerRegion))) } else { body.append(.attr("auto_accept", .bool(true))) }
            body.append(tags(r.name))
            main.append(HCL.block("resource", ["aws_vpc_peering_connection", id], body, comment: "VPC peering `\(r.name)`"))
            if let peerRegion {
                main.append(HCL.block("resource", ["aws_vpc_peering_connection_accepter", id], [
                    .attr("provider", .ref(providerAlias(peerRegion))),
                    .attr("vpc_peering_connection_id", .ref("aws_vpc_peering_connection.\(id).id")),
                    .attr("auto_accept", .bool(true)),
                    tags(r.name),
                ]))
            }
        case .tgwPeeringAttachment(let gateway, let peer, let peerRegion):
            guard !r.isAdopted else { return }
            main.append(HCL.block("resource", ["aws_ec2_transit_gateway_peering_attachment", id], [
                .attr("transit_gateway_id", ref(gateway, "aws_ec2_transit_gateway")),
                .attr("peer_transit_gateway_id", ref(peer, "aws_ec2_transit_gateway")),
                .attr("peer_region", .string(peerRegion ?? d.region)),
                tags(r.name),
            ], comment: "Transit gateway peering `\(r.name)` (requested by `\(r.names[0])`)"))
        case .tgwPeeringAccepter(let attachment, _):
            guard !r.isAdopted, d[attachment]?.isAdopted != true else { return }
            var body: [HCLItem] = []
            if case .tgwPeeringAttachment(_, _, let region?)? = d[attachment]?.properties { body.append(.attr("provider", .ref(providerAlias(region)))) }
            body += [.attr("transit_gateway_attachment_id", .ref("aws_ec2_transit_gateway_peering_attachment.\(N.id(names(attachment))).id")), tags(r.name)]
            main.append(HCL.block("resource", ["aws_ec2_transit_gateway_peering_attachment_accepter", id], body,
                                  comment: "The accepter's side of transit gateway peering `\(r.name)`"))
        default: break
        }
    }

    /// A provider alias for another Region, declared once: `aws.us_west_2`.
    mutating func providerAlias(_ region: String) -> String {
        let alias = N.id(region)
        let block = HCL.block("provider", ["aws"], [
            .attr("alias", .string(alias)),
            .attr("region", .string(region)),
            .block("default_tags", [], [.attr("tags", .map([("causeway:topology", .string(d.topology))]))]),
        ])
        if !main.contains(block) { main.insert(block, at: min(2, main.count)) }
        return "aws.\(alias)"
    }

    /// On the requester's side, a route or association using a peering attachment waits until the
    /// accepter has accepted it: AWS refuses both while it is pending acceptance (Transit Gateway
    /// guide, "Accept or reject a peering attachment request").
    func acceptance(_ attachment: String) -> HCLItem? {
        guard case .tgwPeeringAttachment? = d[attachment]?.properties, d[attachment]?.isAdopted != true,
              let accepter = d.resources.first(where: { if case .tgwPeeringAccepter(attachment, _) = $0.properties { true } else { false } }),
              !accepter.isAdopted else { return nil }
        return .attr("depends_on", .list([.ref("aws_ec2_transit_gateway_peering_attachment_accepter.\(N.id(accepter.names))")]))
    }
}
