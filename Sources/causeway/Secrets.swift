import CausewayCore
import Foundation

/// Resolves pre-shared key references for the command line: `env:` from the environment,
/// `file:` relative to the topology file's folder (whitespace around the key trimmed), literals
/// as written. `generated` and anything unreadable resolve to nil; the renderers then name the
/// tunnel and say where the key comes from.
struct EnvironmentSecretResolver: SecretResolver {
    let baseDirectory: String
    let environment: [String: String]

    init(topologyFile: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        baseDirectory = (topologyFile as NSString).deletingLastPathComponent
        self.environment = environment
    }

    func resolve(_ ref: SecretReference) throws -> PreSharedKey? {
        switch ref {
        case .env(let name):
            guard let v = environment[name], !v.isEmpty else { return nil }
            return PreSharedKey(v)
        case .file(let p):
            let path = p.hasPrefix("/") ? p : (baseDirectory.isEmpty ? p : "\(baseDirectory)/\(p)")
            guard let data = FileManager.default.contents(atPath: path),
                  let text = String(data: data, encoding: .utf8) else { return nil }
            let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return key.isEmpty ? nil : PreSharedKey(key)
        case .literal(let k):
            return k
        case .generated:
            return nil
        }
    }

    /// Every key the topology references, by "connection/tunnel" (AWS's key) and
    /// "connection/tunnel/device" (a device's own key, when its tunnel settings give one).
    func resolveAll(_ t: Topology) -> [String: PreSharedKey] {
        var out: [String: PreSharedKey] = [:]
        for c in t.vpnConnections {
            for tn in c.tunnels {
                if let k = try? resolve(tn.psk) { out["\(c.name)/\(tn.index)"] = k }
            }
        }
        for s in t.sites {
            for dt in s.gateway?.tunnels ?? [] {
                if let ref = dt.psk, let k = try? resolve(ref) { out["\(dt.connection)/\(dt.index)/device"] = k }
            }
        }
        return out
    }
}
