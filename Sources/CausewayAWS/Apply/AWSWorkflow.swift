import CausewayCore
import Foundation

/// The workflows behind `plan`, `apply`, `status` and `destroy`: read what exists, plan, apply,
/// refresh the deployed facts. The command line parses arguments, calls these and prints.
public struct AWSWorkflow: Sendable {
    public let client: EC2Client
    public let waits: WaitPolicy
    /// What Client VPN apply uploads: the render's certificates and connect handler package.
    public var clientVPNMaterial: any ClientVPNMaterialSource = NoClientVPNMaterial()

    public init(client: EC2Client, waits: WaitPolicy = WaitPolicy()) {
        self.client = client
        self.waits = waits
    }

    /// Reads what exists of `topology` in the client's region.
    public func observe(_ topology: Topology) async throws(ObserveError) -> ObservedState {
        try await observe(AWSResources(topology))
    }

    /// Reads what exists of the described resources in the client's region.
    public func observe(_ resources: AWSResources) async throws(ObserveError) -> ObservedState {
        do {
            return try await ObservedStateReader(client: client).read(resources)
        } catch {
            throw ObserveError(region: client.region, endpoint: client.endpoint.absoluteString, reason: "\(error)")
        }
    }

    /// Reads what exists and plans the changes that make AWS match `topology`: the start of
    /// `plan` and `apply`. `secrets` are the pre-shared keys the topology references. The
    /// resource description is built once and read by both.
    public func plan(_ topology: Topology, secrets: [String: PreSharedKey]) async throws(ObserveError) -> Plan {
        let resources = AWSResources(topology)
        return Planner(resources: resources, observed: try await observe(resources), secrets: secrets).plan()
    }

    /// Carries out `plan` (nothing when it has no steps); `ids` holds every AWS id afterwards.
    public func apply(_ plan: Plan, progress: @escaping @Sendable (ApplyEvent) -> Void) async -> Applier.Result {
        guard plan.hasChanges else { return Applier.Result(ids: plan.existing) }
        var applier = Applier(client: client, topology: plan.topology, waits: waits)
        applier.clientVPNMaterial = clientVPNMaterial
        return await applier.apply(plan, progress: progress)
    }

    /// What reading the VPN connections' configuration back into the facts store did.
    public struct FactsRefresh: Sendable {
        /// The configuration could not be read at all (nothing was stored).
        public var unreadable: String?
        /// Connections whose configuration could not be imported.
        public var problems: [String] = []
        /// Connections whose facts were stored.
        public var connections: [String] = []
        /// Outside addresses that changed since the stored facts.
        public var outsideAddressChanges: [OutsideAddressChange] = []
        /// The store, when facts were stored.
        public var stored: FactsStore?
    }

    /// Reads the connections' customer gateway configuration (by the AWS `ids` of `topology`'s
    /// resources) into `store`. Nil when the topology has no VPN connection.
    public func refreshFacts(_ topology: Topology, ids: [String: String], store: FactsStore) async throws -> FactsRefresh? {
        guard !topology.vpnConnections.isEmpty else { return nil }
        var refresh = FactsRefresh()
        let collected: FactsCollector.Collected
        do {
            collected = try await FactsCollector(client: client).collect(topology, ids: ids)
        } catch {
            refresh.unreadable = "\(error)"
            return refresh
        }
        refresh.problems = collected.problems
        guard !collected.facts.isEmpty else { return refresh }
        refresh.outsideAddressChanges = try store.merge(collected.facts, keys: collected.keys)
        refresh.connections = collected.facts.map(\.connection)
        refresh.stored = store
        return refresh
    }

    /// Deletes every resource tagged for the topology (see `Destroyer`).
    public func destroy(_ observed: ObservedState, progress: @escaping @Sendable (ApplyEvent) -> Void) async -> Destroyer.Result {
        await Destroyer(client: client, waits: waits).destroy(observed, progress: progress)
    }
}

/// What exists could not be read: the endpoint failed.
public struct ObserveError: Error, Sendable, CustomStringConvertible {
    public var region: String
    public var endpoint: String
    public var reason: String
    public var description: String { "cannot read what exists in \(region) at \(endpoint): \(reason)" }
}
