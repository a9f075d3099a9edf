import CausewayCore
import CausewayTestSupport
import Foundation
import Testing
@testable import CausewayAWS

/// AWS's 2025–26 VPN options (#14) on the EC2 side: CreateVpnConnection carries them in AWS's
/// parameter names (botocore's EC2 model: VpnConnectionOptionsSpecification,
/// VpnTunnelOptionsSpecification, CloudWatchLogOptionsSpecification), and the planner sends
/// only what is not AWS's default.
@Suite struct VPNOptionPlanTests {
    static let topology = TestTopology.siteAndVPC(name: "vpn-options", region: "ap-northeast-2") + """
        route_tables:
          main:
            main: true
            routes:
              - {destination: 192.168.0.0/16, target: tgw}
    transit_gateways:
      tgw:
        attachments:
          app-att: {vpc: app, subnets: [a]}
    vpn_connections:
      vpn:
        customer_gateway: dc
        transit_gateway: tgw
        routing: bgp
        enable_acceleration: true
        tunnel_options:
          enable_tunnel_lifecycle_control: true
          cloudwatch_log_options:
            log_enabled: true
            log_group_arn: arn:aws:logs:ap-northeast-2:123456789012:log-group:vpn
            bgp_log_enabled: true
            bgp_log_group_arn: arn:aws:logs:ap-northeast-2:123456789012:log-group:vpn-bgp
    """

    static func load(_ text: String = topology) throws -> Topology { try TestTopology.load(text, file: "vpn-options.yaml") }

    static func create(_ plan: Plan) throws -> (VpnConnectionOptions, [VpnTunnelOptions]) {
        let step = try #require(plan.steps.first { $0.resource == "vpn-connection" })
        guard case .createVpnConnection(_, _, _, let options, let tunnels, _) = step.operation else { throw MotoError("not a VPN creation") }
        return (options, tunnels)
    }

    @Test func thePlannedCreateCarriesTheOptions() throws {
        let (options, tunnels) = try Self.create(Planner(topology: try Self.load(), observed: ObservedState()).plan())
        #expect(options == VpnConnectionOptions(enableAcceleration: true), "only what is not AWS's default")
        for t in tunnels {
            #expect(t.enableTunnelLifecycleControl == true)
            #expect(t.cloudWatchLogOptions == .init(logEnabled: true, logGroupArn: "arn:aws:logs:ap-northeast-2:123456789012:log-group:vpn",
                                                    bgpLogEnabled: true, bgpLogGroupArn: "arn:aws:logs:ap-northeast-2:123456789012:log-group:vpn-bgp"))
        }
    }

    /// EC2 API reference, CreateCustomerGateway: `IpAddress` holds the IPv6 address when the
    /// connection's OutsideIpAddressType is Ipv6 (botocore's model says the same).
    @Test func anIPv6CustomerGatewayIsCreatedWithItsAddressAndIpv6Outside() throws {
        var text = Self.topology.replacingOccurrences(of: "public_ip: 198.51.100.10", with: "public_ip: 2001:db8:51::10")
        text = text.replacingOccurrences(of: "    routing: bgp\n    enable_acceleration", with: "    routing: bgp\n    outside_ip_address_type: Ipv6\n    enable_acceleration")
        try #require(text.contains("outside_ip_address_type: Ipv6"))
        let plan = try Planner(topology: try Self.load(text), observed: ObservedState()).plan()
        let cgw = try #require(plan.steps.first { if case .createCustomerGateway = $0.operation { true } else { false } })
        guard case .createCustomerGateway(let ip, _, _) = cgw.operation else { return }
        #expect(ip == "2001:db8:51::10")
        #expect(try Self.create(plan).0.outsideIpAddressType == "Ipv6")
    }

    @Test func withoutTheOptionsNothingNewIsSent() throws {
        let (options, tunnels) = try Self.create(Planner(topology: try Topologies.example("s4-tgw-segmentation"), observed: ObservedState()).plan())
        #expect(options == VpnConnectionOptions())
        #expect(tunnels.allSatisfy { $0.enableTunnelLifecycleControl == nil && $0.cloudWatchLogOptions == nil })
    }

    @Test func createVpnConnectionSendsAWSParameterNames() async throws {
        let transport = FakeTransport { _, _ in
            FakeTransport.xml(200, "<CreateVpnConnectionResponse><vpnConnection><vpnConnectionId>vpn-1</vpnConnectionId>"
                                + "<state>pending</state></vpnConnection></CreateVpnConnectionResponse>")
        }
        let client = EC2Client(credentials: Credentials(accessKeyID: "AKIDTEST", secretAccessKey: "testsecret"), region: "us-east-1",
                               transport: transport, sleeper: RecordingSleeper())
        let tunnel = VpnTunnelOptions(enableTunnelLifecycleControl: true, cloudWatchLogOptions: .init(
            logEnabled: true, logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:vpn", logOutputFormat: "text",
            bgpLogEnabled: true, bgpLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:bgp", bgpLogOutputFormat: "json"))
        _ = try await client.createVpnConnection(
            customerGatewayId: "cgw-1", target: .transitGateway("tgw-1"), staticRoutesOnly: false,
            options: VpnConnectionOptions(outsideIpAddressType: "Ipv6", tunnelBandwidth: "large", enableAcceleration: false),
            tunnels: [tunnel])
        let request = try #require(transport.requests.first)
        let expected: [(String, String)] = [
            ("Options.OutsideIpAddressType", "Ipv6"),
            ("Options.TunnelBandwidth", "large"),
            ("Options.EnableAcceleration", "false"),
            ("Options.TunnelOptions.1.EnableTunnelLifecycleControl", "true"),
            ("Options.TunnelOptions.1.LogOptions.CloudWatchLogOptions.LogEnabled", "true"),
            ("Options.TunnelOptions.1.LogOptions.CloudWatchLogOptions.LogGroupArn", "arn:aws:logs:us-east-1:123456789012:log-group:vpn"),
            ("Options.TunnelOptions.1.LogOptions.CloudWatchLogOptions.LogOutputFormat", "text"),
            ("Options.TunnelOptions.1.LogOptions.CloudWatchLogOptions.BgpLogEnabled", "true"),
            ("Options.TunnelOptions.1.LogOptions.CloudWatchLogOptions.BgpLogGroupArn", "arn:aws:logs:us-east-1:123456789012:log-group:bgp"),
            ("Options.TunnelOptions.1.LogOptions.CloudWatchLogOptions.BgpLogOutputFormat", "json"),
        ]
        for (k, v) in expected { #expect(request.form(k) == v, "\(k)") }
    }

    @Test func describedOptionsAreRead() throws {
        let xml = try XMLTree.parse("""
            <vpnConnection><vpnConnectionId>vpn-1</vpnConnectionId><state>available</state>
            <options><staticRoutesOnly>false</staticRoutesOnly><enableAcceleration>true</enableAcceleration>
            <outsideIpAddressType>PublicIpv4</outsideIpAddressType><tunnelBandwidth>standard</tunnelBandwidth>
            <tunnelOptionSet><item><outsideIpAddress>203.0.113.1</outsideIpAddress>
            <enableTunnelLifecycleControl>true</enableTunnelLifecycleControl>
            <logOptions><cloudWatchLogOptions><logEnabled>true</logEnabled><logGroupArn>arn:aws:logs:us-east-1:123456789012:log-group:vpn</logGroupArn>
            <logOutputFormat>json</logOutputFormat><bgpLogEnabled>false</bgpLogEnabled></cloudWatchLogOptions></logOptions>
            </item></tunnelOptionSet></options></vpnConnection>
            """)
        let c = try #require(VpnConnection(xml: xml))
        #expect(c.options == VpnConnectionOptions(outsideIpAddressType: "PublicIpv4", tunnelBandwidth: "standard", enableAcceleration: true))
        let t = try #require(c.tunnelOptions.first)
        #expect(t.enableTunnelLifecycleControl == true)
        #expect(t.cloudWatchLogOptions == .init(logEnabled: true, logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:vpn",
                                                logOutputFormat: "json", bgpLogEnabled: false))
    }

    /// Lifecycle control and logs change in place (ModifyVpnTunnelOptions takes both), compared
    /// only where AWS reported them.
    @Test func lifecycleControlAndLogsDifferAsTunnelOptions() {
        let want = VpnTunnelOptions(enableTunnelLifecycleControl: true, cloudWatchLogOptions: .init(logEnabled: true, logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:a"))
        #expect(Planner.differencesForTest(want, VpnTunnelOptions()).isEmpty)
        let have = VpnTunnelOptions(enableTunnelLifecycleControl: false, cloudWatchLogOptions: .init(logEnabled: false, logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:a"))
        #expect(Planner.differencesForTest(want, have) == ["tunnel endpoint lifecycle control", "tunnel log"])
    }

    /// Switching lifecycle control and the logs back off is a change too: the topology leaves them
    /// at AWS's default (off), AWS reports them on, so the plan sends an explicit `false`
    /// (ModifyVpnTunnelOptions; a missing option would leave them on).
    @Test func switchingOptionsOffIsAnUpdate() throws {
        let t = try Self.load(try Self.topology.replacingFirst("    enable_acceleration: true\n", "")
            .components(separatedBy: "    tunnel_options:").first!)
        var o = ObservedState()
        let xml = try XMLTree.parse("""
            <vpnConnection><vpnConnectionId>vpn-9</vpnConnectionId><state>available</state>
            <options><staticRoutesOnly>false</staticRoutesOnly><tunnelOptionSet><item><outsideIpAddress>203.0.113.1</outsideIpAddress>
            <enableTunnelLifecycleControl>true</enableTunnelLifecycleControl>
            <logOptions><cloudWatchLogOptions><logEnabled>true</logEnabled><bgpLogEnabled>false</bgpLogEnabled></cloudWatchLogOptions></logOptions>
            </item></tunnelOptionSet></options></vpnConnection>
            """)
        o.vpnConnections[LogicalKey.vpnConnection("vpn")] = try #require(VpnConnection(xml: xml))
        let plan = Planner(topology: t, observed: o).plan()
        let step = try #require(plan.steps.first { $0.resource == "vpn-tunnel-options" }, "\(plan.steps.map(\.resource))")
        guard case .modifyTunnel(_, let outside, let options) = step.operation else { throw MotoError("not a tunnel update") }
        #expect(outside == "203.0.113.1")
        #expect(options.enableTunnelLifecycleControl == false)
        #expect(options.cloudWatchLogOptions == .init(logEnabled: false, bgpLogEnabled: false))
        #expect(step.detail.contains("tunnel endpoint lifecycle control") && step.detail.contains("tunnel log"), "\(step.detail)")
    }

    /// The traffic selectors AWS offers (`local_network_cidr`/`remote_network_cidr`, S2's) are
    /// sent when the connection is created (VpnConnectionOptionsSpecification); AWS's default,
    /// 0.0.0.0/0, is not sent.
    @Test func trafficSelectorsAreSentAtCreation() throws {
        let (options, _) = try Self.create(Planner(topology: try Topologies.example("s2-openstack"), observed: ObservedState()).plan())
        #expect(options.localIpv4NetworkCidr == "192.168.0.0/20")
        #expect(options.remoteIpv4NetworkCidr == "10.0.0.0/16")
        var p = QueryParameters()
        options.encode(into: &p)
        #expect(p.items.contains(QueryItem("Options.LocalIpv4NetworkCidr", "192.168.0.0/20")))
        #expect(p.items.contains(QueryItem("Options.RemoteIpv4NetworkCidr", "10.0.0.0/16")))
    }

    /// Acceleration is fixed at creation (accelerated-vpn.html, "Rules and restrictions"): an
    /// existing connection without it is a conflict, not an update. A changed bandwidth is a note.
    @Test func accelerationCannotChangeOnAnExistingConnection() throws {
        let t = try Self.load(try Self.topology.replacingFirst("    enable_acceleration: true\n", "    enable_acceleration: true\n    tunnel_bandwidth: standard\n"))
        var o = ObservedState()
        let xml = try XMLTree.parse("<vpnConnection><vpnConnectionId>vpn-9</vpnConnectionId><state>available</state>"
                                    + "<options><enableAcceleration>false</enableAcceleration><tunnelBandwidth>large</tunnelBandwidth></options></vpnConnection>")
        o.vpnConnections[LogicalKey.vpnConnection("vpn")] = try #require(VpnConnection(xml: xml))
        let plan = Planner(topology: t, observed: o).plan()
        #expect(plan.conflicts.contains { $0.rule == PlanRules.immutableChanged.id && $0.message.contains("fixed at creation") }, "\(plan.conflicts.map(\.message))")
        #expect(plan.notes.contains { $0.message.contains("ModifyVpnConnectionOptions") }, "\(plan.notes.map(\.message))")
        #expect(!plan.steps.contains { $0.resource == "vpn-connection" })
    }
}

extension String {
    func replacingFirst(_ old: String, _ new: String) throws -> String {
        guard let r = range(of: old) else { throw MotoError("no `\(old)` in the fixture") }
        return replacingCharacters(in: r, with: new)
    }
}
