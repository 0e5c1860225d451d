package controllers

import (
	"regexp"
	"sort"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

// TestResolveFenceposts: the cases of k8s.io/kubernetes v1.37.2
// pkg/controller/deployment/util/deployment_util_test.go TestResolveFenceposts.
func TestResolveFenceposts(t *testing.T) {
	cases := []struct {
		maxSurge, maxUnavailable *string
		desired                  int32
		surge, unavailable       int32
		wantErr                  bool
	}{
		{ptr.To("0%"), ptr.To("0%"), 0, 0, 1, false},
		{ptr.To("39%"), ptr.To("39%"), 10, 4, 3, false},
		{ptr.To("oops"), ptr.To("39%"), 10, 0, 0, true},
		{ptr.To("55%"), ptr.To("urg"), 10, 0, 0, true},
		{nil, ptr.To("39%"), 10, 0, 3, false},
		{ptr.To("39%"), nil, 10, 4, 0, false},
		{nil, nil, 10, 0, 1, false},
	}
	for i, c := range cases {
		var ms, mu *intstr.IntOrString
		if c.maxSurge != nil {
			ms = ptr.To(intstr.FromString(*c.maxSurge))
		}
		if c.maxUnavailable != nil {
			mu = ptr.To(intstr.FromString(*c.maxUnavailable))
		}
		s, u, err := resolveFenceposts(ms, mu, c.desired)
		if (err != nil) != c.wantErr || s != c.surge || u != c.unavailable {
			t.Errorf("#%d: %d, %d, %v; want %d, %d, error %v", i, s, u, err, c.surge, c.unavailable, c.wantErr)
		}
	}
}

// TestNewRSNewReplicas: deployment_util_test.go TestNewRSNewReplicas.
func TestNewRSNewReplicas(t *testing.T) {
	cases := []struct {
		name                                    string
		strategy                                appsv1.DeploymentStrategyType
		depReplicas, newRSReplicas, surge, want int32
	}{
		{"can not scale up - to newRSReplicas", appsv1.RollingUpdateDeploymentStrategyType, 1, 5, 1, 5},
		{"scale up - to depReplicas", appsv1.RollingUpdateDeploymentStrategyType, 6, 2, 10, 6},
		{"recreate - to depReplicas", appsv1.RecreateDeploymentStrategyType, 3, 1, 1, 3},
	}
	for _, c := range cases {
		d := &appsv1.Deployment{Spec: appsv1.DeploymentSpec{Replicas: ptr.To(c.depReplicas), Strategy: appsv1.DeploymentStrategy{
			Type: c.strategy,
			RollingUpdate: &appsv1.RollingUpdateDeployment{
				MaxUnavailable: ptr.To(intstr.FromInt32(1)), MaxSurge: ptr.To(intstr.FromInt32(c.surge)),
			},
		}}}
		rs5 := &appsv1.ReplicaSet{Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To[int32](5)}}
		newRS := &appsv1.ReplicaSet{Spec: appsv1.ReplicaSetSpec{Replicas: ptr.To(c.newRSReplicas)}}
		got, err := newRSNewReplicas(d, []*appsv1.ReplicaSet{rs5}, newRS)
		if err != nil || got != c.want {
			t.Errorf("%s: %d, %v; want %d", c.name, got, err, c.want)
		}
	}
}

// TestComputeHash: the pod-template-hash changes with the template and the collision count,
// is a SafeEncodeString of a uint32 (consonants and digits only, at most 10 characters), and
// does not depend on anything but the template (controller_utils.go ComputeHash).
func TestComputeHash(t *testing.T) {
	tmpl := &corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "nginx"}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "nginx", Image: "nginx"}}},
	}
	h := ComputeHash(tmpl, nil)
	if !regexp.MustCompile(`^[bcdfghjklmnpqrstvwxz2456789]{1,10}$`).MatchString(h) {
		t.Errorf("hash %q", h)
	}
	if again := ComputeHash(tmpl.DeepCopy(), nil); again != h {
		t.Errorf("not stable: %s, %s", h, again)
	}
	one, two := int32(1), int32(2)
	seen := map[string]string{"nil": h}
	for name, cc := range map[string]*int32{"1": &one, "2": &two} {
		v := ComputeHash(tmpl, cc)
		for other, ov := range seen {
			if ov == v {
				t.Errorf("collision count %s gives the hash of %s", name, other)
			}
		}
		seen[name] = v
	}
	changed := tmpl.DeepCopy()
	changed.Spec.Containers[0].Image = "nginx:1.27"
	if ComputeHash(changed, nil) == h {
		t.Error("image change kept the hash")
	}
}

// TestGenerateReplicaSetName: sync.go generateReplicaSetName truncates the Deployment name so
// that the name and hash fit a DNS-1123 subdomain (253 characters).
func TestGenerateReplicaSetName(t *testing.T) {
	long := make([]byte, 260)
	for i := range long {
		long[i] = 'a'
	}
	cases := []struct{ name, hash, want string }{
		{"nginx", "8d87469cc", "nginx-8d87469cc"},
		{string(long), "8d87469cc", string(long[:243]) + "-8d87469cc"},
	}
	for _, c := range cases {
		if got := generateReplicaSetName(c.name, c.hash); got != c.want || len(got) > 253 {
			t.Errorf("%d chars: got %d chars", len(c.name), len(got))
		}
	}
}

// TestPodsToDelete: the deletion order of controller_utils.go ActivePodsWithRanks (the rules of
// TestSortingActivePodsWithRanks): unassigned, then pending, not ready, doubled up, recently
// ready, restarted more, newer.
func TestPodsToDelete(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) metav1.Time { return metav1.NewTime(now.Add(-d)) }
	pod := func(name, node string, phase corev1.PodPhase, ready bool, readySince, created time.Duration, restarts int32) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, UID: types.UID(name), CreationTimestamp: at(created)},
			Spec: corev1.PodSpec{NodeName: node}, Status: corev1.PodStatus{Phase: phase,
				ContainerStatuses: []corev1.ContainerStatus{{RestartCount: restarts}}}}
		if ready {
			p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue, LastTransitionTime: at(readySince)}}
		}
		return p
	}
	pods := []*corev1.Pod{
		pod("old-ready", "n1", corev1.PodRunning, true, time.Hour, 2*time.Hour, 0),
		pod("unassigned", "", corev1.PodPending, false, 0, time.Hour, 0),
		pod("pending", "n1", corev1.PodPending, false, 0, time.Hour, 0),
		pod("not-ready", "n1", corev1.PodRunning, false, 0, time.Hour, 0),
		pod("new-ready", "n1", corev1.PodRunning, true, time.Minute, time.Hour, 0),
		pod("restarted", "n1", corev1.PodRunning, true, time.Hour, 2*time.Hour, 3),
	}
	got := podsToDelete(pods, nil, len(pods)-1, now)
	var names []string
	for _, p := range got {
		names = append(names, p.Name)
	}
	want := []string{"unassigned", "pending", "not-ready", "new-ready", "restarted"}
	if len(names) != len(want) {
		t.Fatalf("got %v", names)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("order %v, want %v", names, want)
		}
	}
	// activePods (the Job controller's order) agrees on the first rules.
	s := append([]*corev1.Pod{}, pods...)
	sort.Sort(activePods(s))
	if s[0].Name != "unassigned" || s[1].Name != "pending" {
		t.Errorf("activePods order: %s, %s", s[0].Name, s[1].Name)
	}
}

// TestRateLimiterDelay: workqueue's per-item exponential back-off (5 ms doubling, 1000 s cap).
func TestRateLimiterDelay(t *testing.T) {
	for n, want := range map[int]time.Duration{1: 5 * time.Millisecond, 2: 10 * time.Millisecond, 5: 80 * time.Millisecond, 40: 1000 * time.Second} {
		if got := rateLimiterDelay(n); got != want {
			t.Errorf("%d failures: %v, want %v", n, got, want)
		}
	}
}

// TestJobBackoff: backoff_utils.go getRemainingTimeForFailuresCount (10 s doubling, 10 min cap,
// counted from the last failure).
func TestJobBackoff(t *testing.T) {
	last := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		failures int32
		elapsed  time.Duration
		want     time.Duration
	}{
		{0, 0, 0},
		{1, 0, 10 * time.Second},
		{1, 4 * time.Second, 6 * time.Second},
		{2, 0, 20 * time.Second},
		{3, 50 * time.Second, 0},
		{10, 0, 10 * time.Minute},
	}
	for _, c := range cases {
		b := jobBackoffRecord{failuresAfterLastSuccess: c.failures, lastFailureTime: &last}
		if got := b.remainingTime(last.Add(c.elapsed)); got != c.want {
			t.Errorf("%d failures, %v later: %v, want %v", c.failures, c.elapsed, got, c.want)
		}
	}
}

// TestOrderedIntervals: indexed_job_utils.go completed-indexes strings.
func TestOrderedIntervals(t *testing.T) {
	cases := []struct {
		prev string
		add  []int
		want string
	}{
		{"", []int{0}, "0"},
		{"0", []int{1}, "0,1"},
		{"0,1", []int{2}, "0-2"},
		{"0-2", []int{5, 7}, "0-2,5,7"},
		{"0-2,5,7", []int{6}, "0-2,5-7"},
	}
	for _, c := range cases {
		got := parseIndexesFromString(c.prev, 10).withOrderedIndexes(c.add).String()
		if got != c.want {
			t.Errorf("%q + %v = %q, want %q", c.prev, c.add, got, c.want)
		}
	}
	if podGenerateNameWithIndex("pi", 3) != "pi-3-" {
		t.Error(podGenerateNameWithIndex("pi", 3))
	}
}
