/// The pages of one List/Describe call, bounded: an endpoint that answers a token it gave before,
/// or more pages than any real account has, ends the call with an error instead of a loop without
/// end (each page's own time is bounded by the transport; their number is bounded here).
struct Pages {
    /// Far above what a real account returns (EC2 and Route 53 pages hold 100–1,000 items).
    static let limit = 10_000
    let action: String
    private var seen: Set<String> = []

    init(_ action: String) { self.action = action }

    /// The token of the next page (nil: the last page came), checked.
    mutating func next(_ token: String?) throws -> String? {
        guard let token else { return nil }
        guard seen.insert(token).inserted else {
            throw EC2Error.malformedResponse(action: action, detail: "the endpoint gave the pagination token \(token.prefix(40)) a second time")
        }
        guard seen.count < Self.limit else {
            throw EC2Error.malformedResponse(action: action, detail: "more than \(Self.limit) pages")
        }
        return token
    }
}
