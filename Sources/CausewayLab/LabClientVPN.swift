import CausewayCore
import CausewayRender
import CausewaySim

/// What the stand-in of one endpoint runs with, from the certificates and keys `render` uses
/// (`ClientVPNMaterial`: made by causeway's PKI or read from the topology's files, by the caller,
/// as it resolves the pre-shared keys) and the rendered connect handler.
struct LabClientVPNPKI {
    /// The CAs the server trusts for clients (the client root chain) and clients trust it by.
    var ca: String
    var serverCertificate: String
    var serverKey: String
    /// The rendered `lambda_function.py`; nil without a connect handler, or one adopted by ARN.
    var handlerSource: String?

    /// nil when the material lacks what OpenVPN needs (a certificate only in ACM, no client CA).
    init?(_ e: ClientVPNEndpoint, _ m: ClientVPNMaterial, topology: String) {
        guard let server = m.server, let key = server.privateKey, let clientCA = m.clientRoot?.chain ?? m.clientRoot?.certificate else { return nil }
        ca = [m.serverCA, clientCA].compactMap { $0 }.map(ClientVPNFiles.pem).uniqued().joined()
        serverCertificate = ClientVPNFiles.pem(server.certificate)
        serverKey = ClientVPNFiles.pem(key.revealed)
        handlerSource = e.connectHandler.flatMap { h in
            h.functionARN == nil ? ConnectHandlerSource.render(h.policy, functionName: h.functionName, topology: topology) : nil
        }
    }
}

/// A remote user as the lab stands it in: a node on the lab's internet holding the user's public
/// address, where the real `openvpn` client runs with the user's rendered profile.
public struct LabRemoteUser: Sendable, Codable, Equatable {
    public var user: String
    /// `user:NAME`.
    public var node: String
    public var namespace: String
    public var publicIP: IPv4Address
    /// The address the stand-in gives this user in the client CIDR (`client-config-dir`).
    public var clientAddress: IPv4Address
    /// The rendered profile with only `remote` rewritten to the stand-in's lab address.
    public var profile: String
    public var log: String

    /// The client, in the foreground (the lab keeps its PID and stops it).
    public var client: [String] { ["ip", "netns", "exec", namespace, "openvpn", "--config", profile] }
}

/// One Client VPN endpoint's stand-in: OpenVPN 2.6 in a node of its own, on the lab's internet at
/// `server` and linked to the VPC, with the endpoint's certificates, client CIDR, transport, port
/// and route table; authorization rules as nftables on its tun interface; client traffic
/// source-NATed to the endpoint's interface address in the associated subnet the route names
/// (AWS Client VPN administrator guide, "How AWS Client VPN works"); the rendered connect handler
/// run by `client-connect` on each new connection (`LabClientVPNConfig`).
public struct LabClientVPN: Sendable {
    public var endpoint: String
    /// `cvpn:NAME`.
    public var node: String
    public var namespace: String
    /// The stand-in's address on the lab's internet (the profiles' `remote`).
    public var server: IPv4Address
    public var port: Int
    public var transport: ClientVPNTransport
    public var clientCIDR: IPv4Prefix
    /// Destination → the interface address its traffic leaves from (longest prefix first).
    public var sourceNAT: [(destination: IPv4Prefix, interface: IPv4Address)]
    public var users: [LabRemoteUser]
    public var process: LabProcess
    /// The file holding the instant the connect handler runs at (ISO 8601): `lab test` writes it.
    public var clock: String
    /// One JSON line per connection: the event, the handler's answer and the verdict.
    public var handlerLog: String?
    public var connectPolicy: ConnectPolicy?
    /// What the stand-in does not do as AWS does.
    public var notes: [String]

    /// What the stand-in runs beyond the lab's programs: the server and clients, the handler.
    public static let requiredPrograms: [(path: String, package: String)] = [
        ("/usr/sbin/openvpn", "openvpn"),
        ("/usr/bin/python3", "python3"),
    ]

    /// The tun interface the server creates (its own namespace: a fixed name).
    public static let tunnelInterface = "tun0"
    /// The kernel table clients' traffic is routed by (`ip rule iif tun0`).
    static let routeTable = "200"
}

extension Builder {
    /// The Client VPN stand-ins and their remote users (namespace lab only). An endpoint
    /// without material (no PKI handed to the plan) is not stood in: noted, never silently.
    mutating func clientVPNStandIns(inet: String, vpcNS: [String: String]) throws -> [LabClientVPN] {
        var out: [LabClientVPN] = []
        var taken = Set(tunnels.map(\.awsOutside) + tunnels.map(\.customerOutside)
                        + (failover.map { [$0.server] + $0.endpoints.map(\.address) } ?? []))
        for e in topology.clientVPNEndpoints {
            for u in e.users {
                guard !LabInternet.linkRange.contains(u.publicIP), taken.insert(u.publicIP).inserted else {
                    throw LabPlanError(LabRules.rangeOverlap, "remote user \(u.name) of \(e.name) connects from \(u.publicIP), which the lab already uses; give the user another public_ip to bring it up in the lab",
                                       at: topology.locate("\(u.path).public_ip"))
                }
            }
        }
        var internet = LabInternet.Allocator(range: LabInternet.awsRange, reserved: Array(taken) + [LabInternet.awsRouter, LabInternet.customerRouter])
        for (k, e) in topology.clientVPNEndpoints.enumerated() {
            guard let material = clientVPNMaterial[e.name], let pki = LabClientVPNPKI(e, material, topology: topology.name) else {
                clientVPNNotes.append("Client VPN endpoint \(e.name): no server certificate and key or client CA for the lab (only in ACM, or none made); not stood in")
                continue
            }
            if e.connectHandler?.functionARN != nil {
                clientVPNNotes.append("Client VPN endpoint \(e.name): its connect handler is an existing function (function_arn); the lab has not its source and admits every client")
            }
            guard let vpc = topology.vpc(e.vpc), let vn = vpcNS[e.vpc] else {
                throw LabPlanError(LabRules.gatewayMissing, "Client VPN endpoint \(e.name): no VPC \(e.vpc) in the topology", at: topology.locate("\(e.path).vpc"))
            }
            let short = "x\(k + 1)"
            let n = addNode("cvpn:\(e.name)", short, .clientVPNEndpoint)
            let server = try internet.take(nil)
            internetHost(n, inet: inet, link: short, address: server)
            let (mine, theirs) = transfer(n, "vpc", vn, "cvpn\(k + 1)")
            let nat = LabClientVPN.sourceNAT(e, vpc)
            // Clients' traffic: the endpoint's route table (AWS drops what it has no route for).
            ip(n, "rule", "add", "iif", LabClientVPN.tunnelInterface, "lookup", LabClientVPN.routeTable, "pref", "100")
            for r in nat { ip(n, "route", "add", "\(r.destination)", "via", "\(theirs)", "table", LabClientVPN.routeTable) }
            ip(n, "route", "add", "unreachable", "default", "table", LabClientVPN.routeTable)
            // The VPC reaches the endpoint's interfaces over the link, from any subnet's table.
            for a in nat.map(\.interface).uniqued() {
                ip(vn, "route", "add", "\(a)/32", "via", "\(mine)")
                ip(vn, "rule", "add", "to", "\(a)/32", "lookup", "main", "pref", "999")
            }

            let d = dir(short)
            var users: [LabRemoteUser] = []
            for (j, u) in e.users.enumerated() {
                guard let certificate = material.users[u.name],
                      let client = sim.remoteClients.first(where: { $0.endpoint == e.name && $0.user == u.name }) else {
                    clientVPNNotes.append("remote user \(u.name) of \(e.name): no client certificate (causeway holds no CA for the clients); not stood in")
                    continue
                }
                let profile = OVPNProfile.render(e, region: topology.region, user: u.name, serverCA: material.serverCA, client: certificate, topology: topology.name)
                let us = "u\(k + 1)\(j + 1)"
                let un = addNode("user:\(u.name)", us, .remoteUser)
                internetHost(un, inet: inet, link: us, address: u.publicIP)
                let path = "\(dir(us))/\(u.name).ovpn"
                // The profile holds the user's private key.
                files.append(LabFile(path: path, contents: LabClientVPNConfig.rewriteRemote(profile, to: server, port: e.vpnPort), mode: 0o600))
                users.append(LabRemoteUser(user: u.name, node: "user:\(u.name)", namespace: un, publicIP: u.publicIP,
                                           clientAddress: client.address,
                                           profile: path, log: "\(dir(us))/openvpn.out"))
            }
            let config = LabClientVPNConfig(endpoint: e, directory: d, server: server, sourceNAT: nat, users: users, pki: pki)
            files += config.files
            afterCharons.append(["ip", "netns", "exec", n, "nft", "-f", config.nftablesPath])
            out.append(LabClientVPN(endpoint: e.name, node: "cvpn:\(e.name)", namespace: n, server: server, port: e.vpnPort,
                                    transport: e.transportProtocol, clientCIDR: e.clientCIDR, sourceNAT: nat, users: users,
                                    process: LabProcess(name: "openvpn", namespace: n, argv: ["ip", "netns", "exec", n, "openvpn", "--config", config.serverConfigPath],
                                                        log: "\(d)/openvpn.out"),
                                    clock: config.clockPath, handlerLog: pki.handlerSource == nil ? nil : config.handlerLogPath,
                                    connectPolicy: e.connectHandler?.policy, notes: config.notes))
        }
        return out
    }
}

extension LabClientVPN {
    /// Each destination of the endpoint's route table (its routes, and the VPC's CIDRs AWS adds
    /// for each association: the simulator's table) with the interface address its traffic
    /// leaves from: the first route's associated subnet, at the simulator's stand-in address
    /// (AWS chooses it). Longest prefix first, as nftables matches in order.
    static func sourceNAT(_ e: ClientVPNEndpoint, _ vpc: VPC) -> [(destination: IPv4Prefix, interface: IPv4Address)] {
        var out: [(destination: IPv4Prefix, interface: IPv4Address)] = []
        for r in e.routeTable(vpcCIDRs: vpc.cidrs) where !out.contains(where: { $0.destination == r.destination }) {
            guard let s = vpc.subnet(r.subnet) else { continue }
            out.append((r.destination, s.clientVPNInterface))
        }
        return out.sorted { $0.destination.length > $1.destination.length }
    }
}

extension LabRunner {
    /// Starts the Client VPN stand-ins once the rest of the lab runs, and waits for each server's
    /// tun interface (the clients connect during `lab test`).
    func startClientVPN(_ plan: LabPlan, _ state: inout LabState, _ interruption: Interruption) throws {
        guard !plan.clientVPN.isEmpty else { return }
        for c in plan.clientVPN {
            progress("Client VPN \(c.endpoint): OpenVPN at \(c.server):\(c.port)/\(c.transport.rawValue), client CIDR \(c.clientCIDR), \(c.users.count) remote users")
        }
        try start(plan.clientVPN.map(\.process), &state)
        for c in plan.clientVPN {
            try waitFor("the OpenVPN server of \(c.endpoint)", seconds: 20, interruption) {
                (try? runner.run(["ip", "-n", c.namespace, "link", "show", LabClientVPN.tunnelInterface]).succeeded) == true
            }
        }
    }
}
