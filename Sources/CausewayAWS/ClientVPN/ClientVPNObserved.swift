import CausewayCore

/// What exists of a topology's Client VPN resources. Certificates (ACM tags), connect handler
/// functions (Lambda tags, found by their name) and endpoints (EC2 tags) carry the topology's
/// tags; an endpoint's associations, authorization rules and routes are found through it.
public struct ObservedClientVPN: Sendable {
    /// ACM certificate ARNs, connect handlers and endpoints, by key.
    public var certificates: [String: String] = [:], functions: [String: FunctionInfo] = [:], endpoints: [String: ClientVPNEndpointInfo] = [:]
    /// Every association, authorization rule and route of each found endpoint, by endpoint key.
    public var targetNetworks: [String: [ClientVPNTargetNetworkInfo]] = [:], authorizationRules: [String: [ClientVPNAuthorizationRuleInfo]] = [:]
    public var routes: [String: [ClientVPNRouteInfo]] = [:]
    /// Keys adopted by `arn:`, `function_arn:` or `id:`: never deleted, their parts left alone.
    public var adopted: Set<String> = []
    /// Why the endpoints could not be read (an API endpoint without Client VPN, such as moto).
    public var unreadable: String?

    public init() {}

    /// The association of `subnetID` with the endpoint `endpoint` that is not leaving.
    func association(_ endpoint: String, subnetID: String?) -> ClientVPNTargetNetworkInfo? {
        (targetNetworks[endpoint] ?? []).first { $0.subnetId == subnetID && !$0.status.code.hasPrefix("disassociat") && $0.status.code != "association-failed" }
    }

    func rule(_ endpoint: String, _ destination: IPv4Prefix, group: String?) -> ClientVPNAuthorizationRuleInfo? {
        (authorizationRules[endpoint] ?? []).first {
            $0.destination == destination.description && $0.groupId == group && $0.accessAll == (group == nil) && !["revoking", "failed"].contains($0.status.code)
        }
    }

    func route(_ endpoint: String, _ destination: IPv4Prefix, subnetID: String?) -> ClientVPNRouteInfo? {
        (routes[endpoint] ?? []).first { $0.destination == destination.description && $0.targetSubnet == subnetID && !["deleting", "failed"].contains($0.status.code) }
    }

    /// AWS ids by logical key: ARNs for certificates and functions, the endpoint id for an endpoint.
    var ids: [String: String] {
        var out = certificates
        for (k, f) in functions { out[k] = f.arn }
        for (k, e) in endpoints { out[k] = e.id }
        return out
    }

    /// The parts of the endpoints causeway owns, as destroy deletes them: routes it added
    /// (`endpointId|subnetId|cidr`), authorization rules (`endpointId|cidr|group`, `*` for all
    /// users) and associations (`endpointId|associationId`), each endpoint's parts under its key.
    var owned: [OwnedResource] {
        var out: [OwnedResource] = []
        for (k, e) in endpoints.sorted(by: { $0.key < $1.key }) where !adopted.contains(k) {
            out += parts(k, e.id)
            out.append(OwnedResource(kind: .clientVpnEndpoint, key: k, id: e.id))
        }
        for (k, f) in functions.sorted(by: { $0.key < $1.key }) where !adopted.contains(k) {
            out.append(OwnedResource(kind: .lambdaFunction, key: k, id: f.name))
        }
        for (k, arn) in certificates.sorted(by: { $0.key < $1.key }) where !adopted.contains(k) {
            out.append(OwnedResource(kind: .acmCertificate, key: k, id: arn))
        }
        return out
    }

    /// One endpoint's routes (those CreateClientVpnRoute made), rules and associations.
    func parts(_ key: String, _ id: String) -> [OwnedResource] {
        let routes = (routes[key] ?? []).filter { $0.origin != "associate" && $0.status.code != "deleting" }.map {
            OwnedResource(kind: .clientVpnRoute, key: "\(key)/route/\($0.targetSubnet)/\($0.destination)", id: "\(id)|\($0.targetSubnet)|\($0.destination)")
        }
        let rules = (authorizationRules[key] ?? []).filter { $0.status.code != "revoking" }.map {
            OwnedResource(kind: .clientVpnAuthorizationRule, key: "\(key)/authorization/\($0.destination)" + ($0.groupId.map { "/\($0)" } ?? ""),
                          id: "\(id)|\($0.destination)|\($0.groupId ?? "*")")
        }
        let associations = (targetNetworks[key] ?? []).filter { !$0.status.code.hasPrefix("disassociat") }.map {
            OwnedResource(kind: .clientVpnTargetNetwork, key: "\(key)/association/\($0.subnetId)", id: "\(id)|\($0.associationId)")
        }
        return routes + rules + associations
    }
}

/// Reads `ObservedClientVPN`: ACM's certificates and their tags, each connect handler by its
/// function name, every endpoint of the region (kept when tagged for the topology or adopted) and
/// the parts of those found.
struct ClientVPNStateReader {
    let client: EC2Client
    let topology: String

    func read(_ d: AWSResources) async throws -> (ObservedClientVPN, [Stray]) {
        var s = ObservedClientVPN()
        var strays: [Stray] = []
        let wanted = Set(d.clientVPN.map(\.key))
        func ours(_ tags: [ResourceTag]) -> String?? {
            guard tags.contains(where: { $0.key == LogicalKey.topologyTag && $0.value == topology }) else { return .none }
            return .some(LogicalKey.key(in: tags))
        }
        func place<T>(_ kind: ResourceKind, _ item: T, id: String, tags: [ResourceTag], into dict: inout [String: T]) {
            guard case .some(let key) = ours(tags) else { return }
            guard let key, wanted.contains(key) else {
                strays.append(Stray(kind: kind, key: key ?? "(no key)", id: id, reason: "not in the topology"))
                return
            }
            if dict[key] != nil {
                strays.append(Stray(kind: kind, key: key, id: id, reason: "a second \(kind.rawValue) with key \(key)"))
            } else {
                dict[key] = item
            }
        }

        let acm = ACMClient(ec2: client)
        for arn in try await acm.listCertificates().sorted() {
            place(.acmCertificate, arn, id: arn, tags: try await acm.listTagsForCertificate(arn: arn), into: &s.certificates)
        }
        let lambda = LambdaClient(ec2: client)
        for r in d.clientVPN {
            switch r.properties {
            case .certificate where r.adoptedID != nil:
                if let arn = r.adoptedID, try await acm.describeCertificate(arn: arn) != nil {
                    s.certificates[r.key] = arn
                    s.adopted.insert(r.key)
                }
            case .connectHandler(let name, _):
                guard let f = try await lambda.getFunction(r.adoptedID ?? name) else { continue }
                if r.adoptedID != nil {
                    s.functions[r.key] = f
                    s.adopted.insert(r.key)
                } else {
                    place(.lambdaFunction, f, id: f.name, tags: f.tags, into: &s.functions)
                }
            default: continue
            }
        }

        let endpoints: [ClientVPNEndpointInfo]
        do {
            endpoints = try await client.describeClientVpnEndpoints().filter { !["deleting", "deleted"].contains($0.status.code) }
        } catch let e as EC2Error where e.isNotImplemented {
            s.unreadable = "\(e)"
            return (s, strays)
        }
        for e in endpoints.sorted(by: { $0.id < $1.id }) {
            if let r = d.clientVPN.first(where: { $0.kind == .endpoint && $0.adoptedID == e.id }) {
                s.endpoints[r.key] = e
                s.adopted.insert(r.key)
            } else {
                place(.clientVpnEndpoint, e, id: e.id, tags: e.tags, into: &s.endpoints)
            }
        }
        for (key, e) in s.endpoints {
            s.targetNetworks[key] = try await client.describeClientVpnTargetNetworks(endpointId: e.id)
            s.authorizationRules[key] = try await client.describeClientVpnAuthorizationRules(endpointId: e.id)
            s.routes[key] = try await client.describeClientVpnRoutes(endpointId: e.id)
        }
        return (s, strays)
    }
}
