import CausewayCore
import CausewaySim
import Foundation

/// What the lab expects of a remote user's connection: the connect handler's verdict and, per
/// destination, whether a ping from the user's client address gets through.
struct LabClientVPNPrediction {
    var admitted: Bool
    var paths: [(to: String, address: IPv4Address, reachable: Bool, reason: String?)]
}

extension LabTester {
    /// The expected outcome of `u` connecting to `s` at `instant`: the policy's verdict, then per
    /// destination the endpoint's route table, its authorization rules and the simulator's trace
    /// onward from the endpoint's interface address (the source NAT AWS applies).
    func predictAdmission(_ u: LabRemoteUser, _ s: LabClientVPN, _ instant: Date) -> LabClientVPNPrediction {
        let t = plan.topology
        guard let e = t.clientVPNEndpoint(s.endpoint), let user = e.user(u.user) else { return LabClientVPNPrediction(admitted: false, paths: []) }
        let admitted = e.connectHandler.map { LabClientVPN.admits($0.policy, source: u.publicIP, at: instant) } ?? true
        let paths = clientVPNDestinations().map { d -> (to: String, address: IPv4Address, reachable: Bool, reason: String?) in
            guard let nat = s.sourceNAT.first(where: { $0.destination.contains(d.address) }) else {
                return (d.name, d.address, false, "no route in the endpoint's route table")
            }
            let rules = e.authorizationRules.filter { $0.destination.contains(d.address) }
            let longest = rules.map(\.destination.length).max()
            let deciding = rules.filter { $0.destination.length == longest }
            guard deciding.contains(where: { $0.allUsers || user.groups.contains($0.accessGroup ?? "") }) else {
                return (d.name, d.address, false, "not authorized")
            }
            let r = try? plan.simulation.trace(from: nat.interface, to: d.address)
            return (d.name, d.address, r?.reachable ?? false, r?.reason?.rawValue)
        }
        return LabClientVPNPrediction(admitted: admitted, paths: paths)
    }
}

extension LabClientVPN {
    /// The connect policy's verdict for `source` at `instant`: every written condition holds
    /// (weekday and hours in the policy's time zone, the source in one of its CIDRs).
    static func admits(_ p: ConnectPolicy, source: IPv4Address, at instant: Date) -> Bool {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: p.timeZone) ?? TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.weekday, .hour, .minute], from: instant)
        // Calendar: Sunday = 1 … Saturday = 7; Weekday: Monday = 0 … Sunday = 6.
        let day = ((c.weekday ?? 1) + 5) % 7
        if !p.weekdays.isEmpty && !p.weekdays.contains(where: { $0.index == day }) { return false }
        if let h = p.hours, !h.contains(minute: (c.hour ?? 0) * 60 + (c.minute ?? 0)) { return false }
        if !p.sourceCIDRs.isEmpty && !p.sourceCIDRs.contains(where: { $0.contains(source) }) { return false }
        return true
    }
}
