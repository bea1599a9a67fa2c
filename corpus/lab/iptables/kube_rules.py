#!/usr/bin/env python3
"""Generator for the kube-proxy-shaped iptables rule sets of the netsift lab.

    python3 kube_rules.py static OUTDIR      # the hand-designed scenarios (*.rules)
    python3 kube_rules.py bench N [SEED]     # N generated services on stdout

The output is iptables-save text (what `iptables-restore -c` reads), laid out
the way kube-proxy (iptables mode) writes it:

  * chain names are kube-proxy's: KUBE-SVC-/KUBE-EXT-/KUBE-SVL-/KUBE-XLB-/
    KUBE-FW- + base32(sha256("<ns>/<svc>:<port>" + "<proto>"))[:16], and
    KUBE-SEP- + base32(sha256("<ns>/<svc>:<port>" + "<proto>" + "<ip>:<port>"))[:16]
    (e.g. default/kubernetes:https tcp -> KUBE-SVC-NPX46M4PTMTKRN6Y,
    prometheus/prometheus-nodeport:http -> KUBE-SVC-SO4PW3GA7SPS7IHM, its
    endpoint 10.244.2.6:9090 -> KUBE-SEP-5GEH5OENN4FETTOQ);
  * the random-balancing probability is kube-proxy's computeProbability,
    fmt.Sprintf("%0.10f", 1.0/float64(n-i)); iptables stores it as a 31-bit
    fraction and prints it back with 11 decimals (0.3333333333 -> 0.33333333349);
  * layout "new" = kube-proxy 1.28-1.31 (KUBE-EXT/KUBE-SVL, masquerade rule in
    KUBE-SVC, "ns/svc:port -> ip:port" comments, KUBE-PROXY-FIREWALL),
    layout "old" = kube-proxy 1.20-1.23 (masquerade rules in KUBE-SERVICES /
    KUBE-NODEPORTS, KUBE-XLB, KUBE-FW, KUBE-MARK-DROP, "Balancing rule N").

Counters ([packets:bytes] before each rule, used with iptables-restore -c) are
deterministic functions of the rule text, chosen so that the -v listings show
plain numbers and K/M/G (and T) suffixes.
"""
import base64
import hashlib
import random
import sys

POD_CIDR = "10.244.0.0/16"


def h16(s):
    return base64.b32encode(hashlib.sha256(s.encode()).digest()).decode()[:16]


def prob(n):
    return "%0.10f" % (1.0 / n)


class Ruleset:
    def __init__(self, counters=True):
        self.tables = {}
        self.order = []
        self.counters = counters

    def table(self, t):
        if t not in self.tables:
            self.tables[t] = {"chains": [], "policy": {}, "rules": []}  # policy doubles as the set of chains
            self.order.append(t)
        return self.tables[t]

    def chain(self, t, name, policy=None, counters=(0, 0)):
        tb = self.table(t)
        if name not in tb["policy"]:
            tb["chains"].append(name)
            tb["policy"][name] = (policy or "-", counters if policy else (0, 0))

    def add(self, t, chain, spec, ctr=None):
        self.chain(t, chain)
        self.table(t)["rules"].append((chain, spec, ctr))

    def set_counters(self, needle, ctr):
        """Give every rule whose text contains NEEDLE the counters CTR."""
        for tb in self.tables.values():
            tb["rules"] = [(c, s, ctr if needle in c + " " + s else k) for c, s, k in tb["rules"]]

    def text(self, header):
        out = [f"# {line}" for line in header]
        for t in self.order:
            tb = self.tables[t]
            out.append(f"*{t}")
            for c in tb["chains"]:
                pol, (p, b) = tb["policy"][c]
                out.append(f":{c} {pol} [{p}:{b}]")
            for chain, spec, ctr in tb["rules"]:
                if self.counters:
                    p, b = ctr if ctr is not None else counter(t + chain + spec)
                    out.append(f"[{p}:{b}] -A {chain} {spec}")
                else:
                    out.append(f"-A {chain} {spec}")
            out.append("COMMIT")
        return "\n".join(out) + "\n"


def counter(key):
    """Deterministic [packets:bytes] for a rule: mostly 0 or small, some K/M/G."""
    d = hashlib.sha256(key.encode()).digest()
    r = d[0] / 256.0
    x = int.from_bytes(d[1:5], "big")
    if r < 0.35:
        return (0, 0)
    if r < 0.60:
        p = 1 + x % 900
        return (p, p * (60 + x % 1400))
    if r < 0.80:
        p = 1000 + x % 98000
        return (p, p * (60 + x % 900))
    if r < 0.95:
        p = 100000 + x % 9000000
        return (p, p * (200 + x % 1300))
    p = 10000000 + x % 3000000000
    return (p, p * (500 + x % 1000))


BUILTIN = {
    "filter": ["INPUT", "FORWARD", "OUTPUT"],
    "nat": ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
    "mangle": ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
    "raw": ["PREROUTING", "OUTPUT"],
}


def builtins(rs, tables, policies=None, counters=None):
    policies = policies or {}
    counters = counters or {}
    for t in tables:
        for c in BUILTIN[t]:
            rs.chain(t, c, policies.get((t, c), "ACCEPT"), counters.get((t, c), (0, 0)))


# ------------------------------------------------------------- services --
class Svc:
    """One service port. eps: list of (ip, port, local?)."""

    def __init__(self, ns, name, port, proto, cip, cport, eps, nodeport=None,
                 external_ips=(), lb_ips=(), local=False, hc_port=None,
                 source_ranges=()):
        self.ns, self.name, self.port, self.proto = ns, name, port, proto
        self.cip, self.cport, self.eps = cip, cport, eps
        self.nodeport, self.external_ips, self.lb_ips = nodeport, list(external_ips), list(lb_ips)
        self.local, self.hc_port, self.source_ranges = local, hc_port, list(source_ranges)
        self.spn = f"{ns}/{name}:{port}"
        hh = h16(self.spn + proto)
        self.svc, self.ext, self.svl = "KUBE-SVC-" + hh, "KUBE-EXT-" + hh, "KUBE-SVL-" + hh
        self.xlb, self.fw = "KUBE-XLB-" + hh, "KUBE-FW-" + hh

    def sep(self, ip, port):
        return "KUBE-SEP-" + h16(self.spn + self.proto + f"{ip}:{port}")


def base_chains(rs, layout):
    """Chain declarations and jump rules kube-proxy/kubelet put in place."""
    f, n = "filter", "nat"
    if layout == "new":
        for c in ["KUBE-EXTERNAL-SERVICES", "KUBE-FIREWALL", "KUBE-FORWARD", "KUBE-KUBELET-CANARY",
                  "KUBE-NODEPORTS", "KUBE-PROXY-CANARY", "KUBE-PROXY-FIREWALL", "KUBE-SERVICES"]:
            rs.chain(f, c)
        for c in ["KUBE-KUBELET-CANARY", "KUBE-MARK-MASQ", "KUBE-NODEPORTS", "KUBE-POSTROUTING",
                  "KUBE-PROXY-CANARY", "KUBE-SERVICES"]:
            rs.chain(n, c)
        rs.add(f, "INPUT", '-m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL')
        rs.add(f, "INPUT", '-m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS')
        rs.add(f, "INPUT", '-m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES')
        rs.add(f, "INPUT", "-j KUBE-FIREWALL")
        rs.add(f, "FORWARD", '-m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL')
        rs.add(f, "FORWARD", '-m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD')
        rs.add(f, "FORWARD", '-m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES')
        rs.add(f, "FORWARD", '-m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES')
        rs.add(f, "OUTPUT", '-m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL')
        rs.add(f, "OUTPUT", '-m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES')
        rs.add(f, "OUTPUT", "-j KUBE-FIREWALL")
        rs.add(f, "KUBE-FIREWALL", '! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP')
        rs.add(f, "KUBE-FORWARD", "-m conntrack --ctstate INVALID -j DROP")
        rs.add(f, "KUBE-FORWARD", '-m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT')
        rs.add(f, "KUBE-FORWARD", '-m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT')
    else:
        for c in ["KUBE-EXTERNAL-SERVICES", "KUBE-FIREWALL", "KUBE-FORWARD", "KUBE-KUBELET-CANARY",
                  "KUBE-NODEPORTS", "KUBE-PROXY-CANARY", "KUBE-SERVICES"]:
            rs.chain(f, c)
        for c in ["KUBE-KUBELET-CANARY", "KUBE-MARK-DROP", "KUBE-MARK-MASQ", "KUBE-NODEPORTS",
                  "KUBE-POSTROUTING", "KUBE-PROXY-CANARY", "KUBE-SERVICES"]:
            rs.chain(n, c)
        rs.add(f, "INPUT", '-m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS')
        rs.add(f, "INPUT", '-m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES')
        rs.add(f, "INPUT", "-j KUBE-FIREWALL")
        rs.add(f, "FORWARD", '-m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD')
        rs.add(f, "FORWARD", '-m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES')
        rs.add(f, "FORWARD", '-m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES')
        rs.add(f, "OUTPUT", '-m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES')
        rs.add(f, "OUTPUT", "-j KUBE-FIREWALL")
        rs.add(f, "KUBE-FIREWALL", '-m comment --comment "kubernetes firewall for dropping marked packets" -m mark --mark 0x8000/0x8000 -j DROP')
        rs.add(f, "KUBE-FIREWALL", '! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP')
        rs.add(f, "KUBE-FORWARD", "-m conntrack --ctstate INVALID -j DROP")
        rs.add(f, "KUBE-FORWARD", '-m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT')
        rs.add(f, "KUBE-FORWARD", f'-s {POD_CIDR} -m comment --comment "kubernetes forwarding conntrack pod source rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT')
        rs.add(f, "KUBE-FORWARD", f'-d {POD_CIDR} -m comment --comment "kubernetes forwarding conntrack pod destination rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT')
        rs.add(n, "KUBE-MARK-DROP", "-j MARK --set-xmark 0x8000/0x8000")
    rs.add(n, "PREROUTING", '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES')
    rs.add(n, "OUTPUT", '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES')
    rs.add(n, "POSTROUTING", '-m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING')
    rs.add(n, "KUBE-MARK-MASQ", "-j MARK --set-xmark 0x4000/0x4000")
    rs.add(n, "KUBE-POSTROUTING", "-m mark ! --mark 0x4000/0x4000 -j RETURN")
    rs.add(n, "KUBE-POSTROUTING", "-j MARK --set-xmark 0x4000/0x0")
    rs.add(n, "KUBE-POSTROUTING", '-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully')


def services_new(rs, svcs):
    """kube-proxy 1.28-1.31 layout."""
    f, n = "filter", "nat"
    nat_rules, sep_rules, tail = [], [], []
    for s in svcs:
        p = s.proto
        m = f"-p {p} -m comment --comment"
        loc = [e for e in s.eps if e[2]]
        has_ext = bool(s.nodeport or s.external_ips or s.lb_ips)
        if not s.eps:
            rs.add(f, "KUBE-SERVICES", f'-d {s.cip}/32 {m} "{s.spn} has no endpoints" -m {p} --dport {s.cport} -j REJECT --reject-with icmp-port-unreachable')
            for ip in s.external_ips:
                rs.add(f, "KUBE-EXTERNAL-SERVICES", f'-d {ip}/32 {m} "{s.spn} has no endpoints" -m {p} --dport {s.cport} -j REJECT --reject-with icmp-port-unreachable')
            for ip in s.lb_ips:
                rs.add(f, "KUBE-EXTERNAL-SERVICES", f'-d {ip}/32 {m} "{s.spn} has no endpoints" -m {p} --dport {s.cport} -j REJECT --reject-with icmp-port-unreachable')
            if s.nodeport:
                rs.add(f, "KUBE-EXTERNAL-SERVICES", f'{m} "{s.spn} has no endpoints" -m addrtype --dst-type LOCAL -m {p} --dport {s.nodeport} -j REJECT --reject-with icmp-port-unreachable')
            continue
        rs.chain(n, s.svc)
        rs.add(n, "KUBE-SERVICES", f'-d {s.cip}/32 {m} "{s.spn} cluster IP" -m {p} --dport {s.cport} -j {s.svc}')
        if has_ext:
            rs.chain(n, s.ext)
            if s.local:
                rs.chain(n, s.svl)
        ext_target = s.ext
        for ip in s.external_ips:
            rs.add(n, "KUBE-SERVICES", f'-d {ip}/32 {m} "{s.spn} external IP" -m {p} --dport {s.cport} -j {s.ext}')
        for ip in s.lb_ips:
            if s.source_ranges:
                rs.chain(n, s.fw)
                rs.add(n, "KUBE-SERVICES", f'-d {ip}/32 {m} "{s.spn} loadbalancer IP" -m {p} --dport {s.cport} -j {s.fw}')
                for src in s.source_ranges:
                    rs.add(n, s.fw, f'-s {src} -m comment --comment "{s.spn} loadbalancer IP" -j {s.ext}')
                rs.add(n, s.fw, f'-m comment --comment "other traffic to {s.spn} will be dropped by KUBE-PROXY-FIREWALL"')
                rs.add(f, "KUBE-PROXY-FIREWALL", f'-d {ip}/32 {m} "{s.spn} traffic not accepted by {s.fw}" -m {p} --dport {s.cport} -j DROP')
            else:
                rs.add(n, "KUBE-SERVICES", f'-d {ip}/32 {m} "{s.spn} loadbalancer IP" -m {p} --dport {s.cport} -j {s.ext}')
        if s.nodeport:
            rs.add(n, "KUBE-NODEPORTS", f'{m} "{s.spn}" -m {p} --dport {s.nodeport} -j {ext_target}')
        if s.hc_port:
            rs.add(f, "KUBE-NODEPORTS", f'{m} "{s.spn} health check node port" -m tcp --dport {s.hc_port} -j ACCEPT')
        if s.local and not loc:
            for ip in s.external_ips + s.lb_ips:
                rs.add(f, "KUBE-EXTERNAL-SERVICES", f'-d {ip}/32 {m} "{s.spn} has no local endpoints" -m {p} --dport {s.cport} -j DROP')
            if s.nodeport:
                rs.add(f, "KUBE-EXTERNAL-SERVICES", f'{m} "{s.spn} has no local endpoints" -m addrtype --dst-type LOCAL -m {p} --dport {s.nodeport} -j DROP')
        # KUBE-SVC
        rs.add(n, s.svc, f'! -s {POD_CIDR} -d {s.cip}/32 {m} "{s.spn} cluster IP" -m {p} --dport {s.cport} -j KUBE-MARK-MASQ')
        for i, (ip, port, _) in enumerate(s.eps):
            st = "" if i == len(s.eps) - 1 else f" -m statistic --mode random --probability {prob(len(s.eps) - i)}"
            rs.add(n, s.svc, f'-m comment --comment "{s.spn} -> {ip}:{port}"{st} -j {s.sep(ip, port)}')
        if has_ext:
            if s.local:
                rs.add(n, s.ext, f'-s {POD_CIDR} -m comment --comment "pod traffic for {s.spn} external destinations" -j {s.svc}')
                rs.add(n, s.ext, f'-m comment --comment "masquerade LOCAL traffic for {s.spn} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ')
                rs.add(n, s.ext, f'-m comment --comment "route LOCAL traffic for {s.spn} external destinations" -m addrtype --src-type LOCAL -j {s.svc}')
                rs.add(n, s.ext, f"-j {s.svl}")
                for i, (ip, port, _) in enumerate(loc):
                    st = "" if i == len(loc) - 1 else f" -m statistic --mode random --probability {prob(len(loc) - i)}"
                    rs.add(n, s.svl, f'-m comment --comment "{s.spn} -> {ip}:{port}"{st} -j {s.sep(ip, port)}')
            else:
                rs.add(n, s.ext, f'-m comment --comment "masquerade traffic for {s.spn} external destinations" -j KUBE-MARK-MASQ')
                rs.add(n, s.ext, f"-j {s.svc}")
        for ip, port, _ in s.eps:
            c = s.sep(ip, port)
            rs.chain(n, c)
            rs.add(n, c, f'-s {ip}/32 -m comment --comment "{s.spn}" -j KUBE-MARK-MASQ')
            rs.add(n, c, f'-p {p} -m comment --comment "{s.spn}" -m {p} -j DNAT --to-destination {ip}:{port}')
    rs.add(n, "KUBE-SERVICES", '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS')


def services_old(rs, svcs):
    """kube-proxy 1.20-1.23 layout."""
    f, n = "filter", "nat"
    for s in svcs:
        p = s.proto
        m = f"-p {p} -m comment --comment"
        loc = [e for e in s.eps if e[2]]
        if not s.eps:
            rs.add(f, "KUBE-SERVICES", f'-d {s.cip}/32 {m} "{s.spn} has no endpoints" -m {p} --dport {s.cport} -j REJECT --reject-with icmp-port-unreachable')
            for ip in s.external_ips + s.lb_ips:
                rs.add(f, "KUBE-EXTERNAL-SERVICES", f'-d {ip}/32 {m} "{s.spn} has no endpoints" -m {p} --dport {s.cport} -j REJECT --reject-with icmp-port-unreachable')
            if s.nodeport:
                rs.add(f, "KUBE-EXTERNAL-SERVICES", f'{m} "{s.spn} has no endpoints" -m addrtype --dst-type LOCAL -m {p} --dport {s.nodeport} -j REJECT --reject-with icmp-port-unreachable')
            continue
        rs.chain(n, s.svc)
        if s.local:
            rs.chain(n, s.xlb)
        rs.add(n, "KUBE-SERVICES", f'! -s {POD_CIDR} -d {s.cip}/32 {m} "{s.spn} cluster IP" -m {p} --dport {s.cport} -j KUBE-MARK-MASQ')
        rs.add(n, "KUBE-SERVICES", f'-d {s.cip}/32 {m} "{s.spn} cluster IP" -m {p} --dport {s.cport} -j {s.svc}')
        for ip in s.external_ips:
            rs.add(n, "KUBE-SERVICES", f'-d {ip}/32 {m} "{s.spn} external IP" -m {p} --dport {s.cport} -j KUBE-MARK-MASQ')
            rs.add(n, "KUBE-SERVICES", f'-d {ip}/32 {m} "{s.spn} external IP" -m {p} --dport {s.cport} -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j {s.svc}')
            rs.add(n, "KUBE-SERVICES", f'-d {ip}/32 {m} "{s.spn} external IP" -m {p} --dport {s.cport} -m addrtype --dst-type LOCAL -j {s.svc}')
        for ip in s.lb_ips:
            rs.chain(n, s.fw)
            rs.add(n, "KUBE-SERVICES", f'-d {ip}/32 {m} "{s.spn} loadbalancer IP" -m {p} --dport {s.cport} -j {s.fw}')
            if s.local:
                for src in s.source_ranges:
                    rs.add(n, s.fw, f'-s {src} -m comment --comment "{s.spn} loadbalancer IP" -j {s.xlb}')
                if not s.source_ranges:
                    rs.add(n, s.fw, f'-m comment --comment "{s.spn} loadbalancer IP" -j {s.xlb}')
            else:
                rs.add(n, s.fw, f'-m comment --comment "{s.spn} loadbalancer IP" -j KUBE-MARK-MASQ')
                rs.add(n, s.fw, f'-m comment --comment "{s.spn} loadbalancer IP" -j {s.svc}')
            rs.add(n, s.fw, f'-m comment --comment "{s.spn} loadbalancer IP" -j KUBE-MARK-DROP')
        if s.nodeport:
            if s.local:
                rs.add(n, "KUBE-NODEPORTS", f'-s 127.0.0.0/8 {m} "{s.spn}" -m {p} --dport {s.nodeport} -j KUBE-MARK-MASQ')
                rs.add(n, "KUBE-NODEPORTS", f'{m} "{s.spn}" -m {p} --dport {s.nodeport} -j {s.xlb}')
            else:
                rs.add(n, "KUBE-NODEPORTS", f'{m} "{s.spn}" -m {p} --dport {s.nodeport} -j KUBE-MARK-MASQ')
                rs.add(n, "KUBE-NODEPORTS", f'{m} "{s.spn}" -m {p} --dport {s.nodeport} -j {s.svc}')
        if s.hc_port:
            rs.add(f, "KUBE-NODEPORTS", f'{m} "{s.spn} health check node port" -m tcp --dport {s.hc_port} -j ACCEPT')
        for i, (ip, port, _) in enumerate(s.eps):
            st = "" if i == len(s.eps) - 1 else f" -m statistic --mode random --probability {prob(len(s.eps) - i)}"
            rs.add(n, s.svc, f'-m comment --comment "{s.spn}"{st} -j {s.sep(ip, port)}')
        if s.local:
            rs.add(n, s.xlb, f'-s {POD_CIDR} -m comment --comment "Redirect pods trying to reach external loadbalancer VIP to clusterIP" -j {s.svc}')
            rs.add(n, s.xlb, f'-m comment --comment "masquerade LOCAL traffic for {s.spn} LB IP" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ')
            rs.add(n, s.xlb, f'-m comment --comment "route LOCAL traffic for {s.spn} LB IP to service chain" -m addrtype --src-type LOCAL -j {s.svc}')
            if not loc:
                rs.add(n, s.xlb, f'-m comment --comment "{s.spn} has no local endpoints" -j KUBE-MARK-DROP')
            for i, (ip, port, _) in enumerate(loc):
                st = "" if i == len(loc) - 1 else f" -m statistic --mode random --probability {prob(len(loc) - i)}"
                rs.add(n, s.xlb, f'-m comment --comment "Balancing rule {i} for {s.spn}"{st} -j {s.sep(ip, port)}')
        for ip, port, _ in s.eps:
            c = s.sep(ip, port)
            rs.chain(n, c)
            rs.add(n, c, f'-s {ip}/32 -m comment --comment "{s.spn}" -j KUBE-MARK-MASQ')
            rs.add(n, c, f'-p {p} -m comment --comment "{s.spn}" -m {p} -j DNAT --to-destination {ip}:{port}')
    rs.add(n, "KUBE-SERVICES", '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS')


def flannel(rs, local_subnet):
    rs.chain("nat", "FLANNEL-POSTRTG")
    rs.chain("filter", "FLANNEL-FWD")
    rs.add("nat", "POSTROUTING", '-m comment --comment "flanneld masq" -j FLANNEL-POSTRTG')
    c = '-m comment --comment "flanneld masq"'
    rs.add("nat", "FLANNEL-POSTRTG", f"-m mark --mark 0x4000/0x4000 {c} -j RETURN")
    rs.add("nat", "FLANNEL-POSTRTG", f"-s {local_subnet} -d {POD_CIDR} {c} -j RETURN")
    rs.add("nat", "FLANNEL-POSTRTG", f"-s {POD_CIDR} -d {local_subnet} {c} -j RETURN")
    rs.add("nat", "FLANNEL-POSTRTG", f"! -s {POD_CIDR} -d {local_subnet} {c} -j RETURN")
    rs.add("nat", "FLANNEL-POSTRTG", f"-s {POD_CIDR} ! -d 224.0.0.0/4 {c} -j MASQUERADE --random-fully")
    rs.add("nat", "FLANNEL-POSTRTG", f"! -s {POD_CIDR} -d {POD_CIDR} {c} -j MASQUERADE --random-fully")
    rs.add("filter", "FORWARD", '-m comment --comment "flanneld forward" -j FLANNEL-FWD')
    rs.add("filter", "FLANNEL-FWD", f'-s {POD_CIDR} -m comment --comment "flanneld forward" -j ACCEPT')
    rs.add("filter", "FLANNEL-FWD", f'-d {POD_CIDR} -m comment --comment "flanneld forward" -j ACCEPT')


def docker(rs, published=True):
    for c in ["DOCKER", "DOCKER-ISOLATION-STAGE-1", "DOCKER-ISOLATION-STAGE-2", "DOCKER-USER"]:
        rs.chain("filter", c)
    rs.chain("nat", "DOCKER")
    rs.add("nat", "PREROUTING", "-m addrtype --dst-type LOCAL -j DOCKER")
    rs.add("nat", "OUTPUT", "! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER")
    rs.add("nat", "POSTROUTING", "-s 172.17.0.0/16 ! -o docker0 -j MASQUERADE")
    if published:
        rs.add("nat", "POSTROUTING", "-s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 5000 -j MASQUERADE")
    rs.add("nat", "DOCKER", "-i docker0 -j RETURN")
    if published:
        rs.add("nat", "DOCKER", "! -i docker0 -p tcp -m tcp --dport 5000 -j DNAT --to-destination 172.17.0.2:5000")
    rs.add("filter", "FORWARD", "-j DOCKER-USER")
    rs.add("filter", "FORWARD", "-j DOCKER-ISOLATION-STAGE-1")
    rs.add("filter", "FORWARD", "-o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT")
    rs.add("filter", "FORWARD", "-o docker0 -j DOCKER")
    rs.add("filter", "FORWARD", "-i docker0 ! -o docker0 -j ACCEPT")
    rs.add("filter", "FORWARD", "-i docker0 -o docker0 -j ACCEPT")
    if published:
        rs.add("filter", "DOCKER", "-d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 5000 -j ACCEPT")
    rs.add("filter", "DOCKER-ISOLATION-STAGE-1", "-i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2")
    rs.add("filter", "DOCKER-ISOLATION-STAGE-1", "-j RETURN")
    rs.add("filter", "DOCKER-ISOLATION-STAGE-2", "-o docker0 -j DROP")
    rs.add("filter", "DOCKER-ISOLATION-STAGE-2", "-j RETURN")
    rs.add("filter", "DOCKER-USER", "-j RETURN")


def host_extras(rs):
    """Hand-written admin rules: the iptables features kube-proxy does not use."""
    f = "filter"
    rs.chain(f, "LAN-IN")
    rs.chain(f, "LOG-DROP")
    rs.add(f, "INPUT", "-i lo -j ACCEPT", (1234, 567890))
    rs.add(f, "INPUT", "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", (2500000, 3000000000))
    rs.add(f, "INPUT", "-f -j DROP", (3, 4380))
    rs.add(f, "INPUT", "-i eth0 -g LAN-IN", (98765, 12345678))
    rs.add(f, "INPUT", "-p tcp -m multiport --dports 80,443 -j ACCEPT", (45678, 9876543))
    rs.add(f, "INPUT", "-p icmp -m icmp --icmp-type 8 -m limit --limit 5/sec -j ACCEPT", (512, 43008))
    rs.add(f, "INPUT", "-p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset", (17, 1020))
    rs.add(f, "INPUT", "! -s 192.168.86.0/24 -p tcp -m tcp --dport 9100 -j DROP", (0, 0))
    rs.add(f, "INPUT", "-j LOG-DROP", (0, 0))
    rs.add(f, "LAN-IN", "-s 192.168.86.0/24 -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -m limit --limit 5/sec -j LOG --log-prefix \"ssh-new: \"", (42, 2520))
    rs.add(f, "LAN-IN", "-s 192.168.86.0/24 -p tcp -m tcp --dport 22 -j ACCEPT", (4321, 345678))
    rs.add(f, "LAN-IN", "-s 192.168.86.0/24 -p udp -m udp --dport 8472 -j ACCEPT", (123456789, 98765432101))
    rs.add(f, "LAN-IN", "-p tcp -m multiport --dports 6443,10250 -j ACCEPT", (7654321, 5432109876))
    rs.add(f, "LOG-DROP", "-m limit --limit 5/min --limit-burst 10 -j LOG --log-prefix \"x: \" --log-level 4", (0, 0))
    rs.add(f, "LOG-DROP", "-j RETURN", (0, 0))
    rs.add(f, "FORWARD", "-i cni0 -o eth0 -j ACCEPT", (3456789, 2109876543))
    rs.add(f, "FORWARD", "-i eth0 -o cni0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT", (4567890, 6789012345))
    rs.add(f, "OUTPUT", "-o eth0 -p udp -m udp --dport 53 -j ACCEPT", (2048, 143360))
    # mangle / raw
    rs.chain("mangle", "KUBE-KUBELET-CANARY")
    rs.chain("mangle", "KUBE-PROXY-CANARY")
    rs.add("mangle", "PREROUTING", "-i flannel.1 -j MARK --set-xmark 0x1/0xffffffff", (876543, 123456789))
    rs.add("mangle", "FORWARD", "-p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu", (65432, 3925920))
    rs.add("mangle", "POSTROUTING", "-o cni0 -p udp -m udp --dport 68 -j CHECKSUM --checksum-fill", (0, 0))
    rs.add("raw", "PREROUTING", "-p udp -m udp --dport 8472 -j NOTRACK", (123456789, 98765432101))
    rs.add("raw", "OUTPUT", "-p udp -m udp --sport 8472 -j CT --notrack", (98765432, 76543210987))


# ------------------------------------------------------------- scenarios --
def cluster_services(node):
    """Services of the lab cluster as seen from node 192.168.86.<node>."""
    l = {189: "10.244.0.", 190: "10.244.1.", 191: "10.244.2.", 188: "10.244.3."}[node]
    def ep(ip, port):
        return (ip, port, ip.startswith(l))
    return [
        Svc("default", "kubernetes", "https", "tcp", "10.96.0.1", 443,
            [ep("192.168.86.189", 6443), ep("192.168.86.190", 6443), ep("192.168.86.191", 6443)]),
        Svc("kube-system", "kube-dns", "dns", "udp", "10.96.0.10", 53,
            [ep("10.244.0.2", 53), ep("10.244.1.3", 53)]),
        Svc("kube-system", "kube-dns", "dns-tcp", "tcp", "10.96.0.10", 53,
            [ep("10.244.0.2", 53), ep("10.244.1.3", 53)]),
        Svc("kube-system", "kube-dns", "metrics", "tcp", "10.96.0.10", 9153,
            [ep("10.244.0.2", 9153), ep("10.244.1.3", 9153)]),
        Svc("prometheus", "prometheus-nodeport", "http", "tcp", "10.109.216.20", 9090,
            [ep("10.244.2.6", 9090)], nodeport=30038),
        Svc("ingress-nginx", "ingress-nginx-controller", "http", "tcp", "10.101.34.56", 80,
            [ep("10.244.0.7", 80), ep("10.244.1.9", 80)], nodeport=31080,
            lb_ips=["192.168.86.240"], local=True, hc_port=32000),
        Svc("ingress-nginx", "ingress-nginx-controller", "https", "tcp", "10.101.34.56", 443,
            [ep("10.244.0.7", 443), ep("10.244.1.9", 443)], nodeport=31443,
            lb_ips=["192.168.86.240"], local=True, hc_port=32000),
        Svc("monitoring", "grafana", "http", "tcp", "10.96.12.34", 3000, [], nodeport=32300),
        Svc("default", "web", "http", "tcp", "10.104.7.80", 80,
            [ep("10.244.0.11", 8080), ep("10.244.0.12", 8080), ep("10.244.1.14", 8080),
             ep("10.244.2.15", 8080), ep("10.244.2.16", 8080)], external_ips=["192.168.86.200"]),
        Svc("default", "echo-udp", "echo", "udp", "10.100.5.5", 7,
            [ep("10.244.0.20", 7), ep("10.244.1.21", 7), ep("10.244.1.22", 7), ep("10.244.2.23", 7)],
            nodeport=30007),
        Svc("shop", "api", "grpc", "tcp", "10.98.44.3", 443,
            [ep("10.244.1.30", 8443), ep("10.244.2.31", 8443)], nodeport=30443,
            lb_ips=["192.168.86.241"], local=True, hc_port=31999,
            source_ranges=["203.0.113.0/24", "198.51.100.17/32"]),
    ]


def scenario_kube131():
    rs = Ruleset()
    builtins(rs, ["mangle", "raw", "filter", "nat"],
             policies={("filter", "FORWARD"): "DROP"},
             counters={("filter", "INPUT"): (23456789, 45678901234), ("filter", "FORWARD"): (1234, 567890),
                       ("filter", "OUTPUT"): (2500000, 3000000000), ("nat", "PREROUTING"): (98765, 7654321),
                       ("nat", "POSTROUTING"): (123456, 9876543), ("mangle", "PREROUTING"): (23456789, 45678901234),
                       ("raw", "PREROUTING"): (23456789, 45678901234)})
    host_extras(rs)
    base_chains(rs, "new")
    flannel(rs, "10.244.0.0/24")
    docker(rs)
    services_new(rs, cluster_services(189))
    return rs


def scenario_kube120():
    rs = Ruleset()
    builtins(rs, ["filter", "nat"], policies={("filter", "FORWARD"): "DROP"},
             counters={("filter", "INPUT"): (5432109, 987654321), ("nat", "PREROUTING"): (4321, 298765)})
    base_chains(rs, "old")
    flannel(rs, "10.244.1.0/24")
    docker(rs, published=False)
    services_old(rs, cluster_services(190))
    return rs


def scenario_host188():
    """The reference incident's host188 (kube-proxy 1.2x, old layout): NodePort
    30038 -> KUBE-SVC-SO4PW3GA7SPS7IHM -> KUBE-SEP-5GEH5OENN4FETTOQ -> 10.244.2.6:9090."""
    rs = Ruleset()
    builtins(rs, ["filter", "nat"], policies={("filter", "FORWARD"): "DROP"},
             counters={("nat", "PREROUTING"): (2817, 169020), ("nat", "POSTROUTING"): (45123, 2745612)})
    base_chains(rs, "old")
    flannel(rs, "10.244.3.0/24")
    docker(rs, published=False)
    svcs = [s for s in cluster_services(188)
            if s.spn in ("default/kubernetes:https", "kube-system/kube-dns:dns", "kube-system/kube-dns:dns-tcp",
                         "kube-system/kube-dns:metrics", "prometheus/prometheus-nodeport:http")]
    services_old(rs, svcs)
    # the incident's path carries consistent traffic: 2817 NodePort connections
    rs.set_counters("prometheus/prometheus-nodeport:http", (2817, 169020))
    rs.set_counters("KUBE-SEP-5GEH5OENN4FETTOQ -s 10.244.2.6/32", (0, 0))
    rs.set_counters('"prometheus/prometheus-nodeport:http cluster IP"', (12, 720))
    return rs


IPVS = """\
*nat
:PREROUTING ACCEPT [3456:207360]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [98765:5925900]
:POSTROUTING ACCEPT [98765:5925900]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-LOAD-BALANCER - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SERVICES - [0:0]
[3456:207360] -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
[98765:5925900] -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
[98765:5925900] -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
[0:0] -A KUBE-LOAD-BALANCER -m comment --comment "Kubernetes service load balancer ip + port with externalTrafficPolicy=local" -m set --match-set KUBE-LOAD-BALANCER-LOCAL dst,dst -j RETURN
[12:720] -A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ
[1234:74040] -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
[0:0] -A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ
[1234:74040] -A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE
[98000:5880000] -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
[1222:73320] -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
[1222:73320] -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
[1222:73320] -A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ
[12:720] -A KUBE-SERVICES -m comment --comment "Kubernetes service lb portal" -m set --match-set KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER
[0:0] -A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT
[101000:6060000] -A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT
[12:720] -A KUBE-SERVICES -m set --match-set KUBE-LOAD-BALANCER dst,dst -j ACCEPT
COMMIT
*filter
:INPUT ACCEPT [2500000:3000000000]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [2400000:1900000000]
:KUBE-FIREWALL - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-IPVS-FILTER - [0:0]
:KUBE-IPVS-OUT-FILTER - [0:0]
:KUBE-KUBELET-CANARY - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-SOURCE-RANGES-FIREWALL - [0:0]
[2500000:3000000000] -A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER
[2500000:3000000000] -A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL
[2500000:3000000000] -A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT
[2500000:3000000000] -A INPUT -j KUBE-FIREWALL
[0:0] -A FORWARD -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL
[0:0] -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
[2400000:1900000000] -A OUTPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-OUT-FILTER
[2400000:1900000000] -A OUTPUT -j KUBE-FIREWALL
[0:0] -A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
[0:0] -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
[0:0] -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
[0:0] -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
[0:0] -A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN
[0:0] -A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN
[0:0] -A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN
[0:0] -A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN
[0:0] -A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable
[0:0] -A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT
[0:0] -A KUBE-SOURCE-RANGES-FIREWALL -j DROP
COMMIT
"""

IPVS_SETS = [
    ("KUBE-CLUSTER-IP", "hash:ip,port"), ("KUBE-LOAD-BALANCER", "hash:ip,port"),
    ("KUBE-LOAD-BALANCER-LOCAL", "hash:ip,port"), ("KUBE-EXTERNAL-IP", "hash:ip,port"),
    ("KUBE-NODE-PORT-TCP", "bitmap:port range 0-65535"), ("KUBE-LOOP-BACK", "hash:ip,port,ip"),
    ("KUBE-HEALTH-CHECK-NODE-PORT", "bitmap:port range 0-65535"), ("KUBE-IPVS-IPS", "hash:ip"),
]

LEGACY_LEFTOVERS = """\
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-MARK-DROP - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
[0:0] -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
[0:0] -A KUBE-MARK-DROP -j MARK --set-xmark 0x8000/0x8000
[0:0] -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
[0:0] -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark 0x4000/0x4000 -j MASQUERADE
COMMIT
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-FIREWALL - [0:0]
[0:0] -A INPUT -j KUBE-FIREWALL
[0:0] -A OUTPUT -j KUBE-FIREWALL
[0:0] -A KUBE-FIREWALL -m comment --comment "kubernetes firewall for dropping marked packets" -m mark --mark 0x8000/0x8000 -j DROP
COMMIT
"""


def write_static(outdir):
    import os
    hdr = ["Written by corpus/lab/iptables/kube_rules.py (netsift lab); load with iptables-restore -c."]
    files = {
        "kube-proxy-1.31.rules": scenario_kube131().text(hdr + [
            "kube-proxy 1.28-1.31 layout (iptables mode) on node 192.168.86.189, pod CIDR 10.244.0.0/16,",
            "local pod subnet 10.244.0.0/24, plus flannel, Docker and hand-written admin rules (mangle/raw too)."]),
        "kube-proxy-1.20.rules": scenario_kube120().text(hdr + [
            "kube-proxy 1.20-1.23 layout (KUBE-XLB, KUBE-FW, KUBE-MARK-DROP) on node 192.168.86.190,",
            "local pod subnet 10.244.1.0/24, plus flannel and Docker."]),
        "host188.rules": scenario_host188().text(hdr + [
            "Reference incident host188 (192.168.86.188, kube-proxy 1.2x old layout): NodePort 30038",
            "prometheus/prometheus-nodeport:http -> KUBE-SVC-SO4PW3GA7SPS7IHM -> KUBE-SEP-5GEH5OENN4FETTOQ -> 10.244.2.6:9090."]),
        "kube-proxy-ipvs.rules": "\n".join(f"# {x}" for x in hdr + [
            "kube-proxy IPVS mode's iptables furniture (ipset matches); the sets are created first:"] +
            [f"ipset create {n} {t}" for n, t in IPVS_SETS]) + "\n" + IPVS,
        "legacy-leftovers.rules": "\n".join(f"# {x}" for x in hdr + [
            "Old kubelet/kube-proxy chains left in the legacy backend after a switch to iptables-nft."]) + "\n" + LEGACY_LEFTOVERS,
    }
    for name, text in files.items():
        with open(os.path.join(outdir, name), "w") as fh:
            fh.write(text)
    with open(os.path.join(outdir, "kube-proxy-ipvs.ipsets"), "w") as fh:
        for n, t in IPVS_SETS:
            fh.write(f"create {n} {t}\n")
        fh.write("add KUBE-CLUSTER-IP 10.96.0.1,tcp:443\nadd KUBE-CLUSTER-IP 10.96.0.10,udp:53\n"
                 "add KUBE-CLUSTER-IP 10.96.0.10,tcp:53\nadd KUBE-CLUSTER-IP 10.109.216.20,tcp:9090\n"
                 "add KUBE-NODE-PORT-TCP 30038\nadd KUBE-LOOP-BACK 10.244.2.6,tcp:9090,10.244.2.6\n"
                 "add KUBE-IPVS-IPS 10.96.0.1\nadd KUBE-IPVS-IPS 10.96.0.10\nadd KUBE-IPVS-IPS 10.109.216.20\n")


# ----------------------------------------------------------------- bench --
def bench(n, seed=20260101):
    """N services (kube-proxy 1.28-1.31 layout) with 1-5 endpoints each; every
    13th has a NodePort, every 50th a LoadBalancer IP with externalTrafficPolicy
    Local, every 97th has no endpoints. Deterministic: seeded per service index."""
    svcs = []
    nsl = ["default", "prod", "staging", "monitoring", "shop", "payments", "search", "batch"]
    names = ["api", "web", "worker", "cache", "db", "queue", "auth", "gateway", "metrics", "frontend"]
    nodeport = 30000
    for i in range(n):
        r = random.Random(seed * 1000003 + i)
        ns = nsl[i % len(nsl)]
        name = f"{names[r.randrange(len(names))]}-{i:05d}"
        port, proto = r.choice([("http", "tcp"), ("https", "tcp"), ("grpc", "tcp"), ("metrics", "tcp"), ("dns", "udp")])
        cport = {"http": 80, "https": 443, "grpc": 9000, "metrics": 9100, "dns": 53}[port]
        cip = f"10.{96 + (i >> 16) % 16}.{(i >> 8) & 255}.{i & 255}"
        k = 0 if i % 97 == 96 else r.randint(1, 5)
        eps = []
        for j in range(k):
            o = r.randrange(1 << 16)
            node = o >> 8 & 15
            eps.append((f"10.244.{node}.{2 + (o & 253)}", 8000 + r.randrange(100), node == 0))
        np_ = hc = None
        lbs = []
        local = False
        if i % 13 == 3 and proto == "tcp":
            nodeport += 1
            np_ = nodeport
        if i % 50 == 17 and proto == "tcp":
            nodeport += 1
            np_ = np_ or nodeport
            lbs = [f"192.168.{100 + (i // 250) % 100}.{i % 250 + 1}"]
            local = True
            hc = 32000 + (i // 50) % 700
        svcs.append(Svc(ns, name, port, proto, cip, cport, eps, nodeport=np_, lb_ips=lbs, local=local, hc_port=hc))
    rs = Ruleset()
    builtins(rs, ["filter", "nat"])
    base_chains(rs, "new")
    flannel(rs, "10.244.0.0/24")
    services_new(rs, svcs)
    return rs.text([f"Written by corpus/lab/iptables/kube_rules.py bench {n} {seed}: {n} services, kube-proxy 1.28-1.31 layout"])


if __name__ == "__main__":
    if sys.argv[1] == "static":
        write_static(sys.argv[2])
    elif sys.argv[1] == "bench":
        sys.stdout.write(bench(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 20260101))
    else:
        sys.exit(__doc__)
