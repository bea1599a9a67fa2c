#!/usr/bin/env bash
# ov-gateway-conflict (failure mode 1): the reference incident on another plan. worker-a carries a
# leftover Calico tunl0 (stand-in) holding 10.42.3.0/32, worker-c's VTEP gateway, so the kernel refuses
# flannel's route 10.42.3.0/24 via 10.42.3.0 dev flannel.1 onlink on worker-a; flanneld then removes the
# neighbour and FDB entries it had added for worker-c. worker-b and worker-c are complete; their tunl0
# stand-ins hold addresses in no lease (harmless residue).
#   sudo bash corpus/lab/incidents/ov-gateway-conflict.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init ov-gateway-conflict nsinca-gw-

inc_plan 10.42.0.0/16 10.0.0.0/24 10.0.0.1
inc_node worker-a 10.0.0.11 10.42.0.0/24 0e:7a:42:00:00:0a role=control-plane
inc_node worker-b 10.0.0.12 10.42.1.0/24 0e:7a:42:00:00:0b
inc_node worker-c 10.0.0.13 10.42.3.0/24 0e:7a:42:00:00:0c

# Calico leftovers, there before flanneld starts
inc_standin "tunl0 (worker-a, worker-b, worker-c) is a veth (NOARP, mtu 1480, IPv6 off, its peer alone in namespace nsinca-gw-<host>-tunl0) standing in for Calico's ipip tunl0: this kernel has no ipip device type, so tunl0@if2 with link/ether and link-netns shows instead of tunl0@NONE with link/ipip 0.0.0.0"
for h in worker-a worker-b worker-c; do inc_standin_veth "$h" tunl0 1480; done
inc_do worker-a "ip addr add 10.42.3.0/32 dev tunl0"
inc_do worker-b "ip addr add 10.42.77.0/32 dev tunl0"
inc_do worker-c "ip addr add 10.42.130.192/32 dev tunl0"

inc_flannel_mesh   # worker-a -> worker-c is refused (recorded in the manifest)

inc_pod worker-a nginx-7c5d 10.42.0.7
inc_pod worker-b api-6f9b 10.42.1.5
inc_pod worker-c db-0 10.42.3.5
inc_ping worker-b/api-6f9b 10.42.3.5
inc_ping worker-c/db-0 10.42.1.5
inc_ping worker-a/nginx-7c5d 10.42.1.5
inc_ping worker-a/nginx-7c5d 10.42.3.5 2    # fails: no route on worker-a
inc_ping worker-c/db-0 10.42.0.7 2         # fails: worker-a's reply leaves by the default route

for h in worker-a worker-b worker-c; do inc_sos "$h" 4; done

inc_prompt 'root@%h:~# '
inc_say "pods on worker-a cannot reach db-0 (10.42.3.5) on worker-c, everything else works. worker-a first:"
inc_t worker-a "ping -c 2 -W 1 10.42.3.5"
inc_t worker-a "ip r"
inc_t worker-a "ip -4 a"
inc_t worker-a "ip n show dev flannel.1"
inc_t worker-a "bridge fdb show dev flannel.1"
inc_say "same on worker-b, which can reach it:"
inc_t worker-b "ip r"
inc_t worker-b "ip -4 a"
inc_t worker-b "ip n show dev flannel.1"
inc_t worker-b "bridge fdb show dev flannel.1"
inc_say "and then the same on worker-c:"
inc_t worker-c "ip r"
inc_t worker-c "ip n show dev flannel.1"

# flanneld's log on worker-a (synthetic: flanneld does not run in the lab; klog lines in flannel 0.2x's
# wording, for the programming of the three leases done above)
inc_fixture worker-a flannel-log.txt <<'LOG'
I0305 09:14:02.118204       1 main.go:211] CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 etcdPrefix:/coreos.com/network etcdKeyfile: etcdCertfile: etcdCAFile: etcdUsername: etcdPassword: version:false kubeSubnetMgr:true kubeApiUrl: kubeAnnotationPrefix:flannel.alpha.coreos.com kubeConfigFile: iface:[] ifaceRegex:[] ipMasq:true ifaceCanReach: subnetFile:/run/flannel/subnet.env publicIP: publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:0 iptablesResyncSeconds:5 iptablesForwardRules:true netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}
I0305 09:14:02.151890       1 kube.go:139] Waiting 10m0s for node controller to sync
I0305 09:14:02.152011       1 kube.go:469] Starting kube subnet manager
I0305 09:14:03.152230       1 kube.go:146] Node controller sync successful
I0305 09:14:03.152266       1 main.go:231] Created subnet manager: Kubernetes Subnet Manager - worker-a
I0305 09:14:03.152273       1 main.go:234] Installing signal handlers
I0305 09:14:03.152511       1 main.go:468] Found network config - Backend type: vxlan
I0305 09:14:03.155710       1 match.go:211] Determining IP address of default interface
I0305 09:14:03.156194       1 match.go:264] Using interface with name eth0 and address 10.0.0.11
I0305 09:14:03.156225       1 match.go:286] Defaulting external address to interface address (10.0.0.11)
I0305 09:14:03.156302       1 vxlan.go:141] VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false
I0305 09:14:03.159983       1 kube.go:636] List of node(worker-a) annotations: map[string]string{"flannel.alpha.coreos.com/backend-data":"{\"VNI\":1,\"VtepMAC\":\"0e:7a:42:00:00:0a\"}", "flannel.alpha.coreos.com/backend-type":"vxlan", "flannel.alpha.coreos.com/kube-subnet-manager":"true", "flannel.alpha.coreos.com/public-ip":"10.0.0.11"}
I0305 09:14:03.160077       1 main.go:344] Setting up masking rules
I0305 09:14:03.163116       1 main.go:365] Changing default FORWARD chain policy to ACCEPT
I0305 09:14:03.163270       1 iptables.go:290] generated 7 rules
I0305 09:14:03.165028       1 main.go:393] Wrote subnet file to /run/flannel/subnet.env
I0305 09:14:03.165049       1 main.go:397] Running backend.
I0305 09:14:03.165263       1 vxlan_network.go:65] watching for new subnet leases
I0305 09:14:03.165323       1 subnet.go:160] Batch elem [0] is { lease.Event{Type:0, Lease:lease.Lease{EnableIPv4:true, EnableIPv6:false, Subnet:ip.IP4Net{IP:0xa2a0100, PrefixLen:0x18}, IPv6Subnet:ip.IP6Net{IP:(*ip.IP6)(nil), PrefixLen:0x0}, Attrs:lease.LeaseAttrs{PublicIP:0xa00000c, PublicIPv6:(*ip.IP6)(nil), BackendType:"vxlan", BackendData:json.RawMessage{0x7b, 0x22, 0x56, 0x4e, 0x49, 0x22, 0x3a, 0x31, 0x7d}, BackendV6Data:json.RawMessage(nil)}, Expiration:time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC), Asof:0}} }
I0305 09:14:03.165401       1 vxlan_network.go:100] Received Subnet Event with VxLan: BackendType: vxlan, PublicIP: 10.0.0.12, PublicIPv6: (nil), BackendData: {"VNI":1,"VtepMAC":"0e:7a:42:00:00:0b"}, BackendV6Data: (nil)
I0305 09:14:03.165502       1 subnet.go:160] Batch elem [0] is { lease.Event{Type:0, Lease:lease.Lease{EnableIPv4:true, EnableIPv6:false, Subnet:ip.IP4Net{IP:0xa2a0300, PrefixLen:0x18}, IPv6Subnet:ip.IP6Net{IP:(*ip.IP6)(nil), PrefixLen:0x0}, Attrs:lease.LeaseAttrs{PublicIP:0xa00000d, PublicIPv6:(*ip.IP6)(nil), BackendType:"vxlan", BackendData:json.RawMessage{0x7b, 0x22, 0x56, 0x4e, 0x49, 0x22, 0x3a, 0x31, 0x7d}, BackendV6Data:json.RawMessage(nil)}, Expiration:time.Date(1, time.January, 1, 0, 0, 0, 0, time.UTC), Asof:0}} }
I0305 09:14:03.165540       1 vxlan_network.go:100] Received Subnet Event with VxLan: BackendType: vxlan, PublicIP: 10.0.0.13, PublicIPv6: (nil), BackendData: {"VNI":1,"VtepMAC":"0e:7a:42:00:00:0c"}, BackendV6Data: (nil)
E0305 09:14:03.165811       1 vxlan_network.go:158] failed to add vxlanRoute (10.42.3.0/24 -> 10.42.3.0): invalid argument
I0305 09:14:03.171245       1 main.go:418] Waiting for all goroutines to exit
I0305 09:14:03.202931       1 iptables.go:283] bootstrap done
LOG

INC_DESCRIPTION="Leftover Calico tunl0 (stand-in) on worker-a holds 10.42.3.0/32, worker-c's VTEP gateway: the kernel refuses flannel's onlink route via it, so worker-a has no route, neighbour or FDB entry for worker-c's lease 10.42.3.0/24. worker-b and worker-c are complete; their tunl0 stand-ins hold addresses in no lease (harmless residue)."
INC_MODES="[1]"
inc_expected <<'EOF'
{ "healthy": false,
  "findings": [
    { "rule": "overlay/address-conflict", "host": "worker-a", "role": "root-cause", "severity": "error",
      "objects": { "addresses": ["10.42.3.0"], "interfaces": ["tunl0"], "subnets": ["10.42.3.0/24"], "hosts": ["worker-c"] } },
    { "rule": "routing/missing-overlay-route", "host": "worker-a", "role": "symptom",
      "objects": { "subnets": ["10.42.3.0/24"], "hosts": ["worker-c"] } },
    { "rule": "overlay/missing-neighbor", "host": "worker-a", "role": "symptom",
      "objects": { "addresses": ["10.42.3.0"], "hosts": ["worker-c"] } },
    { "rule": "overlay/missing-fdb", "host": "worker-a", "role": "symptom",
      "objects": { "hosts": ["worker-c"] } },
    { "rule": "flannel/programming-error", "host": "worker-a", "role": "symptom",
      "objects": { "subnets": ["10.42.3.0/24"], "addresses": ["10.42.3.0"] } },
    { "rule": "residue/leftover-cni-state", "host": "worker-b", "role": "residue",
      "objects": { "interfaces": ["tunl0"], "addresses": ["10.42.77.0"] } },
    { "rule": "residue/leftover-cni-state", "host": "worker-c", "role": "residue",
      "objects": { "interfaces": ["tunl0"], "addresses": ["10.42.130.192"] } }
  ],
  "mustNotFire": [
    { "rule": "residue/leftover-cni-state", "severity": "error" },
    { "rule": "overlay/address-conflict", "host": "worker-b" },
    { "rule": "overlay/address-conflict", "host": "worker-c" },
    { "rule": "routing/missing-overlay-route", "host": "worker-b" },
    { "rule": "routing/missing-overlay-route", "host": "worker-c" }
  ],
  "traces": [
    { "from": "worker-b", "to": "10.42.3.5", "disposition": "delivered", "at": "worker-c" },
    { "from": "worker-c", "to": "10.42.1.5", "disposition": "delivered", "at": "worker-b" }
  ] }
EOF
inc_finish
