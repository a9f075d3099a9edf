import CausewayCore
import CausewayLab
import CausewayTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `lab up` + `lab test` + `lab down` with the real daemons, as root, for each example: the
/// simulator's matrix and every single-tunnel failure measured with real pings. The examples
/// run in parallel (each in its own namespaces); a failure case takes 30–45 s with AWS's timers,
/// so one example takes 1.5–2 minutes.
@Suite struct LabIntegrationTests {
    struct Example: Sendable, CustomStringConvertible {
        var file: String
        var lab: String
        var bgp: Bool
        var description: String { lab }
    }

    static let examples = [
        Example(file: "examples/s0-eks-onprem-db.yaml", lab: "t0", bgp: true),
        Example(file: "examples/s1-cloudformation-static.yaml", lab: "t1", bgp: false),
        Example(file: "examples/s2-openstack.yaml", lab: "t2", bgp: false),
        Example(file: "examples/s3-tgw-bgp-strongswan.yaml", lab: "t3", bgp: true),
        Example(file: "examples/s4-tgw-segmentation.yaml", lab: "t4", bgp: false),
    ]

    @Test(arguments: examples)
    func upTestDown(_ e: Example) async throws {
        guard LabMachine.ready else { return }
        try await LabMachine.withCleanup(e.lab) {
            let up = try await CLI.run(["lab", "up", e.file, "--name", e.lab])
            try #require(up.status == 0, "lab up failed:\n\(up.stdout)\n\(up.stderr)")
            #expect(up.stdout.contains("cold start to first ping"))
            // The mapping is printed; the topology's public addresses are never configured.
            #expect(up.stdout.contains("→ "))
            let t = try Repo.topology(e.file.dropFirst("examples/".count).dropLast(5).description)
            let state = try #require(try LabState.load(root: LabPlan.defaultRoot, name: e.lab))
            for m in state.mapping {
                #expect(LabInternet.customerRange.contains(m.lab) || LabInternet.awsRange.contains(m.lab))
            }
            let publics = t.sites.compactMap { $0.gateway?.publicIP?.ipv4 } + t.vpnConnections.flatMap { $0.tunnels.compactMap(\.outsideIP?.ipv4) }
            for ns in state.namespaces {
                let addrs = try await offThePool { try ProcessRunner().run(["ip", "-n", ns, "-4", "addr"]) }.stdout
                for p in publics where !LabInternet.customerRange.contains(p) && !LabInternet.awsRange.contains(p) {
                    #expect(!addrs.contains(" \(p)/"), "\(p) configured in \(ns)")
                }
            }

            // Routes follow the sessions within a few seconds: poll.
            var report: LabStatusReport
            let deadline = Date().addingTimeInterval(20)
            repeat {
                let status = try await CLI.run(["lab", "status", "--name", e.lab, "--format", "json"])
                #expect(status.status == 0, "\(status.stderr)")
                report = try JSONDecoder.snake.decode(LabStatusReport.self, from: Data(status.stdout.utf8))
                if !e.bgp || report.bgpSessions.allSatisfy({ $0.prefixesReceived >= 1 }) { break }
                try await Task.sleep(for: .milliseconds(500))
            } while Date() < deadline
            let enabled = report.tunnels.filter { $0.customer != nil }
            #expect(!enabled.isEmpty && enabled.allSatisfy(\.up), "tunnels: \(report.tunnels)")
            if e.bgp {
                // BGP over both tunnels, on both ends.
                #expect(report.bgpSessions.count == 4 && report.bgpSessions.allSatisfy { $0.state == "Established" && $0.prefixesReceived >= 1 },
                        "\(report.bgpSessions)")
            }

            // S2's Route 53 failover adds a case that stops the primary's web server, S3's hybrid
            // DNS one that cuts both tunnels (each checked below).
            let result = try await LabMachine.test(e.file, e.lab, cases: ["baseline"] + (e.lab == "t2" ? ["health:seoul down"] : [])
                                                   + (e.lab == "t3" ? ["client-vpn"] : []) + ["intents", "vpn/1 down", "vpn/2 down"]
                                                   + (e.lab == "t3" ? ["vpn/1 + vpn/2 down (DNS)"] : []))
            if e.lab == "t2" { try Self.routeFailover(result, lab: e.lab) }
            if e.lab == "t3" {
                try await Self.hybridDNS(result, state: state, file: e.file, lab: e.lab)
                try Self.clientVPN(result)
            }
            #expect(result.checks > 0)
            if e.lab == "t0" {
                // S0's pods (their pod source address in the VPC) reach the on-premises database
                // on 3306 over the tunnels: a TCP connection, as its document's pods use it.
                let intents = try #require(result.cases.first { $0.name == "intents" }?.intents)
                #expect(intents.contains { $0.intent.hasPrefix("reachable pod:tc-eks/workers → db1 tcp/3306") && $0.measured == true && $0.measurement == "tcp/3306 answered" },
                        "\(intents)")
            }
            if e.lab == "t1" {
                // S1's TCP intents by a connection through the lab's security group (nftables):
                // SSH answered, port 80 not (the group opens only ICMP from the IDC and SSH).
                let intents = try #require(result.cases.first { $0.name == "intents" }?.intents)
                #expect(intents.map(\.measurement) == ["ping answered", "tcp/22 answered", "tcp/80 not answered"], "\(intents)")
                #expect(intents.allSatisfy { $0.predicted && $0.measured == true }, "\(intents)")
            }
            if e.lab == "t4" {
                // S4's expect: intents in the lab: its reachable and blocked flows by ping, its
                // `survives … vpn/1` with tunnel 1's outside path cut, each as the simulator says.
                let intents = try #require(result.cases.first { $0.name == "intents" }?.intents)
                #expect(intents.count == 6 && intents.allSatisfy { $0.predicted && $0.measured == true }, "\(intents)")
                #expect(intents.contains { $0.intent.hasPrefix("survives") && $0.measurement == "ping answered with vpn/1 cut" })
                #expect(intents.contains { $0.intent.hasPrefix("blocked") && $0.measurement == "ping not answered" })
                // S4's segmentation holds in the lab: VPC A and VPC B never reach each other.
                let ab = result.cases.flatMap(\.checks).filter { $0.from.hasPrefix("vpc:vpc-a") && $0.to.contains("vpc-b") }
                #expect(!ab.isEmpty && ab.allSatisfy { !$0.measured })
            }
            let down = try await CLI.run(["lab", "down", "--name", e.lab])
            #expect(down.status == 0, "\(down.stderr)")
        }
    }

    /// The fast failover profile (S0 with `failover_profile: fast`): the customer side offers BGP
    /// hold time 9 s, which both ends run (RFC 4271 section 4.2), so each tunnel cut moves the
    /// probe within 12 s; `lab test` holds each measurement to `failover`'s window.
    @Test func fastProfileMovesWithinTwelveSeconds() async throws {
        guard LabMachine.ready else { return }
        let file = "Tests/Fixtures/s0-fast-failover.yaml"
        try await LabMachine.withCleanup("to") {
            let up = try await CLI.run(["lab", "up", file, "--name", "to"])
            try #require(up.status == 0, "lab up failed:\n\(up.stdout)\n\(up.stderr)")
            let result = try await LabMachine.test(file, "to", cases: ["baseline", "vpn/1 down", "vpn/2 down"])
            for c in result.cases.dropFirst() {
                let o = try #require(c.outage, "\(c.name) has no prediction")
                #expect(o.latest <= 12, "\(c.name): \(o)")
                let d = try #require(c.disruptionSeconds)
                #expect(d <= 12, "\(c.name): measured \(d) s")
            }
            let down = try await CLI.run(["lab", "down", "--name", "to"])
            #expect(down.status == 0, "\(down.stderr)")
        }
    }

    /// S3's remote users with the real `openvpn` client: client1.domain.tld (72.21.10.20, inside
    /// the handler's 72.21.0.0/16) connects on a Monday and pings the IDC's web server through the
    /// endpoint, the transit gateway and the strongSwan tunnels; home-user (203.0.113.77) is
    /// refused by the rendered connect handler, and client1 too on a Saturday.
    static func clientVPN(_ result: LabTestReport) throws {
        let checks = try #require(result.cases.first { $0.name == "client-vpn" }?.remoteUsers)
        func check(_ user: String, _ at: String) throws -> LabClientVPNCheck {
            try #require(checks.first { $0.user == user && $0.at == at }, "no connection of \(user) at \(at)")
        }
        let (monday, saturday) = (LabClientVPN.testInstants[0], LabClientVPN.testInstants[1])
        let client1 = try check("client1.domain.tld", monday)
        #expect(client1.measuredAdmitted && client1.predictedAdmitted)
        #expect(client1.pings.contains { $0.toAddress == IPv4Address(192, 168, 2, 20) && $0.measured && $0.predicted }, "\(client1.pings)")
        let home = try check("home-user", monday)
        #expect(!home.measuredAdmitted && !home.predictedAdmitted && home.detail?.contains("connect handler: deny") == true, "\(home)")
        #expect(!(try check("client1.domain.tld", saturday)).measuredAdmitted)
        let disagreeing = checks.filter { !$0.agree }
        #expect(disagreeing.isEmpty, "\(disagreeing)")
    }

    /// `lab up` killed midway (SIGKILL: no chance to clean up) leaves namespaces and daemons;
    /// `lab down` removes all of them. SIGINT makes `up` clean up by itself.
    @Test(arguments: [SIGKILL, SIGINT])
    func interruptedUp(_ signal: Int32) async throws {
        guard LabMachine.ready else { return }
        let lab = signal == SIGKILL ? "tk" : "ti"
        try await LabMachine.withCleanup(lab) {
            let log = "/tmp/causeway-lab-test-\(lab).log"
            defer { unlink(log) }
            let pid = try CLI.spawn(["lab", "up", "examples/s3-tgw-bgp-strongswan.yaml", "--name", lab], log: log)
            // Wait until some daemons run, the middle of `up`, and signal at once. Both happen on a
            // thread of their own: a test task on the cooperative pool can wait tens of seconds
            // for a turn while the rest of the suite runs, and `up` would be over by then.
            let name = lab
            let (recorded, phase) = try await offThePool { () -> ([Int32], LabState.Phase?) in
                let deadline = Date().addingTimeInterval(300)
                while Date() < deadline {
                    if let s = try? LabState.load(root: LabPlan.defaultRoot, name: name), s.processes.count >= 2 {
                        kill(pid, signal)
                        return (s.processes.map(\.pid), s.phase)
                    }
                    usleep(10_000)
                }
                return ([], nil)
            }
            try #require(!recorded.isEmpty, "lab up never started its daemons:\n\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
            #expect(phase == .starting, "the signal came after `up` had finished")
            // Retry on EINTR: other tests' children exit all the time, and a SIGCHLD handler
            // (Foundation's) interrupts the wait.
            let reaped = try await offThePool { () -> Int32 in
                var status: Int32 = 0
                var r: Int32
                repeat { r = waitpid(pid, &status, 0) } while r < 0 && errno == EINTR
                return r
            }
            try #require(reaped == pid, "waitpid(\(pid)) answered \(reaped)")
            if signal == SIGINT {
                #expect(LabMachine.namespaces(lab).isEmpty,
                        "up left namespaces after SIGINT:\n\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
                #expect(recorded.filter(Processes.isRunning).isEmpty)
                #expect(try LabState.load(root: LabPlan.defaultRoot, name: lab) == nil)
            } else {
                #expect(!LabMachine.namespaces(lab).isEmpty)
                let down = try await CLI.run(["lab", "down", "--name", lab])
                #expect(down.status == 0, "\(down.stderr)")
                #expect(LabMachine.namespaces(lab).isEmpty)
                // Everything it started is gone, also what it had not recorded yet.
                try await Task.sleep(for: .milliseconds(200))
                #expect(recorded.filter(Processes.isRunning).isEmpty)
            }
        }
    }

    /// `lab test` on a lab that is not up brings it up, tests, and takes it down again.
    @Test func testWithoutUpBringsTheLabUpAndDown() async throws {
        guard LabMachine.ready else { return }
        try await LabMachine.withCleanup("ta") {
            let r = try await CLI.run(["lab", "test", "examples/s4-tgw-segmentation.yaml", "--name", "ta", "--no-failures", "--format", "json"])
            #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
            #expect(r.stderr.contains("bringing it up for this test"), "\(r.stderr)")
            let result = try JSONDecoder.snake.decode(LabTestReport.self, from: Data(r.stdout.utf8))
            #expect(result.cases.map(\.name) == ["baseline", "intents"] && result.disagreements == 0 && result.checks > 0)
            #expect(LabMachine.namespaces("ta").isEmpty, "lab test left its lab up")
            #expect(try LabState.load(root: LabPlan.defaultRoot, name: "ta") == nil)
        }
    }

    /// Not root: a clear error and exit 2, nothing created.
    @Test func refusesWithoutRoot() async throws {
        guard LabMachine.ready else { return }
        let exe = try #require(CLI.binary)
        let argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", exe, "lab", "up",
                    Repo.root.appendingPathComponent("examples/s4-tgw-segmentation.yaml").path, "--name", "tn"]
        let r = try await offThePool { try ProcessRunner().run(argv) }
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("needs root"), "\(r.stderr)")
        #expect(LabMachine.namespaces("tn").isEmpty)
    }
}

extension JSONDecoder {
    static var snake: JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }
}

extension JSONEncoder {
    static var snake: JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
