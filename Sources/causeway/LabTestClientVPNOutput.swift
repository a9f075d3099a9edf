import CausewayLab

/// `lab test`'s Client VPN lines: per connection the handler's verdict predicted and measured,
/// then the pings from the user's client address.
func clientVPNTable(_ checks: [LabClientVPNCheck]) -> String {
    func verdict(_ admitted: Bool) -> String { admitted ? "admitted" : "refused" }
    var out = [columns([["user", "from", "at", "predicted", "measured", "", "why refused (measured)"]] + checks.map { c in
        ["\(c.endpoint)/\(c.user)", "\(c.publicAddress)", c.at, verdict(c.predictedAdmitted), verdict(c.measuredAdmitted),
         c.predictedAdmitted == c.measuredAdmitted ? "ok" : "DISAGREE", c.detail ?? ""]
    })]
    for c in checks where !c.pings.isEmpty {
        out.append("\(c.user) connected at \(c.at):\n" + matrixTable(c.pings))
    }
    return out.joined(separator: "\n")
}
