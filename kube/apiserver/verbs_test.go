package apiserver

import (
	"fmt"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
)

func recordWatch(s *Server) *[]string {
	var log []string
	s.Watch(func(ev WatchEvent) {
		m := mustAccessor(ev.Object)
		line := fmt.Sprintf("%s %s %s/%s", ev.Type, ev.Resource, m.GetNamespace(), m.GetName())
		if m.GetDeletionTimestamp() != nil {
			line += fmt.Sprintf(" deleting(%d)", *m.GetDeletionGracePeriodSeconds())
		}
		log = append(log, line)
	})
	return &log
}

func TestGracefulDelete(t *testing.T) {
	s, clk := newServer(t)
	webPod(t, s)
	log := recordWatch(s)
	clk.Advance(10 * time.Second)
	obj, err := s.Delete("pods", "default", "web", DeleteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pod := obj.(*corev1.Pod)
	if pod.DeletionTimestamp == nil || !pod.DeletionTimestamp.Time.Equal(t0.Add(40*time.Second)) {
		t.Fatalf("deletionTimestamp %v, want now+30s", pod.DeletionTimestamp)
	}
	if *pod.DeletionGracePeriodSeconds != 30 || pod.Generation != 2 {
		t.Fatalf("grace %d generation %d", *pod.DeletionGracePeriodSeconds, pod.Generation)
	}
	if _, err := s.Get("pods", "default", "web"); err != nil {
		t.Fatal("pod gone before the kubelet's final delete")
	}
	// A second delete with the default grace period changes nothing.
	rv := pod.ResourceVersion
	obj, _ = s.Delete("pods", "default", "web", DeleteOptions{})
	if obj.(*corev1.Pod).ResourceVersion != rv {
		t.Fatal("pending deletion rewritten")
	}
	// The kubelet's delete: grace 0 with a UID precondition.
	uid := pod.UID
	if _, err := s.Delete("pods", "default", "web", DeleteOptions{GracePeriodSeconds: new(int64), Preconditions: &metav1.Preconditions{UID: &uid}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("pods", "default", "web"); !apierrors.IsNotFound(err) {
		t.Fatalf("pod still there: %v", err)
	}
	want := []string{"MODIFIED pods default/web deleting(30)", "MODIFIED pods default/web deleting(0)", "DELETED pods default/web deleting(0)"}
	if fmt.Sprint(*log) != fmt.Sprint(want) {
		t.Errorf("watch:\n got %q\nwant %q", *log, want)
	}
}

func TestDeleteRules(t *testing.T) {
	for _, tc := range []struct {
		name      string
		bind      bool
		phase     corev1.PodPhase
		grace     *int64
		wantGone  bool
		wantGrace int64
	}{
		{"unscheduled goes at once", false, "", nil, true, 0},
		{"bound waits 30s", true, "", nil, false, 30},
		{"bound with --grace-period=5", true, "", pointer(int64(5)), false, 5},
		{"force: grace 0", true, "", pointer(int64(0)), true, 0},
		{"negative grace is 1", true, "", pointer(int64(-3)), false, 1},
		{"succeeded pod goes at once", true, corev1.PodSucceeded, nil, true, 0},
		{"failed pod goes at once", true, corev1.PodFailed, nil, true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newServer(t)
			pod := webPod(t, s)
			if !tc.bind {
				s, _ = newServer(t)
				if _, _, err := s.Create("pods", "default", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"a","image":"nginx"}]}}`), CreateOptions{}); err != nil {
					t.Fatal(err)
				}
			}
			if tc.phase != "" {
				pod.Status.Phase = tc.phase
				if _, err := s.UpdatePodStatus(pod); err != nil {
					t.Fatal(err)
				}
			}
			obj, err := s.Delete("pods", "default", "web", DeleteOptions{GracePeriodSeconds: tc.grace})
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.Get("pods", "default", "web")
			if gone := apierrors.IsNotFound(err); gone != tc.wantGone {
				t.Fatalf("gone = %v", gone)
			}
			if g := obj.(*corev1.Pod).DeletionGracePeriodSeconds; g == nil || *g != tc.wantGrace {
				t.Fatalf("deletionGracePeriodSeconds %v, want %d", g, tc.wantGrace)
			}
		})
	}
}

func pointer[T any](v T) *T { return &v }

func TestUpdateRules(t *testing.T) {
	s, _ := newServer(t)
	pod := webPod(t, s)
	log := recordWatch(s)

	// Stale resourceVersion → the storage layer's Conflict.
	stale := pod.DeepCopy()
	stale.ResourceVersion = "1"
	stale.Labels = map[string]string{"a": "b"}
	_, _, err := s.UpdateObject(stale, UpdateOptions{})
	want := `Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again`
	if err == nil || err.Error() != want || !apierrors.IsConflict(err) {
		t.Fatalf("conflict: %v", err)
	}
	// No-op update: same resourceVersion, no watch event.
	out, _, err := s.UpdateObject(pod, UpdateOptions{})
	if err != nil || out.(*corev1.Pod).ResourceVersion != pod.ResourceVersion || len(*log) != 0 {
		t.Fatalf("no-op update wrote: %v %v", err, *log)
	}
	// Labels and annotations are mutable; the generation only follows the spec.
	pod.Labels = map[string]string{"tier": "web"}
	out, _, err = s.UpdateObject(pod, UpdateOptions{})
	if err != nil || out.(*corev1.Pod).Generation != 1 || out.(*corev1.Pod).Labels["tier"] != "web" {
		t.Fatalf("label update: %v %+v", err, out)
	}
	// The image is mutable and bumps the generation.
	p2 := out.(*corev1.Pod)
	p2.Spec.Containers[0].Image = "nginx:1.28"
	out, _, err = s.UpdateObject(p2, UpdateOptions{})
	if err != nil || out.(*corev1.Pod).Generation != 2 {
		t.Fatalf("image update: %v", err)
	}
	// Name mismatch with the URL.
	_, _, err = s.Update("pods", "default", "other", mustJSON(t, p2), UpdateOptions{})
	if err == nil || err.Error() != "the name of the object (web) does not match the name on the URL (other)" {
		t.Fatalf("name mismatch: %v", err)
	}
	// Immutable metadata: uid.
	p3 := out.(*corev1.Pod).DeepCopy()
	p3.UID = "00000000-0000-0000-0000-000000000000"
	_, _, err = s.UpdateObject(p3, UpdateOptions{})
	if err == nil || !strings.Contains(err.Error(), "metadata.uid: Invalid value") {
		t.Fatalf("uid change: %v", err)
	}
	// Status is ignored by an update.
	p4 := out.(*corev1.Pod).DeepCopy()
	p4.Status.Phase = corev1.PodRunning
	out, _, _ = s.UpdateObject(p4, UpdateOptions{})
	if out.(*corev1.Pod).Status.Phase != corev1.PodPending {
		t.Fatal("update changed the status")
	}
	// Update of a missing pod.
	p4.Name = "ghost"
	_, _, err = s.UpdateObject(p4, UpdateOptions{})
	if err == nil || err.Error() != `pods "ghost" not found` {
		t.Fatalf("missing: %v", err)
	}
}

func TestPatchTypes(t *testing.T) {
	s, _ := newServer(t)
	webPod(t, s)
	for _, tc := range []struct {
		name    string
		pt      types.PatchType
		patch   string
		opts    PatchOptions
		wantErr string // kubectl rendering; "" = success
		check   func(*corev1.Pod) bool
	}{
		{"merge label", types.MergePatchType, `{"metadata":{"labels":{"app":"web"}}}`, PatchOptions{}, "", func(p *corev1.Pod) bool { return p.Labels["app"] == "web" }},
		{"json patch image", types.JSONPatchType, `[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.29"}]`, PatchOptions{}, "", func(p *corev1.Pod) bool { return p.Spec.Containers[0].Image == "nginx:1.29" }},
		{"strategic image", types.StrategicMergePatchType, `{"spec":{"containers":[{"name":"web","image":"nginx:1.30"}]}}`, PatchOptions{}, "", func(p *corev1.Pod) bool { return p.Spec.Containers[0].Image == "nginx:1.30" }},
		{"json patch missing path", types.JSONPatchType, `[{"op":"remove","path":"/spec/nope"}]`, PatchOptions{}, "The request is invalid: the server rejected our request due to an error in our request\n", nil},
		{"json patch bad document", types.JSONPatchType, `{"op":"add"}`, PatchOptions{}, "Error from server (BadRequest): error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp\n", nil},
		{"json patch unknown field", types.JSONPatchType, `[{"op":"add","path":"/spec/nope","value":1}]`, PatchOptions{FieldValidation: FieldValidationStrict}, "The request is invalid: patch: Invalid value: ", nil},
		{"merge strict unknown field", types.MergePatchType, `{"spec":{"nope":1}}`, PatchOptions{FieldValidation: FieldValidationStrict}, "The request is invalid: patch: Invalid value: ", nil},
		{"strategic strict unknown field", types.StrategicMergePatchType, `{"spec":{"nope":1}}`, PatchOptions{FieldValidation: FieldValidationStrict}, "The request is invalid: patch: Invalid value: \"map[spec:map[nope:1]]\": strict decoding error: unknown field \"spec.nope\"\n", nil},
		{"strategic ignore unknown field", types.StrategicMergePatchType, `{"spec":{"nope":1}}`, PatchOptions{FieldValidation: FieldValidationIgnore}, "", func(p *corev1.Pod) bool { return true }},
		{"strategic forbidden port change", types.StrategicMergePatchType, `{"spec":{"containers":[{"name":"web","ports":[{"containerPort":8080}]}]}}`, PatchOptions{}, "The Pod \"web\" is invalid: spec: Forbidden: pod updates may not change fields other than", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := s.Patch("pods", "default", "web", tc.pt, []byte(tc.patch), tc.opts)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if !tc.check(out.(*corev1.Pod)) {
					t.Fatalf("patch not applied: %+v", out)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			if got := kubectlError(err); !strings.HasPrefix(got, tc.wantErr) {
				t.Fatalf("got %q\nwant prefix %q", got, tc.wantErr)
			}
		})
	}
	_, _, err := s.Patch("pods", "default", "ghost", types.MergePatchType, []byte(`{}`), PatchOptions{})
	if err == nil || err.Error() != `pods "ghost" not found` {
		t.Fatalf("patch of a missing pod: %v", err)
	}
}

func TestCreateRules(t *testing.T) {
	s, _ := newServer(t)
	body := []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"job-"},"spec":{"containers":[{"name":"a","image":"busybox"}]}}`)
	a, _, err := s.Create("pods", "default", body, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := s.Create("pods", "default", body, CreateOptions{})
	na, nb := a.(*corev1.Pod).Name, b.(*corev1.Pod).Name
	if !strings.HasPrefix(na, "job-") || len(na) != 9 || na == nb {
		t.Fatalf("generated names %q %q", na, nb)
	}
	// Dry run: the object comes back, nothing is stored.
	dry, _, err := s.Create("pods", "default", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"dry"},"spec":{"containers":[{"name":"a","image":"busybox"}]}}`), CreateOptions{DryRun: true})
	if err != nil || dry.(*corev1.Pod).Name != "dry" {
		t.Fatal(err)
	}
	if _, err := s.Get("pods", "default", "dry"); !apierrors.IsNotFound(err) {
		t.Fatal("dry run stored the pod")
	}
	// Missing namespace: NamespaceLifecycle.
	_, _, err = s.Create("pods", "nope", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"name":"a","image":"busybox"}]}}`), CreateOptions{})
	if got := kubectlError(err); got != "Error from server (NotFound): namespaces \"nope\" not found\n" {
		t.Fatalf("missing namespace: %q", got)
	}
	// Namespace mismatch between the body and the request.
	_, _, err = s.Create("pods", "default", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x","namespace":"kube-system"},"spec":{"containers":[{"name":"a","image":"busybox"}]}}`), CreateOptions{})
	if err == nil || err.Error() != "the namespace of the provided object does not match the namespace sent on the request" {
		t.Fatalf("namespace mismatch: %v", err)
	}
	// No name at all.
	_, _, err = s.Create("pods", "default", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{},"spec":{"containers":[{"name":"a","image":"busybox"}]}}`), CreateOptions{})
	if got := kubectlError(err); got != "The Pod \"\" is invalid: metadata.name: Required value: name or generateName is required\n" {
		t.Fatalf("no name: %q", got)
	}
	// A missing service account: the ServiceAccount admission plugin.
	_, _, err = s.Create("pods", "default", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"serviceAccountName":"robot","containers":[{"name":"a","image":"busybox"}]}}`), CreateOptions{})
	if got := kubectlError(err); got != "Error from server (Forbidden): pods \"x\" is forbidden: error looking up service account default/robot: serviceaccount \"robot\" not found\n" {
		t.Fatalf("missing service account: %q", got)
	}
	// An unknown priority class.
	_, _, err = s.Create("pods", "default", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"priorityClassName":"high","containers":[{"name":"a","image":"busybox"}]}}`), CreateOptions{})
	if got := kubectlError(err); got != "Error from server (Forbidden): pods \"x\" is forbidden: no PriorityClass with name high was found\n" {
		t.Fatalf("priority class: %q", got)
	}
	// A dotted pod name is valid but warned about.
	_, warnings, err := s.Create("pods", "default", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web.v1"},"spec":{"containers":[{"name":"a","image":"busybox"}]}}`), CreateOptions{})
	if err != nil || len(warnings) != 1 || warnings[0] != "metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]" {
		t.Fatalf("dotted name: %v %q", err, warnings)
	}
	// Unknown resource.
	if _, err := s.Get("widgets", "default", "x"); err == nil || err.Error() != "the server could not find the requested resource" {
		t.Fatalf("unknown resource: %v", err)
	}
	// Kinds: unknown kind → RESTMapper's NoKindMatchError.
	if _, err := s.RESTMapper().RESTMapping(corev1.SchemeGroupVersion.WithKind("Widget").GroupKind(), "v1"); err == nil || err.Error() != `no matches for kind "Widget" in version "v1"` {
		t.Fatalf("rest mapping: %v", err)
	}
	if m, err := s.RESTMapper().RESTMapping(corev1.SchemeGroupVersion.WithKind("Pod").GroupKind(), "v1"); err != nil || m.Resource.Resource != "pods" {
		t.Fatalf("pod mapping: %v %v", m, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	s, _ := newServer(t)
	for _, tc := range []struct {
		name, body, validation, want string
		warnings                     []string
	}{
		{"unknown fields in body order", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"name":"a","image":"nginx","imagePullPolcy":"x"}],"foo":1}}`, "Strict",
			`Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolcy", unknown field "spec.foo"`, nil},
		{"duplicate field", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x","name":"y"},"spec":{"containers":[{"name":"a","image":"nginx"}]}}`, "Strict",
			`Pod in version "v1" cannot be handled as a Pod: strict decoding error: duplicate field "metadata.name"`, nil},
		{"wrong type", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"name":"a","image":"nginx","ports":[{"containerPort":"80"}]}]}}`, "Strict",
			`Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32`, nil},
		{"string for list", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"name":"a","image":"nginx","command":"ls"}]}}`, "Strict",
			`Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string`, nil},
		{"bad quantity", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[{"name":"a","image":"nginx","resources":{"limits":{"memory":"12x"}}}]}}`, "Strict",
			`Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`, nil},
		{"broken JSON", `{"apiVersion":"v1","kind":"Pod"`, "Strict",
			`the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: unexpected end of JSON input ({"apiVersion":"v1","kind":"Pod ...)`, nil},
		{"other version", `{"apiVersion":"v2","kind":"Pod","metadata":{"name":"x"}}`, "Strict",
			`Pod in version "v2" cannot be handled as a Pod: no kind "Pod" is registered for version "v2" in scheme "pkg/runtime/scheme.go:111"`, nil},
		{"warn mode", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"w"},"spec":{"containers":[{"name":"a","image":"nginx"}],"foo":1}}`, "Warn", "",
			[]string{`unknown field "spec.foo"`}},
		{"default is warn", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"w2"},"spec":{"containers":[{"name":"a","image":"nginx"}],"foo":1}}`, "", "",
			[]string{`unknown field "spec.foo"`}},
		{"ignore mode", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"w3"},"spec":{"containers":[{"name":"a","image":"nginx"}],"foo":1}}`, "Ignore", "", nil},
		{"missing kind and apiVersion take the endpoint's", `{"metadata":{"name":"w4"},"spec":{"containers":[{"name":"a","image":"nginx"}]}}`, "Strict", "", nil},
		{"bad directive", `{}`, "Loud", `CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loud": supported values: "", "Ignore", "Strict", "Warn"`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, warnings, err := s.Create("pods", "default", []byte(tc.body), CreateOptions{FieldValidation: tc.validation})
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
			} else {
				if err == nil || err.Error() != tc.want {
					t.Fatalf("got  %v\nwant %s", err, tc.want)
				}
				if _, ok := err.(*apierrors.StatusError); !ok {
					t.Fatalf("not a StatusError: %T", err)
				}
			}
			if fmt.Sprint(warnings) != fmt.Sprint(tc.warnings) {
				t.Fatalf("warnings %q, want %q", warnings, tc.warnings)
			}
		})
	}
}

func TestListSelectors(t *testing.T) {
	s, _ := newServer(t)
	for _, n := range []string{"b", "a", "c"} {
		body := fmt.Sprintf(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","labels":{"app":"%s"}},"spec":{"containers":[{"name":"a","image":"busybox"}]}}`, n, n)
		if _, _, err := s.Create("pods", "default", []byte(body), CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Bind("default", "c", "node1"); err != nil {
		t.Fatal(err)
	}
	names := func(opts ListOptions, ns string) string {
		l, err := s.List("pods", ns, opts)
		if err != nil {
			return err.Error()
		}
		var out []string
		for _, p := range l.(*corev1.PodList).Items {
			out = append(out, p.Name)
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		opts     ListOptions
		ns, want string
	}{
		{ListOptions{}, "default", "a,b,c"},
		{ListOptions{}, "kube-system", ""},
		{ListOptions{}, "", "a,b,c"},
		{ListOptions{LabelSelector: "app in (a,c)"}, "default", "a,c"},
		{ListOptions{LabelSelector: "app!=a"}, "default", "b,c"},
		{ListOptions{FieldSelector: "spec.nodeName=node1"}, "default", "c"},
		{ListOptions{FieldSelector: "spec.host=node1"}, "default", "c"},
		{ListOptions{FieldSelector: "metadata.name!=b"}, "default", "a,c"},
		{ListOptions{FieldSelector: "status.phase=Pending"}, "default", "a,b,c"},
		{ListOptions{FieldSelector: "spec.containers=x"}, "default", "field label not supported: spec.containers"},
		{ListOptions{LabelSelector: "app in (a"}, "default", "unable to parse requirement: found '', expected: ',' or ')'"},
	} {
		if got := names(tc.opts, tc.ns); got != tc.want {
			t.Errorf("%+v in %q: got %q want %q", tc.opts, tc.ns, got, tc.want)
		}
	}
	l, _ := s.List("pods", "default", ListOptions{})
	if l.(*corev1.PodList).Items[0].Kind != "" || l.GetObjectKind().GroupVersionKind().Kind != "PodList" {
		t.Errorf("list item kinds: %q %q", l.(*corev1.PodList).Items[0].Kind, l.GetObjectKind().GroupVersionKind().Kind)
	}
}

func TestBindAndStatus(t *testing.T) {
	s, clk := newServer(t)
	if _, _, err := s.Create("pods", "default", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"a","image":"nginx"}]}}`), CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Second)
	if err := s.Bind("default", "web", "minikube"); err != nil {
		t.Fatal(err)
	}
	obj, _ := s.Get("pods", "default", "web")
	pod := obj.(*corev1.Pod)
	if pod.Spec.NodeName != "minikube" || len(pod.Status.Conditions) != 1 || pod.Status.Conditions[0].Type != corev1.PodScheduled ||
		pod.Status.Conditions[0].Status != corev1.ConditionTrue || !pod.Status.Conditions[0].LastTransitionTime.Time.Equal(t0.Add(2*time.Second)) {
		t.Fatalf("after bind: %+v %+v", pod.Spec.NodeName, pod.Status.Conditions)
	}
	if pod.Generation != 1 {
		t.Errorf("bind bumped the generation")
	}
	err := s.Bind("default", "web", "other")
	if err == nil || err.Error() != `pod web is already assigned to node "minikube"` {
		t.Fatalf("rebind: %v", err)
	}
	// Status write: only the status is taken.
	pod.Status.Phase = corev1.PodRunning
	pod.Status.PodIP = "10.244.0.5"
	pod.Spec.Containers[0].Image = "ignored"
	out, err := s.UpdatePodStatus(pod)
	if err != nil {
		t.Fatal(err)
	}
	if out.Status.Phase != corev1.PodRunning || out.Spec.Containers[0].Image != "nginx" || len(out.Status.PodIPs) != 1 || out.Status.QOSClass != corev1.PodQOSBestEffort {
		t.Fatalf("status write: %+v", out.Status)
	}
	// A stale status write conflicts.
	pod.ResourceVersion = "3"
	if _, err := s.UpdatePodStatus(pod); !apierrors.IsConflict(err) {
		t.Fatalf("stale status write: %v", err)
	}
	if _, err := s.UpdatePodStatus(&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "ghost", Namespace: "default"}}); !apierrors.IsNotFound(err) {
		t.Fatalf("status of a missing pod: %v", err)
	}
}

func TestWatchOrderAndReentrancy(t *testing.T) {
	s, _ := newServer(t)
	var log []string
	s.Watch(func(ev WatchEvent) {
		if ev.Resource != "pods" {
			return
		}
		pod := ev.Object.(*corev1.Pod)
		log = append(log, fmt.Sprintf("%s %s node=%q", ev.Type, pod.Name, pod.Spec.NodeName))
		if ev.Type == watch.Added {
			// A scheduler binding from inside the callback: committed now, delivered after.
			if err := s.Bind("default", pod.Name, "n1"); err != nil {
				t.Error(err)
			}
			log = append(log, "bound "+pod.Name)
		}
	})
	second := recordWatch(s)
	if _, _, err := s.Create("pods", "default", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"nginx"}]}}`), CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	want := []string{`ADDED p node=""`, "bound p", `MODIFIED p node="n1"`}
	if fmt.Sprint(log) != fmt.Sprint(want) {
		t.Errorf("got %q want %q", log, want)
	}
	if fmt.Sprint(*second) != fmt.Sprint([]string{"ADDED pods default/p", "MODIFIED pods default/p"}) {
		t.Errorf("second watcher: %q", *second)
	}
}

func TestNamespaceLifecycle(t *testing.T) {
	s, _ := newServer(t)
	if _, _, err := s.Create("namespaces", "", []byte(`{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"demo"}}`), CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"serviceaccounts/default", "configmaps/kube-root-ca.crt"} {
		r, name, _ := strings.Cut(n, "/")
		if _, err := s.Get(r, "demo", name); err != nil {
			t.Fatalf("%s not created: %v", n, err)
		}
	}
	if _, _, err := s.Create("pods", "demo", []byte(`{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"a","image":"nginx"}]}}`), CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind("demo", "p", "n1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Delete("namespaces", "", "demo", DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	obj, err := s.Get("namespaces", "", "demo")
	if err != nil || obj.(*corev1.Namespace).Status.Phase != corev1.NamespaceTerminating {
		t.Fatalf("namespace not terminating: %v", err)
	}
	_, _, err = s.Create("configmaps", "demo", []byte(`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}`), CreateOptions{})
	if got := kubectlError(err); got != "Error from server (Forbidden): configmaps \"c\" is forbidden: unable to create new content in namespace demo because it is being terminated\n" {
		t.Fatalf("create in terminating namespace: %q", got)
	}
	// The bound pod is terminating; when the kubelet finishes it the namespace goes.
	if _, err := s.Delete("pods", "demo", "p", DeleteOptions{GracePeriodSeconds: new(int64)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("namespaces", "", "demo"); !apierrors.IsNotFound(err) {
		t.Fatalf("namespace still there: %v", err)
	}
	_, err = s.Delete("namespaces", "", "default", DeleteOptions{})
	if got := kubectlError(err); got != "Error from server (Forbidden): namespaces \"default\" is forbidden: this namespace may not be deleted\n" {
		t.Fatalf("delete default: %q", got)
	}
}

func TestServices(t *testing.T) {
	s, _ := newServer(t)
	k, err := s.Get("services", "default", "kubernetes")
	if err != nil || k.(*corev1.Service).Spec.ClusterIP != "10.96.0.1" {
		t.Fatalf("kubernetes service: %v", err)
	}
	obj, _, err := s.Create("services", "default", []byte(`{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}`), CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	svc := obj.(*corev1.Service)
	ip := svc.Spec.ClusterIP
	if !strings.HasPrefix(ip, "10.") || svc.Spec.Ports[0].TargetPort.IntValue() != 80 {
		t.Fatalf("service: %+v", svc.Spec)
	}
	// An update without clusterIP (kubectl replace of the manifest) keeps the allocated one.
	_, _, err = s.Update("services", "default", "web", []byte(`{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web2"},"ports":[{"port":80}]}}`), UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	obj, _ = s.Get("services", "default", "web")
	if obj.(*corev1.Service).Spec.ClusterIP != ip {
		t.Fatal("clusterIP changed")
	}
	// Changing it is refused.
	_, _, err = s.Update("services", "default", "web", []byte(`{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"clusterIP":"10.96.0.99","selector":{"app":"web"},"ports":[{"port":80}]}}`), UpdateOptions{})
	if err == nil || !strings.Contains(err.Error(), "spec.clusterIPs[0]: Invalid value: [\"10.96.0.99\"]: may not change once set") {
		t.Fatalf("clusterIP change: %v", err)
	}
	// Validation of ports.
	_, _, err = s.Create("services", "default", []byte(`{"apiVersion":"v1","kind":"Service","metadata":{"name":"bad"},"spec":{"ports":[{"port":80},{"port":81}]}}`), CreateOptions{})
	if got := kubectlError(err); !strings.Contains(got, "spec.ports[0].name: Required value") {
		t.Fatalf("unnamed ports: %q", got)
	}
	// Deleting frees the address; a Service returns a Status.
	out, err := s.Delete("services", "default", "web", DeleteOptions{})
	if st, ok := out.(*metav1.Status); err != nil || !ok || st.Status != metav1.StatusSuccess || st.Details.Kind != "services" {
		t.Fatalf("delete service: %#v %v", out, err)
	}
}

func TestNodeTaint(t *testing.T) {
	s, _ := newServer(t)
	obj, _, err := s.Create("nodes", "", kubectlBody(t, readFile(t, "testdata/real/node.yaml")), CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	node := obj.(*corev1.Node)
	if len(node.Spec.Taints) != 1 || node.Spec.Taints[0].Key != corev1.TaintNodeNotReady {
		t.Fatalf("taints %+v", node.Spec.Taints)
	}
	node.Status.Conditions = []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady"}}
	if _, err := s.UpdateStatus(node); err != nil {
		t.Fatal(err)
	}
	obj, _ = s.Get("nodes", "", node.Name)
	if len(obj.(*corev1.Node).Spec.Taints) != 0 || len(obj.(*corev1.Node).Status.Conditions) != 1 {
		t.Fatalf("after Ready: %+v", obj.(*corev1.Node))
	}
}

// TestPodUpdateMutableFields pins which spec changes ValidatePodUpdate (v1.37.2) lets
// through: image, added tolerations, activeDeadlineSeconds set or lowered, and
// terminationGracePeriodSeconds only from a negative value to 1.
func TestPodUpdateMutableFields(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mutate  func(p *corev1.Pod)
		allowed bool
		detail  string // substring of the refusal
	}{
		{"image", func(p *corev1.Pod) { p.Spec.Containers[0].Image = "nginx:1.28" }, true, ""},
		{"add a toleration", func(p *corev1.Pod) {
			p.Spec.Tolerations = append(p.Spec.Tolerations, corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists})
		}, true, ""},
		// DefaultTolerationSeconds runs on updates too: a removed default toleration comes back.
		{"remove a default toleration", func(p *corev1.Pod) { p.Spec.Tolerations = p.Spec.Tolerations[:1] }, true, ""},
		{"remove a user toleration", func(p *corev1.Pod) {
			p.Spec.Tolerations = append(p.Spec.Tolerations, corev1.Toleration{Key: "k", Operator: corev1.TolerationOpExists})
			p.Annotations = map[string]string{"step": "1"}
		}, false, "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"},
		{"set activeDeadlineSeconds", func(p *corev1.Pod) { p.Spec.ActiveDeadlineSeconds = pointer(int64(60)) }, true, ""},
		{"terminationGracePeriodSeconds 30→60", func(p *corev1.Pod) { p.Spec.TerminationGracePeriodSeconds = pointer(int64(60)) }, false,
			"-\"TerminationGracePeriodSeconds\": 30,\n+\"TerminationGracePeriodSeconds\": 60,"},
		{"labels", func(p *corev1.Pod) { p.Labels = map[string]string{"a": "b"} }, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newServer(t)
			pod := webPod(t, s)
			tc.mutate(pod)
			if pod.Annotations["step"] == "1" {
				// First add the toleration, then try to take it away again.
				out, _, err := s.UpdateObject(pod, UpdateOptions{})
				if err != nil {
					t.Fatal(err)
				}
				pod = out.(*corev1.Pod)
				pod.Spec.Tolerations = pod.Spec.Tolerations[:2]
			}
			_, _, err := s.UpdateObject(pod, UpdateOptions{})
			if tc.allowed {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("update accepted")
			}
			if got := strings.ReplaceAll(err.Error(), " ", ""); !strings.Contains(got, strings.ReplaceAll(tc.detail, " ", "")) {
				t.Fatalf("got %s\nwant it to contain %q", err, tc.detail)
			}
		})
	}
}
