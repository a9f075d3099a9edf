import CausewayCore

/// Pre-shared keys for the lab: the topology's own where they resolve, otherwise a key the lab
/// generates (the lab plays AWS, and AWS generates a key that is not given). Keys are written
/// only into 0600 files and never printed.
public enum LabSecrets {
    /// `resolved` plus a generated key for every tunnel ("connection/index") that has none.
    public static func complete<G: RandomNumberGenerator>(_ t: Topology, resolved: [String: PreSharedKey], using g: inout G) -> [String: PreSharedKey] {
        var out = resolved
        for c in t.vpnConnections {
            for tn in c.tunnels where out["\(c.name)/\(tn.index)"] == nil {
                out["\(c.name)/\(tn.index)"] = generate(using: &g)
            }
        }
        return out
    }

    /// 32 letters and digits, starting with a letter (AWS: 8–64 of letters, digits, `.`, `_`, not starting with 0).
    public static func generate<G: RandomNumberGenerator>(using g: inout G) -> PreSharedKey {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let all = letters + Array("0123456789")
        var s = String(letters.randomElement(using: &g)!)
        for _ in 1..<32 { s.append(all.randomElement(using: &g)!) }
        return PreSharedKey(s)
    }
}
