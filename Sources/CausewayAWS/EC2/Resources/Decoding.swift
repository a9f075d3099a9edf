// Small helpers shared by the typed EC2 calls: reading EC2's XML shapes.

extension XMLTree {
    /// `tagSet/item/{key,value}`.
    var tags: [ResourceTag] {
        items("tagSet").compactMap { item in item.string("key").map { ResourceTag($0, item.string("value") ?? "") } }
    }

    func int(_ path: String...) -> Int? {
        var node: XMLTree? = self
        for name in path { node = node?.child(name) }
        return node.flatMap { Int($0.trimmedText) }
    }

    func bool(_ path: String...) -> Bool? {
        var node: XMLTree? = self
        for name in path { node = node?.child(name) }
        switch node?.trimmedText.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// `list/item/value` (the tunnel-option algorithm sets).
    func values(_ list: String) -> [String] { items(list).compactMap { $0.string("value") } }
}

extension EC2Client {
    /// The required text at `path` of a response, or a `.malformedResponse` naming what is missing.
    func required(_ tree: XMLTree?, _ path: String, action: String) throws -> XMLTree {
        guard let tree else { throw EC2Error.malformedResponse(action: action, detail: "no <\(path)> element") }
        return tree
    }

    func decode<T>(_ tree: XMLTree?, action: String, what: String, _ make: (XMLTree) -> T?) throws -> T {
        guard let tree, let value = make(tree) else {
            throw EC2Error.malformedResponse(action: action, detail: "missing or incomplete <\(what)>")
        }
        return value
    }

    func decodeAll<T>(_ items: [XMLTree], action: String, what: String, _ make: (XMLTree) -> T?) throws -> [T] {
        try items.map { try decode($0, action: action, what: what, make) }
    }

    /// A Describe call: the ids under `idList`, the filters, every page (when the action pages:
    /// DescribeVpnGateways and DescribeCustomerGateways answer in one), each item decoded.
    func describe<T>(_ action: String, idList: String, _ ids: [String], _ filters: [EC2Filter], list: String, item: String,
                     paged: Bool = true, _ make: (XMLTree) -> T?) async throws -> [T] {
        var p = QueryParameters()
        p.addList(idList, ids)
        p.addFilters(filters)
        let items = paged ? try await callPaginated(action, p, listElement: list) : try await call(action, p).items(list)
        return try decodeAll(items, action: action, what: item, make)
    }

    /// A Create call whose answer holds the new resource under `element`.
    func create<T>(_ action: String, _ p: QueryParameters, element: String, _ make: (XMLTree) -> T?) async throws -> T {
        try decode(try await call(action, p).child(element), action: action, what: element, make)
    }

    /// A Delete call by the resource's id; `expectReturn`: EC2 answers `<return>true</return>`.
    func delete(_ action: String, idName: String, _ id: String, expectReturn: Bool) async throws {
        var p = QueryParameters()
        p.add(idName, id)
        if expectReturn { try await callExpectingReturn(action, p) } else { _ = try await call(action, p) }
    }

    /// Calls an action whose only answer is `<return>true</return>` (or nothing useful).
    func callExpectingReturn(_ action: String, _ parameters: QueryParameters) async throws {
        let response = try await call(action, parameters)
        if response.bool("return") == false {
            throw EC2Error.malformedResponse(action: action, detail: "EC2 answered <return>false</return>")
        }
    }
}
