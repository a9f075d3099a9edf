import CausewayCore

/// A Client VPN, ACM or Lambda step, with every other resource named by logical key.
enum ClientVPNOperation: Sendable {
    case importCertificate(role: ClientVPNCertificateRole, source: CertificateSource)
    case createFunction(name: String, role: String, policy: ConnectPolicy)
    case createEndpoint(ClientVPNEndpointProperties)
    /// Delete the endpoint `oldID` (with its parts) and create it again: its client CIDR,
    /// transport or authentication differ, which AWS fixes at creation.
    case replaceEndpoint(ClientVPNEndpointProperties, oldID: String)
    /// ModifyClientVpnEndpoint with what can change in place.
    case modifyEndpoint(ClientVPNEndpointProperties)
    case associate(endpoint: String, subnet: String)
    case authorize(endpoint: String, destination: IPv4Prefix, group: String?, description: String?)
    case createRoute(endpoint: String, destination: IPv4Prefix, subnet: String, description: String?)
}

extension PlanBuilder {
    /// Client VPN (AWS Client VPN administrator guide, "Get started"): the certificates imported
    /// into ACM and the connect handler's function first (the endpoint names them), the endpoint,
    /// its target network associations (AWS requires one before routes), authorization rules and
    /// routes; parts of an owned endpoint the topology no longer names are removed.
    mutating func clientVPN() {
        let oc = o.clientVPN
        if let why = oc.unreadable, let first = d.clientVPN.first(where: { $0.kind == .endpoint }) {
            report(PlanRules.notApplied, "\(first.key): Client VPN endpoints could not be read at this API endpoint (\(why)); they are planned as missing", key: first.key)
        }
        /// Endpoints that are created (or made again) by this plan: their parts are all missing.
        var fresh: Set<String> = []
        var skipped: Set<String> = []
        for r in d.clientVPN {
            let k = r.key
            switch r.properties {
            case .certificate(let role, _, let source):
                if let arn = r.adoptedID {
                    if oc.certificates[k] == nil { report(PlanRules.adoptedMissing, "\(k): adopted ACM certificate \(arn) was not found", key: k) }
                } else if oc.certificates[k] == nil {
                    step(.create, .acmCertificate, k, "\(role == .server ? "server certificate" : "client root certificate") of \(r.names[0])"
                         + (source.generated.map { ", \($0.commonName)" } ?? ""), .importCertificate(role: role, source: source))
                }
            case .connectHandler(let name, let policy):
                if let arn = r.adoptedID {
                    if oc.functions[k] == nil { report(PlanRules.adoptedMissing, "\(k): adopted connect handler \(arn) was not found", key: k) }
                } else if oc.functions[k] == nil {
                    if let role = r.executionRole {
                        step(.create, .lambdaFunction, k, name, .createFunction(name: name, role: role, policy: policy))
                    } else {
                        // The handler is the endpoint's admission policy: an endpoint without it would
                        // admit every client whose certificate it accepts, so neither is created.
                        report(PlanRules.notApplied, "\(k): the connect handler \(name) is not created, and neither is its endpoint (without the handler it would admit every client whose certificate it accepts): apply makes no IAM role; give the handler `role_arn:` (a role Lambda can assume) or adopt a function with `function_arn:`", key: k)
                        skipped.insert(ClientVPNKeys.endpoint(r.names[0]))
                    }
                }
            case .endpoint(let e):
                endpoint(r, e, oc, &fresh, &skipped)
            case .targetNetwork(let ek, let subnet):
                guard !skipped.contains(ek) else { continue }
                if fresh.contains(ek) || oc.association(ek, subnetID: ids[subnet]) == nil {
                    step(.associate, .clientVpnTargetNetwork, k, "subnet \(name(subnet))", .associate(endpoint: ek, subnet: subnet))
                }
            case .authorizationRule(let ek, let destination, let group, let description):
                guard !skipped.contains(ek) else { continue }
                if fresh.contains(ek) || oc.rule(ek, destination, group: group) == nil {
                    step(.create, .clientVpnAuthorizationRule, k, "\(destination) for \(group.map { "group \($0)" } ?? "all users")",
                         .authorize(endpoint: ek, destination: destination, group: group, description: description))
                }
            case .route(let ek, let destination, let subnet, _, let description):
                guard !skipped.contains(ek) else { continue }
                if fresh.contains(ek) || oc.route(ek, destination, subnetID: ids[subnet]) == nil {
                    step(.create, .clientVpnRoute, k, "\(destination) through \(name(subnet))",
                         .createRoute(endpoint: ek, destination: destination, subnet: subnet, description: description))
                }
            }
        }
        // Parts of an owned endpoint the topology does not name: removed, routes first.
        for (ek, e) in oc.endpoints.sorted(by: { $0.key < $1.key }) where !oc.adopted.contains(ek) && !fresh.contains(ek) {
            let named = Set(d.clientVPN.compactMap { r -> String? in
                switch r.properties {
                case .targetNetwork(let x, let s) where x == ek: "\(ResourceKind.clientVpnTargetNetwork)|\(ids[s] ?? "")"
                case .authorizationRule(let x, let dst, let g, _) where x == ek: "\(ResourceKind.clientVpnAuthorizationRule)|\(dst)|\(g ?? "*")"
                case .route(let x, let dst, let s, _, _) where x == ek: "\(ResourceKind.clientVpnRoute)|\(ids[s] ?? "")|\(dst)"
                default: nil
                }
            })
            for part in oc.parts(ek, e.id) where !named.contains(part.identity(endpointID: e.id, oc.targetNetworks[ek] ?? [])) {
                add(.clientVPN, .delete, part.kind.rawValue, part.key, "\(part.id): not in the topology", .delete(part))
            }
        }
    }

    private mutating func step(_ action: PlanStep.Action, _ kind: ResourceKind, _ key: String, _ detail: String, _ op: ClientVPNOperation) {
        add(.clientVPN, action, kind.rawValue, key, detail, .clientVPN(op))
    }

    /// The endpoint: created, made again (a property AWS fixes at creation differs), modified in
    /// place, or left; `fresh` gets it when its parts must all be made, `skipped` when it cannot be.
    private mutating func endpoint(_ r: ClientVPNResource, _ e: ClientVPNEndpointProperties, _ oc: ObservedClientVPN,
                                   _ fresh: inout Set<String>, _ skipped: inout Set<String>) {
        let k = r.key
        if skipped.contains(k) { return }
        if e.clientRootCertificate == nil {
            report(PlanRules.notApplied, "\(k): the endpoint is not created: only mutual (certificate) authentication is modelled", key: k)
            skipped.insert(k)
            return
        }
        let groups = e.securityGroups.compactMap(\.name)
        if !groups.isEmpty {
            report(PlanRules.notApplied, "\(k): apply does not create security groups; the endpoint uses the group\(groups.count == 1 ? "" : "s") named \(groups.joined(separator: ", ")) in \(name(e.vpc)), which must exist", key: k)
        }
        let summary = "\(e.clientCIDR), \(e.transportProtocol.rawValue.uppercased()) \(e.vpnPort), split tunnel \(e.splitTunnel ? "on" : "off")"
        guard let have = oc.endpoints[k] else {
            if let id = r.adoptedID {
                report(PlanRules.adoptedMissing, "\(k): adopted Client VPN endpoint \(id) was not found", key: k)
                skipped.insert(k)
                return
            }
            step(.create, .clientVpnEndpoint, k, summary, .createEndpoint(e))
            fresh.insert(k)
            return
        }
        // AWS Client VPN administrator guide, "Modify a Client VPN endpoint": the client CIDR,
        // transport protocol and authentication are fixed once the endpoint exists.
        var fixed: [String] = []
        if let cidr = have.clientCIDR, cidr != e.clientCIDR.description { fixed.append("client CIDR \(cidr) there, \(e.clientCIDR) here") }
        if let t = have.transportProtocol, t != e.transportProtocol.rawValue { fixed.append("transport \(t) there, \(e.transportProtocol.rawValue) here") }
        if let root = e.clientRootCertificate, let want = ids[root], let got = have.clientRootCertificateARN, got != want {
            fixed.append("client root certificate \(got) there, \(want) here")
        }
        if !fixed.isEmpty {
            if oc.adopted.contains(k) {
                report(PlanRules.immutableChanged, "\(k): the adopted endpoint differs in what AWS fixes at creation (\(fixed.joined(separator: "; "))); causeway does not replace an adopted endpoint", key: k)
                skipped.insert(k)
            } else {
                step(.replace, .clientVpnEndpoint, k, "\(fixed.joined(separator: "; ")): AWS fixes these at creation, so the endpoint, its associations, rules and routes are deleted and made again (clients must download a new configuration)",
                     .replaceEndpoint(e, oldID: have.id))
                fresh.insert(k)
            }
            return
        }
        let changed = ClientVPNEndpointChange(wanted: e, ids: ids, have: have).names
        if !changed.isEmpty { step(.update, .clientVpnEndpoint, k, changed.joined(separator: ", "), .modifyEndpoint(e)) }
    }
}

extension ClientVPNEndpointChange {
    /// What differs between `have` and `wanted` among the settings ModifyClientVpnEndpoint changes;
    /// references resolved through `ids` (a certificate or function not yet created counts as changed).
    init(wanted e: ClientVPNEndpointProperties, ids: [String: String], have: ClientVPNEndpointInfo?) {
        self.init()
        let server = ids[e.serverCertificate]
        // A certificate this plan imports has no ARN yet: it changes (apply reads the new ARN).
        if server == nil || have?.serverCertificateARN != server { serverCertificateARN = server ?? "(imported by this plan)" }
        let dns = e.dnsServers.map(\.description)
        if have?.dnsServers != dns { dnsServers = dns }
        if have?.vpnPort != e.vpnPort { vpnPort = e.vpnPort }
        if have?.splitTunnel != e.splitTunnel { splitTunnel = e.splitTunnel }
        let handler = e.connectHandler.flatMap { ids[$0] }
        if have?.connectHandlerARN != handler || (have?.connectHandlerEnabled ?? false) != (handler != nil) { connectHandlerARN = .some(handler) }
        if have?.sessionTimeoutHours != e.sessionTimeoutHours { sessionTimeoutHours = e.sessionTimeoutHours }
    }

    /// The names of what changes, for the plan's detail.
    var names: [String] {
        [(serverCertificateARN != nil, "server certificate"), (dnsServers != nil, "DNS servers"), (vpnPort != nil, "VPN port"),
         (splitTunnel != nil, "split tunnel"), (connectHandlerARN != nil, "connect handler"), (sessionTimeoutHours != nil, "session timeout")]
            .filter(\.0).map(\.1)
    }
}

extension OwnedResource {
    /// A part's identity as the planner names wanted parts: kind, subnet id and destination.
    func identity(endpointID: String, _ associations: [ClientVPNTargetNetworkInfo]) -> String {
        let fields = id.split(separator: "|", omittingEmptySubsequences: false).map(String.init).dropFirst()
        switch kind {
        case .clientVpnTargetNetwork:
            let subnet = associations.first { $0.associationId == fields.first }?.subnetId ?? ""
            return "\(kind)|\(subnet)"
        default:
            return "\(kind)|" + fields.joined(separator: "|")
        }
    }
}

extension StatusReport {
    /// One row per Client VPN resource of the description, in its order.
    static func clientVPNRows(_ d: AWSResources, _ o: ObservedState) -> [Resource] {
        let oc = o.clientVPN, ids = o.ids
        var rows: [Resource] = []
        func row(_ r: ClientVPNResource, _ kind: ResourceKind, _ id: String?, _ state: String?, _ detail: String) {
            rows.append(Resource(key: r.key, kind: kind.rawValue, id: id, state: id == nil ? "missing" : (state?.isEmpty == false ? state! : "present"),
                                 adopted: oc.adopted.contains(r.key), detail: detail))
        }
        for r in d.clientVPN {
            switch r.properties {
            case .certificate(let role, _, _):
                row(r, .acmCertificate, oc.certificates[r.key], nil, role.rawValue)
            case .connectHandler(let name, _):
                let f = oc.functions[r.key]
                row(r, .lambdaFunction, f?.arn, f?.state, name)
            case .endpoint:
                let e = oc.endpoints[r.key]
                row(r, .clientVpnEndpoint, e?.id, e?.status.code, e.map { "\($0.clientCIDR ?? "?"), \($0.transportProtocol ?? "?") \($0.vpnPort.map(String.init) ?? "?")"
                    + ($0.connectHandlerEnabled == true ? ", connect handler on" : "") } ?? (oc.unreadable == nil ? "" : "not readable at this endpoint"))
            case .targetNetwork(let ek, let subnet):
                let a = oc.association(ek, subnetID: ids[subnet])
                row(r, .clientVpnTargetNetwork, a?.associationId, a?.status.code, a.map { "subnet \($0.subnetId)" } ?? "")
            case .authorizationRule(let ek, let destination, let group, _):
                let a = oc.rule(ek, destination, group: group)
                row(r, .clientVpnAuthorizationRule, a.map { _ in oc.endpoints[ek]?.id ?? "" }, a?.status.code, "\(destination)")
            case .route(let ek, let destination, let subnet, _, _):
                let a = oc.route(ek, destination, subnetID: ids[subnet])
                row(r, .clientVpnRoute, a.map { _ in oc.endpoints[ek]?.id ?? "" }, a?.status.code, a.map { "\($0.destination) through \($0.targetSubnet)" } ?? "")
            }
        }
        return rows
    }
}

extension PlanStep {
    /// A Client VPN, ACM or Lambda step (or the removal of such a resource).
    var isClientVPN: Bool {
        switch operation {
        case .clientVPN: true
        case .delete(let r): [.acmCertificate, .lambdaFunction, .clientVpnEndpoint, .clientVpnTargetNetwork, .clientVpnAuthorizationRule, .clientVpnRoute].contains(r.kind)
        default: false
        }
    }
}
