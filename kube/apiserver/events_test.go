package apiserver

import (
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
)

func events(t *testing.T, s *Server, selector string) []corev1.Event {
	t.Helper()
	l, err := s.List("events", "default", ListOptions{FieldSelector: selector})
	if err != nil {
		t.Fatal(err)
	}
	return l.(*corev1.EventList).Items
}

func TestKubeletEvents(t *testing.T) {
	s, clk := newServer(t)
	pod := webPod(t, s)
	kubelet := corev1.EventSource{Component: "kubelet", Host: "minikube"}
	ref := Reference(pod, "spec.containers{web}")
	v := s.Version()
	for _, m := range []struct{ reason, msg string }{
		{"Pulling", fmt.Sprintf(v.PullingMessage, "nginx:1.27")},
		{"Pulled", v.PulledMessage("nginx:1.27", 1234*time.Millisecond, 1234*time.Millisecond, 72195292)},
		{"Created", v.CreatedMessage("web")},
		{"Started", v.StartedMessage("web")},
	} {
		s.RecordEvent(EventRecord{Regarding: ref, Type: corev1.EventTypeNormal, Reason: m.reason, Message: m.msg, Source: kubelet})
		clk.Advance(time.Second)
	}
	evs := events(t, s, "involvedObject.name=web,involvedObject.uid="+string(pod.UID))
	if len(evs) != 4 {
		t.Fatalf("%d events", len(evs))
	}
	for _, e := range evs {
		if e.Count != 1 || e.Source != kubelet || e.ReportingController != "kubelet" || e.ReportingInstance != "minikube" ||
			e.InvolvedObject.FieldPath != "spec.containers{web}" || !strings.HasPrefix(e.Name, "web.") || e.FirstTimestamp != e.LastTimestamp {
			t.Errorf("event %+v", e)
		}
	}
	if got := evs[1].Message; got != `Successfully pulled image "nginx:1.27" in 1.234s (1.234s including waiting). Image size: 72195292 bytes.` {
		t.Errorf("pulled message %q", got)
	}
	// Name: ref name + "." + hex(unixNano) of the recording time (client-go GenerateEventName).
	if want := fmt.Sprintf("web.%x", t0.UnixNano()); evs[0].Name != want {
		t.Errorf("name %s want %s", evs[0].Name, want)
	}
}

// TestEventCorrelator checks count aggregation and the spam filter of client-go's
// EventCorrelator: 25 writes of a burst, then one every 5 minutes carrying the full count.
func TestEventCorrelator(t *testing.T) {
	s, clk := newServer(t)
	pod := webPod(t, s)
	kubelet := corev1.EventSource{Component: "kubelet", Host: "minikube"}
	ref := Reference(pod, "spec.containers{web}")
	msg := fmt.Sprintf(s.Version().BackOffMessage, "web", s.Version().PodDesc(pod.Name, pod.Namespace, string(pod.UID)))
	back := func() {
		s.RecordEvent(EventRecord{Regarding: ref, Type: corev1.EventTypeWarning, Reason: "BackOff", Message: msg, Source: kubelet})
	}
	for i := 0; i < 30; i++ {
		back()
		clk.Advance(time.Second)
	}
	evs := events(t, s, "reason=BackOff")
	if len(evs) != 1 || evs[0].Count != 25 || !evs[0].LastTimestamp.Time.Equal(t0.Add(24*time.Second)) || !evs[0].FirstTimestamp.Time.Equal(t0) {
		t.Fatalf("after 30 repeats: %+v", evs)
	}
	clk.Advance(300 * time.Second)
	back()
	evs = events(t, s, "reason=BackOff")
	if len(evs) != 1 || evs[0].Count != 31 || !evs[0].FirstTimestamp.Time.Equal(t0) {
		t.Fatalf("after the refill: count %d", evs[0].Count)
	}
	// Another object has its own bucket; Normal events have their own bucket too.
	s.RecordEvent(EventRecord{Regarding: ref, Type: corev1.EventTypeNormal, Reason: "Pulled", Message: "x", Source: kubelet})
	if len(events(t, s, "reason=Pulled")) != 1 {
		t.Fatal("normal event throttled by the warning bucket")
	}
}

// TestEventAggregation: ten similar events (same reason, different messages) within ten
// minutes become one "(combined from similar events): " event.
func TestEventAggregation(t *testing.T) {
	s, clk := newServer(t)
	pod := webPod(t, s)
	kubelet := corev1.EventSource{Component: "kubelet", Host: "minikube"}
	for i := 0; i < 12; i++ {
		s.RecordEvent(EventRecord{Regarding: Reference(pod, ""), Type: corev1.EventTypeWarning, Reason: "FailedMount", Message: fmt.Sprintf("mount %d failed", i), Source: kubelet})
		clk.Advance(time.Second)
	}
	evs := events(t, s, "reason=FailedMount")
	var combined []corev1.Event
	for _, e := range evs {
		if strings.HasPrefix(e.Message, "(combined from similar events): ") {
			combined = append(combined, e)
		}
	}
	if len(evs) != 10 || len(combined) != 1 || combined[0].Message != "(combined from similar events): mount 11 failed" || combined[0].Count != 3 {
		t.Fatalf("%d events, combined %+v", len(evs), combined)
	}
}

// TestSeriesEvents: an events.k8s.io recorder (the scheduler) writes a repeat once as a
// series of 2, then only when the 6-minute loop finishes the series.
func TestSeriesEvents(t *testing.T) {
	s, clk := newServer(t)
	if _, _, err := s.Create("pods", "default", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"nginx"}]}}`), CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	obj, _ := s.Get("pods", "default", "p")
	ref := Reference(obj, "")
	rec := EventRecord{Regarding: ref, Type: corev1.EventTypeWarning, Reason: "FailedScheduling", Message: s.Version().NoNodesMessage,
		ReportingController: "default-scheduler", ReportingInstance: "default-scheduler-control-plane", Action: "Scheduling"}
	s.RecordEvent(rec)
	evs := events(t, s, "reason=FailedScheduling")
	if len(evs) != 1 || evs[0].Series != nil || evs[0].Count != 0 || !evs[0].FirstTimestamp.IsZero() || evs[0].EventTime.IsZero() || evs[0].Source.Component != "" {
		t.Fatalf("first: %+v", evs)
	}
	clk.Advance(10 * time.Second)
	s.RecordEvent(rec)
	clk.Advance(10 * time.Second)
	s.RecordEvent(rec)
	evs = events(t, s, "reason=FailedScheduling")
	if evs[0].Series == nil || evs[0].Series.Count != 2 || !evs[0].Series.LastObservedTime.Time.Equal(t0.Add(10*time.Second)) {
		t.Fatalf("series: %+v", evs[0].Series)
	}
	// The finish loop runs every 6 minutes and writes series idle for 6 minutes.
	clk.Advance(12 * time.Minute)
	evs = events(t, s, "reason=FailedScheduling")
	if evs[0].Series.Count != 3 || !evs[0].Series.LastObservedTime.Time.Equal(t0.Add(20*time.Second)) {
		t.Fatalf("after finish: %+v", evs[0].Series)
	}
	// A different resourceVersion of the regarding object is a different event.
	obj, _ = s.Get("pods", "default", "p")
	pod := obj.(*corev1.Pod)
	pod.Labels = map[string]string{"x": "y"}
	out, _, _ := s.UpdateObject(pod, UpdateOptions{})
	rec.Regarding = Reference(out, "")
	s.RecordEvent(rec)
	if n := len(events(t, s, "reason=FailedScheduling")); n != 2 {
		t.Fatalf("%d events", n)
	}
}

func TestEventValidation(t *testing.T) {
	s, _ := newServer(t)
	pod := webPod(t, s)
	err := s.RecordEvent(EventRecord{Regarding: Reference(pod, ""), Type: corev1.EventTypeNormal, Reason: "Scheduled", Message: "x", ReportingController: "default-scheduler", Action: "Binding"})
	if err == nil || !strings.Contains(err.Error(), "reportingInstance: Required value") {
		t.Fatalf("event without reportingInstance: %v", err)
	}
}

func TestEventTTL(t *testing.T) {
	s, clk := newServer(t)
	pod := webPod(t, s)
	s.RecordEvent(EventRecord{Regarding: Reference(pod, ""), Type: corev1.EventTypeNormal, Reason: "Scheduled", Message: "x",
		ReportingController: "default-scheduler", ReportingInstance: "default-scheduler-control-plane", Action: "Binding"})
	clk.Advance(59 * time.Minute)
	if len(events(t, s, "")) != 1 {
		t.Fatal("expired early")
	}
	clk.Advance(time.Minute)
	if len(events(t, s, "")) != 0 {
		t.Fatal("event outlived its TTL")
	}
}

// TestEventTTLStaggered checks the expiry bound: a later event outlives an earlier one and
// expires at its own deadline, not at the first scan after the earlier one's.
func TestEventTTLStaggered(t *testing.T) {
	s, clk := newServer(t)
	pod := webPod(t, s)
	rec := func(reason string) {
		s.RecordEvent(EventRecord{Regarding: Reference(pod, ""), Type: corev1.EventTypeNormal, Reason: reason, Message: reason,
			ReportingController: "default-scheduler", ReportingInstance: "default-scheduler-control-plane", Action: "Binding"})
	}
	rec("First")
	clk.Advance(30 * time.Minute)
	rec("Second")
	clk.Advance(30 * time.Minute)
	if got := len(events(t, s, "")); got != 1 {
		t.Fatalf("at 60m: %d events, want 1 (the second)", got)
	}
	clk.Advance(29 * time.Minute)
	if got := len(events(t, s, "")); got != 1 {
		t.Fatalf("at 89m: %d events, want 1", got)
	}
	clk.Advance(time.Minute)
	if got := len(events(t, s, "")); got != 0 {
		t.Fatalf("at 90m: %d events, want 0", got)
	}
}
