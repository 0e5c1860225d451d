package apiserver

import (
	"fmt"
	"sort"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
)

// EventRecord is one call of a component's event recorder (client-go EventRecorder.Eventf).
type EventRecord struct {
	// Regarding is the object the event is about; build it with Reference.
	Regarding corev1.ObjectReference
	// Type is corev1.EventTypeNormal or corev1.EventTypeWarning.
	Type    string
	Reason  string
	Message string
	// Source identifies a legacy (core/v1) recorder, the kubelet's:
	// {Component: "kubelet", Host: "<node>"}. Such events are aggregated by client-go's
	// EventCorrelator (count, firstTimestamp, lastTimestamp).
	Source corev1.EventSource
	// ReportingController/ReportingInstance/Action identify an events.k8s.io/v1 recorder, the
	// scheduler's ("default-scheduler", "default-scheduler-<host>", "Scheduling"/"Binding").
	// Used when Source.Component is empty; repeats become a series.
	ReportingController string
	ReportingInstance   string
	Action              string
}

// Reference is client-go's reference.GetReference (with fieldPath, as
// kubecontainer.GenerateContainerRef makes for "spec.containers{name}").
func Reference(obj runtime.Object, fieldPath string) corev1.ObjectReference {
	m := mustAccessor(obj)
	gvk := obj.GetObjectKind().GroupVersionKind()
	if gvk.Kind == "" {
		switch obj.(type) {
		case *corev1.Pod:
			gvk.Kind = "Pod"
		case *corev1.Node:
			gvk.Kind = "Node"
		case *corev1.Namespace:
			gvk.Kind = "Namespace"
		case *corev1.Service:
			gvk.Kind = "Service"
		}
		gvk.Version = "v1"
	}
	return corev1.ObjectReference{
		Kind:            gvk.Kind,
		APIVersion:      gvk.GroupVersion().String(),
		Name:            m.GetName(),
		Namespace:       m.GetNamespace(),
		UID:             m.GetUID(),
		ResourceVersion: m.GetResourceVersion(),
		FieldPath:       fieldPath,
	}
}

// client-go v0.37.2 tools/record/events_cache.go defaults.
const (
	aggregateMaxEvents        = 10
	aggregateIntervalSeconds  = 600
	spamBurst                 = 25
	spamQPS                   = 1. / 300.
	seriesFinishTime          = 6 * time.Minute  // tools/events/event_broadcaster.go finishTime
	seriesRefreshTime         = 30 * time.Minute // refreshTime
	aggregateMessagePrefix    = "(combined from similar events): "
	seriesEventFinishInterval = seriesFinishTime
)

type aggregateRecord struct {
	localKeys map[string]bool
	last      time.Time
}

type eventLog struct {
	count int32
	first metav1.Time
	name  string
}

// tokenBucket is golang.org/x/time/rate.Limiter.AllowN(now, 1) for one key, as client-go's
// passive rate limiter uses it.
type tokenBucket struct {
	tokens float64
	last   time.Time
}

func (b *tokenBucket) allow(now time.Time) bool {
	if b.last.IsZero() {
		b.tokens, b.last = spamBurst, now
	}
	if now.After(b.last) {
		b.tokens += now.Sub(b.last).Seconds() * spamQPS
		if b.tokens > spamBurst {
			b.tokens = spamBurst
		}
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true
	}
	return false
}

type seriesEntry struct {
	ev *corev1.Event // the event as last sent (core/v1 view)
}

// eventState is the state of the recorders' client-side machinery, kept in the server so that
// every component shares it: client-go's EventCorrelator (legacy recorders) and the
// events.k8s.io/v1 broadcaster's series cache (with its 6-minute finish and 30-minute refresh
// loops run lazily on the virtual clock), plus the Event TTL bookkeeping.
type eventState struct {
	aggregates map[string]*aggregateRecord
	logs       map[string]*eventLog
	spam       map[string]*tokenBucket
	series     map[string]*seriesEntry
	start      time.Time
	finishDone time.Time // last finishSeries tick processed
	refreshed  time.Time // last refresh tick processed
	written    map[string]time.Time
	// nextExpiry is a lower bound of the earliest moment a stored event can expire: a scan
	// before it finds nothing, so expireEvents skips it (the zero value forces a scan).
	nextExpiry time.Time
	// keyBuf and spamBuf are recordLegacyEvent's scratch space for cache keys.
	keyBuf, spamBuf []byte
}

func newEventState(start time.Time) *eventState {
	return &eventState{
		aggregates: map[string]*aggregateRecord{},
		logs:       map[string]*eventLog{},
		spam:       map[string]*tokenBucket{},
		series:     map[string]*seriesEntry{},
		written:    map[string]time.Time{},
		start:      start,
		finishDone: start,
		refreshed:  start,
	}
}

// RecordEvent records an event as the component's client-go recorder would, then writes the
// resulting Event (created, or its count/series updated) to the store. The error is the
// server's answer to that write (an invalid event is rejected, as the real server does; the
// real recorders only log it); a throttled or cached repeat is not an error.
func (s *Server) RecordEvent(rec EventRecord) error {
	s.mu.Lock()
	s.runSeriesLoops()
	var err error
	if rec.Source.Component == "" && rec.ReportingController != "" {
		err = s.recordSeriesEvent(rec)
	} else {
		err = s.recordLegacyEvent(rec)
	}
	s.mu.Unlock()
	s.dispatch()
	return err
}

// eventName is client-go tools/record/util GenerateEventName, made unique in the store
// (two events of one object at the same virtual nanosecond would collide).
func (s *Server) eventName(ref corev1.ObjectReference, namespace string, t time.Time) string {
	n := t.UnixNano()
	for {
		name := fmt.Sprintf("%s.%x", ref.Name, n)
		if _, taken := s.store["events"][key(namespace, name)]; !taken {
			return name
		}
		n++
	}
}

func eventNamespace(ref corev1.ObjectReference) string {
	if ref.Namespace == "" {
		return metav1.NamespaceDefault
	}
	return ref.Namespace
}

// getEventKey, getSpamKey, EventAggregatorByReasonFunc: client-go v0.37.2
// tools/record/events_cache.go (strings.Join(…, "")), written into a reused buffer so that
// looking a key up allocates nothing; a key is made a string only when it is stored.
func appendLegacyEventKey(b []byte, e *corev1.Event) []byte {
	for _, f := range [...]string{e.Source.Component, e.Source.Host, e.InvolvedObject.Kind, e.InvolvedObject.Namespace,
		e.InvolvedObject.Name, e.InvolvedObject.FieldPath, string(e.InvolvedObject.UID), e.InvolvedObject.APIVersion,
		e.Type, e.Reason, e.Message} {
		b = append(b, f...)
	}
	return b
}

func appendSpamKey(b []byte, e *corev1.Event) []byte {
	for _, f := range [...]string{e.Source.Component, e.Source.Host, e.InvolvedObject.Kind, e.InvolvedObject.Namespace,
		e.InvolvedObject.Name, string(e.InvolvedObject.UID), e.InvolvedObject.APIVersion, e.Type} {
		b = append(b, f...)
	}
	return b
}

func appendAggregateKey(b []byte, e *corev1.Event) []byte {
	for _, f := range [...]string{e.Source.Component, e.Source.Host, e.InvolvedObject.Kind, e.InvolvedObject.Namespace,
		e.InvolvedObject.Name, string(e.InvolvedObject.UID), e.InvolvedObject.APIVersion, e.Type, e.Reason,
		e.ReportingController, e.ReportingInstance} {
		b = append(b, f...)
	}
	return b
}

// recordLegacyEvent is client-go v0.37.2 tools/record/event.go generateEvent + makeEvent,
// EventCorrelator.EventCorrelate and recordEvent. s.mu is held.
//
// The Event is built on the stack and copied to the heap only when it is created; its name
// is made only then too (an update keeps the name of the event it updates).
func (s *Server) recordLegacyEvent(rec EventRecord) error {
	st := s.events
	nowT := s.clk.Now()
	now := metav1.NewTime(nowT.Truncate(time.Second))
	ns := eventNamespace(rec.Regarding)
	ev := corev1.Event{
		ObjectMeta:          metav1.ObjectMeta{Namespace: ns},
		InvolvedObject:      rec.Regarding,
		Reason:              rec.Reason,
		Message:             rec.Message,
		FirstTimestamp:      now,
		LastTimestamp:       now,
		Count:               1,
		Type:                rec.Type,
		Source:              rec.Source,
		ReportingController: rec.Source.Component,
		ReportingInstance:   rec.Source.Host,
	}
	// EventAggregator.EventAggregate
	keys := appendLegacyEventKey(st.keyBuf[:0], &ev)
	cacheEnd := len(keys)
	keys = appendAggregateKey(keys, &ev)
	aggKey := keys[cacheEnd:]
	ar := st.aggregates[string(aggKey)]
	if ar == nil || nowT.Sub(ar.last) > aggregateIntervalSeconds*time.Second {
		ar = &aggregateRecord{localKeys: map[string]bool{}}
		st.aggregates[string(aggKey)] = ar
	}
	ar.localKeys[ev.Message] = true
	ar.last = nowT
	cacheKey := keys[:cacheEnd]
	if len(ar.localKeys) >= aggregateMaxEvents {
		// PopAny; the smallest key keeps it deterministic.
		msgs := make([]string, 0, len(ar.localKeys))
		for k := range ar.localKeys {
			msgs = append(msgs, k)
		}
		sort.Strings(msgs)
		delete(ar.localKeys, msgs[0])
		ev = corev1.Event{
			ObjectMeta:     metav1.ObjectMeta{Namespace: ns},
			Count:          1,
			FirstTimestamp: now,
			InvolvedObject: ev.InvolvedObject,
			LastTimestamp:  now,
			Message:        aggregateMessagePrefix + ev.Message,
			Type:           ev.Type,
			Reason:         ev.Reason,
			Source:         ev.Source,
		}
		cacheKey = aggKey
	}
	// eventLogger.eventObserve
	update := false
	l := st.logs[string(cacheKey)]
	if l != nil && l.count > 0 {
		ev.Name = l.name
		ev.FirstTimestamp = l.first
		ev.Count = l.count + 1
		update = true
	} else {
		ev.Name = fmt.Sprintf("%s.%x", ev.InvolvedObject.Name, nowT.UnixNano())
	}
	if l == nil {
		l = &eventLog{}
		st.logs[string(cacheKey)] = l
	}
	*l = eventLog{count: ev.Count, first: ev.FirstTimestamp, name: ev.Name}
	// EventSourceObjectSpamFilter.Filter
	spam := appendSpamKey(st.spamBuf[:0], &ev)
	b := st.spam[string(spam)]
	if b == nil {
		b = &tokenBucket{}
		st.spam[string(spam)] = b
	}
	st.keyBuf, st.spamBuf = keys[:0], spam[:0] // keep the (possibly grown) buffers
	if !b.allow(nowT) {
		return nil
	}
	s.expireEvents()
	r := s.byName["events"]
	if update {
		if stored, ok := s.store["events"][key(ns, ev.Name)]; ok {
			n := stored.DeepCopyObject().(*corev1.Event)
			n.Count, n.LastTimestamp, n.Message = ev.Count, ev.LastTimestamp, ev.Message
			s.commit(r, watch.Modified, n, stored)
			st.written[key(ns, n.Name)] = nowT
			return nil
		}
	}
	// Create (also when the patched event has expired: recordEvent falls back to Create).
	if _, taken := s.store["events"][key(ns, ev.Name)]; taken {
		ev.Name = s.eventName(ev.InvolvedObject, ns, nowT)
	}
	created := new(corev1.Event)
	*created = ev
	if _, err := s.createInternal(r, ns, created, CreateOptions{}, nil); err != nil {
		return err
	}
	l.name = created.Name
	st.written[key(ns, created.Name)] = nowT
	return nil
}

// seriesKey is client-go v0.37.2 tools/events/event_broadcaster.go getKey.
func seriesKey(rec EventRecord) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%s\x00%+v", rec.Type, rec.Action, rec.Reason, rec.ReportingController, rec.ReportingInstance, rec.Regarding)
}

// recordSeriesEvent is the events.k8s.io/v1 recorder (tools/events event_recorder.go
// makeEvent, event_broadcaster.go recordToSink), stored in its core/v1 form. s.mu is held.
func (s *Server) recordSeriesEvent(rec EventRecord) error {
	st := s.events
	nowT := s.clk.Now()
	k := seriesKey(rec)
	if e := st.series[k]; e != nil {
		if e.ev.Series != nil {
			e.ev.Series.Count++
			e.ev.Series.LastObservedTime = metav1.NewMicroTime(nowT.Truncate(time.Microsecond))
			return nil
		}
		e.ev.Series = &corev1.EventSeries{Count: 2, LastObservedTime: metav1.NewMicroTime(nowT.Truncate(time.Microsecond))}
		return s.writeSeriesEvent(e.ev)
	}
	ns := eventNamespace(rec.Regarding)
	ev := &corev1.Event{
		ObjectMeta:          metav1.ObjectMeta{Name: s.eventName(rec.Regarding, ns, nowT), Namespace: ns},
		InvolvedObject:      rec.Regarding,
		Reason:              rec.Reason,
		Message:             rec.Message,
		Type:                rec.Type,
		EventTime:           metav1.NewMicroTime(nowT.Truncate(time.Microsecond)),
		Action:              rec.Action,
		ReportingController: rec.ReportingController,
		ReportingInstance:   rec.ReportingInstance,
	}
	if err := s.writeSeriesEvent(ev); err != nil {
		return err
	}
	st.series[k] = &seriesEntry{ev: ev}
	return nil
}

// writeSeriesEvent creates or updates the stored event (tools/events attemptRecording).
func (s *Server) writeSeriesEvent(ev *corev1.Event) error {
	r := s.byName["events"]
	k := key(ev.Namespace, ev.Name)
	if stored, ok := s.store["events"][k]; ok {
		n := stored.DeepCopyObject().(*corev1.Event)
		n.Series = ev.Series.DeepCopy()
		s.commit(r, watch.Modified, n, stored)
	} else {
		c := ev.DeepCopy()
		c.ResourceVersion = ""
		if _, err := s.createInternal(r, ev.Namespace, c, CreateOptions{}, nil); err != nil {
			return err
		}
	}
	s.events.written[k] = s.clk.Now()
	return nil
}

// runSeriesLoops runs the broadcaster's finishSeries (every 6 min) and
// refreshExistingEventSeries (every 30 min) ticks that are due, in order. s.mu is held.
func (s *Server) runSeriesLoops() {
	st := s.events
	now := s.clk.Now()
	for {
		nextFinish := st.finishDone.Add(seriesFinishTime)
		nextRefresh := st.refreshed.Add(seriesRefreshTime)
		if nextFinish.After(now) && nextRefresh.After(now) {
			return
		}
		keys := make([]string, 0, len(st.series))
		for k := range st.series {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if !nextRefresh.After(nextFinish) {
			st.refreshed = nextRefresh
			for _, k := range keys {
				if e := st.series[k]; e.ev.Series != nil {
					_ = s.writeSeriesEvent(e.ev)
				}
			}
			continue
		}
		st.finishDone = nextFinish
		for _, k := range keys {
			e := st.series[k]
			if e.ev.Series != nil {
				if e.ev.Series.LastObservedTime.Time.Before(nextFinish.Add(-seriesFinishTime)) {
					_ = s.writeSeriesEvent(e.ev)
					delete(st.series, k)
				}
			} else if e.ev.EventTime.Time.Before(nextFinish.Add(-seriesFinishTime)) {
				delete(st.series, k)
			}
		}
	}
}

// eventHousekeeping runs what time has made due: the series loops and the TTL. s.mu is held.
func (s *Server) eventHousekeeping() {
	s.runSeriesLoops()
	s.expireEvents()
}

// expireEvents deletes events whose TTL (kube-apiserver --event-ttl) has run out since their
// last write. s.mu is held.
func (s *Server) expireEvents() {
	now := s.clk.Now()
	if !s.events.nextExpiry.IsZero() && now.Before(s.events.nextExpiry) {
		return
	}
	r := s.byName["events"]
	var next time.Time
	for _, k := range s.sortedKeys(r, "") {
		obj := s.store["events"][k]
		t, ok := s.events.written[k]
		if !ok {
			t = mustAccessor(obj).GetCreationTimestamp().Time
		}
		exp := t.Add(s.opts.EventTTL)
		if !now.Before(exp) {
			delete(s.events.written, k)
			s.commit(r, watch.Deleted, obj, nil)
			continue
		}
		if next.IsZero() || exp.Before(next) {
			next = exp
		}
	}
	if next.IsZero() {
		next = now.Add(s.opts.EventTTL) // nothing stored: nothing can expire before this
	}
	s.events.nextExpiry = next
}

// noteEventWrite lowers the expiry bound for an event stored or rewritten now.
func (s *Server) noteEventWrite() {
	if exp := s.clk.Now().Add(s.opts.EventTTL); exp.Before(s.events.nextExpiry) {
		s.events.nextExpiry = exp
	}
}

// eventFields is pkg/registry/core/event/strategy.go ToSelectableFields.
func eventFields(e *corev1.Event) fields.Set {
	source := e.Source.Component
	if source == "" {
		source = e.ReportingController
	}
	return fields.Set{
		"metadata.name":                  e.Name,
		"metadata.namespace":             e.Namespace,
		"involvedObject.kind":            e.InvolvedObject.Kind,
		"involvedObject.namespace":       e.InvolvedObject.Namespace,
		"involvedObject.name":            e.InvolvedObject.Name,
		"involvedObject.uid":             string(e.InvolvedObject.UID),
		"involvedObject.apiVersion":      e.InvolvedObject.APIVersion,
		"involvedObject.resourceVersion": e.InvolvedObject.ResourceVersion,
		"involvedObject.fieldPath":       e.InvolvedObject.FieldPath,
		"reason":                         e.Reason,
		"reportingComponent":             e.ReportingController,
		"source":                         source,
		"type":                           e.Type,
	}
}

var _ = meta.Accessor
