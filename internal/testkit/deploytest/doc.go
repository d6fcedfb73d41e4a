// Package deploytest runs the shipped multi-host deployment (deploy/) on
// loopback: three nats-server processes built from the pinned module and
// configured by deploy/nats/nats.conf, three swarmd replicas, agents and a
// geth --dev chain, each started from its systemd unit's ExecStart with its
// env file, as systemd would. Hosts are directories: what a host keeps in
// /etc/swarm lives in HOST/etc, its state directories in HOST/state, so the
// shipped files are used unmodified and only what differs on loopback
// (addresses, ports, names) is overridden, each override naming a variable
// the shipped env file defines.
//
// The test (deploy_test.go) kills the settlement leader's swarmd and the NATS
// server it is connected to with SIGKILL, shows settlement continuing on
// another replica, restarts both and checks that every acknowledged event is
// folded once on every replica and every closed epoch anchored once.
// SWARM_DEPLOY_KILLS sets the number of kill rounds (make deploy-test).
package deploytest
