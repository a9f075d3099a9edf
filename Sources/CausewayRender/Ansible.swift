import CausewayCore

/// An Ansible inventory and playbook (`ansible/`) that push the customer-gateway files causeway
/// renders for each site to its gateway host and restart what must restart: S0's own pipeline
/// (terraform apply → `causeway import terraform-outputs` → `causeway render` →
/// `ansible-playbook`), with the files and services the site README's install steps name, read
/// from the same list (`InstallPaths.entries`). Only `ansible.builtin` modules, so `ansible-core`
/// alone runs it. The playbook copies from `../sites/SITE/` beside it, so it runs from a whole
/// render.
public struct Ansible: Renderer {
    public let target = "ansible"
    public init() {}

    public func render(_ topology: Topology, context: RenderContext) throws -> [RenderedFile] {
        var plays: [GatewayPlan] = []
        var errors: [RenderError] = []
        for s in topology.sites where s.gateway != nil {
            do { plays.append(try GatewayPlan(site: s, in: topology, context: context)) }
            catch let e as RenderError { errors.append(e) }
        }
        if let first = errors.first {
            throw errors.count == 1 ? first : RenderError(target: target, missing: errors.map(\.description))
        }
        guard !plays.isEmpty else { return [] }
        return [
            RenderedFile(path: "ansible/inventory.ini", contents: inventory(topology, plays)),
            RenderedFile(path: "ansible/site.yml", contents: playbook(topology, plays)),
        ]
    }

    /// One host per site gateway, named after the site, `ansible_host` its public address (the
    /// address on its uplink when it has no public one).
    func inventory(_ t: Topology, _ plans: [GatewayPlan]) -> String {
        var r = Lines("#", banner: "causeway: Ansible inventory of the customer gateways (one host per site).", topology: t.name,
                      install: "Use with site.yml beside it: `ansible-playbook -i ansible/inventory.ini ansible/site.yml` from the render's folder.")
        r.comment("#", """
        ansible_host is the gateway's address from the topology. Fill in how Ansible reaches each
        host (ansible_user, ansible_port, ansible_ssh_private_key_file, or a management address in
        ansible_host): causeway does not know them. The playbook needs root: ansible_become stays true.
        """)
        r.add("[causeway_gateways]")
        for p in plans {
            let dev = p.device
            let address = dev.publicIP?.description ?? dev.privateIP?.description
            r.add(p.site.name + (address.map { " ansible_host=\($0)" } ?? "   # no address in the topology: set ansible_host"))
        }
        r.add()
        r.add("[causeway_gateways:vars]")
        r.add("ansible_become=true")
        return r.text
    }

    func playbook(_ t: Topology, _ plans: [GatewayPlan]) -> String {
        var r = Lines("#", banner: "causeway: Ansible playbook installing each site's customer-gateway files and restarting its services.",
                      topology: t.name, install: "Run from the render's folder: `ansible-playbook -i ansible/inventory.ini ansible/site.yml`.")
        r.comment("#", """
        Each play copies the files of sites/SITE/ to where the site's README puts them, with their
        modes (keys 0600, their tasks no_log), then its handlers reload systemd and sysctl and
        restart the firewall, IPsec and FRR units the README's install steps restart.
        Variables (-e or the inventory):
          causeway_root     where the files land (default /); a scratch folder to look at them first
          causeway_restart  false: change no running state (no service, sysctl or firewall command)
        Packages and the clock (README step 1) are not installed by this playbook.
        """)
        r.add("---")
        for p in plans {
            r.add()
            r.add(AnsiblePlay(plan: p).lines)
        }
        return r.text
    }
}
