/// The files causeway adds to a VM image: the initramfs's init, the command agent and its unit,
/// and the settings that keep a systemd boot short under software emulation. They are part of
/// the image's cache key: changing one rebuilds the images.
enum VMGuest {
    /// The initramfs's /init (busybox sh): the read-only squashfs root (/dev/vda) under an
    /// overlay whose upper layer is the VM's own ext4 disk (/dev/vdb), so what a test installs
    /// survives `reboot`; then systemd as PID 1. The cloud kernel builds virtio, squashfs and
    /// overlayfs as modules: the init loads them (and virtio_net, so eth0, eth1, … follow the
    /// PCI order QEMU was given) from /modules in the order of /modules.load.
    static let initScript = #"""
    #!/bin/busybox sh
    /bin/busybox --install -s /bin
    mkdir -p /proc /sys /dev /ro /rw /newroot
    mount -t proc proc /proc
    mount -t sysfs sysfs /sys
    mount -t devtmpfs devtmpfs /dev
    fail() { echo "causeway-init: $*" >/dev/console; sleep 2; exit 1; }
    for m in $(cat /modules.load); do insmod "/modules/$m" || fail "cannot load $m"; done
    i=0
    while [ ! -b /dev/vda ] || [ ! -b /dev/vdb ]; do
      i=$((i + 1)); [ $i -gt 300 ] && fail "no /dev/vda (root image) and /dev/vdb (state disk)"
      sleep 0.1
    done
    mount -t squashfs -o ro /dev/vda /ro || fail "cannot mount the root image"
    mount -t ext4 /dev/vdb /rw || fail "cannot mount the state disk"
    mkdir -p /rw/upper /rw/work
    mount -t overlay overlay -o lowerdir=/ro,upperdir=/rw/upper,workdir=/rw/work /newroot || fail "cannot mount the overlay"
    umount /proc /sys
    mount --move /dev /newroot/dev
    exec switch_root /newroot /sbin/init

    """#

    /// Kernel modules the init loads, with their dependencies (resolved from the image's own
    /// modules.dep when the image is built).
    static let initModules = ["virtio_pci", "virtio_blk", "virtio_net", "squashfs", "overlay"]

    static let agentPath = "/usr/local/sbin/causeway-agent"

    /// The command agent on the second serial port. One request at a time:
    ///   request  `@@CW-REQ <id> <seconds> <bytes> <sum>` then <bytes> of base64 (a sh script)
    ///   reply    `@@CW-RES <id> <status> <out-bytes> <err-bytes>`, base64 stdout,
    ///            `@@CW-SEP <id>`, base64 stderr, `@@CW-END <id>`
    /// <sum> is `sum -r`'s checksum of the base64 text (the BSD checksum: a few lines on the
    /// host, in coreutils in the guest). Anything that is not a request
    /// line is ignored, so a garbled or partial line costs only that request (status 254).
    /// The tty is opened by a session leader and so becomes its controlling terminal: `timeout`
    /// reading it must stay in the foreground process group (`--foreground`), or the read stops.
    /// A command that outlives its seconds gets SIGTERM, then SIGKILL, and status 124.
    static let agentScript = #"""
    #!/bin/sh
    tty=${1:-/dev/ttyS1}
    work=${2:-/run/causeway-agent}
    umask 077
    mkdir -p "$work" || exit 1
    stty -F "$tty" raw -echo -ixon -ixoff || exit 1
    exec <"$tty" >"$tty"
    # Probes the host sent before this agent ran are stale: drop them (the host sends anew).
    timeout --foreground 0.5 cat >/dev/null
    reply() {
      printf '\n@@CW-RES %s %s %s %s\n' "$1" "$2" "$(wc -c <"$3")" "$(wc -c <"$4")"
      base64 "$3"
      printf '@@CW-SEP %s\n' "$1"
      base64 "$4"
      printf '@@CW-END %s\n' "$1"
    }
    while :; do
      IFS= read -r line || { sleep 0.2; continue; }
      case $line in *'@@CW-REQ '*) ;; *) continue ;; esac
      set -- ${line##*@@CW-REQ }
      [ $# -eq 4 ] || continue
      id=$1 limit=$2 len=$3 sum=$4
      case "$id" in *[!0-9a-f]*|'') continue ;; esac
      case "$limit$len$sum" in *[!0-9]*) continue ;; esac
      rm -f "$work/req.b64" "$work/req.sh" "$work/out" "$work/err"
      : >"$work/out"
      timeout --foreground 30 head -c "$len" >"$work/req.b64"
      if [ "$(wc -c <"$work/req.b64") $(sum -r <"$work/req.b64" | cut -d' ' -f1)" != "$len $sum" ]; then
        echo "causeway-agent: request $id arrived damaged" >"$work/err"
        reply "$id" 254 "$work/out" "$work/err"
        continue
      fi
      base64 -d "$work/req.b64" >"$work/req.sh"
      rm -f "$work/req.b64"
      timeout -k 2 "$limit" /bin/sh "$work/req.sh" </dev/null >"$work/out" 2>"$work/err"
      status=$?
      rm -f "$work/req.sh"
      reply "$id" "$status" "$work/out" "$work/err"
      rm -f "$work/out" "$work/err"
    done

    """#

    static let agentUnitName = "causeway-agent.service"

    static let agentUnit = """
    [Unit]
    Description=causeway lab command agent on the second serial port (ttyS1)

    [Service]
    ExecStart=\(agentPath)
    Restart=always
    RestartSec=1

    [Install]
    WantedBy=multi-user.target

    """

    /// The journal in memory: nothing to flush at shutdown, nothing to replay at boot.
    static let journaldDropIn = (path: "/etc/systemd/journald.conf.d/causeway-lab.conf",
                                 text: "[Journal]\nStorage=volatile\n")

    /// Daemons the packages enable on install. The image leaves them disabled: the faithful
    /// lab starts each the way the rendered README tells a user to (`systemctl enable …`), and
    /// a boot under emulation does not pay for daemons with their stock configuration.
    static let disabledUnits = ["chrony.service", "firewalld.service", "frr.service", "ipsec.service",
                                "strongswan.service", "strongswan-starter.service", "nftables.service"]

    /// Units that only slow a short-lived VM's boot (timers for maintenance, a getty on the
    /// console, which is a log file), masked on the kernel command line.
    /// Logins (logind, user sessions, utmp) have no user here; debug, tracing, fuse, configfs,
    /// hugepages, mqueue and binfmt file systems (and the modules behind them) no reader.
    static let maskedUnits = ["serial-getty@ttyS0.service", "getty@tty1.service", "systemd-networkd-wait-online.service",
                              "apt-daily.timer", "apt-daily-upgrade.timer", "dpkg-db-backup.timer", "e2scrub_all.timer",
                              "e2scrub_reap.service", "fstrim.timer", "logrotate.timer", "man-db.timer", "systemd-pstore.service",
                              "systemd-logind.service", "systemd-user-sessions.service", "systemd-update-utmp.service",
                              "systemd-update-utmp-runlevel.service", "systemd-binfmt.service", "proc-sys-fs-binfmt_misc.automount",
                              "sys-kernel-debug.mount", "sys-kernel-tracing.mount", "sys-fs-fuse-connections.mount",
                              "sys-kernel-config.mount", "dev-hugepages.mount", "dev-mqueue.mount",
                              "modprobe@drm.service", "modprobe@fuse.service", "modprobe@configfs.service",
                              "modprobe@dm_mod.service", "modprobe@loop.service"]

    /// Libreswan's `ipsec.service` runs `_stackmanager start`, which loads each XFRM and
    /// crypto module with its own modprobe (and a basename and sed per module): ~250 processes,
    /// 9–11 s under emulation at every start. The Libreswan image replaces that one step with a
    /// script doing the same (flush XFRM unless pluto runs, the same modules, xfrm_acq_expires
    /// from `config setup`) in one modprobe; every other step of the unit is Libreswan's own.
    static let libreswanStackScript = (path: "/usr/local/libexec/causeway-ipsec-stack", text: #"""
    #!/bin/sh
    # causeway lab VM: what Libreswan's `_stackmanager start` does, with one modprobe.
    eval "$(ASAN_OPTIONS=detect_leaks=0 ipsec addconn --configsetup | grep -v '#' | sed 's/-/_/g')"
    pidof pluto >/dev/null || { ip xfrm policy flush; ip xfrm state flush; }
    mods="padlock padlock-aes padlock-sha aesni-intel aes-x86_64 geode-aes aes aes_generic des sha512 sha256 md5 cbc xcbc ecb ccm gcm ctr cts deflate lzo sha256_generic sha512_generic camellia cmac chacha20poly1305"
    for f in /lib/modules/"$(uname -r)"/kernel/arch/*/crypto/*.ko*; do
      [ -e "$f" ] || continue
      m=${f##*/}; mods="$mods ${m%%.ko*}"
    done
    mods="$mods ipcomp6 xfrm_ipcomp ipcomp xfrm6_tunnel xfrm6_mode_tunnel xfrm6_mode_beet xfrm6_mode_ro xfrm6_mode_transport xfrm4_mode_transport xfrm4_mode_tunnel xfrm4_tunnel xfrm4_mode_beet esp4 esp6 ah4 ah6 ip_vti xfrm_interface xfrm_user"
    modprobe --quiet --use-blacklist -a $mods 2>/dev/null
    if [ -w /proc/sys/net/core/xfrm_acq_expires ]; then
      echo "${xfrmlifetime:-30}" >/proc/sys/net/core/xfrm_acq_expires
    else
      echo "FAILURE in loading XFRM IPsec stack" >&2
      exit 1
    fi

    """#)

    static let libreswanStackDropIn = (path: "/etc/systemd/system/ipsec.service.d/causeway-lab-vm.conf", text: """
    # causeway lab VM: Libreswan's steps, with the module loading of `_stackmanager start` in one
    # modprobe (see /usr/local/libexec/causeway-ipsec-stack).
    [Service]
    ExecStartPre=
    ExecStartPre=/usr/libexec/ipsec/addconn --config /etc/ipsec.conf --checkconfig
    ExecStartPre=/usr/local/libexec/causeway-ipsec-stack
    ExecStartPre=/usr/sbin/ipsec --checknss
    ExecStartPre=/usr/sbin/ipsec --checknflog

    """)

    /// Files an image of `flavour` gets besides the agent.
    static func extraFiles(_ flavour: VMFlavour) -> [(path: String, text: String, mode: Int)] {
        var files = [(journaldDropIn.path, journaldDropIn.text, 0o644)]
        if flavour == .libreswan {
            files += [(libreswanStackScript.path, libreswanStackScript.text, 0o755),
                      (libreswanStackDropIn.path, libreswanStackDropIn.text, 0o644)]
        }
        return files
    }

    /// The kernel command line. `net.ifnames=0`: the NICs are eth0, eth1, … in the spec's order.
    /// `cryptomgr.notests=1`: no self-test for each crypto algorithm a module registers (under
    /// emulation Libreswan's `_stackmanager start` spent ~13 s on them); the algorithms are the
    /// same. `panic=0`: a failed init stays on the console log instead of rebooting in a loop.
    /// `no_timer_check`: the kernel skips its test of the timer interrupt through the IO-APIC;
    /// under software emulation on a busy host the test's few ticks can arrive late, and the kernel
    /// then panicked with "IO-APIC + timer doesn't work" (seen once in CI). The kernel's
    /// parameter list: https://www.kernel.org/doc/html/latest/admin-guide/kernel-parameters.html
    static func kernelCommandLine(hostname: String) -> String {
        (["console=ttyS0", "quiet", "panic=0", "net.ifnames=0", "cryptomgr.notests=1", "no_timer_check",
          "systemd.hostname=\(hostname)"]
            + maskedUnits.map { "systemd.mask=\($0)" }).joined(separator: " ")
    }
}
