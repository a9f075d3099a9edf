import CausewayCore
import CausewaySim

/// One file a renderer produces, relative to the output folder.
public struct RenderedFile: Sendable, Equatable {
    public var path: String
    public var contents: String
    /// POSIX mode: 0o644 for configs, 0o755 for scripts, 0o600 for anything holding a secret.
    public var mode: UInt16
    public init(path: String, contents: String, mode: UInt16 = 0o644) {
        self.path = path
        self.contents = contents
        self.mode = mode
    }
    public var isSecret: Bool { mode & 0o077 == 0 }
}

/// What a renderer may render for: a real host, or the local lab, which has no VTIs (see
/// docs/lab-machine.md) and swaps the VTI parts for per-tunnel namespaces, nothing else.
public enum RenderProfile: String, Sendable, CaseIterable {
    case production
    case lab
}

/// Inputs beyond the model: resolved secrets (the core never reads env or files) and profile.
public struct RenderContext: Sendable {
    /// Pre-shared keys by `connection/tunnelIndex` ("vpn/1"). A missing key for a tunnel whose
    /// PSK is `generated` is an error naming the tunnel (import or apply first).
    public var secrets: [String: PreSharedKey]
    public var profile: RenderProfile
    /// The resolve stage's decisions for the topology being rendered (`RenderPlan.run` fills it
    /// once; a renderer called on its own resolves for itself).
    public var resolved: ResolvedNetwork?
    /// Client VPN certificates and keys by endpoint name (made by CausewayPKI or read from the
    /// topology's PEM files by the command line: the core does no I/O and draws no random keys).
    public var clientVPN: [String: ClientVPNMaterial]
    /// What the diagram's simulation takes down (`render --fail`); no other target reads it.
    public var failures: Set<Failure> = []
    public init(secrets: [String: PreSharedKey] = [:], profile: RenderProfile = .production, resolved: ResolvedNetwork? = nil,
                clientVPN: [String: ClientVPNMaterial] = [:]) {
        self.secrets = secrets
        self.profile = profile
        self.resolved = resolved
        self.clientVPN = clientVPN
    }
    public func psk(_ connection: String, _ tunnel: Int) -> PreSharedKey? { secrets["\(connection)/\(tunnel)"] }
    /// The key the customer gateway is configured with when its tunnel settings give their own
    /// `psk` (stored as "vpn/1/device"); otherwise AWS's key for the tunnel.
    public func devicePSK(_ connection: String, _ tunnel: Int) -> PreSharedKey? {
        secrets["\(connection)/\(tunnel)/device"] ?? psk(connection, tunnel)
    }
}

/// Why a target cannot be rendered (values the model does not know yet, e.g. AWS-chosen
/// outside addresses). Each gap names a missing value, where it comes from and the topology
/// node it is about; `diagnostics(in:)` reports them like check's findings.
public struct RenderError: Error, Sendable, CustomStringConvertible {
    public var target: String
    public var gaps: [RenderGap]
    /// The gaps' text, in order.
    public var missing: [String] { gaps.map(\.what) }
    public init(target: String, gaps: [RenderGap]) {
        self.target = target
        self.gaps = gaps
    }
    public init(target: String, missing: [String]) {
        self.init(target: target, gaps: missing.map { RenderGap($0) })
    }
    public var description: String {
        "cannot render \(target): missing " + missing.joined(separator: "; ")
    }
}

/// A renderer: one small type per target that turns the model into files. Reads the model,
/// never the YAML.
public protocol Renderer: Sendable {
    /// The `--only` name of this target (`libreswan`, `frr`, `terraform`, …).
    var target: String { get }
    func render(_ topology: Topology, context: RenderContext) throws -> [RenderedFile]
}

/// A renderer for the customer-gateway side: one site at a time. Rendering the whole topology
/// renders every site that has a gateway device.
public protocol SiteRenderer: Renderer {
    func render(site: Site, in topology: Topology, context: RenderContext) throws -> [RenderedFile]
}

extension SiteRenderer {
    public func render(_ topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        var files: [RenderedFile] = [], errors: [RenderError] = []
        for s in topology.sites where s.gateway != nil {
            do { files += try render(site: s, in: topology, context: context) }
            catch let e as RenderError { errors.append(e) }
        }
        if let first = errors.first {
            throw errors.count == 1 ? first : RenderError(target: target, missing: errors.map(\.description))
        }
        return files
    }
}
