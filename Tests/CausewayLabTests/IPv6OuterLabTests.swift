import CausewayCore
import Testing
@testable import CausewayLab

/// The lab's internet (namespaces and VMs) is IPv4: a topology with IPv6 outer tunnel addresses
/// is refused with a reason rather than stood in with IPv4 outer addresses.
@Suite struct IPv6OuterLabTests {
    @Test func ipv6OuterAddressesAreRefusedWithAReason() throws {
        var t = try Repo.topology("s3-tgw-bgp-strongswan")
        t.sites[0].gateway?.publicIP = OuterAddress("2001:db8:51::16")
        t.vpnConnections[0].options.outsideIPAddressType = .ipv6
        #expect(throws: LabPlanError.self) { _ = try LabPlan.mapOutsideAddresses(t) }
        do { _ = try LabPlan.mapOutsideAddresses(t) } catch { #expect("\(error)".contains("IPv6 outer tunnel addresses")) }
    }
}
