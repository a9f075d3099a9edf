import CausewayCore
import Foundation
import Testing
@testable import CausewaySim

@Suite struct TableIDTests {
    static let ids: [(TableID, String)] = [
        (.vpcTable(vpc: "vpc-a", table: "a-private"), "vpc-a/a-private"),
        (.vgw("vgw"), "vgw:vgw"),
        (.tgwTable(tgw: "tgw", table: "tgw-rt-a"), "tgw:tgw/tgw-rt-a"),
        (.cgw(site: "onprem"), "cgw:onprem"),
        (.router(site: "onprem", name: "core"), "router:onprem/core"),
    ]

    @Test func textIsTheIdAsPrintedAndParsesBack() {
        for (id, text) in Self.ids {
            #expect(id.description == text)
            #expect(TableID(parsing: text) == id)
        }
    }

    @Test func bareNamesAndHalfIdsAreNoIds() {
        for text in ["tgw-rt-a", "", "vgw:", "tgw:tgw", "tgw:/rt", "router:onprem", "cgw:", "/rt", "vpc/"] {
            #expect(TableID(parsing: text) == nil, "\(text)")
        }
    }

    @Test func jsonIsTheText() throws {
        let data = try JSONEncoder().encode(Self.ids.map(\.0))
        #expect(String(decoding: data, as: UTF8.self) == #"["vpc-a\/a-private","vgw:vgw","tgw:tgw\/tgw-rt-a","cgw:onprem","router:onprem\/core"]"#)
        #expect(try JSONDecoder().decode([TableID].self, from: data) == Self.ids.map(\.0))
    }

    @Test func everyConvergedTableIsFoundByItsIdAndItsText() throws {
        for file in ["s0-eks-onprem-db", "s4-tgw-segmentation"] {
            let sim = Simulation(topology: try example(file))
            for table in sim.network.tables {
                #expect(sim.network.table(table.id)?.id == table.id)
                #expect(sim.network.tables(named: table.id.description).map(\.id).contains(table.id))
                #expect(sim.network.tables(named: table.name).map(\.id).contains(table.id))
            }
        }
    }

    @Test func preferenceOrdersAsEachNodeKindDoes() {
        #expect(Preference.vpcLocal < .vpcStatic && Preference.vpcStatic < .vpcPropagated)
        #expect(Preference.vgwAttachedVPC < .vgwVPNStatic && Preference.vgwVPNStatic < .vgwBGP)
        #expect(Preference.tgwStatic < .tgwPropagatedVPC && Preference.tgwPropagatedVPC < .tgwPropagatedVPN)
        #expect(Preference.connected < .static && Preference.static < .eBGP && Preference.eBGP < .ospf)
        #expect([Preference.vpcPropagated, .vgwBGP, .tgwPropagatedVPN, .ospf].allSatisfy { $0 < .ineligible })
    }
}
