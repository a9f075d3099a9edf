import CausewayAWS
import CausewayCore

/// One difference between the topology, what AWS has and what the gateway runs.
public struct DriftItem: Sendable, Codable, Equatable {
    /// `vpn/1`, or the site for a device-wide value.
    public var subject: String
    public var what: String
    public var topology: String?
    public var aws: String?
    public var gateway: String?
    /// Which of the three disagree: `topology ≠ AWS`, `AWS ≠ gateway`, …
    public var disagreement: String
}

/// The three-way comparison `status --gateway` prints and `doctor --aws` reports: per tunnel of
/// the site, AWS's outside address against the topology's, and AWS's telemetry (UP/DOWN,
/// accepted routes; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VgwTelemetry.html)
/// against the gateway's SAs and BGP session. Pure.
public enum Drift {
    public static func items(expected: GatewayExpectation, aws rows: [StatusReport.TunnelRow], gateway: GatewayObservation?) -> [DriftItem] {
        var out: [DriftItem] = []
        for t in expected.tunnels {
            let row = rows.first { $0.connection == t.connection && $0.tunnel == t.index }
            if let row, let a = row.outsideIP, let mine = t.outsideIP, a != mine {
                out.append(DriftItem(subject: t.key, what: "outside address", topology: mine, aws: a, gateway: nil, disagreement: "topology ≠ AWS"))
            }
            if row == nil {
                out.append(DriftItem(subject: t.key, what: "tunnel", topology: "configured", aws: "missing", gateway: nil, disagreement: "topology ≠ AWS"))
            }
            guard let gateway else { continue }
            let sa = gateway.securityAssociations?[t.name]
            let gatewayUp = sa.map { $0.ikeEstablished && $0.childInstalled }
            if let status = row?.status, let up = gatewayUp, (status == "UP") != up {
                out.append(DriftItem(subject: t.key, what: "tunnel state", topology: "up", aws: status, gateway: up ? "SA installed" : "no SA",
                                     disagreement: "AWS ≠ gateway"))
            } else if let up = gatewayUp, !up {
                out.append(DriftItem(subject: t.key, what: "tunnel state", topology: "up", aws: row?.status, gateway: "no SA",
                                     disagreement: row?.status == nil ? "topology ≠ gateway" : "topology ≠ AWS, gateway"))
            }
            if expected.routing == .bgp, let peer = t.awsInside, let n = gateway.bgp?.neighbor(peer), let accepted = row?.acceptedRoutes,
               n.established, (accepted == 0) != (n.prefixesSent == 0) {
                out.append(DriftItem(subject: t.key, what: "routes from the gateway", topology: "\(expected.advertise.count) advertised",
                                     aws: "\(accepted) accepted", gateway: "\(n.prefixesSent) sent", disagreement: "AWS ≠ gateway"))
            }
        }
        return out
    }
}

extension Doctor {
    /// The gateway-against-AWS differences as findings (`doctor --aws`).
    public func awsFindings(_ rows: [StatusReport.TunnelRow]) -> [Diagnostic] {
        Drift.items(expected: expected, aws: rows, gateway: observed).filter { $0.disagreement.contains("AWS") }.map { d in
            let at = expected.tunnels.first { $0.key == d.subject }?.location
            return finding(DoctorRules.awsDisagrees, "tunnel \(d.subject): \(d.what): " + [d.topology.map { "topology \($0)" }, d.aws.map { "AWS \($0)" }, d.gateway.map { "gateway \($0)" }].compactMap { $0 }.joined(separator: ", ") + " (\(d.disagreement))",
                           fix: d.what == "outside address" ? "run `causeway import` (or `apply`) and re-render the gateway's files" : "compare both ends with `causeway explain`; restart the tunnel on the gateway", at: at)
        }
    }
}
