/// The hypervisor the faithful lab uses on this machine.
public enum GatewayHypervisors {
    /// The VM substrate's hypervisor (QEMU: KVM when it works, software emulation otherwise).
    public static func system(runner: any CommandRunner = ProcessRunner(), progress: @escaping @Sendable (String) -> Void = { _ in }) -> any GatewayHypervisor {
        Unavailable(reason: "this build has no VM substrate (the faithful lab needs it)")
    }

    struct Unavailable: GatewayHypervisor {
        let reason: String
        func prepare(_ flavour: GatewayFlavour) throws -> Bool { throw LabPlanError(reason) }
        func boot(_ gateway: FaithfulGateway, stateDir: String, timeout: Double) throws -> any GatewayMachine { throw LabPlanError(reason) }
        func unavailable() -> String? { reason }
    }
}
