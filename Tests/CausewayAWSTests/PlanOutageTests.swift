import CausewayCore
import CausewayTestSupport
import Foundation
import Testing
@testable import CausewayAWS

/// `plan` by outage: each change classified after the Site-to-Site VPN User Guide, "Tunnel endpoint
/// replacements" ("Customer initiated endpoint replacements": ModifyVpnTunnelOptions takes the
/// modified tunnel down; ModifyVpnConnection and ModifyVpnConnectionOptions take both tunnels down).
/// moto 5.2.1 implements none of the Modify calls, so the planner is tested as a pure function and
/// the requests against a fake endpoint and botocore's EC2 model.
@Suite struct PlanOutageTests {
    static let topology = TestTopology.siteAndVPC(name: "outage", region: "eu-west-1") + """
    vpn_gateways:
      vgw: {asn: 64512, vpc: app}
    \(connection(to: "vpn_gateway: vgw", routing: "bgp"))
    """

    /// The connection `vpn` from `dc` to `gateway` with the two options the tests change.
    static func connection(to gateway: String, routing: String) -> String {
        """
        vpn_connections:
          vpn:
            customer_gateway: dc
            \(gateway)
            routing: \(routing)
            tunnel_options:
              phase1: {lifetime: 14400}
              dpd_timeout: 45
        """
    }

    static func load(_ text: String = topology) throws -> Topology { try TestTopology.load(text, file: "outage.yaml") }

    /// What AWS reports for tunnel `n`: its outside address and the two options the topology sets.
    static func tunnel(_ n: Int, lifetime: Int, dpd: Int) -> String {
        "<item><outsideIpAddress>203.0.113.\(n)</outsideIpAddress><phase1LifetimeSeconds>\(lifetime)</phase1LifetimeSeconds>"
            + "<dpdTimeoutSeconds>\(dpd)</dpdTimeoutSeconds></item>"
    }

    /// An account holding the topology's customer gateway and connection (tunnels as given).
    static func observed(tunnels: String, cgwIP: String = "198.51.100.10", cgwASN: Int = 65000, local: String? = nil) throws -> ObservedState {
        var o = ObservedState()
        let cgw = try XMLTree.parse("<item><customerGatewayId>cgw-old</customerGatewayId><state>available</state><type>ipsec.1</type>"
                                    + "<ipAddress>\(cgwIP)</ipAddress><bgpAsn>\(cgwASN)</bgpAsn></item>")
        o.customerGateways[LogicalKey.customerGateway("dc")] = try #require(CustomerGateway(xml: cgw))
        let selectors = local.map { "<localIpv4NetworkCidr>\($0)</localIpv4NetworkCidr><remoteIpv4NetworkCidr>0.0.0.0/0</remoteIpv4NetworkCidr>" } ?? ""
        let vpn = try XMLTree.parse("<vpnConnection><vpnConnectionId>vpn-1</vpnConnectionId><state>available</state>"
                                    + "<customerGatewayId>cgw-old</customerGatewayId><options><staticRoutesOnly>false</staticRoutesOnly>\(selectors)"
                                    + "<tunnelOptionSet>\(tunnels)</tunnelOptionSet></options></vpnConnection>")
        o.vpnConnections[LogicalKey.vpnConnection("vpn")] = try #require(VpnConnection(xml: vpn))
        return o
    }

    static func steps(_ plan: Plan, _ resource: String) -> [PlanStep] { plan.steps.filter { $0.resource == resource } }

    /// An EC2 endpoint answering `answers` by action, connection vpn-1 `available`, and
    /// `<return>true</return>` to anything else; a client on it that never sleeps.
    static func fakeEC2(_ answers: [String: String]) -> (FakeTransport, EC2Client) {
        let vpnAvailable = "<DescribeVpnConnectionsResponse><vpnConnectionSet><item><vpnConnectionId>vpn-1</vpnConnectionId>"
            + "<state>available</state></item></vpnConnectionSet></DescribeVpnConnectionsResponse>"
        let transport = FakeTransport { request, _ in
            let action = request.form("Action") ?? ""
            let answer = answers[action] ?? (action == "DescribeVpnConnections" ? vpnAvailable : "<\(action)Response><return>true</return></\(action)Response>")
            return FakeTransport.xml(200, answer)
        }
        let client = EC2Client(credentials: Credentials(accessKeyID: "AKIDTEST", secretAccessKey: "testsecret"), region: "eu-west-1",
                               transport: transport, sleeper: RecordingSleeper())
        return (transport, client)
    }

    /// "Tunnel endpoint replacements": ModifyVpnTunnelOptions, "The modified tunnel is unavailable
    /// during the update" — the other tunnel keeps carrying traffic.
    @Test func aPhase1LifetimeAndDPDChangeOnTunnel1IsOneTunnelDown() throws {
        let o = try Self.observed(tunnels: Self.tunnel(1, lifetime: 28800, dpd: 30) + Self.tunnel(2, lifetime: 14400, dpd: 45))
        let plan = Planner(topology: try Self.load(), observed: o).plan()
        let steps = Self.steps(plan, "vpn-tunnel-options")
        #expect(steps.count == 1)
        let step = try #require(steps.first)
        #expect(step.key == "vpn/vpn/tunnel/1")
        #expect(step.detail == "phase 1 lifetime, DPD timeout")
        #expect(step.outage == .oneTunnelDown(connection: "vpn", tunnel: 1))
        #expect(step.outage.label == "outage: one tunnel down (vpn/1)")
        #expect(plan.conflicts.isEmpty, "\(plan.conflicts.map(\.message))")
        #expect(plan.reRender.isEmpty, "neither key nor inside CIDR changes: the customer side stays")
        #expect(plan.outageSummary.hasSuffix(" in place, 1 one tunnel down, 0 both tunnels down, 0 replacement"), "\(plan.outageSummary)")
    }

    /// ModifyVpnTunnelOptions (EC2 API reference): "you can only modify one tunnel at a time". Both
    /// tunnels changing are two modifications, one tunnel down each; apply waits for the connection
    /// to be available between them (`applyModifiesOneTunnelAtATime`), so both are never down at once.
    @Test func bothTunnelsChangingAreTwoOneTunnelModifications() throws {
        let o = try Self.observed(tunnels: Self.tunnel(1, lifetime: 28800, dpd: 30) + Self.tunnel(2, lifetime: 28800, dpd: 30))
        let plan = Planner(topology: try Self.load(), observed: o).plan()
        #expect(Self.steps(plan, "vpn-tunnel-options").map(\.outage) == [.oneTunnelDown(connection: "vpn", tunnel: 1), .oneTunnelDown(connection: "vpn", tunnel: 2)])
        #expect(plan.outageSummary.hasSuffix(" in place, 2 one tunnel down, 0 both tunnels down, 0 replacement"), "\(plan.outageSummary)")
    }

    /// A new key on a tunnel (ModifyVpnTunnelOptions PreSharedKey) is one tunnel down too, and the
    /// customer side holds the key: its files are rendered again.
    @Test func aNewKeyNamesTheFilesToRender() throws {
        let o = try Self.observed(tunnels: Self.tunnel(1, lifetime: 14400, dpd: 45).replacingOccurrences(of: "</item>", with: "<preSharedKey>old.key.1</preSharedKey></item>")
                                  + Self.tunnel(2, lifetime: 14400, dpd: 45))
        let key = PreSharedKey("new.key.1")
        let plan = Planner(topology: try Self.load(), observed: o, secrets: ["vpn/1": key]).plan()
        #expect(Self.steps(plan, "vpn-tunnel-options").map(\.outage) == [.oneTunnelDown(connection: "vpn", tunnel: 1)])
        #expect(plan.reRender == [ReRender(connection: "vpn", customerGateway: "dc", reason: "tunnel 1: pre-shared key")])
    }

    /// A customer gateway takes its IP and ASN only at creation (EC2 API reference,
    /// CreateCustomerGateway; no Modify call): a changed one is replaced. Its connection moves to the
    /// new one with ModifyVpnConnection ("Tunnel endpoint replacements": "Change the customer gateway
    /// for the VPN connection", both tunnels unavailable; the API reference: the AWS-side outside
    /// addresses and tunnel options stay), the old gateway is deleted last, and the site's files —
    /// which hold the gateway's address and ASN — are named to be rendered again.
    @Test func aCustomerGatewayIPOrASNChangeIsAReplacement() throws {
        let same = Self.tunnel(1, lifetime: 14400, dpd: 45) + Self.tunnel(2, lifetime: 14400, dpd: 45)
        for o in [try Self.observed(tunnels: same, cgwIP: "198.51.100.99"), try Self.observed(tunnels: same, cgwASN: 65099)] {
            let plan = Planner(topology: try Self.load(), observed: o).plan()
            #expect(plan.conflicts.isEmpty, "\(plan.conflicts.map(\.message))")
            let cgw = Self.steps(plan, "customer-gateway")
            #expect(cgw.map(\.action) == [.replace, .delete])
            #expect(cgw.map(\.outage) == [.replacement, .inPlace])
            #expect(cgw.last?.detail.hasPrefix("cgw-old") == true)
            let move = try #require(Self.steps(plan, "vpn-connection").first)
            #expect(move.outage == .bothTunnelsDown(connection: "vpn"))
            guard case .moveVpnConnection(let vpn, let to) = move.operation else { throw MotoError("not a move") }
            #expect(vpn == "vpn/vpn" && to == "cgw/dc")
            // The new gateway first, the move next, the old gateway's deletion last.
            let order = plan.steps.map(\.summary)
            #expect(order.firstIndex(of: cgw[0].summary)! < order.firstIndex(of: move.summary)!)
            #expect(order.firstIndex(of: move.summary)! < order.firstIndex(of: cgw[1].summary)!)
            #expect(plan.reRender == [ReRender(connection: "vpn", customerGateway: "dc", reason: "customer gateway dc replaced")])
            #expect(plan.outageSummary.hasSuffix(" in place, 0 one tunnel down, 1 both tunnels down, 1 replacement"), "\(plan.outageSummary)")
        }
    }

    /// "Modify Site-to-Site VPN connection options": the traffic selectors change with
    /// ModifyVpnConnectionOptions; "Tunnel endpoint replacements": both tunnels are unavailable.
    @Test func trafficSelectorsChangeWithBothTunnelsDown() throws {
        let same = Self.tunnel(1, lifetime: 14400, dpd: 45) + Self.tunnel(2, lifetime: 14400, dpd: 45)
        let plan = Planner(topology: try Self.load(), observed: try Self.observed(tunnels: same, local: "192.168.0.0/16")).plan()
        let step = try #require(Self.steps(plan, "vpn-connection-options").first)
        #expect(step.outage == .bothTunnelsDown(connection: "vpn"))
        #expect(step.detail == "local network 192.168.0.0/16 → 0.0.0.0/0")
    }

    /// Creating what does not exist yet takes no tunnel down; deleting a connection the topology
    /// no longer has takes both of its tunnels away.
    @Test func newResourcesAreInPlaceAndARemovedConnectionIsBothTunnelsDown() throws {
        let plan = Planner(topology: try Self.load(), observed: ObservedState()).plan()
        #expect(!plan.steps.isEmpty && plan.steps.allSatisfy { $0.outage == .inPlace })
        var o = try Self.observed(tunnels: "")
        o.strays = [Stray(kind: .vpnConnection, key: "vpn/old", id: "vpn-9", reason: "not in the topology")]
        let stray = try #require(Planner(topology: try Self.load(), observed: o).plan().steps.first { $0.key == "vpn/old" })
        #expect(stray.outage == .bothTunnelsDown(connection: "old"))
    }

    /// A replacement that stopped after the new customer gateway was made leaves two with one key:
    /// the one the connection uses is kept (and the plan replaces it again), the other is a stray.
    @Test func aHalfDoneReplacementKeepsTheGatewayTheConnectionUses() async throws {
        @Sendable func tags(_ key: String) -> String {
            "<tagSet><item><key>\(LogicalKey.topologyTag)</key><value>outage</value></item>"
                + "<item><key>\(LogicalKey.keyTag)</key><value>\(key)</value></item></tagSet>"
        }
        let transport = FakeTransport { request, _ in
            let action = request.form("Action") ?? ""
            switch action {
            case "DescribeCustomerGateways":
                let item = { (id: String, ip: String) in
                    "<item><customerGatewayId>\(id)</customerGatewayId><state>available</state><ipAddress>\(ip)</ipAddress><bgpAsn>65000</bgpAsn>\(tags("cgw/dc"))</item>"
                }
                return FakeTransport.xml(200, "<DescribeCustomerGatewaysResponse><customerGatewaySet>\(item("cgw-1", "198.51.100.10"))\(item("cgw-2", "198.51.100.99"))"
                                         + "</customerGatewaySet></DescribeCustomerGatewaysResponse>")
            case "DescribeVpnConnections":
                return FakeTransport.xml(200, "<DescribeVpnConnectionsResponse><vpnConnectionSet><item><vpnConnectionId>vpn-1</vpnConnectionId>"
                                         + "<state>available</state><customerGatewayId>cgw-2</customerGatewayId>\(tags("vpn/vpn"))</item></vpnConnectionSet></DescribeVpnConnectionsResponse>")
            default:
                return FakeTransport.xml(200, "<\(action)Response></\(action)Response>")
            }
        }
        let client = EC2Client(credentials: Credentials(accessKeyID: "AKIDTEST", secretAccessKey: "testsecret"), region: "eu-west-1",
                               transport: transport, sleeper: RecordingSleeper())
        let o = try await ObservedStateReader(client: client).read(try Self.load())
        #expect(o.customerGateways["cgw/dc"]?.id == "cgw-2")
        #expect(o.strays.map(\.id) == ["cgw-1"])
    }

    @Test func theClassIsAFieldOfEachChangeInJSON() throws {
        let o = try Self.observed(tunnels: Self.tunnel(1, lifetime: 28800, dpd: 30) + Self.tunnel(2, lifetime: 14400, dpd: 45))
        let plan = Planner(topology: try Self.load(), observed: o).plan()
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let json = String(decoding: try enc.encode(plan), as: UTF8.self)
        #expect(json.contains(#""outage":{"affected":"vpn\/1","kind":"one-tunnel-down"}"#), "\(json)")
        #expect(json.contains(#""one-tunnel-down":1,"replacement":0}"#), "\(json)")
    }

    /// Apply sends one ModifyVpnTunnelOptions, waits for the connection to be `available`, then
    /// sends the next; ModifyVpnConnection moves the connection. The requests fit botocore's model.
    @Test func applyModifiesOneTunnelAtATime() async throws {
        let o = try Self.observed(tunnels: Self.tunnel(1, lifetime: 28800, dpd: 30) + Self.tunnel(2, lifetime: 28800, dpd: 30), cgwASN: 65099)
        var plan = Planner(topology: try Self.load(), observed: o).plan()
        plan.steps = plan.steps.filter { ["vpn-connection", "vpn-tunnel-options"].contains($0.resource) || $0.action == .replace }
        let (transport, client) = Self.fakeEC2([
            "CreateCustomerGateway": "<CreateCustomerGatewayResponse><customerGateway><customerGatewayId>cgw-new</customerGatewayId>"
                + "<state>available</state></customerGateway></CreateCustomerGatewayResponse>",
            "DescribeCustomerGateways": "<DescribeCustomerGatewaysResponse><customerGatewaySet><item><customerGatewayId>cgw-new</customerGatewayId>"
                + "<state>available</state></item></customerGatewaySet></DescribeCustomerGatewaysResponse>",
        ])
        let result = await Applier(client: client, topology: "outage", sleeper: RecordingSleeper()).apply(plan)
        #expect(result.failure == nil, "\(String(describing: result.failure))")
        let actions = transport.requests.compactMap { $0.form("Action") }
        #expect(actions == ["CreateCustomerGateway", "DescribeCustomerGateways",
                            "ModifyVpnConnection", "DescribeVpnConnections",
                            "ModifyVpnTunnelOptions", "DescribeVpnConnections",
                            "ModifyVpnTunnelOptions", "DescribeVpnConnections"])
        let move = try #require(transport.requests.first { $0.form("Action") == "ModifyVpnConnection" })
        #expect(move.form("CustomerGatewayId") == "cgw-new" && move.form("VpnConnectionId") == "vpn-1")
        #expect(transport.requests.filter { $0.form("Action") == "ModifyVpnTunnelOptions" }.map { $0.form("VpnTunnelOutsideIpAddress") } == ["203.0.113.1", "203.0.113.2"])
        let modifies = transport.requests.filter { ($0.form("Action") ?? "").hasPrefix("Modify") }
            .map { r in (action: r.form("Action") ?? "", pairs: r.formPairs.filter { !["Action", "Version"].contains($0.0) }) }
        let selectors = (action: "ModifyVpnConnectionOptions", pairs: [("LocalIpv4NetworkCidr", "192.168.0.0/16"), ("RemoteIpv4NetworkCidr", "0.0.0.0/0"), ("VpnConnectionId", "vpn-1")])
        #expect(try botocoreProblems(modifies + [selectors]) == [])
    }

    /// The outage topology with its connection on a transit gateway (`routing` as given).
    static func onTransitGateway(routing: String, asn: Int = 64513) -> String {
        TestTopology.siteAndVPC(name: "outage", region: "eu-west-1") + """
        transit_gateways:
          tgw:
            asn: \(asn)
            attachments:
              app-att: {vpc: app, subnets: [a]}
        \(connection(to: "transit_gateway: tgw", routing: routing))
        """
    }

    /// The account: the connection on virtual private gateway vgw-1 (ASN 64512), static with
    /// two VPN routes or BGP.
    static func onVGW(static isStatic: Bool) throws -> ObservedState {
        var o = try observed(tunnels: tunnel(1, lifetime: 14400, dpd: 45) + tunnel(2, lifetime: 14400, dpd: 45))
        let routes = isStatic ? "<routes><item><destinationCidrBlock>192.168.0.0/16</destinationCidrBlock><state>available</state></item>"
            + "<item><destinationCidrBlock>172.16.0.0/12</destinationCidrBlock><state>available</state></item></routes>" : ""
        let vpn = try XMLTree.parse("<vpnConnection><vpnConnectionId>vpn-1</vpnConnectionId><state>available</state><vpnGatewayId>vgw-1</vpnGatewayId>"
                                    + "<customerGatewayId>cgw-old</customerGatewayId><options><staticRoutesOnly>\(isStatic)</staticRoutesOnly>"
                                    + "<tunnelOptionSet>\(tunnel(1, lifetime: 14400, dpd: 45) + tunnel(2, lifetime: 14400, dpd: 45))</tunnelOptionSet></options>\(routes)</vpnConnection>")
        o.vpnConnections[LogicalKey.vpnConnection("vpn")] = try #require(VpnConnection(xml: vpn))
        return o
    }

    /// ModifyVpnConnection moves a connection to another gateway (EC2 API reference: VGW → TGW
    /// among the migrations; the new gateway must exist first; "You must delete the static routes
    /// before you migrate"); both tunnels are down meanwhile ("Tunnel endpoint replacements").
    /// A static connection's VPN routes go first, the transit gateway is created before the move,
    /// and its VPN attachment is associated after it.
    @Test func aConnectionMovesFromAVirtualPrivateGatewayToATransitGateway() throws {
        let plan = Planner(topology: try Self.load(Self.onTransitGateway(routing: "static")), observed: try Self.onVGW(static: true)).plan()
        #expect(plan.conflicts.isEmpty, "\(plan.conflicts.map(\.message))")
        let move = try #require(Self.steps(plan, "vpn-connection").first)
        guard case .moveVpnTarget(let vpn, let target, let attachment) = move.operation else { throw MotoError("not a move: \(move.operation)") }
        #expect(vpn == "vpn/vpn" && target == .transitGateway("tgw/tgw") && attachment != nil)
        #expect(move.outage == .bothTunnelsDown(connection: "vpn"))
        #expect(move.detail.hasPrefix("moved from virtual private gateway vgw-1 to tgw"), "\(move.detail)")
        let order = plan.steps.map(\.summary)
        let deletes = Self.steps(plan, "vpn-connection-route").filter { $0.action == .delete }
        #expect(deletes.count == 2 && deletes.allSatisfy { order.firstIndex(of: $0.summary)! < order.firstIndex(of: move.summary)! })
        #expect(plan.outageSummary.contains(" 1 both tunnels down,"), "the move, once: \(plan.outageSummary)")
        let tgw = try #require(Self.steps(plan, "transit-gateway").first)
        #expect(order.firstIndex(of: tgw.summary)! < order.firstIndex(of: move.summary)!)
        let association = try #require(plan.steps.first {
            if case .associateTgw(_, let a) = $0.operation { return a == attachment } else { return false }
        })
        #expect(order.firstIndex(of: move.summary)! < order.firstIndex(of: association.summary)!)
        #expect(plan.reRender.isEmpty, "static: no BGP peer to change")
    }

    /// A BGP connection moving to a gateway of another ASN: the customer side's files name the
    /// Amazon side's ASN, so they are rendered again; the same ASN needs nothing.
    @Test func aMoveToAnotherASNNamesTheFilesToRender() throws {
        let plan = Planner(topology: try Self.load(Self.onTransitGateway(routing: "bgp")), observed: try Self.onVGW(static: false)).plan()
        #expect(Self.steps(plan, "vpn-connection-route").isEmpty)
        #expect(plan.reRender.map(\.reason) == ["moved to tgw, Amazon side ASN ? → 64513"], "\(plan.reRender)")
        var o = try Self.onVGW(static: false)
        o.vpnGateways["vgw/old"] = try #require(VirtualPrivateGateway(xml: try XMLTree.parse("<item><vpnGatewayId>vgw-1</vpnGatewayId><state>available</state><amazonSideAsn>64513</amazonSideAsn></item>")))
        #expect(Planner(topology: try Self.load(Self.onTransitGateway(routing: "bgp")), observed: o).plan().reRender.isEmpty)
    }

    /// Apply: ModifyVpnConnection with TransitGatewayId, a wait for `available`, then the VPN
    /// attachment AWS made is found for the association. The request fits botocore's model.
    @Test func applyMovesTheConnectionToTheTransitGateway() async throws {
        var plan = Planner(topology: try Self.load(Self.onTransitGateway(routing: "bgp")), observed: try Self.onVGW(static: false)).plan()
        plan.steps = plan.steps.filter { if case .moveVpnTarget = $0.operation { true } else { false } }
        #expect(plan.steps.count == 1)
        let (transport, client) = Self.fakeEC2([
            "DescribeTransitGatewayAttachments": "<DescribeTransitGatewayAttachmentsResponse><transitGatewayAttachments><item>"
                + "<transitGatewayAttachmentId>tgw-attach-9</transitGatewayAttachmentId><resourceId>vpn-1</resourceId>"
                + "<resourceType>vpn</resourceType><state>available</state></item></transitGatewayAttachments></DescribeTransitGatewayAttachmentsResponse>",
        ])
        plan.existing["tgw/tgw"] = "tgw-1"
        let result = await Applier(client: client, topology: "outage", sleeper: RecordingSleeper()).apply(plan)
        #expect(result.failure == nil, "\(String(describing: result.failure))")
        #expect(transport.requests.compactMap { $0.form("Action") } == ["ModifyVpnConnection", "DescribeVpnConnections", "DescribeTransitGatewayAttachments"])
        let move = try #require(transport.requests.first)
        #expect(move.form("TransitGatewayId") == "tgw-1" && move.form("VpnConnectionId") == "vpn-1" && move.form("CustomerGatewayId") == nil)
        let pairs = move.formPairs.filter { !["Action", "Version"].contains($0.0) }
        #expect(try botocoreProblems([(action: "ModifyVpnConnection", pairs: pairs)]) == [])
    }
}
