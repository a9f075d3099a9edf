import Foundation
import Testing
@testable import CausewayCore

/// AWS's 2025–26 VPN options (#14): the topology keys in AWS's words reach the model and the
/// resolve stage's description; absent, every option is AWS's default.
@Suite struct VPNOptionTests {
    static let written = """
        outside_ip_address_type: ipv6
        tunnel_bandwidth: large
        tunnel_options:
          enable_tunnel_lifecycle_control: true
          cloudwatch_log_options:
            log_enabled: true
            log_group_arn: arn:aws:logs:ap-northeast-2:123456789012:log-group:vpn
            bgp_log_enabled: true
            bgp_log_group_arn: arn:aws:logs:ap-northeast-2:123456789012:log-group:vpn-bgp
            bgp_log_output_format: text

    """

    func load(_ text: String) throws -> Topology {
        let r = Loader.load(text: text, file: "t.yaml")
        return try #require(r.topology, "\(r.diagnostics.map(\.formatted))")
    }

    @Test func keysAreReadInAWSWords() throws {
        let text = try Fixtures.baseTGW.replacing1("    routing: bgp\n    tunnels:", "    routing: bgp\n" + Self.written + "    tunnels:")
        let t = try load(text)
        let c = try #require(t.vpnConnections.first)
        #expect(c.options.outsideIPAddressType == .ipv6, "AWS's `Ipv6`, any case")
        #expect(c.options.tunnelBandwidth == .large)
        #expect(!c.options.enableAcceleration)
        for tn in c.tunnels {
            #expect(tn.options.enableTunnelLifecycleControl)
            #expect(tn.options.logOptions.logEnabled && tn.options.logOptions.bgpLogEnabled)
            #expect(tn.options.logOptions.logGroupARN == "arn:aws:logs:ap-northeast-2:123456789012:log-group:vpn")
            #expect(tn.options.logOptions.logOutputFormat == nil, "json is AWS's default: not written, not set")
            #expect(tn.options.logOptions.bgpLogOutputFormat == .text)
        }
        // The description every consumer reads carries them.
        let d = AWSResources(t)
        guard case .vpnConnection(let v) = try #require(d.all(.vpnConnection).first).properties else { Issue.record("no connection"); return }
        #expect(v.options == c.options)
        #expect(v.tunnels.allSatisfy { $0.options.enableTunnelLifecycleControl && $0.options.logOptions.bgpLogEnabled })
        // And check reports the IPv6 customer gateway it cannot model, nothing else.
        let r = Fixtures.check(text)
        #expect(r.errorRules == ["outside-ipv6-cgw-ipv4"], "\(r.diagnostics.map(\.formatted))")
    }

    @Test func absentOptionsAreAWSDefaults() throws {
        let c = try #require(try load(Fixtures.baseTGW).vpnConnections.first)
        #expect(c.options.isDefault)
        #expect(c.options.outsideIPAddressType == .publicIpv4 && c.options.tunnelBandwidth == .standard && !c.options.enableAcceleration)
        #expect(c.tunnels.allSatisfy { !$0.options.enableTunnelLifecycleControl && $0.options.logOptions.isDefault })
    }

    @Test func wrongWordsAreInvalidValues() throws {
        let text = try Fixtures.baseTGW.replacing1("    routing: bgp\n    tunnels:", "    routing: bgp\n    outside_ip_address_type: ipv4\n    tunnel_bandwidth: huge\n    tunnels:")
        let r = Loader.load(text: text, file: "t.yaml")
        let bad = r.diagnostics.filter { $0.rule == "invalid-value" }
        #expect(bad.count == 2, "\(r.diagnostics.map(\.formatted))")
        #expect(bad.contains { $0.message.contains("PublicIpv4, Ipv6") })
    }

    @Test func logGroupARNs() {
        #expect(VPNOptionChecks.isLogGroupARN("arn:aws:logs:us-east-1:123456789012:log-group:vpn"))
        #expect(VPNOptionChecks.isLogGroupARN("arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:/aws/vpn:*"))
        #expect(!VPNOptionChecks.isLogGroupARN("arn:aws:logs:us-east-1:123456789012:log-group:"))
        #expect(!VPNOptionChecks.isLogGroupARN("arn:aws:s3:::bucket"))
        #expect(!VPNOptionChecks.isLogGroupARN("vpn-logs"))
    }
}
