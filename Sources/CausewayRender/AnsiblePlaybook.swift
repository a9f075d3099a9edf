import CausewayCore

/// The play of one site: folders, one copy task per installed file (the README's table), the
/// firewalld script, FRR's daemons, and handlers restarting what the README's install steps
/// restart, in the README's order (systemd, sysctl, firewall rules, VTIs, IPsec, FRR).
struct AnsiblePlay {
    let plan: GatewayPlan
    var paths: InstallPaths { InstallPaths(os: plan.device.os, ipsec: plan.device.ipsec) }
    var site: String { plan.site.name }

    /// A handler: its name (what tasks notify) and its task body.
    struct Handler {
        var name: String
        var body: [String]
    }

    /// Handlers in the order they run (Ansible runs notified handlers in the order listed).
    var handlers: [Handler] {
        var h = [
            Handler(name: "reload systemd", body: ["ansible.builtin.systemd:", "  daemon_reload: true"]),
            // README step 2: `sysctl --system` (systemd-sysctl reads /etc/sysctl.d).
            Handler(name: "reload sysctl", body: ["ansible.builtin.command: sysctl --system"]),
        ]
        for unit in paths.enabledUnits + ["frr"] {
            h.append(Handler(name: "restart \(unit)", body: [
                "ansible.builtin.systemd:", "  name: \(unit)", "  state: restarted", "  enabled: true",
            ]))
        }
        return h
    }

    /// The handlers a file notifies when it changes.
    func notifies(_ e: InstallEntry) -> [String] {
        let dir = e.file.split(separator: "/").first.map(String.init) ?? ""
        let ipsecUnit = String(paths.ipsecUnit.dropLast(".service".count))
        switch dir {
        case "sysctl": return ["reload sysctl"]
        case "firewall": return ["restart causeway-firewall"]
        case "frr": return ["restart frr"]
        case "systemd":
            // systemd/X.service or systemd/X.service.d/causeway.conf: reload, then restart X.
            let unit = e.file.dropFirst("systemd/".count).split(separator: ".").first.map(String.init) ?? ipsecUnit
            return ["reload systemd", "restart \(unit)"]
        default:
            // The IPsec files; the updown script also makes the VTIs of causeway-tunnels.service.
            let tunnels = e.file.hasSuffix("causeway-updown") && paths.enabledUnits.contains("causeway-tunnels")
            return (tunnels ? ["restart causeway-tunnels"] : []) + ["restart \(ipsecUnit)"]
        }
    }

    /// `path` under `causeway_root`.
    func dest(_ path: String) -> String { "\"{{ causeway_prefix }}\(path)\"" }

    var lines: [String] {
        let entries = paths.entries(plan)
        let installed = entries.filter { $0.destination != nil }
        let dev = plan.device
        var r: [String] = []
        r.append("- name: \(doubleQuoted("customer gateway of site \(site) (\(dev.ipsec.rawValue), \(plan.routing == .bgp ? "BGP" : "static"), \(dev.os.rawValue))"))")
        r.append("  hosts: \(site)")
        r.append("  gather_facts: false")
        r.append("  vars:")
        r.append("    causeway_files: \"{{ playbook_dir }}/../sites/\(site)\"")
        r.append("    causeway_prefix: \"{{ (causeway_root | default('/')) | regex_replace('/+$', '') }}\"")
        r.append("    causeway_apply: \"{{ causeway_restart | default(true) | bool }}\"")
        r.append("  tasks:")
        let folders = Set(installed.compactMap { $0.destination.map { String($0.prefix(upTo: $0.lastIndex(of: "/")!)) } }).sorted()
        r.append("    - name: folders")
        r.append("      ansible.builtin.file:")
        r.append("        path: \"{{ causeway_prefix }}{{ item }}\"")
        r.append("        state: directory")
        r.append("      loop:")
        for f in folders { r.append("        - \(f)") }
        for e in installed {
            guard let to = e.destination else { continue }
            r.append("    - name: \(doubleQuoted("\(e.file) as \(to)"))")
            r.append("      ansible.builtin.copy:")
            r.append("        src: \"{{ causeway_files }}/\(e.file)\"")
            r.append("        dest: \(dest(to))")
            r.append("        mode: \"0\(String(e.mode, radix: 8))\"")
            if let o = e.owner {
                r.append("        owner: \(o)")
                r.append("        group: \(o)")
            }
            // The README keeps the distribution's main file: `cp -n FILE FILE.dist`.
            if e.note != nil { r.append("        backup: true") }
            if e.mode & 0o077 == 0 {
                // A pre-shared key is in it: never in Ansible's output or diff.
                r.append("      no_log: true")
                r.append("      diff: false")
            }
            r.append("      notify:")
            for n in notifies(e) { r.append("        - \(n)") }
        }
        if entries.contains(where: { $0.file == "firewall/firewalld.sh" }) {
            // README step 3: firewalld's permanent settings, from the script (run on the host).
            r.append("    - name: \"firewall/firewalld.sh (firewalld's permanent settings)\"")
            r.append("      ansible.builtin.script: \"{{ causeway_files }}/firewall/firewalld.sh\"")
            r.append("      when: causeway_apply | bool")
        }
        var daemons = plan.routing == .bgp ? ["bgpd"] : []
        if dev.ospf != nil { daemons.append("ospfd") }
        if !daemons.isEmpty {
            // README step 6: the FRR package's daemons file turns each daemon on.
            r.append("    - name: FRR's daemons file")
            r.append("      ansible.builtin.stat:")
            r.append("        path: \"{{ causeway_prefix }}/etc/frr/daemons\"")
            r.append("      register: causeway_frr_daemons")
            for d in daemons {
                r.append("    - name: \(doubleQuoted("FRR runs \(d)"))")
                r.append("      ansible.builtin.lineinfile:")
                r.append("        path: \"{{ causeway_prefix }}/etc/frr/daemons\"")
                r.append("        regexp: \"^\(d)=\"")
                r.append("        line: \"\(d)=yes\"")
                r.append("      when: causeway_frr_daemons.stat.exists")
                r.append("      notify:")
                r.append("        - restart frr")
            }
        }
        r.append("  handlers:")
        for h in handlers {
            r.append("    - name: \(h.name)")
            for b in h.body { r.append("      \(b)") }
            r.append("      when: causeway_apply | bool")
        }
        return r
    }
}
