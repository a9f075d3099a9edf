import CausewayCore
import Foundation

/// One end of a tunnel as its charon reports it.
public struct TunnelEndState: Sendable, Codable, Equatable {
    public var ikeEstablished: Bool
    public var childInstalled: Bool
    public var bytesIn: Int
    public var bytesOut: Int
}

/// Both ends of one tunnel.
public struct TunnelState: Sendable, Codable, Equatable {
    public var tunnel: String
    /// nil when the customer's device has the tunnel disabled.
    public var customer: TunnelEndState?
    public var aws: TunnelEndState
    public var up: Bool { (customer?.childInstalled ?? false) && aws.childInstalled }
}

/// One BGP session as an FRR instance reports it.
public struct BGPSessionState: Sendable, Codable, Equatable {
    public var node: String
    public var neighbor: IPv4Address
    public var remoteASN: UInt32?
    public var state: String
    public var prefixesReceived: Int
    public var prefixesSent: Int
}

/// A route a node learned (BGP or static over a tunnel), from the kernel's table.
public struct LearnedRoute: Sendable, Codable, Equatable {
    public var node: String
    public var route: String
}

/// What `lab status` shows.
public struct LabStatusReport: Sendable, Codable {
    public var name: String
    public var topologyFile: String
    public var phase: String
    public var tunnels: [TunnelState]
    public var bgpSessions: [BGPSessionState]
    public var routes: [LearnedRoute]
    public var processes: [ProcessState]
    public var mapping: [OutsideMapping]

    public struct ProcessState: Sendable, Codable {
        public var name: String
        public var namespace: String
        public var pid: Int32
        public var running: Bool
    }
}

extension LabRunner {
    /// Parses `swanctl --list-sas` for one IKE name.
    static func parseSAs(_ text: String) -> TunnelEndState {
        var s = TunnelEndState(ikeEstablished: false, childInstalled: false, bytesIn: 0, bytesOut: 0)
        for line in text.split(separator: "\n") {
            let l = line.trimmingCharacters(in: .whitespaces)
            if l.contains(", ESTABLISHED, ") { s.ikeEstablished = true }
            if l.contains(", INSTALLED, ") { s.childInstalled = true }
            let f = l.split(separator: " ", omittingEmptySubsequences: true)
            if f.count >= 3, f[0] == "in" || f[0] == "out", let n = Int(f[2]) {
                if f[0] == "in" { s.bytesIn += n } else { s.bytesOut += n }
            }
        }
        return s
    }

    func endState(vici: String, ike: String) throws -> TunnelEndState {
        let r = try runner.run(["swanctl", "--list-sas", "--ike", ike, "--uri", "unix://\(vici)"])
        return LabRunner.parseSAs(r.succeeded ? r.stdout : "")
    }

    public func tunnelState(_ t: LabTunnel) throws -> TunnelState {
        let aws = try endState(vici: t.awsVici, ike: t.awsName)
        var customer: TunnelEndState?
        if let v = t.customerVici, let n = t.customerName { customer = try endState(vici: v, ike: n) }
        return TunnelState(tunnel: t.ref, customer: customer, aws: aws)
    }

    /// Every BGP session of every FRR instance running bgpd.
    public func bgpSessions(_ instances: [FRRInstance]) throws -> [BGPSessionState] {
        var out: [BGPSessionState] = []
        for i in instances where i.bgp {
            let r = try runner.run(["vtysh", "--vty_socket", i.vtyDirectory, "-c", "show bgp ipv4 unicast summary json"])
            out += LabRunner.parseBGPSummary(r.stdout, node: i.node)
        }
        return out
    }

    static func parseBGPSummary(_ text: String, node: String) -> [BGPSessionState] {
        (FRRBGPSummary(text)?.peers ?? []).map {
            BGPSessionState(node: node, neighbor: $0.address, remoteASN: $0.remoteASN, state: $0.state,
                            prefixesReceived: $0.prefixesReceived, prefixesSent: $0.prefixesSent)
        }
    }

    /// The lab's state as its daemons and kernels report it now.
    public func status(_ state: LabState) throws -> LabStatusReport {
        let tunnels = try state.tunnels.map { try tunnelState($0) }
        let sessions = try bgpSessions(state.frr)
        var routes: [LearnedRoute] = []
        for f in state.frr {
            for proto in ["bgp", "static"] {
                let r = try runner.run(["ip", "-n", f.namespace, "-4", "route", "show", "proto", proto])
                // A multipath route continues on indented `nexthop` lines: keep it one route.
                for line in r.stdout.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    let text = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\t", with: " ")
                    if line.first?.isWhitespace == true, let last = routes.indices.last, routes[last].node == f.node {
                        routes[last].route += "; " + text
                    } else {
                        routes.append(LearnedRoute(node: f.node, route: text))
                    }
                }
            }
        }
        let procs = state.processes.map {
            LabStatusReport.ProcessState(name: $0.name, namespace: $0.namespace, pid: $0.pid, running: Processes.isRunning($0.pid))
        }
        return LabStatusReport(name: state.name, topologyFile: state.topologyFile, phase: state.phase.rawValue, tunnels: tunnels,
                               bgpSessions: sessions, routes: routes, processes: procs, mapping: state.mapping)
    }
}

/// The lab as it was before a cut: its BGP sessions and each namespace's IPv4 routes (every
/// table), for a restore to wait until it is there again (`LabRunner.waitReady`).
public struct LabBaseline: Sendable, Equatable {
    public var sessions: [BGPSessionState]
    /// Per namespace, its routes as `ip -4 route show table all` prints them, one entry per route
    /// without its next hops, sorted: the destination, table, protocol, metric and flags
    /// (`linkdown`, `dead`) must come back; which next hop a route takes need not (after a
    /// cut, BGP keeps the oldest of equal paths, so a restored tunnel need not carry the traffic
    /// it carried before; the kernel gives a route put back a new `nhid`).
    public var routes: [String: [String]]

    static func routeLines(_ text: String) -> [String] {
        let hop = #" (nhid [0-9]+|via [^ ]+|dev [^ ]+|weight [0-9]+|onlink)"#
        var out: [String] = []
        for raw in text.split(separator: "\n") {
            // A multipath route continues on indented `nexthop` lines; only their flags count.
            if raw.first?.isWhitespace == true, !out.isEmpty {
                let flags = raw.split(separator: " ").filter { ["linkdown", "dead"].contains($0) }
                if !flags.isEmpty { out[out.count - 1] += " " + flags.joined(separator: " ") }
                continue
            }
            out.append(raw.replacingOccurrences(of: hop, with: "", options: .regularExpression).trimmingCharacters(in: .whitespaces))
        }
        return out.sorted()
    }

    /// What differs from `before`, one entry per route (`NAMESPACE: missing ROUTE` or `extra`).
    public func routeDifferences(from before: LabBaseline) -> [String] {
        var out: [String] = []
        for ns in Set(before.routes.keys).union(routes.keys).sorted() {
            let was = Set(before.routes[ns] ?? []), now = Set(routes[ns] ?? [])
            out += was.subtracting(now).sorted().map { "\(ns): missing \($0)" }
            out += now.subtracting(was).sorted().map { "\(ns): extra \($0)" }
        }
        return out
    }
}
