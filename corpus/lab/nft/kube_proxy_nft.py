#!/usr/bin/env python3
"""kube-proxy nftables-mode rule sets for the netsift lab's benchmarks.

    python3 kube_proxy_nft.py bench N [SEED]   # nft -f input on stdout

The services are those of `kube_rules.py bench N` (same seed, same names,
ClusterIPs, endpoints, NodePorts, LoadBalancer IPs and Local policy), written
in the layout of kube-proxy's nftables mode (pkg/proxy/nftables/proxier.go,
as in corpus/lab/nft-kube-proxy.sh): table ip kube-proxy with the
cluster-ips / nodeport-ips sets, the service-ips / service-nodeports /
no-endpoint-services / no-endpoint-nodeports / firewall-ips verdict maps,
service-, external-, local- and endpoint- chains. Chain names are
kube-proxy's: "<kind>-" + base32(sha256(base))[:8] + "-" + base, base being
"<ns>/<name>/<proto>/<port>" (and "__<ip>/<port>" for endpoints).
"""
import base64
import hashlib
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "iptables"))
import kube_rules  # noqa: E402  (the services of the iptables bench sets)

POD_CIDR = "10.244.0.0/16"
NODE_IP = "192.168.86.188"


def h8(s):
    return base64.b32encode(hashlib.sha256(s.encode()).digest()).decode()[:8]


def services(n, seed):
    """The Svc objects kube_rules.bench builds (it returns text only, so its loop is driven here)."""
    captured = []
    original = kube_rules.services_new

    def capture(rs, svcs):
        captured.extend(svcs)
        return original(rs, svcs)

    kube_rules.services_new = capture
    try:
        kube_rules.bench(n, seed)
    finally:
        kube_rules.services_new = original
    return captured


def elements(items, indent="\t\t"):
    if not items:
        return ""
    cont = ",\n" + indent + "\t     "
    return indent + "elements = { " + cont.join(items) + " }\n"


def bench(n, seed=20260101):
    svcs = services(n, seed)
    out = []
    chains = []
    cluster_ips, service_ips, service_nodeports = [], [], []
    no_ep_services, no_ep_nodeports = [], []
    for s in svcs:
        base = f"{s.ns}/{s.name}/{s.proto}/{s.port}"
        svc = f"service-{h8(base)}-{base}"
        ext = f"external-{h8(base)}-{base}"
        loc = f"local-{h8(base)}-{base}"
        cluster_ips.append(s.cip)
        spn = f"{s.ns}/{s.name}:{s.port}"
        if not s.eps:
            no_ep_services.append(f'{s.cip} . {s.proto} . {s.cport} comment "{spn}" : goto reject-chain')
            if s.nodeport:
                no_ep_nodeports.append(f'{s.proto} . {s.nodeport} comment "{spn}" : goto reject-chain')
            continue
        service_ips.append(f"{s.cip} . {s.proto} . {s.cport} : goto {svc}")
        eps = []
        for ip, port, local in s.eps:
            eb = f"{base}__{ip}/{port}"
            ep = f"endpoint-{h8(eb)}-{eb}"
            eps.append((ep, local))
            chains.append((ep, [f"ip saddr {ip} jump mark-for-masquerade", f"meta l4proto {s.proto} dnat to {ip}:{port}"]))
        vmap = ", ".join(f"{i} : goto {ep}" for i, (ep, _) in enumerate(eps))
        chains.append((svc, [
            f"ip daddr {s.cip} {s.proto} dport {s.cport} ip saddr != {POD_CIDR} jump mark-for-masquerade",
            f"numgen random mod {len(eps)} vmap {{ {vmap} }}",
        ]))
        if s.nodeport or s.lb_ips:
            if s.nodeport:
                service_nodeports.append(f"{s.proto} . {s.nodeport} : goto {ext}")
            for lb in s.lb_ips:
                service_ips.append(f"{lb} . {s.proto} . {s.cport} : goto {ext}")
            if s.local:
                local_eps = [ep for ep, local in eps if local]
                rules = [
                    f'ip saddr {POD_CIDR} goto {svc} comment "short-circuit pod traffic"',
                    f'fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"',
                    f'fib saddr type local goto {svc} comment "short-circuit local traffic"',
                ]
                if local_eps:
                    lvmap = ", ".join(f"{i} : goto {ep}" for i, ep in enumerate(local_eps))
                    chains.append((loc, [f"numgen random mod {len(local_eps)} vmap {{ {lvmap} }}"]))
                    rules.append(f"goto {loc}")
                else:
                    no_ep_nodeports.append(f'{s.proto} . {s.nodeport} comment "{spn}" : drop')
                chains.append((ext, rules))
            else:
                chains.append((ext, ["jump mark-for-masquerade", f"goto {svc}"]))
    out.append("table ip kube-proxy {")
    out.append('\tcomment "rules for kube-proxy"')
    out.append("\tset cluster-ips {\n\t\ttype ipv4_addr\n\t\tcomment \"Active ClusterIPs\"\n" + elements(cluster_ips) + "\t}")
    out.append(f"\tset nodeport-ips {{\n\t\ttype ipv4_addr\n\t\tcomment \"IPs that accept NodePort traffic\"\n{elements([NODE_IP])}\t}}")
    out.append("\tmap firewall-ips {\n\t\ttype ipv4_addr . inet_proto . inet_service : verdict\n"
               "\t\tcomment \"destinations that are subject to LoadBalancerSourceRanges\"\n\t}")
    out.append("\tmap no-endpoint-nodeports {\n\t\ttype inet_proto . inet_service : verdict\n"
               "\t\tcomment \"vmap to drop or reject packets to service nodeports with no endpoints\"\n"
               + elements(no_ep_nodeports) + "\t}")
    out.append("\tmap no-endpoint-services {\n\t\ttype ipv4_addr . inet_proto . inet_service : verdict\n"
               "\t\tcomment \"vmap to drop or reject packets to services with no endpoints\"\n"
               + elements(no_ep_services) + "\t}")
    out.append("\tmap service-ips {\n\t\ttype ipv4_addr . inet_proto . inet_service : verdict\n"
               "\t\tcomment \"ClusterIP, ExternalIP and LoadBalancer IP traffic\"\n" + elements(service_ips) + "\t}")
    out.append("\tmap service-nodeports {\n\t\ttype inet_proto . inet_service : verdict\n"
               "\t\tcomment \"NodePort traffic\"\n" + elements(service_nodeports) + "\t}")
    fixed = [
        ("cluster-ips-check", ['ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"',
                               'ip daddr { 10.96.0.0/12 } drop comment "Drop traffic to unallocated ClusterIPs"']),
        ("filter-prerouting-pre-dnat", ["type filter hook prerouting priority -110; policy accept;", "ct state new jump firewall-check"]),
        ("filter-output-pre-dnat", ["type filter hook output priority -110; policy accept;", "ct state new jump firewall-check"]),
        ("filter-forward", ["type filter hook forward priority 0; policy accept;", "ct state new jump service-endpoints-check",
                            "ct state new jump cluster-ips-check"]),
        ("filter-input", ["type filter hook input priority 0; policy accept;", "ct state new jump nodeport-endpoints-check",
                          "ct state new jump service-endpoints-check"]),
        ("filter-output", ["type filter hook output priority 0; policy accept;", "ct state new jump service-endpoints-check",
                           "ct state new jump cluster-ips-check"]),
        ("firewall-check", ["ip daddr . meta l4proto . th dport vmap @firewall-ips"]),
        ("mark-for-masquerade", ["mark set mark or 0x4000"]),
        ("masquerading", ["mark and 0x4000 == 0 return", "mark set mark xor 0x4000", "masquerade fully-random"]),
        ("nat-output", ["type nat hook output priority -100; policy accept;", "jump services"]),
        ("nat-postrouting", ["type nat hook postrouting priority 100; policy accept;", "jump masquerading"]),
        ("nat-prerouting", ["type nat hook prerouting priority -100; policy accept;", "jump services"]),
        ("nodeport-endpoints-check", ["ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports"]),
        ("reject-chain", ['comment "helper for @no-endpoint-services / @no-endpoint-nodeports"', "reject"]),
        ("services", ["ip daddr . meta l4proto . th dport vmap @service-ips",
                      "ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports"]),
        ("service-endpoints-check", ["ip daddr . meta l4proto . th dport vmap @no-endpoint-services"]),
    ]
    for name, rules in fixed + chains:
        out.append(f"\tchain {name} {{")
        out.extend(f"\t\t{r}" for r in rules)
        out.append("\t}")
    out.append("}")
    return f"# Written by corpus/lab/nft/kube_proxy_nft.py bench {n} {seed}\n" + "\n".join(out) + "\n"


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "bench":
        sys.stdout.write(bench(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 20260101))
    else:
        sys.exit(__doc__)
