import CausewayCore
import Foundation
import Testing
@testable import CausewayAWS

/// The planner's Route 53 and Resolver steps, without an endpoint.
@Suite struct Route53PlanTests {
    /// S3 against an empty account: endpoints before the rule that forwards through the outbound
    /// one (Route 53 Resolver API reference, CreateResolverRule: ResolverEndpointId), the
    /// association after its rule (AssociateResolverRule), the private zone created with its VPC
    /// (Route 53 API reference, CreateHostedZone: "VPC … required for a private hosted zone"),
    /// records last (ChangeResourceRecordSets needs the zone's id). Nothing DNS is left as a
    /// not-applied note but the security groups apply does not create.
    @Test func s3PlansEveryDNSResourceInDependencyOrder() throws {
        let t = try Topologies.example("s3-tgw-bgp-strongswan")
        let d = AWSResources(t)
        let plan = Planner(topology: t, observed: ObservedState()).plan()
        let dns = plan.steps.filter { $0.key.hasPrefix("dns/") }
        #expect(dns.map(\.key) == d.route53.map(\.key), "one step per resource of the description, in its order")
        #expect(dns.map(\.summary) == [
            "+ create resolver-endpoint dns/endpoint/inbound (INBOUND in seoul at 10.0.1.250, 10.0.2.250)",
            "+ create resolver-endpoint dns/endpoint/outbound (OUTBOUND in seoul at 10.0.1.251, 10.0.2.251)",
            "+ create resolver-rule dns/rule/anycompany-corp (FORWARD anycompany.corp to 192.168.2.250:53)",
            "+ associate resolver-rule-association dns/rule/anycompany-corp/seoul (with seoul)",
            "+ create hosted-zone dns/zone/awsanycompany.corp (private, with seoul)",
            "+ create record-set dns/zone/awsanycompany.corp/web1.awsanycompany.corp/A (10.0.10.10, TTL 300)",
            "+ create record-set dns/zone/awsanycompany.corp/web2.awsanycompany.corp/A (10.0.20.10, TTL 300)",
        ])
        #expect(plan.steps.last { !$0.isClientVPN }?.key.hasPrefix("dns/") == true, "after every EC2 step (the VPC and subnets come first); Client VPN follows")
        let notes = plan.notes.filter { $0.message.hasPrefix("dns/") }
        #expect(notes.map(\.message) == [
            "dns/endpoint/inbound: apply does not create security groups; the endpoint uses the group named resolver in seoul, which must exist",
            "dns/endpoint/outbound: apply does not create security groups; the endpoint uses the group named resolver in seoul, which must exist",
        ])
        #expect(notes.allSatisfy { $0.location.line > 1 }, "at the endpoint's node")
    }

    /// Route 53 developer guide, "Sharing forwarding rules with other AWS accounts and using
    /// shared rules": the share holds the rule's ARN, so it follows the rule; sharing settings
    /// are not edited in place, so a share with other principals is noted, never changed.
    @Test func aRuleShareFollowsItsRuleAndAChangedOneIsNoted() throws {
        let path = Topologies.root.appendingPathComponent("examples/s3-tgw-bgp-strongswan.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "      vpcs: [seoul]\n  hosted_zones:", with: "      vpcs: [seoul]\n      share_with: [\"210987654321\"]\n  hosted_zones:")
        let t = try #require(loadAndCheck(data: Array(text.utf8), file: "s3-shared.yaml").topology)
        let rule = Route53Keys.rule("anycompany-corp"), share = Route53Keys.ruleShare("anycompany-corp")
        let steps = Planner(topology: t, observed: ObservedState()).plan().steps.filter { $0.key.hasPrefix("dns/") }
        let i = try #require(steps.firstIndex { $0.key == share })
        #expect(steps[i - 1].key == Route53Keys.ruleAssociation(rule, vpc: "seoul"))
        #expect(steps[i].summary == "+ create resource-share dns/resource-share/anycompany-corp (anycompany-corp with 210987654321)")

        var o = ObservedState()
        o.dns.rules[rule] = try ResolverRuleInfo(["Id": "rslvr-rr-1", "Arn": "arn:aws:route53resolver:ap-northeast-2:123456789012:resolver-rule/rslvr-rr-1"], op: "test")
        o.dns.shares[share] = try ResourceShareInfo(["resourceShareArn": "arn:aws:ram:ap-northeast-2:123456789012:resource-share/s1", "status": "ACTIVE"], op: "test")
        o.dns.shareResources[share] = ["arn:aws:route53resolver:ap-northeast-2:123456789012:resolver-rule/rslvr-rr-1"]
        o.dns.sharePrincipals[share] = ["210987654321"]
        #expect(!Planner(topology: t, observed: o).plan().notes.contains { $0.message.hasPrefix(share) }, "the same share: nothing to say")
        o.dns.sharePrincipals[share] = ["111122223333"]
        let plan = Planner(topology: t, observed: o).plan()
        #expect(!plan.steps.contains { $0.key == share })
        let note = try #require(plan.notes.first { $0.message.hasPrefix(share) })
        #expect(note.rule == "plan-not-applied" && note.message.contains("to 111122223333, the topology shares anycompany-corp with 210987654321"), "\(note.message)")
        #expect(note.location.line > 1, "at the rule's share_with")
    }

    /// An adopted file system (`id:`) is found by its id, never created or deleted; its missing
    /// mount targets are created; one that is not found is a conflict.
    @Test func anAdoptedFileSystemIsFoundNotCreated() throws {
        let path = Topologies.root.appendingPathComponent("examples/s2-openstack.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "  efs:\n    vpc: my-vpc\n", with: "  efs:\n    id: fs-0123456789abcdef0\n    vpc: my-vpc\n")
        let t = try #require(loadAndCheck(data: Array(text.utf8), file: "s2-adopted.yaml").topology)
        #expect(t.fileSystem("efs")?.id == "fs-0123456789abcdef0")
        let missing = Planner(topology: t, observed: ObservedState()).plan()
        #expect(missing.conflicts.map(\.message) == ["efs/efs: adopted file system fs-0123456789abcdef0 was not found"])
        #expect(!missing.steps.contains { $0.key.hasPrefix("efs/") })

        var o = ObservedState()
        o.dns.fileSystems["efs/efs"] = try FileSystemInfo(["FileSystemId": "fs-0123456789abcdef0", "LifeCycleState": "available"], op: "test")
        o.dns.adoptedFileSystems = ["efs/efs"]
        let plan = Planner(topology: t, observed: o).plan()
        #expect(plan.conflicts.isEmpty && plan.steps.filter { $0.key.hasPrefix("efs/") }.map(\.resource) == ["mount-target"])
        o.dns.mountTargets["efs/efs/private"] = try MountTargetInfo(["MountTargetId": "fsmt-1", "IpAddress": "10.0.2.100"], op: "test")
        #expect(o.dns.owned.isEmpty, "destroy leaves an adopted file system and its mount targets")
    }

    /// S2: health checks before the failover records that name them (Route 53 API reference,
    /// ResourceRecordSet: HealthCheckId); EFS's file system, then its mount target (Amazon EFS
    /// user guide, "Creating mount targets": a mount target belongs to a file system).
    @Test func s2PlansHealthChecksBeforeFailoverRecordsAndEFS() throws {
        let t = try Topologies.example("s2-openstack")
        let plan = Planner(topology: t, observed: ObservedState()).plan()
        #expect(plan.steps.filter { $0.key.hasPrefix("dns/") }.map(\.summary) == [
            "+ create health-check dns/health-check/seoul (HTTP 203.0.113.80:80/, every 30 s, 3 failures)",
            "+ create health-check dns/health-check/tokyo (HTTP 203.0.113.90:80/, every 30 s, 3 failures)",
            "+ create hosted-zone dns/zone/skk2022.shop (public)",
            "+ create record-set dns/zone/skk2022.shop/gslb.skk2022.shop/A/seoul (PRIMARY seoul, health check seoul, 203.0.113.80, TTL 60)",
            "+ create record-set dns/zone/skk2022.shop/gslb.skk2022.shop/A/tokyo (SECONDARY tokyo, health check tokyo, 203.0.113.90, TTL 60)",
        ])
        #expect(plan.steps.filter { $0.key.hasPrefix("efs/") }.map(\.summary) == [
            "+ create file-system efs/efs (creation token s2-openstack-efs)",
            "+ create mount-target efs/efs/private (in private at 10.0.2.100)",
        ])
        // Only the security group apply does not create is noted.
        #expect(plan.notes.filter { $0.message.hasPrefix("efs/") }.map(\.message) == [
            "efs/efs/private: apply does not create security groups; the mount target uses the group named efs-sg in my-vpc, which must exist",
        ])
        #expect(!plan.notes.contains { $0.message.hasPrefix("dns/") })
    }

    /// A record whose values changed is UPSERTed (Route 53 API reference,
    /// ChangeResourceRecordSets: "UPSERT: If a resource record set doesn't already exist, Route 53
    /// creates it. If it does exist, Route 53 updates it").
    @Test func aChangedRecordIsUpdatedAndAnEqualOneIsLeftAlone() throws {
        let t = try Topologies.example("s3-tgw-bgp-strongswan")
        var o = ObservedState()
        o.dns.zones["dns/zone/awsanycompany.corp"] = try HostedZoneInfo(XMLTree.parse("<HostedZone><Id>/hostedzone/Z1</Id><Name>awsanycompany.corp.</Name></HostedZone>"), action: "test")
        o.dns.zoneVPCs["dns/zone/awsanycompany.corp"] = []
        var web1 = RecordSetInfo(name: "web1.awsanycompany.corp", type: "A")
        web1.ttl = 300
        web1.values = ["10.0.10.10"]
        var web2 = RecordSetInfo(name: "WEB2.awsanycompany.corp.", type: "A")
        web2.ttl = 300
        web2.values = ["10.0.20.99"]
        o.dns.records["dns/zone/awsanycompany.corp/web1.awsanycompany.corp/A"] = web1
        o.dns.records["dns/zone/awsanycompany.corp/web2.awsanycompany.corp/A"] = web2
        let steps = Planner(topology: t, observed: o).plan().steps.filter { $0.key.hasPrefix("dns/zone/") }
        #expect(steps.map(\.summary) == [
            "+ associate hosted-zone dns/zone/awsanycompany.corp/vpc/seoul (with seoul)",
            "~ update record-set dns/zone/awsanycompany.corp/web2.awsanycompany.corp/A (10.0.20.10, TTL 300)",
        ])
    }
}

/// What apply does not update is a note, never a silent skip.
@Suite struct Route53PlanNoteTests {
    /// Route 53 API reference, UpdateHealthCheck and Route 53 Resolver API reference,
    /// UpdateResolverRule: changes go through update calls apply does not make.
    @Test func aDifferentHealthCheckOrRuleIsNotedNotReplaced() throws {
        let s2 = try Topologies.example("s2-openstack")
        var o = ObservedState()
        o.dns.healthChecks["dns/health-check/seoul"] = "hc-1"
        var config = HealthCheckConfig(type: "HTTP")
        config.ipAddress = "203.0.113.80"
        config.port = 80
        config.resourcePath = "/"
        config.requestInterval = 30
        config.failureThreshold = 1
        o.dns.healthCheckConfigs["dns/health-check/seoul"] = config
        let plan = Planner(topology: s2, observed: o).plan()
        #expect(!plan.steps.contains { $0.key == "dns/health-check/seoul" })
        #expect(plan.notes.map(\.message).contains(
            "dns/health-check/seoul: the health check differs from the topology (HTTP 203.0.113.80:80/, every 30 s, 1 failures there, HTTP 203.0.113.80:80/, every 30 s, 3 failures here); apply does not update health checks (UpdateHealthCheck): destroy it or change it in the console"))

        let s3 = try Topologies.example("s3-tgw-bgp-strongswan")
        var o3 = ObservedState()
        let rule = #"{"Id":"rslvr-rr-1","Arn":"arn:r","DomainName":"anycompany.corp.","RuleType":"FORWARD","TargetIps":[{"Ip":"192.168.2.251","Port":53}]}"#
        o3.dns.rules["dns/rule/anycompany-corp"] = try ResolverRuleInfo(JSONSerialization.jsonObject(with: Data(rule.utf8)), op: "test")
        let plan3 = Planner(topology: s3, observed: o3).plan()
        #expect(!plan3.steps.contains { $0.key == "dns/rule/anycompany-corp" })
        #expect(plan3.steps.contains { $0.key == "dns/rule/anycompany-corp/seoul" }, "the association still follows")
        #expect(plan3.notes.contains { $0.message.hasPrefix("dns/rule/anycompany-corp: the rule forwards anycompany.corp. to 192.168.2.251:53") && $0.location.line == 117 })
    }

    /// A health check adopted with `id:` is never created: missing, the plan is a conflict; found
    /// (by its id, untagged), records name it and destroy leaves it.
    @Test func anAdoptedHealthCheckIsFoundByIdAndNeverCreatedOrDeleted() throws {
        let text = try String(contentsOf: Topologies.root.appendingPathComponent("examples/s2-openstack.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  seoul:                        # the document's \"active\" health check\n",
                                  with: "  seoul:                        # the document's \"active\" health check\n    id: 11111111-2222-3333-4444-555555555555\n")
        let t = try #require(Loader.load(text: text, file: "s2.yaml").topology)
        let missing = Planner(topology: t, observed: ObservedState()).plan()
        #expect(!missing.steps.contains { $0.key == "dns/health-check/seoul" })
        #expect(missing.conflicts.map(\.message).contains("dns/health-check/seoul: adopted health check 11111111-2222-3333-4444-555555555555 was not found"))
        var o = ObservedState()
        o.dns.healthChecks["dns/health-check/seoul"] = "11111111-2222-3333-4444-555555555555"
        o.dns.adoptedHealthChecks.insert("dns/health-check/seoul")
        let found = Planner(topology: t, observed: o).plan()
        #expect(found.conflicts.isEmpty, "\(found.conflicts)")
        #expect(!found.steps.contains { $0.key == "dns/health-check/seoul" })
        #expect(found.steps.contains { $0.key == "dns/health-check/tokyo" })
        #expect(!o.dns.owned.contains { $0.key == "dns/health-check/seoul" }, "destroy leaves an adopted check")
    }

    /// An endpoint without security groups uses its VPC's default group, as the templates do
    /// (Route 53 Resolver API reference, CreateResolverEndpoint: SecurityGroupIds is required).
    @Test func anEndpointWithoutGroupsUsesTheVPCsDefaultGroup() throws {
        let text = try String(contentsOf: Topologies.root.appendingPathComponent("examples/s3-tgw-bgp-strongswan.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "      security_groups: [resolver]\n", with: "")
        let t = try #require(Loader.load(text: text, file: "s3.yaml").topology)
        let want = DNSDesired(AWSResources(t))
        #expect(want.endpoints.map(\.securityGroups) == [["default"], ["default"]])
        let plan = Planner(topology: t, observed: ObservedState()).plan()
        #expect(!plan.notes.contains { $0.message.hasPrefix("dns/endpoint/") }, "the default group always exists")
    }
}
