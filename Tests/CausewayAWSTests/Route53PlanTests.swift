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
        #expect(plan.steps.last?.key.hasPrefix("dns/") == true, "after every EC2 step (the VPC and subnets come first)")
        let notes = plan.notes.filter { $0.message.hasPrefix("dns/") }
        #expect(notes.map(\.message) == [
            "dns/endpoint/inbound: apply does not create security groups; the endpoint uses the group named resolver in seoul, which must exist",
            "dns/endpoint/outbound: apply does not create security groups; the endpoint uses the group named resolver in seoul, which must exist",
        ])
        #expect(notes.allSatisfy { $0.location.line > 1 }, "at the endpoint's node")
    }

    /// S2: health checks before the failover records that name them (Route 53 API reference,
    /// ResourceRecordSet: HealthCheckId); EFS stays a note.
    @Test func s2PlansHealthChecksBeforeFailoverRecordsAndNotesEFS() throws {
        let t = try Topologies.example("s2-openstack")
        let plan = Planner(topology: t, observed: ObservedState()).plan()
        #expect(plan.steps.filter { $0.key.hasPrefix("dns/") }.map(\.summary) == [
            "+ create health-check dns/health-check/seoul (HTTP 203.0.113.80:80/, every 30 s, 3 failures)",
            "+ create health-check dns/health-check/tokyo (HTTP 203.0.113.90:80/, every 30 s, 3 failures)",
            "+ create hosted-zone dns/zone/skk2022.shop (public)",
            "+ create record-set dns/zone/skk2022.shop/gslb.skk2022.shop/A/seoul (PRIMARY seoul, health check seoul, 203.0.113.80, TTL 60)",
            "+ create record-set dns/zone/skk2022.shop/gslb.skk2022.shop/A/tokyo (SECONDARY tokyo, health check tokyo, 203.0.113.90, TTL 60)",
        ])
        #expect(plan.notes.filter { $0.rule == "plan-not-applied" && $0.message.hasPrefix("efs/") }.count == 2)
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
