import Foundation

/// The hypervisor the faithful lab uses on this machine.
public enum GatewayHypervisors {
    /// The VM substrate's hypervisor (QEMU: KVM when it works, software emulation otherwise).
    public static func system(runner: any CommandRunner = ProcessRunner(), progress: @escaping @Sendable (String) -> Void = { _ in }) -> any GatewayHypervisor {
        QEMU(builder: VMImageBuilder(runner: runner, progress: progress), runner: runner)
    }

    /// Gateways on the VM substrate: images from `VMImageBuilder`, machines from `VirtualMachine`.
    struct QEMU: GatewayHypervisor {
        let builder: VMImageBuilder
        let runner: any CommandRunner

        func prepare(_ flavour: GatewayFlavour) throws -> Bool {
            let f = VMFlavour(flavour)
            if builder.cached(f) != nil { return true }
            _ = try builder.image(f)
            return false
        }

        /// QEMU opens every tap of a VM in one namespace (the uplink wire's); a card on another
        /// wire is moved there once QEMU holds it (a tap keeps working across namespaces) and
        /// joins that wire's bridge. Deleting the wire's namespace deletes the tap.
        func boot(_ gateway: FaithfulGateway, stateDir: String, timeout: Double) throws -> any GatewayMachine {
            let image = try builder.image(VMFlavour(gateway.flavour))
            let home = gateway.nics[0].namespace
            let nics = gateway.nics.map {
                VMNIC(tap: $0.tap, namespace: home, mac: $0.mac, bridge: $0.namespace == home ? GatewayNIC.bridge : nil)
            }
            let spec = VMSpec(name: gateway.vm, flavour: VMFlavour(gateway.flavour), memoryMiB: gateway.memoryMiB, nics: nics, stateDir: stateDir)
            let vm = try VirtualMachine.boot(spec, image: image, runner: runner, timeout: timeout)
            do {
                for n in gateway.nics where n.namespace != home {
                    try must(["ip", "-n", home, "link", "set", n.tap, "netns", n.namespace])
                    try must(["ip", "-n", n.namespace, "link", "set", n.tap, "master", GatewayNIC.bridge])
                    try must(["ip", "-n", n.namespace, "link", "set", n.tap, "up"])
                }
            } catch {
                vm.stop()
                throw error
            }
            return Machine(vm: vm)
        }

        func unavailable() -> String? { VMHost.preflight() }

        func must(_ argv: [String]) throws {
            let r = try runner.run(argv)
            guard r.succeeded else { throw LabPlanError("`\(argv.joined(separator: " "))` failed: \(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))") }
        }
    }

    final class Machine: GatewayMachine {
        let vm: VirtualMachine
        init(vm: VirtualMachine) { self.vm = vm }
        var pid: Int32 { vm.pid }
        func run(_ shell: String, timeout: Double) throws -> CommandResult { try vm.run(shell, timeout: timeout) }
        func put(_ file: LabFile) throws { try vm.put(VMFile(path: file.path, contents: file.contents, mode: file.mode)) }
        func reboot(timeout: Double) throws { try vm.reboot(timeout: timeout) }
        func stop() { vm.stop() }
    }

    struct Unavailable: GatewayHypervisor {
        let reason: String
        func prepare(_ flavour: GatewayFlavour) throws -> Bool { throw LabPlanError(reason) }
        func boot(_ gateway: FaithfulGateway, stateDir: String, timeout: Double) throws -> any GatewayMachine { throw LabPlanError(reason) }
        func unavailable() -> String? { reason }
    }
}

extension VMFlavour {
    init(_ flavour: GatewayFlavour) {
        switch flavour {
        case .libreswan: self = .libreswan
        case .strongswan: self = .strongswan
        }
    }
}
