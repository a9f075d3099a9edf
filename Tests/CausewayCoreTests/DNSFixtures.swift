@testable import CausewayCore

extension Fixtures {
    /// The VGW base with hybrid DNS as S3 builds it: BIND on-premises forwarding the private
    /// zone's domain to an inbound endpoint in two AZs, a forward rule for the on-premises domain
    /// through an outbound endpoint, a private hosted zone. Every DNS rule is silent on it.
    static let baseDNS = """
    name: base-dns
    region: ap-northeast-2

    sites:
      dc:
        cidrs: [192.168.0.0/16]
        gateway:
          public_ip: 198.51.100.10
          asn: 65000
          routing: bgp
        dns_servers:
          bind:
            address: 192.168.2.250
            zones:
              corp.example:
                records:
                  - {name: intranet, type: A, values: [192.168.2.20]}
            forward_zones:
              aws.example: {forwarders: [10.0.1.250, 10.0.2.250]}

    vpcs:
      app:
        cidr: 10.0.0.0/16
        subnets:
          a: {cidr: 10.0.1.0/24, az: ap-northeast-2a}
          c: {cidr: 10.0.2.0/24, az: ap-northeast-2c}
        route_tables:
          main:
            main: true
            propagations: [vgw]
        security_groups:
          resolver:
            ingress:
              - {protocol: udp, ports: 53, source: 192.168.0.0/16}
              - {protocol: tcp, ports: 53, source: 192.168.0.0/16}

    vpn_gateways:
      vgw: {vpc: app}

    vpn_connections:
      vpn:
        customer_gateway: dc
        vpn_gateway: vgw
        routing: bgp
        tunnels:
          - {inside_cidr: 169.254.10.0/30, psk: {env: VPN_T1_PSK}}
          - {inside_cidr: 169.254.10.4/30, psk: {env: VPN_T2_PSK}}

    dns:
      resolver_endpoints:
        inbound:
          direction: inbound
          vpc: app
          ip_addresses:
            - {subnet: a, ip: 10.0.1.250}
            - {subnet: c, ip: 10.0.2.250}
          security_groups: [resolver]
        outbound:
          direction: outbound
          vpc: app
          ip_addresses:
            - {subnet: a, ip: 10.0.1.251}
            - {subnet: c, ip: 10.0.2.251}
          security_groups: [resolver]
      resolver_rules:
        corp:
          domain_name: corp.example
          rule_type: FORWARD
          target_ips: [{ip: 192.168.2.250}]
          resolver_endpoint: outbound
          vpcs: [app]
      hosted_zones:
        aws.example:
          private: true
          vpcs: [app]
          records:
            - {name: web1, type: A, values: [10.0.1.10]}
"""

    /// `baseDNS` in account 123456789012 with its forward rule shared, through AWS RAM, with
    /// another account, an organization and an OU of it.
    static func sharedDNS() throws -> String {
        // baseDNS keeps its literal's indentation (four spaces): the inserted lines follow it.
        try baseDNS.replacing1("    region: ap-northeast-2\n", "    region: ap-northeast-2\n    account_id: \"123456789012\"\n")
            .replacing1("          vpcs: [app]\n      hosted_zones:", """
                      vpcs: [app]
                      share_with:
                        - "210987654321"
                        - arn:aws:organizations::123456789012:organization/o-exampleorgid
                        - arn:aws:organizations::123456789012:ou/o-exampleorgid/ou-ab12-cdef3456
                  hosted_zones:
            """)
    }
}
