import Foundation

/// A booted gateway VM as the faithful lab drives it (the VM substrate's `VirtualMachine`).
public protocol GatewayMachine: AnyObject, Sendable {
    /// The hypervisor process (recorded in the lab's state).
    var pid: Int32 { get }
    /// Runs `shell` in the VM as root.
    func run(_ shell: String, timeout: Double) throws -> CommandResult
    /// Writes a file into the VM with its mode.
    func put(_ file: LabFile) throws
    /// Reboots the guest (its disk persists) and waits until it answers again.
    func reboot(timeout: Double) throws
    func stop()
}

/// Where gateway VMs come from: cached root images and booting (the VM substrate).
public protocol GatewayHypervisor: Sendable {
    /// Makes the root image for `flavour` available; returns whether it was already cached.
    func prepare(_ flavour: GatewayFlavour) throws -> Bool
    /// Boots `gateway` with its cards on their taps; `stateDir` holds its disk and sockets.
    func boot(_ gateway: FaithfulGateway, stateDir: String, timeout: Double) throws -> any GatewayMachine
    /// Why VMs cannot run here, or nil.
    func unavailable() -> String?
}
