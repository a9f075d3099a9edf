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

        /// Each card's tap in its wire's namespace, on that wire's bridge (the substrate makes
        /// them; QEMU runs in the first card's namespace).
        func boot(_ gateway: FaithfulGateway, stateDir: String, timeout: Double) throws -> any GatewayMachine {
            let image = try builder.image(VMFlavour(gateway.flavour))
            let nics = gateway.nics.map { VMNIC(tap: $0.tap, namespace: $0.namespace, mac: $0.mac, bridge: GatewayNIC.bridge) }
            let spec = VMSpec(name: gateway.vm, flavour: VMFlavour(gateway.flavour), memoryMiB: gateway.memoryMiB, nics: nics, stateDir: stateDir)
            return Machine(vm: try VirtualMachine.boot(spec, image: image, runner: runner, timeout: timeout))
        }

        func unavailable() -> String? { VMHost.preflight() }
    }

    final class Machine: GatewayMachine {
        let vm: VirtualMachine
        init(vm: VirtualMachine) { self.vm = vm }
        var pid: Int32 { vm.pid }
        func run(_ shell: String, timeout: Double) throws -> CommandResult { try vm.run(shell, timeout: timeout) }
        func put(_ file: LabFile) throws { try vm.put(file) }
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
