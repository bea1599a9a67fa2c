#!/usr/bin/env bash
# flannel-lease-failure (failure mode 6): nuc3 joined the cluster but kube-controller-manager never
# assigned it a podCIDR (--allocate-node-cidrs was off when it joined), so flanneld there (kube subnet
# manager) fails in RegisterNetwork: "Error registering network: failed to acquire lease: node "nuc3" pod
# cidr not assigned", exits and is restarted again and again. The vxlan backend creates flannel.1 before
# it asks for the lease, so nuc3 has a flannel.1 that is DOWN, without address; no cni0 (no pod got a
# network), no flannel routes, neighbours or FDB entries. nuc1 and nuc2 are complete for each other and
# have nothing for nuc3 (it has no lease to announce). The flannel log is a SYNTHETIC fixture:
# test/fixtures/incidents/flannel-lease-failure/nuc3/flannel-log.txt. sos 3.x layout.
#   sudo bash corpus/lab/incidents/flannel-lease-failure.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init flannel-lease-failure nsincb-lf-

inc_plan 10.52.0.0/16 192.168.200.0/24 192.168.200.1
inc_node nuc1 192.168.200.11 10.52.0.0/24 3e:52:00:00:00:11 role=control-plane
inc_node nuc2 192.168.200.12 10.52.1.0/24 3e:52:00:00:00:12
# inc_node needs a lease: nuc3's is taken away again below (flanneld never configured one there)
inc_node nuc3 192.168.200.13 10.52.255.0/24 3e:52:00:00:00:13
inc_do nuc3 "ip addr flush dev flannel.1 && ip link set flannel.1 down && ip link del cni0"
inc_flannel_peer nuc1 nuc2
inc_flannel_peer nuc2 nuc1
inc_pod nuc1 coredns-66 10.52.0.4
inc_pod nuc2 nginx-9c 10.52.1.5
inc_ping nuc2/nginx-9c 10.52.0.4
inc_ping nuc3 192.168.200.11 2

for h in nuc1 nuc2 nuc3; do inc_sos "$h" 3; done

inc_prompt 'root@%h:~# '
inc_say "pods scheduled on nuc3 stay in ContainerCreating, kube-flannel on nuc3 is in CrashLoopBackOff."
inc_t nuc3 "ifconfig -a"
inc_t nuc3 "route -n"
inc_t nuc3 "ip -d link show flannel.1"
inc_t nuc3 "ip n"
inc_say "nuc1:"
inc_t nuc1 "route -n"
inc_t nuc1 "ip n show dev flannel.1"
inc_t nuc1 "bridge fdb show dev flannel.1"

# SYNTHETIC flanneld log (klog; flannel-io/flannel main.go, vxlan.go, kube.go texts): three restarts
inc_fixture nuc3 flannel-log.txt <<'EOF'
I0412 07:31:08.902115       1 main.go:211] CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 etcdPrefix:/coreos.com/network etcdKeyfile: etcdCertfile: etcdCAFile: etcdUsername: etcdPassword: version:false kubeSubnetMgr:true kubeApiUrl: kubeAnnotationPrefix:flannel.alpha.coreos.com kubeConfigFile: iface:[] ifaceRegex:[] ipMasq:true ifaceCanReach: subnetFile:/run/flannel/subnet.env publicIP: publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:0 iptablesResyncSeconds:5 iptablesForwardRules:true netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}
W0412 07:31:08.902211       1 client_config.go:618] Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.
I0412 07:31:08.921630       1 kube.go:139] Waiting 10m0s for node controller to sync
I0412 07:31:08.921702       1 kube.go:469] Starting kube subnet manager
I0412 07:31:09.921813       1 kube.go:146] Node controller sync successful
I0412 07:31:09.921846       1 main.go:231] Created subnet manager: Kubernetes Subnet Manager - nuc3
I0412 07:31:09.921852       1 main.go:234] Installing signal handlers
I0412 07:31:09.922004       1 main.go:468] Found network config - Backend type: vxlan
I0412 07:31:09.922040       1 match.go:211] Determining IP address of default interface
I0412 07:31:09.922391       1 match.go:264] Using interface with name eth0 and address 192.168.200.13
I0412 07:31:09.922418       1 match.go:286] Defaulting external address to interface address (192.168.200.13)
I0412 07:31:09.922502       1 vxlan.go:141] VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false
E0412 07:31:09.924788       1 main.go:335] Error registering network: failed to acquire lease: node "nuc3" pod cidr not assigned
I0412 07:31:09.924857       1 main.go:448] Stopping shutdownHandler...
I0412 07:31:31.118350       1 main.go:211] CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 etcdPrefix:/coreos.com/network etcdKeyfile: etcdCertfile: etcdCAFile: etcdUsername: etcdPassword: version:false kubeSubnetMgr:true kubeApiUrl: kubeAnnotationPrefix:flannel.alpha.coreos.com kubeConfigFile: iface:[] ifaceRegex:[] ipMasq:true ifaceCanReach: subnetFile:/run/flannel/subnet.env publicIP: publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:0 iptablesResyncSeconds:5 iptablesForwardRules:true netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}
W0412 07:31:31.118397       1 client_config.go:618] Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.
I0412 07:31:31.137208       1 kube.go:139] Waiting 10m0s for node controller to sync
I0412 07:31:31.137266       1 kube.go:469] Starting kube subnet manager
I0412 07:31:32.137394       1 kube.go:146] Node controller sync successful
I0412 07:31:32.137425       1 main.go:231] Created subnet manager: Kubernetes Subnet Manager - nuc3
I0412 07:31:32.137431       1 main.go:234] Installing signal handlers
I0412 07:31:32.137579       1 main.go:468] Found network config - Backend type: vxlan
I0412 07:31:32.137614       1 match.go:211] Determining IP address of default interface
I0412 07:31:32.137950       1 match.go:264] Using interface with name eth0 and address 192.168.200.13
I0412 07:31:32.137974       1 match.go:286] Defaulting external address to interface address (192.168.200.13)
I0412 07:31:32.138051       1 vxlan.go:141] VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false
I0412 07:31:32.138297       1 device.go:82] VXLAN device already exists
I0412 07:31:32.138330       1 device.go:90] Returning existing device
E0412 07:31:32.139912       1 main.go:335] Error registering network: failed to acquire lease: node "nuc3" pod cidr not assigned
I0412 07:31:32.139981       1 main.go:448] Stopping shutdownHandler...
I0412 07:32:14.602741       1 main.go:211] CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,http://127.0.0.1:2379 etcdPrefix:/coreos.com/network etcdKeyfile: etcdCertfile: etcdCAFile: etcdUsername: etcdPassword: version:false kubeSubnetMgr:true kubeApiUrl: kubeAnnotationPrefix:flannel.alpha.coreos.com kubeConfigFile: iface:[] ifaceRegex:[] ipMasq:true ifaceCanReach: subnetFile:/run/flannel/subnet.env publicIP: publicIPv6: subnetLeaseRenewMargin:60 healthzIP:0.0.0.0 healthzPort:0 iptablesResyncSeconds:5 iptablesForwardRules:true netConfPath:/etc/kube-flannel/net-conf.json setNodeNetworkUnavailable:true}
W0412 07:32:14.602790       1 client_config.go:618] Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.
I0412 07:32:14.621377       1 kube.go:139] Waiting 10m0s for node controller to sync
I0412 07:32:14.621433       1 kube.go:469] Starting kube subnet manager
I0412 07:32:15.621560       1 kube.go:146] Node controller sync successful
I0412 07:32:15.621590       1 main.go:231] Created subnet manager: Kubernetes Subnet Manager - nuc3
I0412 07:32:15.621597       1 main.go:234] Installing signal handlers
I0412 07:32:15.621741       1 main.go:468] Found network config - Backend type: vxlan
I0412 07:32:15.621775       1 match.go:211] Determining IP address of default interface
I0412 07:32:15.622106       1 match.go:264] Using interface with name eth0 and address 192.168.200.13
I0412 07:32:15.622130       1 match.go:286] Defaulting external address to interface address (192.168.200.13)
I0412 07:32:15.622206       1 vxlan.go:141] VXLAN config: VNI=1 Port=0 GBP=false Learning=false DirectRouting=false
I0412 07:32:15.622448       1 device.go:82] VXLAN device already exists
I0412 07:32:15.622479       1 device.go:90] Returning existing device
E0412 07:32:15.624061       1 main.go:335] Error registering network: failed to acquire lease: node "nuc3" pod cidr not assigned
I0412 07:32:15.624127       1 main.go:448] Stopping shutdownHandler...
EOF

INC_DESCRIPTION="nuc3 has no podCIDR, so flanneld's kube subnet manager cannot acquire a lease ('Error registering network: failed to acquire lease: node \"nuc3\" pod cidr not assigned', repeated on every restart; synthetic log in test/fixtures/incidents/flannel-lease-failure/nuc3/flannel-log.txt). nuc3: flannel.1 exists (created before the lease request) but is DOWN with no address; no cni0, no routes, neighbours or FDB entries for the other nodes. nuc1 and nuc2 are complete for each other and have no entries for nuc3. sos 3.x reports (route -n, ifconfig -a, ip address)."
INC_MODES="[6]"
inc_expected <<'EOF'
{ "healthy": false,
  "findings": [
    { "rule": "flannel/lease-failure", "host": "nuc3", "role": "root-cause", "severity": "error",
      "objects": { "hosts": ["nuc3"], "interfaces": ["flannel.1"] } }
  ],
  "mustNotFire": [
    { "rule": "routing/missing-overlay-route", "host": "nuc1" },
    { "rule": "routing/missing-overlay-route", "host": "nuc2" },
    { "rule": "overlay/missing-neighbor", "host": "nuc1" },
    { "rule": "overlay/missing-fdb", "host": "nuc2" },
    { "rule": "lease/duplicate-lease" },
    { "rule": "flannel/programming-error" }
  ],
  "traces": [
    { "from": "nuc2", "to": "10.52.0.4", "disposition": "delivered", "at": "nuc1" }
  ] }
EOF
inc_finish
# nuc3 has no lease: inc_node's placeholder is not a fact of the scenario
jq '.nodes.nuc3.podSubnet = null | .nodes.nuc3.note = "no podCIDR, no flannel lease: flannel.1 DOWN without address, no cni0"' \
  "$INC_OUT/manifest.json" >"$INC_TMP/m.json" && mv "$INC_TMP/m.json" "$INC_OUT/manifest.json"
