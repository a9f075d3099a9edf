import CausewayCore

/// The render targets, by their `--only` names.
public enum RenderTarget: String, Sendable, CaseIterable, Comparable {
    case libreswan
    case strongswanLegacy = "strongswan-legacy"
    case strongswan
    case frr, sysctl, firewall, systemd, bind, readme, terraform, cloudformation
    /// Client VPN certificates, `.ovpn` profiles and connect handlers (`DIR/client-vpn/`).
    case clientVPN = "client-vpn"
    /// An Ansible inventory and playbook pushing every site's files (`DIR/ansible/`).
    case ansible
    /// The topology's picture and the simulator's report (`DIR/diagram/`).
    case diagram

    public var renderer: any Renderer {
        switch self {
        case .libreswan: return Libreswan()
        case .strongswanLegacy: return StrongSwanLegacy()
        case .strongswan: return StrongSwanSwanctl()
        case .frr: return FRR()
        case .sysctl: return Sysctl()
        case .firewall: return Firewall()
        case .systemd: return Systemd()
        case .bind: return BIND()
        case .readme: return Readme()
        case .terraform: return Terraform()
        case .cloudformation: return CloudFormation()
        case .clientVPN: return ClientVPNFiles()
        case .ansible: return Ansible()
        case .diagram: return Diagram()
        }
    }

    /// The IPsec targets: by default a site gets the one its `ipsec` names.
    public var ipsec: IPsecImplementation? {
        switch self {
        case .libreswan: return .libreswan
        case .strongswanLegacy: return .strongswanLegacy
        case .strongswan: return .strongswan
        default: return nil
        }
    }

    /// Targets that write the AWS side (`DIR/aws/`, and `DIR/client-vpn/` for the remote users).
    public var isAWS: Bool { self == .terraform || self == .cloudformation || self == .clientVPN }
    /// Targets rendered once for the whole topology, not per site: the AWS side, the Ansible
    /// playbook (it covers every site's gateway) and the diagram.
    public var isWholeTopology: Bool { isAWS || self == .ansible || self == .diagram }
    /// Rendered only when asked for with `--only`: the diagram runs the simulator's matrix,
    /// traces and every failover case, work a render of configuration files does not need (on
    /// `causeway-bench`'s 100-VPC topology, debug build, 7.5 s against 0.22 s for the 127 files
    /// of a full render; phase `render`).
    public var onlyWhenAsked: Bool { self == .diagram }
    /// The folders of the targets a full render leaves out: files there from a render that asked
    /// for them are kept by a full render (`RenderWriter.keeping`).
    public static var foldersOnlyWhenAsked: [String] { ["diagram/"] }

    public static func < (l: Self, r: Self) -> Bool {
        allCases.firstIndex(of: l)! < allCases.firstIndex(of: r)!
    }
}

/// Which renderer runs for which site. Without `only`: for each site with a gateway device, the
/// IPsec target its `ipsec` names plus FRR, sysctl, firewall, systemd and README; and the AWS
/// side (Terraform, CloudFormation, its README, Client VPN files) and the Ansible playbook
/// unless `sites` narrows the run to some sites. The diagram only with `only`.
/// With `only`: exactly those targets, for every selected site (an IPsec target is then
/// rendered even when the site's `ipsec` names another: explicit wins).
public struct RenderPlan: Sendable {
    public struct Step: Sendable {
        /// The site, or nil for the AWS side.
        public var site: String?
        public var target: RenderTarget
    }
    public var steps: [Step]

    public init(_ topology: Topology, sites: [String] = [], only: [RenderTarget] = []) throws {
        let unknown = sites.filter { topology.site($0) == nil }
        if !unknown.isEmpty {
            throw RenderError(target: "render", gaps: unknown.map { RenderGap("site `\($0)` (sites here: \(topology.sites.map(\.name).joined(separator: ", ")))", rule: RenderRules.unknownSite) })
        }
        let chosen = sites.isEmpty ? topology.sites.filter { $0.gateway != nil } : sites.compactMap { topology.site($0) }
        let noDevice = chosen.filter { $0.gateway == nil }
        if !noDevice.isEmpty {
            throw RenderError(target: "render", gaps: noDevice.map { RenderGap("a `gateway:` device on site `\($0.name)` (\($0.path).gateway)", at: $0.path, rule: RenderRules.noGatewayDevice) })
        }
        let explicit = Set(only)
        var steps: [Step] = []
        for s in chosen {
            guard let dev = s.gateway else { continue }
            for t in RenderTarget.allCases where !t.isWholeTopology {
                let wanted = explicit.isEmpty ? (t.ipsec == nil || t.ipsec == dev.ipsec) : explicit.contains(t)
                if wanted && t != .readme { steps.append(Step(site: s.name, target: t)) }
            }
            if explicit.isEmpty || explicit.contains(.readme) { steps.append(Step(site: s.name, target: .readme)) }
        }
        let aws = explicit.isEmpty ? sites.isEmpty : true
        if aws {
            for t in RenderTarget.allCases where t.isWholeTopology && (explicit.isEmpty ? !t.onlyWhenAsked : explicit.contains(t)) {
                steps.append(Step(site: nil, target: t))
            }
            if (explicit.isEmpty || explicit.contains(.readme)) && sites.isEmpty { steps.append(Step(site: nil, target: .readme)) }
        }
        self.steps = steps
    }

    /// Runs every step; all errors of all steps are reported together (nothing is written by
    /// the caller unless the whole plan succeeded).
    public func run(_ topology: Topology, context given: RenderContext) throws -> [RenderedFile] {
        // The resolve stage runs once per render (the caller's, when it gives one); every
        // renderer's GatewayPlan reads it.
        var context = given
        context.resolved = given.resolved ?? ResolvedNetwork(topology)
        var files: [RenderedFile] = [], errors: [RenderError] = []
        for step in steps {
            do {
                if let name = step.site, let site = topology.site(name) {
                    if let r = step.target.renderer as? any SiteRenderer {
                        files += try r.render(site: site, in: topology, context: context)
                    } else if step.target == .readme {
                        files.append(try Readme().site(site, topology, context))
                    }
                } else if step.target == .readme {
                    files.append(Readme().aws(topology))
                } else {
                    files += try step.target.renderer.render(topology, context: context)
                }
            } catch let e as RenderError {
                errors.append(e)
            }
        }
        if !errors.isEmpty { throw RenderFailure(errors: errors) }
        var seen = Set<String>()
        for f in files where !seen.insert(f.path).inserted {
            throw RenderFailure(errors: [RenderError(target: "render", gaps: [RenderGap("a unique path for \(f.path) (two renderers wrote it)", rule: RenderRules.duplicatePath)])])
        }
        return files.sorted { $0.path < $1.path }
    }
}

/// Every error of a render run.
public struct RenderFailure: Error, Sendable, CustomStringConvertible {
    public var errors: [RenderError]
    public init(errors: [RenderError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
