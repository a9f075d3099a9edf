import CausewayCore

extension TerraformBuilder {
    /// Direct Connect: the gateway, its associations (with allowed prefixes), the transit gateway
    /// attachment AWS makes with a TGW association (read back as a data source), and each virtual
    /// interface on a connection the customer owns (`var.NAME_connection_id`: a connection is a
    /// physical port, ordered from AWS or a partner, not something a template creates).
    mutating func directConnect(_ r: AWSResource) {
        let id = N.id(r.names)
        switch r.properties {
        case .dxGateway(let asn):
            guard !r.isAdopted else {
                main.append("# Direct Connect gateway `\(r.name)` is adopted (\(r.adoptedID ?? "")): not managed here.\n")
                return
            }
            main.append(HCL.block("resource", ["aws_dx_gateway", id], [
                .attr("name", .string(r.name)),
                .attr("amazon_side_asn", .string(asn.description)),
            ], comment: "Direct Connect gateway `\(r.name)`"))
        case .dxGatewayAssociation(let dxgw, let gateway, let prefixes):
            let gatewayRef = gateway.hasPrefix("tgw/") ? ref(gateway, "aws_ec2_transit_gateway") : ref(gateway, "aws_vpn_gateway")
            var body: [HCLItem] = [
                .attr("dx_gateway_id", ref(dxgw, "aws_dx_gateway")),
                .attr("associated_gateway_id", gatewayRef),
            ]
            if !prefixes.isEmpty { body.append(.attr("allowed_prefixes", .list(prefixes.map { .string($0.description) }))) }
            main.append(HCL.block("resource", ["aws_dx_gateway_association", id], body,
                                  comment: "Association of Direct Connect gateway `\(r.names[0])` with `\(r.name)`"))
        case .tgwDXAttachment(let tgw, let dxgw):
            guard !r.isAdopted else { return }
            let association = r.dependsOn.first { d[$0]?.kind == .dxGatewayAssociation }
            var body: [HCLItem] = [
                .attr("transit_gateway_id", ref(tgw, "aws_ec2_transit_gateway")),
                .attr("dx_gateway_id", ref(dxgw, "aws_dx_gateway")),
            ]
            if let association { body.append(.attr("depends_on", .list([.ref("aws_dx_gateway_association.\(N.id(names(association)))")]))) }
            main.append(HCL.block("data", ["aws_ec2_transit_gateway_dx_gateway_attachment", id], body,
                                  comment: "The attachment AWS creates for Direct Connect gateway `\(names(dxgw).last ?? dxgw)` on transit gateway `\(r.names[0])`"))
        case .virtualInterface(let v):
            guard !r.isAdopted else { return }
            let connection = N.id(r.name, "connection_id")
            variable(connection, "The Direct Connect connection (dxcon-…) or LAG that virtual interface `\(r.name)` runs on: a physical port ordered from AWS or a Direct Connect partner.")
            var body: [HCLItem] = [
                .attr("connection_id", .ref("var.\(connection)")),
                .attr("dx_gateway_id", ref(v.dxGateway, "aws_dx_gateway")),
                .attr("name", .string(r.name)),
                .attr("vlan", .int(v.vlan)),
                .attr("address_family", .string("ipv4")),
                .attr("bgp_asn", .int(Int(v.bgpASN.value))),
            ]
            if let a = v.amazonAddress, let c = v.customerAddress {
                body.append(.attr("amazon_address", .string(a.description)))
                body.append(.attr("customer_address", .string(c.description)))
            }
            body.append(tags(r.name))
            let type = v.type == .transit ? "aws_dx_transit_virtual_interface" : "aws_dx_private_virtual_interface"
            main.append(HCL.block("resource", [type, id], body, comment: "\(v.type.rawValue.capitalized) virtual interface `\(r.name)`"))
        default:
            return
        }
    }
}
