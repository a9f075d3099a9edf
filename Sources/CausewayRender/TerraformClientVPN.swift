import CausewayCore

extension TerraformNames {
    /// The output holding a Client VPN endpoint's DNS name (the `.ovpn` profiles' `remote`).
    public static func clientVPNDNSOutput(_ endpoint: String) -> String { id(endpoint, "client_vpn_dns_name") }
}

extension TerraformBuilder {
    /// The Client VPN resources (AWS provider 5.x): the certificates imported into ACM from the
    /// files the Client VPN render writes (`aws_acm_certificate` with `private_key`,
    /// `certificate_body`, `certificate_chain`), the connect handler's Lambda function with its
    /// role (basic execution; Client VPN invokes `AWSClientVPN-` functions through its
    /// service-linked role, so no resource policy is needed: AWS Client VPN administrator guide,
    /// "Connection authorization" (connection-authorization.html)), the endpoint, its target network associations, authorization
    /// rules and routes. An adopted resource (id or ARN written) is referred to, not managed.
    mutating func clientVPN(_ r: ClientVPNResource) {
        let id = N.id(r.names)
        if let adopted = r.adoptedID {
            main.append("# \(r.kind.terraformType) `\(r.name)` of Client VPN endpoint `\(r.names[0])` is adopted (\(adopted)): not managed here.\n")
            return
        }
        let e = r.names[0]
        switch r.properties {
        case .certificate(let role, _, let source):
            var body: [HCLItem] = [
                .attr("private_key", file(ClientVPNPaths.privateKey(e, role))),
                .attr("certificate_body", file(ClientVPNPaths.certificate(e, role))),
            ]
            var hasChain = true
            if case .files(_, _, nil) = source { hasChain = false }
            if hasChain { body.append(.attr("certificate_chain", file(ClientVPNPaths.chain(e, role)))) }
            body.append(tags("\(e) \(role.rawValue)"))
            main.append(HCL.block("resource", [r.kind.terraformType, id], body,
                                  comment: "The \(role == .server ? "server certificate" : "client root certificate chain") of Client VPN endpoint `\(e)` (ACM import)"))
        case .connectHandler(let name, _):
            let role = N.id(r.names + ["role"]), zip = N.id(r.names + ["zip"])
            let source = ClientVPNPaths.handler(e), folder = ClientVPNPaths.handlerFolder(e)
            main.append(HCL.block("resource", ["aws_iam_role", role], [
                .attr("name", .string("\(name)-role")),
                .attr("assume_role_policy", .ref("jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\", Action = \"sts:AssumeRole\", Principal = { Service = \"lambda.amazonaws.com\" } }] })")),
                tags(name),
            ], comment: "The connect handler `\(name)` of Client VPN endpoint `\(e)`: its role (logs only) and function"))
            main.append(HCL.block("resource", ["aws_iam_role_policy_attachment", role], [
                .attr("role", .ref("aws_iam_role.\(role).name")),
                .attr("policy_arn", .string("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")),
            ]))
            // Lambda takes a zip; the render writes text, so the archive is made at apply.
            main.append(HCL.block("resource", ["terraform_data", zip], [
                .attr("triggers_replace", .ref("filesha256(\(module(source)))")),
                .block("provisioner", ["local-exec"], [
                    .attr("command", .string("python3 -m zipfile -c \(ConnectHandlerSource.archiveName) \(ConnectHandlerSource.fileName)")),
                    .attr("working_dir", .ref(module(folder))),
                ]),
            ]))
            main.append(HCL.block("resource", [r.kind.terraformType, id], [
                .attr("function_name", .string(name)),
                .attr("role", .ref("aws_iam_role.\(role).arn")),
                .attr("runtime", .string(ConnectHandlerSource.runtime)),
                .attr("handler", .string(ConnectHandlerSource.handler)),
                .attr("filename", .ref(module("\(folder)/\(ConnectHandlerSource.archiveName)"))),
                tags(name),
                .attr("depends_on", .list([.ref("terraform_data.\(zip)"), .ref("aws_iam_role_policy_attachment.\(role)")])),
                .block("lifecycle", [], [.attr("replace_triggered_by", .list([.ref("terraform_data.\(zip)")]))]),
            ]))
        case .endpoint(let p):
            var body: [HCLItem] = [
                .attr("description", .string(e)),
                .attr("client_cidr_block", .string(p.clientCIDR.description)),
                .attr("server_certificate_arn", cvpnRef(p.serverCertificate, "arn")),
                .attr("split_tunnel", .bool(p.splitTunnel)),
                .attr("transport_protocol", .string(p.transportProtocol.rawValue)),
                .attr("vpn_port", .int(p.vpnPort)),
                .attr("session_timeout_hours", .int(p.sessionTimeoutHours)),
                .attr("vpc_id", ref(p.vpc, "aws_vpc")),
                .attr("security_group_ids", securityGroups(p.securityGroups)),
            ]
            if !p.dnsServers.isEmpty { body.append(.attr("dns_servers", .list(p.dnsServers.map { .string($0.description) }))) }
            if let root = p.clientRootCertificate {
                body.append(.block("authentication_options", [], [
                    .attr("type", .string("certificate-authentication")),
                    .attr("root_certificate_chain_arn", cvpnRef(root, "arn")),
                ]))
            } else {
                body.append(.comment("Authentication other than mutual TLS is not modelled: add its authentication_options."))
            }
            var log: [HCLItem] = [.attr("enabled", .bool(p.connectionLog.enabled))]
            if let g = p.connectionLog.logGroup { log.append(.attr("cloudwatch_log_group", .string(g))) }
            if let s = p.connectionLog.logStream { log.append(.attr("cloudwatch_log_stream", .string(s))) }
            body.append(.block("connection_log_options", [], log))
            if let h = p.connectHandler {
                body.append(.block("client_connect_options", [], [.attr("enabled", .bool(true)), .attr("lambda_function_arn", cvpnRef(h, "arn"))]))
            }
            body.append(tags(e, p.tags))
            main.append(HCL.block("resource", [r.kind.terraformType, id], body, comment: "Client VPN endpoint `\(e)`"))
            outputs.append(HCL.block("output", [N.clientVPNDNSOutput(e)], [
                .attr("description", .string("The DNS name of Client VPN endpoint \(e): the `remote` of its .ovpn profiles, without the leading `*.`")),
                .attr("value", .ref("aws_ec2_client_vpn_endpoint.\(id).dns_name")),
            ]))
        case .targetNetwork(let endpoint, let subnet):
            main.append(HCL.block("resource", [r.kind.terraformType, id], [
                .attr("client_vpn_endpoint_id", cvpnRef(endpoint, "id")),
                .attr("subnet_id", ref(subnet, "aws_subnet")),
            ]))
        case .authorizationRule(let endpoint, let destination, let group, let description):
            var body: [HCLItem] = [.attr("client_vpn_endpoint_id", cvpnRef(endpoint, "id")), .attr("target_network_cidr", .string(destination.description))]
            if let group { body.append(.attr("access_group_id", .string(group))) } else { body.append(.attr("authorize_all_groups", .bool(true))) }
            if let description { body.append(.attr("description", .string(description))) }
            main.append(HCL.block("resource", [r.kind.terraformType, id], body))
        case .route(let endpoint, let destination, _, let association, let description):
            // The association's subnet: AWS takes the route only once the subnet is associated.
            var body: [HCLItem] = [
                .attr("client_vpn_endpoint_id", cvpnRef(endpoint, "id")),
                .attr("destination_cidr_block", .string(destination.description)),
                .attr("target_vpc_subnet_id", cvpnRef(association, "subnet_id")),
            ]
            if let description { body.append(.attr("description", .string(description))) }
            main.append(HCL.block("resource", [r.kind.terraformType, id], body))
        }
    }

    /// An attribute of a Client VPN resource of this render: the adopted id or ARN, else `TYPE.NAME.ATTR`.
    func cvpnRef(_ key: String, _ attribute: String) -> HCLExpr {
        guard let r = d.clientVPN(key) else { return .ref("null") }
        if let id = r.adoptedID {
            if case .targetNetwork(_, let subnet) = r.properties, attribute == "subnet_id" { return ref(subnet, "aws_subnet") }
            return .string(id)
        }
        return .ref("\(r.kind.terraformType).\(N.id(r.names)).\(attribute)")
    }

    /// `file("${path.module}/../../PATH")`: a file the render writes beside `aws/terraform`.
    func file(_ path: String) -> HCLExpr { .ref("file(\(module(path)))") }
    func module(_ path: String) -> String { "\"${path.module}/../../\(path)\"" }
}
