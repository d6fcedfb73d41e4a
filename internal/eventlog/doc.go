// Package eventlog keeps the event log on NATS JetStream for the ledger: an embedded server
// with durable settings, and the SWARM stream, created or verified with every
// field set explicitly.
//
// Subjects (all under swarm.v1.):
//
//	swarm.v1.node.<node id>.<type>       node.* events, published by the node's agent
//	swarm.v1.sched.<scheduler id>.<type> gpu.* and task.* events
//	swarm.v1.chain.<type>                chain.* events, published by the ledger's watcher
//	swarm.v1.ledger.<type>               epoch.* events, published by the settlement leader
//
// where <type> is the event type with '.' replaced by '_'. Subjects are for
// routing and permissions only: the ledger judges every message on its bytes.
//
// Durability: file storage, limits retention without age or size limits,
// deny delete and purge, a duplicate window at least as long as an agent's
// longest retry, and (embedded) SyncAlways, so an acknowledged publish is on
// disk.
package eventlog
