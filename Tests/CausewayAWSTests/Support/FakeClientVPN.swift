import CausewayCore
import Foundation
@testable import CausewayAWS

/// The EC2 Client VPN calls answered from the recorded responses (Fixtures/client-vpn), with the
/// state a real endpoint keeps: moto 5.2.1 answers HTTP 500 to them. Every other request goes to
/// `inner` (moto). Each Describe moves what is in progress one state on, as AWS does over time
/// (associating → associated, authorizing and creating → active, disassociating and deleting →
/// gone). Every Client VPN request is recorded for the botocore model check.
final class FakeClientVPN: HTTPTransport, @unchecked Sendable {
    struct Part { var id: String; var subnet: String; var destination: String; var group: String?; var origin: String; var status: String; var description: String }
    struct Endpoint {
        var id: String
        var request: [String: String]
        var status = "pending-associate"
        var associations: [Part] = []
        var rules: [Part] = []
        var routes: [Part] = []
    }

    let inner: any HTTPTransport
    let vpcCIDR: String
    private let lock = NSLock()
    private var endpoints: [Endpoint] = []
    private var counter = 0
    private(set) var recorded: [(action: String, pairs: [(String, String)])] = []

    init(inner: any HTTPTransport, vpcCIDR: String) {
        self.inner = inner
        self.vpcCIDR = vpcCIDR
    }

    var live: [Endpoint] { lock.withLock { endpoints.filter { $0.status != "deleted" } } }
    var requests: [(action: String, pairs: [(String, String)])] { lock.withLock { recorded } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let pairs = request.formPairs
        guard let action = pairs.first(where: { $0.0 == "Action" })?.1, action.contains("ClientVpn") else {
            return try await inner.send(request)
        }
        let body = try lock.withLock { () throws -> String in
            recorded.append((action, pairs.filter { !["Action", "Version"].contains($0.0) }))
            return try answer(action, Dictionary(pairs, uniquingKeysWith: { a, _ in a }))
        }
        return FakeTransport.xml(200, body)
    }

    static func template(_ action: String) throws -> String { try TestPaths.fixture("client-vpn/\(action).xml") }

    /// The fixture with `{{name}}` filled in; a Describe's one `<item>` repeated per entry.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        values.reduce(text) { $0.replacingOccurrences(of: "{{\($1.key)}}", with: $1.value) }
    }

    static func describe(_ action: String, _ entries: [[String: String]]) throws -> String {
        let text = try template(action)
        guard let start = text.range(of: "<item>"), let end = text.range(of: "</item>", options: .backwards) else { return text }
        let item = String(text[start.lowerBound..<end.upperBound])
        return text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: entries.map { fill(item, $0) }.joined())
    }

    static func items(_ values: [String]) -> String { values.map { "<item>\($0)</item>" }.joined() }

    private func index(_ p: [String: String]) throws -> Int {
        guard let i = endpoints.firstIndex(where: { $0.id == p["ClientVpnEndpointId"] && $0.status != "deleted" }) else {
            throw FakeError("no endpoint \(p["ClientVpnEndpointId"] ?? "")")
        }
        return i
    }

    private func next(_ prefix: String) -> String {
        counter += 1
        return prefix + String(format: "%017x", counter)
    }

    private func answer(_ action: String, _ p: [String: String]) throws -> String {
        switch action {
        case "CreateClientVpnEndpoint":
            let id = next("cvpn-endpoint-")
            endpoints.append(Endpoint(id: id, request: p))
            return Self.fill(try Self.template(action), ["endpoint": id])
        case "DescribeClientVpnEndpoints":
            let wanted = p.filter { $0.key.hasPrefix("ClientVpnEndpointId.") }.map(\.value)
            let shown = endpoints.filter { wanted.isEmpty ? $0.status != "deleted" : wanted.contains($0.id) }
            defer { for i in endpoints.indices where endpoints[i].status == "deleting" { endpoints[i].status = "deleted" } }
            return try Self.describe(action, shown.map { e in
                let r = e.request
                let tags = (1...9).compactMap { n in r["TagSpecification.1.Tag.\(n).Key"].map { "<item><key>\($0)</key><value>\(r["TagSpecification.1.Tag.\(n).Value"] ?? "")</value></item>" } }
                return ["endpoint": e.id, "description": r["Description"] ?? "", "status": e.status, "cidr": r["ClientCidrBlock"] ?? "",
                        "dns": Self.items((1...2).compactMap { r["DnsServers.\($0)"] }), "splitTunnel": r["SplitTunnel"] ?? "false",
                        "transport": r["TransportProtocol"] ?? "udp", "port": r["VpnPort"] ?? "443", "server": r["ServerCertificateArn"] ?? "",
                        "root": r["Authentication.1.MutualAuthentication.ClientRootCertificateChainArn"] ?? "", "tags": tags.joined(),
                        "groups": Self.items((1...5).compactMap { r["SecurityGroupId.\($0)"] }), "vpc": r["VpcId"] ?? "",
                        "handlerEnabled": r["ClientConnectOptions.Enabled"] ?? "false", "handler": r["ClientConnectOptions.LambdaFunctionArn"] ?? "",
                        "sessionTimeout": r["SessionTimeoutHours"] ?? "24"]
            })
        case "ModifyClientVpnEndpoint":
            let i = try index(p)
            for (k, v) in p where k != "ClientVpnEndpointId" {
                if k.hasPrefix("DnsServers.CustomDnsServers.") { endpoints[i].request["DnsServers." + k.split(separator: ".").last!] = v } else { endpoints[i].request[k] = v }
            }
            if p["ClientConnectOptions.Enabled"] == "false" { endpoints[i].request["ClientConnectOptions.LambdaFunctionArn"] = nil }
            return try Self.template(action)
        case "DeleteClientVpnEndpoint":
            let i = try index(p)
            guard endpoints[i].associations.allSatisfy({ $0.status == "disassociated" }) else { throw FakeError("the endpoint still has target networks") }
            endpoints[i].status = "deleting"
            return try Self.template(action)
        case "AssociateClientVpnTargetNetwork":
            let i = try index(p), id = next("cvpn-assoc-"), subnet = p["SubnetId"] ?? ""
            endpoints[i].associations.append(Part(id: id, subnet: subnet, destination: "", origin: "", status: "associating", description: ""))
            // AWS adds the route to the VPC's CIDR through the subnet it associates.
            endpoints[i].routes.append(Part(id: "", subnet: subnet, destination: vpcCIDR, origin: "associate", status: "active", description: "Default Route"))
            endpoints[i].status = "available"
            return Self.fill(try Self.template(action), ["association": id])
        case "DescribeClientVpnTargetNetworks":
            let i = try index(p)
            defer { Self.advance(&endpoints[i].associations, ["associating": "associated", "disassociating": "disassociated", "disassociated": ""]) }
            return try Self.describe(action, endpoints[i].associations.map {
                ["association": $0.id, "vpc": endpoints[i].request["VpcId"] ?? "", "subnet": $0.subnet, "endpoint": endpoints[i].id, "status": $0.status, "groups": ""]
            })
        case "DisassociateClientVpnTargetNetwork":
            let i = try index(p)
            guard let a = endpoints[i].associations.firstIndex(where: { $0.id == p["AssociationId"] }) else { throw FakeError("no association") }
            endpoints[i].associations[a].status = "disassociating"
            let subnet = endpoints[i].associations[a].subnet
            endpoints[i].routes.removeAll { $0.subnet == subnet }
            return Self.fill(try Self.template(action), ["association": endpoints[i].associations[a].id])
        case "AuthorizeClientVpnIngress":
            let i = try index(p)
            endpoints[i].rules.append(Part(id: "", subnet: "", destination: p["TargetNetworkCidr"] ?? "", group: p["AccessGroupId"], origin: "",
                                           status: "authorizing", description: p["Description"] ?? ""))
            return try Self.template(action)
        case "DescribeClientVpnAuthorizationRules":
            let i = try index(p)
            defer { Self.advance(&endpoints[i].rules, ["authorizing": "active", "revoking": ""]) }
            return try Self.describe(action, endpoints[i].rules.map {
                ["endpoint": endpoints[i].id, "description": $0.description, "group": $0.group ?? "", "accessAll": $0.group == nil ? "true" : "false",
                 "destination": $0.destination, "status": $0.status]
            })
        case "RevokeClientVpnIngress":
            let i = try index(p)
            for r in endpoints[i].rules.indices where endpoints[i].rules[r].destination == p["TargetNetworkCidr"] && endpoints[i].rules[r].group == p["AccessGroupId"] {
                endpoints[i].rules[r].status = "revoking"
            }
            return try Self.template(action)
        case "CreateClientVpnRoute":
            let i = try index(p)
            endpoints[i].routes.append(Part(id: "", subnet: p["TargetVpcSubnetId"] ?? "", destination: p["DestinationCidrBlock"] ?? "", origin: "add-route",
                                            status: "creating", description: p["Description"] ?? ""))
            return try Self.template(action)
        case "DescribeClientVpnRoutes":
            let i = try index(p)
            defer { Self.advance(&endpoints[i].routes, ["creating": "active", "deleting": ""]) }
            return try Self.describe(action, endpoints[i].routes.map {
                ["endpoint": endpoints[i].id, "destination": $0.destination, "subnet": $0.subnet, "origin": $0.origin, "status": $0.status, "description": $0.description]
            })
        case "DeleteClientVpnRoute":
            let i = try index(p)
            for r in endpoints[i].routes.indices where endpoints[i].routes[r].destination == p["DestinationCidrBlock"] && endpoints[i].routes[r].subnet == p["TargetVpcSubnetId"] {
                endpoints[i].routes[r].status = "deleting"
            }
            return try Self.template(action)
        default:
            throw FakeError("the fake does not answer \(action)")
        }
    }

    /// Moves each part one state on; an empty next state removes it.
    private static func advance(_ parts: inout [Part], _ next: [String: String]) {
        parts = parts.compactMap { p in
            guard let n = next[p.status] else { return p }
            guard !n.isEmpty else { return nil }
            var q = p
            q.status = n
            return q
        }
    }
}

struct FakeError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// PEMs made by `openssl` in a scratch folder: a CA and a server certificate it signs; the
/// connect handler's package zipped by Python. Stands in for the render's PKI.
struct OpenSSLMaterial: ClientVPNMaterialSource {
    let ca: CertificateMaterial
    let server: CertificateMaterial
    let zip: [UInt8]

    init() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-cvpn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = dir.path
        for args in [
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(d)/ca.key", "-out", "\(d)/ca.crt", "-subj", "/CN=Easy-RSA CA", "-days", "30"],
            ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(d)/server.key", "-out", "\(d)/server.csr", "-subj", "/CN=server"],
            ["openssl", "x509", "-req", "-in", "\(d)/server.csr", "-CA", "\(d)/ca.crt", "-CAkey", "\(d)/ca.key", "-CAcreateserial", "-out", "\(d)/server.crt", "-days", "30"],
            ["python3", "-c", "import zipfile; z = zipfile.ZipFile('\(d)/handler.zip', 'w'); z.writestr('handler.py', 'def handler(event, context):\\n    return {\"allow\": True}\\n'); z.close()"],
        ] {
            let r = try runProcess(args)
            guard r.status == 0 else { throw FakeError("\(args[0]) failed: \(r.stderr)") }
        }
        func read(_ name: String) throws -> String { try String(contentsOfFile: "\(d)/\(name)", encoding: .utf8) }
        ca = CertificateMaterial(certificate: try read("ca.crt"), privateKey: PrivateKeyPEM(try read("ca.key")))
        server = CertificateMaterial(certificate: try read("server.crt"), privateKey: PrivateKeyPEM(try read("server.key")), chain: try read("ca.crt"))
        zip = [UInt8](try Data(contentsOf: dir.appendingPathComponent("handler.zip")))
    }

    func certificate(forKey key: String, role: ClientVPNCertificateRole, source: CertificateSource) throws -> CertificateMaterial {
        role == .server ? server : ca
    }

    func connectHandler(forKey key: String, functionName: String, policy: ConnectPolicy) throws -> FunctionCode {
        FunctionCode(zip: zip, handler: "handler.handler")
    }
}

/// Runs `botocore_ec2_request.py` on recorded EC2 requests: the problems of each, by botocore's model.
func botocoreProblems(_ requests: [(action: String, pairs: [(String, String)])]) throws -> [String] {
    let input = try JSONSerialization.data(withJSONObject: requests.map { ["operation": $0.action, "pairs": $0.pairs.map { [$0.0, $0.1] }] })
    let r = try runProcess(["python3", TestPaths.support.appendingPathComponent("botocore_ec2_request.py").path], stdin: input)
    guard r.status == 0, let out = try JSONSerialization.jsonObject(with: r.stdout) as? [[String]] else {
        throw FakeError("botocore_ec2_request.py failed (\(r.status)) — is botocore installed? \(r.stderr)")
    }
    return zip(requests, out).flatMap { req, problems in problems.map { "\(req.action): \($0)" } }
}
