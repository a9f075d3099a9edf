/// A customer-managed prefix list (EC2 API reference, ManagedPrefixList).
public struct ManagedPrefixListInfo: Sendable, Hashable {
    public var id: String
    public var name: String
    /// `create-in-progress`, `create-complete`, `modify-…`, `delete-…`, `…-failed`.
    public var state: String
    public var maxEntries: Int?
    public var addressFamily: String?
    public var tags: [ResourceTag]

    init?(xml: XMLTree) {
        guard let id = xml.string("prefixListId") else { return nil }
        self.id = id
        name = xml.string("prefixListName") ?? ""
        state = xml.string("state") ?? ""
        maxEntries = xml.int("maxEntries")
        addressFamily = xml.string("addressFamily")
        tags = xml.tags
    }

    /// Usable: created or modified (moto and AWS both answer `…-complete`).
    public var isReady: Bool { state.hasSuffix("-complete") && !state.hasPrefix("delete") }
}

extension EC2Client {
    /// CreateManagedPrefixList: `Entry.N.Cidr` / `Entry.N.Description`, tagged at creation.
    public func createManagedPrefixList(name: String, maxEntries: Int, entries: [(cidr: String, description: String?)],
                                        tags: [ResourceTag] = []) async throws -> ManagedPrefixListInfo {
        var p = QueryParameters()
        p.add("PrefixListName", name)
        p.add("AddressFamily", "IPv4")
        p.add("MaxEntries", maxEntries)
        for (i, e) in entries.enumerated() {
            p.add("Entry.\(i + 1).Cidr", e.cidr)
            p.add("Entry.\(i + 1).Description", e.description)
        }
        p.addTagSpecification("prefix-list", tags)
        return try await create("CreateManagedPrefixList", p, element: "prefixList", ManagedPrefixListInfo.init(xml:))
    }

    /// DescribeManagedPrefixLists is paginated.
    public func describeManagedPrefixLists(ids: [String] = [], filters: [EC2Filter] = []) async throws -> [ManagedPrefixListInfo] {
        try await describe("DescribeManagedPrefixLists", idList: "PrefixListId", ids, filters, list: "prefixListSet", item: "prefixList", ManagedPrefixListInfo.init(xml:))
    }

    public func deleteManagedPrefixList(id: String) async throws {
        try await delete("DeleteManagedPrefixList", idName: "PrefixListId", id, expectReturn: false)
    }
}
