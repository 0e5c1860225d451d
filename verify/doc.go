// Package verify owns `docbuild check`: it replays the examples of a post on a fresh simulated
// cluster and judges every shown output against what the modelled Kubernetes release prints.
// It imports internal/page and internal/markdown (a post is read with its site's
// configuration, as the build reads it), internal/transcript, verify/extract (a post → a scenario of steps),
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
// Besides the AGE window, the durations that grow with time in a shown output (describe's
// Events ages, `6 (3m50s ago)`) point to the moment: a match whose durations read younger
// waits for the moment they give. A later step that is not accurate makes the scenario
// re-run once at most, and not when it was judged the same way at every moment it was
// tried. A command that only reads the API (get, describe) is not run again at a moment
// when nothing was written to the API since its last run and its last judgement could not
// change (the Revisioner interface). A command whose output the post does not show waits
// at most a few minutes for its containers to start.
//
// # Terminals and sessions
//
// A `kubectl get -w` whose output a later block continues ("in your original terminal")
// runs in the background (the Watcher interface): its block is judged as the first listing,
// then every change prints a row, and the later block is judged against what the watch
// printed by its moment. A container session (`kubectl exec -it … -- sh`) stays open from
// one block to the next while the post types into it (a host command typed meanwhile runs
// in another terminal), and across a `wait` directive. `$?` is the status of the line
// before. A placeholder typed in a session (`kill <pid>`) is filled in as the reader would
// when the post shows what to fill in (the one program of the `ps` listing shown that is no
// shell), else the line is skipped.
//
// A check can be abandoned (CheckContext): the run loop and the probe searches stop between
// two simulator calls once the context is done. Each run's cluster is closed when the run
// ends (the Closer interface), so that its simulated processes do not outlive it.
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
