import CausewayCore
import Foundation
import Testing
@testable import CausewayLab

/// Route 53 failover's stand-in, without a network: the health checker's counting, the plan for
/// S2 (nodes, web endpoints, predictions), and the files named reads, checked by BIND's own
/// `named-checkconf` and `named-checkzone`.
@Suite struct LabFailoverTests {
    func s2(root: String = LabPlan.defaultRoot) throws -> (LabPlan, LabFailover) {
        let t = try Repo.topology("s2-openstack")
        let p = try LabPlan(topology: t, secrets: Repo.secrets(t), name: "f2", root: root)
        return (p, try #require(p.failover, "S2 has failover records: the lab stands them in"))
    }

    /// Route 53 developer guide, "How Amazon Route 53 determines whether a health check is
    /// healthy": a new health check is healthy until there is data; a checker changes an
    /// endpoint's status only after `failure_threshold` consecutive probes say otherwise, in
    /// both directions (HealthCheckConfig `FailureThreshold`: "pass or fail ... to change the
    /// current status").
    @Test func aCheckerFlipsOnlyAfterThresholdProbesInARow() {
        var c = HealthCheckCounter(threshold: 3)
        #expect(c.healthy, "a new health check is healthy")
        // (probe passed, status flipped, healthy after, streak after)
        let steps: [(Bool, Bool, Bool, Int)] = [
            (false, false, true, 1), (false, false, true, 2),
            (true, false, true, 0),   // one pass breaks the run of failures
            (false, false, true, 1), (false, false, true, 2),
            (false, true, false, 0),  // the third failure in a row
            (false, false, false, 0), // more failures change nothing
            (true, false, false, 1), (true, false, false, 2),
            (false, false, false, 0), // a failure breaks the run of passes
            (true, false, false, 1), (true, false, false, 2),
            (true, true, true, 0),    // recovery takes threshold passes in a row too
        ]
        for (i, s) in steps.enumerated() {
            let flipped = c.record(passed: s.0)
            #expect(flipped == s.1 && c.healthy == s.2 && c.streak == s.3, "probe \(i + 1)")
        }
        var one = HealthCheckCounter(threshold: 1)
        let down = one.record(passed: false)
        #expect(down && !one.healthy)
        let up = one.record(passed: true)
        #expect(up && one.healthy)
    }

    @Test func s2StandsInBothEndpointsOnTheLabsInternet() throws {
        let (p, f) = try s2()
        #expect(p.nodes.filter { $0.role == .route53 }.map(\.name) == ["route53"])
        #expect(p.nodes.filter { $0.role == .webEndpoint }.map(\.name) == ["web:seoul", "web:tokyo"])
        // The documentation addresses lie in the lab's AWS range and are free: kept as they are.
        #expect(f.endpoints.map(\.address) == [IPv4Address(203, 0, 113, 80), IPv4Address(203, 0, 113, 90)])
        #expect(f.endpoints.allSatisfy { $0.port == 80 && $0.process.argv.starts(with: ["ip", "netns", "exec", $0.namespace, "busybox", "httpd", "-f"]) })
        #expect(f.server == IPv4Address(203, 0, 113, 53))
        #expect(!p.mapping.map(\.lab).contains(f.server) && !p.mapping.map(\.lab).contains { a in f.endpoints.contains { $0.address == a } })
        for a in [f.server] + f.endpoints.map(\.address) {
            #expect(p.setup.contains { $0.starts(with: ["ip", "-n", p.internetNamespace, "route", "add", "\(a)/32"]) }, "the internet routes \(a)")
        }
        #expect(f.checker(executable: "/x/causeway").argv == ["ip", "netns", "exec", f.namespace, "/x/causeway", "lab", "health-checker", "--config", f.checkerConfig])
        #expect(f.notes.isEmpty)
    }

    /// What `resolve examples/s2-openstack.yaml gslb.skk2022.shop` answers, with and without
    /// `--fail health:seoul`, and Route 53's time to move (30 s × 3).
    @Test func s2PredictsSeoulThenTokyo() throws {
        let (_, f) = try s2()
        let n = try #require(f.names.first)
        #expect(f.names.count == 1)
        #expect(n.name.text == "gslb.skk2022.shop" && n.type == "A")
        #expect(n.answer == ["203.0.113.80"] && n.answerReason == "primary-healthy")
        #expect(n.failedAnswer == ["203.0.113.90"] && n.failedReason == "primary-unhealthy")
        #expect(n.primaryCheck == "seoul" && n.secondsToFailover == 90)
        #expect(f.dig(n, from: "cw-f2-inet") == ["ip", "netns", "exec", "cw-f2-inet", "dig", "+time=1", "+tries=2", "+short", "+norecurse", "@203.0.113.53", "gslb.skk2022.shop", "A"])
        #expect(LabFailover.answers("203.0.113.90\n") == ["203.0.113.90"])
        #expect(LabFailover.answers(";; communications error to 203.0.113.53#53: timed out\n").isEmpty)
    }

    /// The checker's configuration is written by the plan and read back by the checker; its
    /// zone answers as Route 53 chooses ("How Amazon Route 53 chooses records when health
    /// checking is configured": both unhealthy → the primary).
    @Test func theCheckerRewritesTheZoneAsRoute53Chooses() throws {
        let (p, f) = try s2()
        let file = try #require(p.files.first { $0.path == f.checkerConfig })
        let config = try JSONDecoder().decode(HealthCheckerConfig.self, from: Data(file.contents.utf8))
        #expect(config.checks.map(\.name) == ["seoul", "tokyo"])
        #expect(config.checks.allSatisfy { $0.probe == .http && $0.path == "/" && $0.requestInterval == 30 && $0.failureThreshold == 3 })
        let z = try #require(config.zones.first)
        #expect(config.zones.count == 1 && z.groups.count == 1 && z.groups[0].count == 2)
        #expect(p.files.first { $0.path == z.path }?.contents == z.contents(unhealthy: []), "named starts with every check healthy")
        #expect(z.contents(unhealthy: []).contains("gslb 60 IN A 203.0.113.80\n") && !z.contents(unhealthy: []).contains("203.0.113.90"))
        #expect(z.contents(unhealthy: ["seoul"]).contains("gslb 60 IN A 203.0.113.90\n") && !z.contents(unhealthy: ["seoul"]).contains("203.0.113.80"))
        #expect(z.contents(unhealthy: ["seoul", "tokyo"]).contains("gslb 60 IN A 203.0.113.80\n"))
        #expect(z.contents(unhealthy: ["tokyo"]) == z.contents(unhealthy: []))
    }

    /// BIND accepts what the lab's named reads: named.conf with every zone loaded, and each
    /// answer the checker can write.
    @Test func namedAcceptsTheConfigurationAndEveryZoneTheCheckerWrites() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("causeway-failover-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (p, f) = try s2(root: dir)
        for file in p.files where file.path.hasPrefix(f.named.directory) {
            try FileManager.default.createDirectory(atPath: (file.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try file.contents.write(toFile: file.path, atomically: true, encoding: .utf8)
        }
        let conf = try ProcessRunner().run(["named-checkconf", "-z", f.named.confPath])
        #expect(conf.succeeded, "\(conf.stdout)\(conf.stderr)")
        let config = try JSONDecoder().decode(HealthCheckerConfig.self, from: Data(try #require(p.files.first { $0.path == f.checkerConfig }).contents.utf8))
        for unhealthy in [[], ["seoul"], ["seoul", "tokyo"]] as [Set<String>] {
            let z = try #require(config.zones.first)
            let path = "\(dir)/zone-\(unhealthy.sorted().joined(separator: "-"))"
            try z.contents(unhealthy: unhealthy).write(toFile: path, atomically: true, encoding: .utf8)
            let r = try ProcessRunner().run(["named-checkzone", "skk2022.shop", path])
            #expect(r.succeeded, "\(unhealthy): \(r.stdout)\(r.stderr)")
        }
    }

    @Test func topologiesWithoutFailoverRecordsGetNoStandIn() throws {
        for example in ["s0-eks-onprem-db", "s3-tgw-bgp-strongswan", "s4-tgw-segmentation"] {
            let t = try Repo.topology(example)
            let p = try LabPlan(topology: t, secrets: Repo.secrets(t), name: "f")
            #expect(p.failover == nil && !p.nodes.contains { $0.role == .route53 || $0.role == .webEndpoint }, "\(example)")
        }
    }

    /// The probe reads the status line as Route 53's checkers judge it: 2xx and 3xx pass.
    @Test func statusLines() {
        #expect(HealthCheckProbe.statusCode(Array("HTTP/1.1 200 OK\r\n".utf8)) == 200)
        #expect(HealthCheckProbe.statusCode(Array("HTTP/1.0 302 Found\r\n".utf8)) == 302)
        #expect(HealthCheckProbe.statusCode(Array("SSH-2.0-OpenSSH\r\n".utf8)) == nil)
    }
}
