/// The lab's stand-in for a gateway host's own network configuration (what cloud-init,
/// NetworkManager or ifupdown does on the machine the VM stands in for): the VM's cards renamed
/// to the device's interface names, their addresses and the default route. Installed as a
/// systemd unit ordered before the network is online, so it holds after a reboot too. Not part
/// of what causeway renders: the README assumes a host whose network already works.
struct GuestNetwork {
    let nics: [GatewayNIC]
    /// `ip route replace` arguments, in order.
    let routes: [String]

    static let script = "/usr/local/sbin/causeway-lab-network"
    static let unit = "/etc/systemd/system/causeway-lab-network.service"

    var scriptText: String {
        var s = ["#!/bin/sh", "# causeway lab: this host's network (the lab's stand-in for the host's own configuration).", "set -e", "ip link set lo up"]
        for n in nics {
            if n.device != n.guest {
                s.append("if [ -e /sys/class/net/\(n.guest) ] && [ ! -e /sys/class/net/\(n.device) ]; then ip link set \(n.guest) down; ip link set \(n.guest) name \(n.device); fi")
            }
            s.append("ip link set \(n.device) up")
            for a in n.addresses { s.append("ip addr replace \(a) dev \(n.device)") }
        }
        for r in routes { s.append("ip route replace \(r)") }
        return s.joined(separator: "\n") + "\n"
    }

    var unitText: String {
        """
        [Unit]
        Description=causeway lab: this host's network (stand-in for the host's own configuration)
        DefaultDependencies=no
        Before=network-pre.target network.target network-online.target
        Wants=network-pre.target

        [Service]
        Type=oneshot
        RemainAfterExit=yes
        ExecStart=\(Self.script)

        [Install]
        WantedBy=multi-user.target network-online.target

        """
    }

    var files: [LabFile] {
        [LabFile(path: Self.script, contents: scriptText, mode: 0o755), LabFile(path: Self.unit, contents: unitText, mode: 0o644)]
    }

    var steps: [InstallStep] {
        let why = "lab: the host's own network (not in the README: a real host has it already)"
        return [InstallStep(line: "systemctl daemon-reload && systemctl enable --now causeway-lab-network", command: "systemctl daemon-reload && systemctl enable --now causeway-lab-network", substitution: why)]
    }
}
