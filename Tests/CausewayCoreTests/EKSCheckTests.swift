import Foundation
import Testing
@testable import CausewayCore

/// A VPC with a public and two private subnets, a VGW with a BGP VPN to site `dc` (database
/// `db1`), and EKS cluster `web` whose node group `workers` reaches the database on 5432.
enum EKSFixtures {
    static let base = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/eks-base.yaml"), encoding: .utf8)
}

/// Amazon EKS in the model and the checker: what the loader reads, and the rules with the AWS
/// pages they follow (the broken examples and near misses are in RuleTests).
@Suite struct EKSCheckTests {
    @Test func theBaseLoadsInAWSWords() throws {
        let r = Fixtures.check(EKSFixtures.base)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.formatted))")
        let c = try #require(r.topology?.eksCluster("web"))
        #expect(c.version == "1.34" && c.subnets == ["private-a", "private-b"])
        #expect(c.endpointAccess.publicAccess && !c.endpointAccess.privateAccess, "AWS's defaults: public endpoint on, private off")
        let g = try #require(c.nodeGroup("workers"))
        #expect(g.scaling.minSize == 1 && g.scaling.maxSize == 3 && g.scaling.desiredSize == 2 && g.capacityType == .onDemand)
        #expect(c.addons.map(\.name) == ["vpc-cni", "coredns"])
        #expect(c.egress.first?.port == 5432 && c.egress.first?.protocol == .tcp)
        // VPC CNI: a pod takes an address of its node's subnet; causeway traces it from one.
        #expect(r.topology?.podSource(cluster: "web", nodeGroup: "workers")?.description == "10.0.1.254")
        #expect(r.topology?.podSource(cluster: "web", nodeGroup: "workers", subnet: "private-b")?.description == "10.0.2.254")
        #expect(r.topology?.podSource(cluster: "web", nodeGroup: "workers", subnet: "public-a") == nil)
    }

    @Test func badValuesAreLoadErrorsAtTheirNode() throws {
        let cases: [(String, String, String)] = [
            (#"    version: "1.34""#, #"    version: "1.34.2""#, "invalid-value"),
            ("scaling: {min_size: 1, max_size: 3, desired_size: 2}", "scaling: {min_size: one, max_size: 3}", "invalid-value"),
            ("        instance_types: [t3.medium]\n", "        instance_types: [t3.medium]\n        capacity_type: reserved\n", "invalid-value"),
            ("      - {to: db1, port: 5432}", "      - {to: db1}", "invalid-value"),
            ("      - {to: db1, port: 5432}", "      - {to: db9, port: 5432}", "dangling-reference"),
            ("    subnets: [private-a, private-b]\n    node_groups", "    subnets: [private-a, private-z]\n    node_groups", "dangling-reference"),
            ("    vpc: app\n    version", "    vpc: app\n    verison: x\n    version", "unknown-key"),
        ]
        for (old, new, rule) in cases {
            let r = Fixtures.check(try EKSFixtures.base.replacing1(old, new))
            let hit = r.diagnostics.first { $0.rule == rule }
            #expect(hit != nil, "\(new): \(r.diagnostics.map(\.formatted))")
            #expect((hit?.location.line ?? 0) > 50, "located at the EKS node, not the file's start: \(hit?.formatted ?? "")")
        }
    }

    /// Amazon EKS user guide, "View Amazon EKS networking requirements for VPC and subnets":
    /// private subnets carry `kubernetes.io/role/internal-elb` for internal load balancers, and
    /// a `kubernetes.io/cluster/NAME` tag is shared or owned.
    @Test func privateSubnetsWantTheInternalRoleAndTheClusterTagSharedOrOwned() throws {
        let untagged = try EKSFixtures.base.replacing1(#"private-b: {cidr: 10.0.2.0/24, az: ap-northeast-2b, tags: {kubernetes.io/role/internal-elb: "1"}}"#,
                                                       "private-b: {cidr: 10.0.2.0/24, az: ap-northeast-2b}")
        let r = Fixtures.check(untagged)
        #expect(r.diagnostics.contains { $0.rule == "eks-subnet-elb-tag" && $0.message.contains("internal-elb") && $0.severity == .warning })
        let owner = try EKSFixtures.base.replacing1(#"tags: {kubernetes.io/role/elb: "1"}"#, #"tags: {kubernetes.io/cluster/web: mine, kubernetes.io/role/elb: "1"}"#)
        #expect(Fixtures.check(owner).diagnostics.contains { $0.rule == "eks-subnet-elb-tag" && $0.message.contains("shared") })
    }

    /// AWS Site-to-Site VPN user guide, "Configure routing": without VGW route propagation (or a
    /// static route to the gateway) the pods' subnets have no route to the on-premises database.
    @Test func podEgressWantsARouteOverTheVPN() throws {
        let noRoute = try EKSFixtures.base.replacing1("        subnets: [private-a, private-b]\n        propagations: [vgw]", "        subnets: [private-a, private-b]")
        let r = Fixtures.check(noRoute)
        #expect(r.diagnostics.contains { $0.rule == "eks-pod-egress-blocked" && $0.message.contains("route table `private`") })
        let unannounced = try EKSFixtures.base.replacing1("      routing: bgp\n      lan_address", "      routing: bgp\n      advertise: [192.168.0.0/24]\n      lan_address")
        #expect(Fixtures.check(unannounced).diagnostics.contains { $0.rule == "eks-pod-egress-blocked" && $0.message.contains("does not bring") })
    }
}
