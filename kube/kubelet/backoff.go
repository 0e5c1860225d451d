package kubelet

import (
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"
)

// backoff is client-go's flowcontrol.Backoff (k8s.io/client-go v0.37.2
// util/flowcontrol/backoff.go) without jitter (the kubelet builds both of its back-offs with
// NewBackOff, jitter 0) and read off the virtual clock.
type backoff struct {
	now     func() time.Time
	initial time.Duration
	max     time.Duration
	// hasExpired overrides the default "eventTime - lastUpdate > 2*max" rule.
	hasExpired func(eventTime, lastUpdate time.Time, max time.Duration) bool
	entries    map[string]*backoffEntry
}

type backoffEntry struct {
	backoff    time.Duration
	lastUpdate time.Time
}

func newBackoff(now func() time.Time, initial, max time.Duration) *backoff {
	return &backoff{now: now, initial: initial, max: max, entries: map[string]*backoffEntry{}}
}

// Get is the current delay for id (0 without an entry).
func (b *backoff) Get(id string) time.Duration {
	if e, ok := b.entries[id]; ok {
		return e.backoff
	}
	return 0
}

// Next moves id's delay one step: the initial delay for a new or expired entry, else double,
// capped at max.
func (b *backoff) Next(id string, eventTime time.Time) {
	e, ok := b.entries[id]
	if !ok || b.expired(eventTime, e.lastUpdate) {
		e = &backoffEntry{backoff: b.initial}
		b.entries[id] = e
	} else {
		e.backoff = min(e.backoff*2, b.max)
	}
	e.lastUpdate = b.now()
}

// IsInBackOffSince reports whether less than the current delay has passed since eventTime.
func (b *backoff) IsInBackOffSince(id string, eventTime time.Time) bool {
	e, ok := b.entries[id]
	if !ok || b.expired(eventTime, e.lastUpdate) {
		return false
	}
	return b.now().Sub(eventTime) < e.backoff
}

// IsInBackOffSinceUpdate reports whether less than the current delay has passed between the
// last update and eventTime.
func (b *backoff) IsInBackOffSinceUpdate(id string, eventTime time.Time) bool {
	e, ok := b.entries[id]
	if !ok || b.expired(eventTime, e.lastUpdate) {
		return false
	}
	return eventTime.Sub(e.lastUpdate) < e.backoff
}

// GC drops expired entries.
func (b *backoff) GC() {
	now := b.now()
	for id, e := range b.entries {
		if b.expired(now, e.lastUpdate) {
			delete(b.entries, id)
		}
	}
}

func (b *backoff) expired(eventTime, lastUpdate time.Time) bool {
	if b.hasExpired != nil {
		return b.hasExpired(eventTime, lastUpdate, b.max)
	}
	return eventTime.Sub(lastUpdate) > b.max*2
}

// backoffKey caches backoffKeyOf per container name and image (the only mutable part).
func (kl *Kubelet) backoffKey(p *podState, c *v1.Container) string {
	if p.backoffKeys == nil {
		p.backoffKeys = map[string]string{}
	}
	k := c.Name + "\x00" + c.Image
	if v, ok := p.backoffKeys[k]; ok {
		return v
	}
	v := backoffKeyOf(p.pod, c)
	p.backoffKeys[k] = v
	return v
}

// backoffKeyOf is the crash-loop back-off key: an FNV-64a hash of the Pod's name, namespace,
// UID, the container's name, image and resources, so a new image or new resources reset it.
// k8s.io/kubernetes v1.37.2 pkg/kubelet/kuberuntime/helpers.go GetBackoffKey.
func backoffKeyOf(pod *v1.Pod, c *v1.Container) string {
	key := []string{
		pod.Name,
		pod.Namespace,
		string(pod.UID),
		c.Name,
		c.Image,
		c.Resources.String(),
	}
	h := fnv.New64a()
	h.Write([]byte(strings.Join(key, "/")))
	return strconv.FormatUint(h.Sum64(), 16)
}
