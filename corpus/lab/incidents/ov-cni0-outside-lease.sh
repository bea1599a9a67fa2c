#!/usr/bin/env bash
# ov-cni0-outside-lease (failure mode 5): srv-k8s-2 re-registered and flannel gave it the lease
# 10.244.1.0/24 (flannel.1 10.244.1.0/32; the other nodes route 10.244.1.0/24 to it), but its cni0 kept
# the old 10.244.5.1/24 and the pod started before still has 10.244.5.7. No node has a default route,
# so the other nodes have no route to 10.244.5.0/24 and srv-k8s-2 none to its own lease.
#   sudo bash corpus/lab/incidents/ov-cni0-outside-lease.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init ov-cni0-outside-lease nsinca-col-

inc_plan 10.244.0.0/16 192.168.1.0/24 192.168.1.1
inc_node srv-k8s-1 192.168.1.101 10.244.0.0/24 b6:5e:0f:c1:00:65 role=control-plane gw=none
inc_node srv-k8s-2 192.168.1.102 10.244.1.0/24 b6:5e:0f:c1:00:66 cni0=10.244.5.1/24 gw=none
inc_node srv-k8s-3 192.168.1.103 10.244.2.0/24 b6:5e:0f:c1:00:67 gw=none
inc_flannel_mesh

inc_pod srv-k8s-1 nginx-a1 10.244.0.11
inc_pod srv-k8s-2 mysql-0 10.244.5.7
inc_pod srv-k8s-3 nginx-b1 10.244.2.11
inc_ping srv-k8s-1/nginx-a1 10.244.2.11
inc_ping srv-k8s-1/nginx-a1 10.244.5.7 2     # no route on srv-k8s-1
inc_ping srv-k8s-3/nginx-b1 10.244.1.10 2    # reaches srv-k8s-2, which has no route for its own lease
inc_ping srv-k8s-2/mysql-0 10.244.0.11 2     # arrives; the reply to 10.244.5.7 has no route

inc_sos srv-k8s-1 4
inc_sos srv-k8s-2 3
inc_sos srv-k8s-3 4

inc_prompt '[root@%h ~]# '
inc_say "问题：srv-k8s-2 重新加入集群以后，上面的 mysql-0 (10.244.5.7) 其他节点都访问不到。"
inc_say "先看 srv-k8s-2 上的地址和路由："
inc_t srv-k8s-2 "ip -4 a"
inc_t srv-k8s-2 "route -n"
inc_say "再看 srv-k8s-1，发现到 10.244.1.0/24 的路由是走 flannel.1 的，可是没有 10.244.5.0："
inc_t srv-k8s-1 "route -n"
inc_t srv-k8s-1 "ping -c 2 10.244.5.7"
inc_say "srv-k8s-3 也一样："
inc_t srv-k8s-3 "ip r"
inc_t srv-k8s-3 "ip n show dev flannel.1"

INC_DESCRIPTION="srv-k8s-2's lease is 10.244.1.0/24 (flannel.1 10.244.1.0/32, routes on srv-k8s-1 and srv-k8s-3) but its cni0 holds 10.244.5.1/24, outside the lease (left from an earlier lease); its pod mysql-0 has 10.244.5.7. Nodes have no default route: no node can reach 10.244.5.0/24 except srv-k8s-2, and traffic for 10.244.1.0/24 reaches srv-k8s-2 and finds no route there. Narration in Chinese."
INC_MODES="[5]"
inc_expected <<'JSON'
{ "healthy": false,
  "findings": [
    { "rule": "lease/cni0-outside-lease", "host": "srv-k8s-2", "role": "root-cause", "severity": "error",
      "objects": { "interfaces": ["cni0"], "addresses": ["10.244.5.1"], "subnets": ["10.244.1.0/24"] } }
  ],
  "mustNotFire": [
    { "rule": "lease/cni0-outside-lease", "host": "srv-k8s-1" },
    { "rule": "lease/cni0-outside-lease", "host": "srv-k8s-3" },
    { "rule": "overlay/missing-neighbor" },
    { "rule": "overlay/missing-fdb" },
    { "rule": "overlay/address-conflict" }
  ],
  "traces": [
    { "from": "srv-k8s-2", "to": "10.244.5.7", "disposition": "delivered", "at": "srv-k8s-2" },
    { "from": "srv-k8s-1", "to": "10.244.5.7", "disposition": "no-route", "at": "srv-k8s-1" },
    { "from": "srv-k8s-3", "to": "10.244.1.10", "disposition": "no-route", "at": "srv-k8s-2" },
    { "from": "srv-k8s-3", "to": "10.244.0.11", "disposition": "delivered", "at": "srv-k8s-1" }
  ] }
JSON
inc_finish
