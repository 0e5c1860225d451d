// Package timing owns the one table of default durations of the simulated cluster: how long
// the things that take real time on a real node (image pulls, sandbox and container creation,
// the kubelet's loops, the scheduler's reaction) take on the virtual clock. The scheduler and
// the kubelet read every duration from a Durations value; nothing else in kube/ invents one.
//
// Two kinds of values live here:
//
//   - Kubernetes constants (the kubelet's PLEG relist period, its pod resync period, the
//     scheduler's retry periods, the pod workers' jitter factor). They are copied from the
//     v1.37.2 sources named beside each field and should not be changed.
//   - Environment timings (registry bandwidth, container start latency…). Real clusters differ;
//     the defaults are tuned so that common tutorial transcripts are consistent: a Pod is
//     Running two to six seconds after `kubectl apply` (a ~70 MB image pulled at 25 MB/s),
//     events' relative ages look like a workstation's (Scheduled and Pulling in the same second,
//     Pulled a few seconds later, Created/Started together).
//
// The kubelet's randomised delays (the pod workers' wait.Jitter) are replaced by a fixed
// fraction of the maximum jitter, JitterFraction, so a run is deterministic: 0 gives the
// earliest possible moments, 1 the latest, the default 0.5 the mean.
//
// It imports only the standard library.
package timing

import "time"

// Durations are the timings of one simulated cluster.
type Durations struct {
	// ---- scheduler ----

	// SchedulerLatency is the time from a Pod's creation to the scheduler's decision (its
	// informer delivering the Pod and one scheduling cycle).
	SchedulerLatency time.Duration
	// SchedulerInitialBackoff is the first retry delay of an unschedulable Pod that a cluster
	// event made schedulable again; podInitialBackoffDuration, pkg/scheduler/apis/config/v1
	// defaults (1s); the backoff queue is flushed every second (pkg/scheduler/backend/queue/
	// scheduling_queue.go flushBackoffQCompleted, 1s), hence the retry a real control plane
	// shows about 2s after the first FailedScheduling (real/A.md #08: events 3s and 1s old).
	SchedulerInitialBackoff time.Duration
	SchedulerBackoffFlush   time.Duration
	// SchedulerUnschedulableTimeout: a Pod left in the unschedulable queue is retried after
	// DefaultPodMaxInUnschedulablePodsDuration (5m); the leftover flush runs every 30s
	// (scheduling_queue.go flushUnschedulablePodsLeftover).
	SchedulerUnschedulableTimeout time.Duration
	SchedulerUnschedulableFlush   time.Duration

	// ---- kubelet loops (k8s.io/kubernetes v1.37.2 pkg/kubelet) ----

	// WatchLatency is the time for a committed API change to reach the kubelet's pod config.
	WatchLatency time.Duration
	// PLEGRelistPeriod: genericPlegRelistPeriod = 1s (kubelet.go): a container's exit is seen
	// at the next relist. The kubelet's sync loop ticks every second too (syncLoop syncTicker),
	// which is when requeued pod work becomes due.
	PLEGRelistPeriod time.Duration
	// ResyncInterval: KubeletConfiguration syncFrequency default 1m
	// (pkg/kubelet/apis/config/v1beta1/defaults.go); a pod is re-synced at least that often.
	ResyncInterval time.Duration
	// SyncErrorBackoff: backOffPeriod = 10s (kubelet.go), the requeue delay after a failed sync
	// that carries no back-off expiry (e.g. CreateContainerConfigError).
	SyncErrorBackoff time.Duration
	// WorkerJitterFactor: workerResyncIntervalJitterFactor / workerBackOffPeriodJitterFactor
	// = 0.5 (pod_workers.go): every requeue delay d becomes d + jitter·d with jitter in
	// [0, 0.5).
	WorkerJitterFactor float64
	// JitterFraction is the simulator's stand-in for the random draw: jitter =
	// JitterFraction·WorkerJitterFactor.
	JitterFraction float64
	// StatusUpdateLatency is the time from the kubelet generating a status to the API server
	// storing it (the status manager's syncBatch is triggered at once).
	StatusUpdateLatency time.Duration
	// HousekeepingPeriod: housekeepingPeriod = 2s (kubelet.go): a Pod whose containers are all
	// gone is finalised (status, then the API deletion) at the next housekeeping.
	HousekeepingPeriod time.Duration

	// ---- runtime (containerd + CNI) ----

	// SandboxCreate is RunPodSandbox: pause container, network namespace, CNI ADD.
	SandboxCreate time.Duration
	// ContainerCreate and ContainerStart are the CRI CreateContainer / StartContainer calls.
	ContainerCreate time.Duration
	ContainerStart  time.Duration
	// RegistryRoundTrip is resolving a reference and fetching the manifest; a pull of an image
	// whose layers are all present (imagePullPolicy Always on a cached image) takes only this.
	RegistryRoundTrip time.Duration
	// RegistryBytesPerSecond is the download speed for the layers of an image not yet present.
	RegistryBytesPerSecond int64
	// FailedPullLatency is how long a pull of a missing tag or repository takes to fail.
	FailedPullLatency time.Duration
	// StopTimeoutGrace: after SIGKILL the runtime reports the exit this much later.
	KillLatency time.Duration
	// ProbeLatency is the time a probe that answers at once takes (exec, HTTP, TCP round trip).
	ProbeLatency time.Duration
}

// Default returns the documented defaults.
func Default() Durations {
	return Durations{
		SchedulerLatency:              20 * time.Millisecond,
		SchedulerInitialBackoff:       time.Second,
		SchedulerBackoffFlush:         time.Second,
		SchedulerUnschedulableTimeout: 5 * time.Minute,
		SchedulerUnschedulableFlush:   30 * time.Second,

		WatchLatency:        10 * time.Millisecond,
		PLEGRelistPeriod:    time.Second,
		ResyncInterval:      time.Minute,
		SyncErrorBackoff:    10 * time.Second,
		WorkerJitterFactor:  0.5,
		JitterFraction:      0.5,
		StatusUpdateLatency: 5 * time.Millisecond,
		HousekeepingPeriod:  2 * time.Second,

		SandboxCreate:          800 * time.Millisecond,
		ContainerCreate:        80 * time.Millisecond,
		ContainerStart:         120 * time.Millisecond,
		RegistryRoundTrip:      600 * time.Millisecond,
		RegistryBytesPerSecond: 25 << 20,
		FailedPullLatency:      900 * time.Millisecond,
		KillLatency:            50 * time.Millisecond,
		ProbeLatency:           2 * time.Millisecond,
	}
}

// Jitter is wait.Jitter(d, WorkerJitterFactor) with the random draw replaced by
// JitterFraction (k8s.io/apimachinery v0.37.2 pkg/util/wait/wait.go Jitter).
func (d Durations) Jitter(v time.Duration) time.Duration {
	f := d.WorkerJitterFactor
	if f <= 0 {
		f = 1
	}
	return v + time.Duration(d.JitterFraction*f*float64(v))
}

// PullDuration is the time to pull an image of size bytes, present telling whether its layers
// are already on the node.
func (d Durations) PullDuration(size int64, present bool) time.Duration {
	t := d.RegistryRoundTrip
	if !present && d.RegistryBytesPerSecond > 0 {
		t += time.Duration(float64(size) / float64(d.RegistryBytesPerSecond) * float64(time.Second))
	}
	return t
}
