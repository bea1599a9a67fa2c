#!/usr/bin/env bash
# ov-docker-overlap (failure mode 1): dockerd on k8s-w1 was restarted with "bip": "10.244.3.1/24" in
# /etc/docker/daemon.json, inside the cluster network 10.244.0.0/16 and exactly k8s-w2's lease: docker0
# holds 10.244.3.1 (k8s-w2's cni0 gateway address) and adds a connected 10.244.3.0/24 route behind
# flannel's. k8s-w2 also has a storage NIC (eth1, a veth to its own namespace) on 10.244.200.0/24, inside
# the cluster network but in no lease. k8s-m1 and k8s-w2 keep docker's default 172.17.0.1/16.
#   sudo bash corpus/lab/incidents/ov-docker-overlap.sh
set -euo pipefail
source "$(dirname "$0")/lib-incident.sh"
inc_init ov-docker-overlap nsinca-dko-

inc_plan 10.244.0.0/16 172.31.16.0/20 172.31.16.1
inc_node k8s-m1 172.31.16.20 10.244.0.0/24 d6:3e:1a:00:f4:00 role=control-plane docker0=172.17.0.1/16
inc_node k8s-w1 172.31.16.21 10.244.1.0/24 d6:3e:1a:01:f4:01
inc_node k8s-w2 172.31.16.22 10.244.3.0/24 d6:3e:1a:03:f4:03 docker0=172.17.0.1/16

# storage network on k8s-w2 (the far end sits in its own namespace)
inc_ns_add nsinca-dko-storage
inc_do k8s-w2 "ip link add eth1 type veth peer name st-k8s-w2 && ip link set eth1 address 52:54:0a:f4:c8:16 && ip addr add 10.244.200.22/24 brd + dev eth1 && ip link set eth1 up"
ip -n "${INC_NS[k8s-w2]}" link set st-k8s-w2 netns nsinca-dko-storage
ip -n nsinca-dko-storage addr add 10.244.200.1/24 dev st-k8s-w2
ip -n nsinca-dko-storage link set st-k8s-w2 up

inc_flannel_mesh

# then dockerd restarts on k8s-w1 with the bad bip (docker0 has no containers: no carrier)
inc_do k8s-w1 "ip link add docker0 type bridge && ip link set docker0 address 02:42:0a:f4:03:01 && ip addr add 10.244.3.1/24 brd + dev docker0 && ip link set docker0 up"

inc_pod k8s-m1 metrics-5c 10.244.0.12
inc_pod k8s-w1 web-1 10.244.1.6
inc_pod k8s-w2 web-2 10.244.3.8
inc_ping k8s-w1/web-1 10.244.3.8
inc_ping k8s-m1/metrics-5c 10.244.3.8
inc_ping k8s-w1/web-1 10.244.3.1       # answered by k8s-w1's docker0
inc_ping k8s-m1/metrics-5c 10.244.3.1  # answered by k8s-w2's cni0
inc_ping k8s-w2 10.244.200.1 2

inc_sos k8s-m1 4
inc_sos k8s-w1 4
inc_sos k8s-w2 4

inc_prompt 'root@%h:/etc/docker# '
inc_say "After changing the docker bip on k8s-w1 things got weird, pods there cannot reach the cni0 address of k8s-w2."
inc_t k8s-w1 "ip -4 addr"
inc_t k8s-w1 "ip route"
inc_t k8s-w1 "ip route get 10.244.3.1"
inc_t k8s-w1 "ip link show docker0"
inc_say "For comparison k8s-w2, which has the 10.244.3.0/24 lease:"
inc_t k8s-w2 "ip -4 addr"
inc_t k8s-w2 "ip route"
inc_say "And the master k8s-m1 looks normal:"
inc_t k8s-m1 "ip route"

INC_DESCRIPTION="docker0 on k8s-w1 was given bip 10.244.3.1/24: inside the cluster network 10.244.0.0/16 and in k8s-w2's lease 10.244.3.0/24 (10.244.3.1 is k8s-w2's cni0 address). The connected docker0 route sits behind flannel's route for the same prefix, so pod traffic still goes to k8s-w2, but 10.244.3.1 is delivered locally on k8s-w1. k8s-w2's storage NIC eth1 (10.244.200.22/24) also lies inside the cluster network, in no lease."
INC_MODES="[1]"
inc_expected <<'JSON'
{ "healthy": false,
  "findings": [
    { "rule": "addressing/pod-network-overlap", "host": "k8s-w1", "severity": "error",
      "objects": { "interfaces": ["docker0"], "subnets": ["10.244.3.0/24"] } },
    { "rule": "overlay/address-conflict", "host": "k8s-w1", "severity": "error",
      "objects": { "addresses": ["10.244.3.1"], "interfaces": ["docker0"], "subnets": ["10.244.3.0/24"], "hosts": ["k8s-w2"] } },
    { "rule": "addressing/pod-network-overlap", "host": "k8s-w2",
      "objects": { "interfaces": ["eth1"], "subnets": ["10.244.200.0/24"] } }
  ],
  "mustNotFire": [
    { "rule": "addressing/pod-network-overlap", "host": "k8s-m1" },
    { "rule": "overlay/address-conflict", "host": "k8s-m1" },
    { "rule": "overlay/address-conflict", "host": "k8s-w2" },
    { "rule": "routing/missing-overlay-route" }
  ],
  "traces": [
    { "from": "k8s-w1", "to": "10.244.3.1", "disposition": "delivered", "at": "k8s-w1" },
    { "from": "k8s-m1", "to": "10.244.3.1", "disposition": "delivered", "at": "k8s-w2" },
    { "from": "k8s-w1", "to": "10.244.3.8", "disposition": "delivered", "at": "k8s-w2" }
  ] }
JSON
inc_finish
