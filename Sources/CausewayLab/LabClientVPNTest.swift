import CausewayCore
import CausewaySim
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One remote user's connection in the lab at one instant: the connect handler's verdict as
/// predicted and as the real `openvpn` client got it, and pings from the user's client address.
public struct LabClientVPNCheck: Sendable, Codable, Equatable {
    public var endpoint: String
    public var user: String
    /// The user's public address (what the handler judges).
    public var publicAddress: IPv4Address
    /// The instant the handler ran at (ISO 8601 with its offset).
    public var at: String
    public var predictedAdmitted: Bool
    /// The policy's reason for its verdict (`ConnectPolicy.verdict`).
    public var reason: String?
    public var measuredAdmitted: Bool
    /// Why the connection was refused (the handler's message, or the client's last words).
    public var detail: String?
    /// From the user's client address, once connected; none when refused.
    public var pings: [LabCheck]
    public var agree: Bool { predictedAdmitted == measuredAdmitted && pings.allSatisfy(\.agree) }
}

extension LabClientVPN {
    /// The instants `lab test` connects at: a Monday and a Saturday morning in Seoul (the
    /// handler's verdict must not depend on the day the lab runs).
    public static let testInstants = ["2026-12-07T10:00:00+09:00", "2026-12-05T10:00:00+09:00"]

    /// What OpenVPN's client prints once the tunnel is up, and when the server refused it.
    static let connected = "Initialization Sequence Completed"
    static let refused = "AUTH_FAILED"
}

extension LabTester {
    /// Every remote user connects at each test instant with the real `openvpn` client and its
    /// rendered profile; an admitted user pings every named network and site host through the
    /// stand-in. nil without Client VPN stand-ins.
    func clientVPNCase() throws -> LabTestCase? {
        guard !plan.clientVPN.isEmpty else { return nil }
        var c = LabTestCase(name: "client-vpn", checks: [])
        c.notes = plan.clientVPNNotes + plan.clientVPN.flatMap(\.notes)
        var checks: [LabClientVPNCheck] = []
        for s in plan.clientVPN {
            for at in LabClientVPN.testInstants {
                for u in s.users {
                    if interruption.requested { throw LabInterrupted() }
                    checks.append(try connect(u, to: s, at: at))
                }
            }
        }
        c.remoteUsers = checks
        return c
    }

    func connect(_ u: LabRemoteUser, to s: LabClientVPN, at: String) throws -> LabClientVPNCheck {
        guard let instant = ISO8601Moment.parse(at) else { throw LabPlanError("cannot read the instant \(at)") }
        let predicted = predict(u, s, instant)
        runner.progress("client-vpn: \(u.user) from \(u.publicIP) at \(at): connecting (predicted \(predicted.admitted ? "admitted" : "refused"))")
        try at.write(toFile: s.clock, atomically: true, encoding: .utf8)
        try "".write(toFile: u.log, atomically: true, encoding: .utf8)
        let pid = try runner.runner.spawn(u.client, log: u.log)
        defer { Processes.stop([pid]) }
        var admitted = false
        var detail: String?
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if interruption.requested { throw LabInterrupted() }
            let log = (try? String(contentsOfFile: u.log, encoding: .utf8)) ?? ""
            if log.contains(LabClientVPN.connected) { admitted = true; break }
            if log.contains(LabClientVPN.refused) || !Processes.isRunning(pid) {
                detail = handlerAnswer(s) ?? log.split(separator: "\n").suffix(2).joined(separator: " / ")
                break
            }
            usleep(200_000)
        }
        if !admitted && detail == nil { detail = "no answer within 30 s" }
        var pings: [LabCheck] = []
        if admitted { pings = try ping(u, s, predicted.paths) }
        return LabClientVPNCheck(endpoint: s.endpoint, user: u.user, publicAddress: u.publicIP, at: at, predictedAdmitted: predicted.admitted,
                                 reason: predicted.reason, measuredAdmitted: admitted, detail: detail, pings: pings)
    }

    /// The message of the handler's last answer (the error message it gives a refused client).
    func handlerAnswer(_ s: LabClientVPN) -> String? {
        guard let path = s.handlerLog, let text = try? String(contentsOfFile: path, encoding: .utf8),
              let last = text.split(separator: "\n").last,
              let json = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any],
              let answer = json["answer"] as? [String: Any] else { return nil }
        let allowed = json["allowed"] as? Bool ?? false
        let message = answer["error-msg-on-failed-posture-compliance"] as? String ?? answer["error"] as? String
        return "connect handler: \(allowed ? "allow" : "deny")" + (message.map { ": \($0)" } ?? "")
    }

    /// Pings from the user's client address, all at once; a pair predicted reachable gets 20 s.
    func ping(_ u: LabRemoteUser, _ s: LabClientVPN, _ paths: [(to: String, address: IPv4Address, reachable: Bool, reason: String?)]) throws -> [LabCheck] {
        let from = LabEndpoint(address: u.clientAddress, namespace: u.namespace)
        var ok = [Bool](repeating: false, count: paths.count)
        var pending = Array(paths.indices)
        let deadline = Date().addingTimeInterval(20)
        while !pending.isEmpty {
            if interruption.requested { throw LabInterrupted() }
            let cmds = pending.map { runner.pingCommand(from, LabEndpoint(address: paths[$0].address, namespace: ""), wait: 2) }
            for (i, r) in zip(pending, try runner.runner.runConcurrently(cmds, limit: 16)) where r.succeeded { ok[i] = true }
            pending = pending.filter { !ok[$0] && paths[$0].reachable }
            if Date() > deadline { break }
            if !pending.isEmpty { usleep(500_000) }
        }
        return paths.indices.map { i in
            LabCheck(from: "user:\(u.user)", to: paths[i].to, fromAddress: u.clientAddress, toAddress: paths[i].address,
                     predicted: paths[i].reachable, reason: paths[i].reason, measured: ok[i])
        }
    }

    /// Where an admitted user's pings go: every named network and site host the lab holds.
    func clientVPNDestinations() -> [(name: String, address: IPv4Address)] {
        var out: [(name: String, address: IPv4Address)] = []
        let sim = plan.simulation
        for n in sim.namedNetworks() where plan.endpoint(n.representative) != nil { out.append((n.name, n.representative)) }
        for s in plan.topology.sites {
            for h in s.hosts where plan.endpoint(h.address) != nil { out.append(("host:\(h.name)", h.address)) }
        }
        var seen = Set<IPv4Address>()
        return out.filter { seen.insert($0.address).inserted }
    }
}
