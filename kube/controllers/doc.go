// Package controllers owns the simulated kube-controller-manager's workload controllers: the
// ReplicaSet, Deployment, Job, CronJob, StatefulSet and DaemonSet controllers and the garbage
// collector of Kubernetes 1.37, each a port of its k8s.io/kubernetes v1.37.2 pkg/controller
// package (named in each file), running against the simulated API server on the virtual clock.
//
// It imports kube/apiserver (and its validation package, for the DaemonSet template
// generation and the cron parser), kube/clock, k8s.io/api, k8s.io/apimachinery,
// k8s.io/component-helpers (node affinity and taints), k8s.io/utils (dump, for the
// pod-template-hash), github.com/robfig/cron/v3 and go-logr. It never dials or execs.
//
// # API
//
//	New(clk *clock.Clock, api *apiserver.Server, opts Options) *Manager
//	(*Manager).Start() / Stop()
//	DefaultDurations() Durations        SyncLatency 5ms, GCLatency 10ms
//	ComputeHash(template, collisionCount) string
//
// # How it runs
//
// The Manager subscribes to the API server's committed writes (WatchShared) and routes them to
// each controller's event handlers, which enqueue keys exactly as the real informer handlers
// do. A key's sync runs on the clock SyncLatency after the write (a queued key is not queued
// twice; requeues after minReadySeconds, progress deadlines, pod-failure back-offs and failed
// syncs are scheduled on the clock too, the last with the work queue's 5 ms·2ⁿ per-item
// back-off). A sync reads the store (the informers' caches) and writes through the public API
// (CreateObject, UpdateObject, UpdateStatus, Delete, RecordEvent), so every object it makes
// goes through defaulting, admission (Pod Security included) and validation, and every event
// goes through the event correlator with the controller's source component
// ("replicaset-controller", "deployment-controller", …).
//
// Everything is deterministic: names come from the API server's seeded generateName (the
// <rs>-<5 characters> Pod names), ReplicaSet names from ComputeHash, and the order of the
// syncs from the clock.
//
// # Not simulated
//
// Foreground and orphan deletion (the foregroundDeletion and orphan finalizers: the API server
// deletes at once and the garbage collector always collects in the background); the
// ControllerRevision objects of StatefulSets and DaemonSets (their names are computed, the
// objects are not stored, so `kubectl rollout history` of those kinds has nothing to show) and
// PersistentVolumeClaims of volumeClaimTemplates; Job podFailurePolicy rules, successPolicy,
// backoffLimitPerIndex and managedBy; Deployment rollbacks through the deprecated
// spec.rollbackTo; the informers' resyncs; leader election, controller metrics and the
// expectations caches (the controllers read the store itself, which is never stale).
package controllers
