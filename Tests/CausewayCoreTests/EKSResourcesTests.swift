import Testing
@testable import CausewayCore

/// Amazon EKS in the one AWS resource description: the cluster, its IAM roles (EKS user guide,
/// "Amazon EKS cluster IAM role", "Amazon EKS node IAM role"), node groups and add-ons.
@Suite struct EKSResourcesTests {
    @Test func theDescriptionHasTheClusterItsRolesNodeGroupAndAddons() throws {
        let t = try #require(Fixtures.check(EKSFixtures.base).topology)
        let d = AWSResources(t)
        let eks = d.resources.filter { $0.kind.isEKS }.map(\.key)
        #expect(eks == ["iam-role/web-cluster", "eks-cluster/web", "iam-role/web-node", "eks-cluster/web/node-group/workers",
                        "eks-cluster/web/addon/vpc-cni", "eks-cluster/web/addon/coredns"])
        guard case .iamRole(let node)? = d["iam-role/web-node"]?.properties else { Issue.record("no node role"); return }
        #expect(node.service == "ec2.amazonaws.com" && node.managedPolicies == AWSNumbers.EKS.nodePolicies)
        #expect(d["eks-cluster/web/addon/coredns"]?.dependsOn.contains("eks-cluster/web/node-group/workers") == true)
    }
}
