import CausewayAWS
import CausewayCore
import CausewayRender

/// Which customer-side files a plan makes stale (a replaced customer gateway, a moved connection,
/// a changed key or inside CIDR), by site, for `plan` and `apply` to name before AWS is changed.
struct ReRenderAdvice {
    struct SiteFiles {
        var site: String
        var reasons: [String]
        /// The site's rendered files (empty when the site cannot be rendered yet, e.g. no facts).
        var files: [String]
    }
    var sites: [SiteFiles] = []

    init(_ plan: Plan, topology: Topology, file: String, stateDir: String?) {
        var order: [String] = [], reasons: [String: [String]] = [:]
        for r in plan.reRender {
            let site = topology.customerGateway(r.customerGateway)?.site ?? r.customerGateway
            if reasons[site] == nil { order.append(site) }
            reasons[site, default: []].append("\(r.connection): \(r.reason)")
        }
        let facts = order.isEmpty ? nil : try? withDeployedFacts(topology, file: file, stateDir: stateDir, quiet: true)
        for site in order {
            var files: [String] = []
            if let (t, keys) = facts, let plan = try? RenderPlan(t, sites: [site]) {
                files = (try? plan.run(t, context: RenderContext(secrets: keys)).map(\.path)) ?? []
            }
            sites.append(SiteFiles(site: site, reasons: reasons[site] ?? [], files: files))
        }
    }

    /// `re-render and re-load site dc (vpn: customer gateway dc replaced): sites/dc/…`.
    var lines: [String] {
        sites.map { s in
            "re-render and re-load site \(s.site) (\(s.reasons.joined(separator: "; "))): "
                + (s.files.isEmpty ? "its files (causeway render --site \(s.site))" : s.files.joined(separator: ", "))
        }
    }
}
