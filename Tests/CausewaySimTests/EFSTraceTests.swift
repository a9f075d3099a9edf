import CausewayCore
@testable import CausewaySim
import Testing

/// S2's EFS mounted from OpenStack over the VPN: a mount target is an address of its subnet
/// behind its security groups.
@Suite struct EFSTraceTests {
    /// Amazon EFS user guide, "Using VPC security groups": the mount target's group must allow
    /// NFS (TCP 2049) from the client; "Managing mount targets": the mount target is an
    /// interface with an address in its subnet.
    @Test func onPremClientMountsOverTheVPNThroughTheMountTargetsGroup() throws {
        let sim = Simulation(topology: try example("s2-"))
        let nfs = try sim.trace("192.168.0.50", "10.0.2.100", .tcp, port: AWSNumbers.EFS.nfsPort)
        #expect(nfs.reachable, "\(dump(nfs))")
        #expect(nfs.hops.contains { $0.kind == .securityGroup && $0.action == .allow }, "\(dump(nfs))")
        #expect(nfs.hops.contains { $0.node.contains("vpn") || $0.node.contains("vgw") }, "\(dump(nfs))")
        let ssh = try sim.trace("192.168.0.50", "10.0.2.100", .tcp, port: 22)
        #expect(ssh.reason == .sgDenied && !ssh.delivered, "\(dump(ssh))")
        #expect(ssh.detail?.contains("EFS mount target of efs") == true, "\(dump(ssh))")
    }

    @Test func bothTunnelsDownBreaksTheMount() throws {
        let sim = try Simulation(try example("s2-"), fail: ["vpn/1", "vpn/2"])
        let r = try sim.trace("192.168.0.50", "10.0.2.100", .tcp, port: AWSNumbers.EFS.nfsPort)
        #expect(!r.reachable, "\(dump(r))")
    }
}
