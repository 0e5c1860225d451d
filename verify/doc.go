// Package verify owns `docbuild check`: it replays the examples of a post on a fresh simulated
// cluster and judges every shown output against what the modelled Kubernetes release prints.
// It imports internal/page, internal/transcript, verify/extract (a post → a scenario of steps),
// verify/match (structured comparison), mvdan.cc/sh/v3 (host command lines are interpreted, with
// an exec handler that dispatches kubectl to the simulator and a small set of simulated host
// programs), and the simulator through the [Cluster] interface (kube/cluster in production).
//
// # How a post is judged
//
// A post is a scenario: steps run top to bottom on one cluster, carrying objects, files, the
// clock and bound names from step to step. A step with a shown output is accurate if some
// moment consistent with it shows exactly it: the AGE cells of a get table give the window of
// moments; the earliest moment (at or after the previous step's) whose output matches is
// chosen, so later steps stay possible. Only read-only commands are probed at several moments;
// the cluster never rewinds — when a step is stale after probing past its best moment, the
// scenario is re-run deterministically from scratch with that step pinned to its best moment.
//
// Results: ok, abridged, stale-output, stale-error, behaviour-change, manifest-rejected,
// unbound-file, ambiguous-edit, not-simulated, skipped (see ../../shared/spec/check.md §5).
//
// # Sandbox
//
// Nothing in a post is ever run on the host: host command lines go through the interpreter of
// mvdan.cc/sh with every handler replaced (exec, open, stat, read-dir), files live in the
// scenario's versioned file system, curl/wget go to the simulated node, and every command has a
// budget of interpreter calls and of virtual time. Process substitution (which would create
// FIFOs on the host) is refused.
package verify
