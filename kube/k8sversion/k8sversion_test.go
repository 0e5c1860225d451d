package k8sversion

import (
	"strings"
	"testing"
	"time"
)

func TestGet(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		wantErr  bool
	}{
		{"", "1.37", false},
		{"1.37", "1.37", false},
		{"v1.37.2", "1.37", false},
		{"1.34", "1.34", false},
		{"1.12", "", true},
		{"banana", "", true},
	} {
		v, err := Get(tc.in)
		if (err != nil) != tc.wantErr {
			t.Fatalf("Get(%q) err = %v", tc.in, err)
		}
		if err == nil && v.Minor != tc.want {
			t.Errorf("Get(%q).Minor = %q, want %q", tc.in, v.Minor, tc.want)
		}
	}
}

func TestFreshCopies(t *testing.T) {
	a := MustGet("1.37")
	a.PodUpdatableFields[0] = "changed"
	if b := MustGet("1.37"); b.PodUpdatableFields[0] == "changed" {
		t.Fatal("Get returned shared state")
	}
}

// Expected texts are copied from facts.md (executed v1.37.2 outputs) and real/A.md.
func TestMessages137(t *testing.T) {
	v := MustGet("")
	for _, tc := range []struct{ name, got, want string }{
		{"forbidden", v.PodUpdateForbidden("@@ x @@\n"), "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n@@ x @@\n"},
		{"delete", v.DeleteOperation("default", false), "deleted from default namespace"},
		{"force delete", v.DeleteOperation("default", true), "force deleted from default namespace"},
		{"delete cluster-scoped", v.DeleteOperation("", false), "deleted"},
		{"probe", v.ProbeAttrs(0, 1, 10, 1, 3), "delay=0s timeout=1s period=10s successThreshold=1 failureThreshold=3"},
		{"event prefix", v.EventMessage("spec.containers{web}", "Pulling image \"nginx:1.27\""), "spec.containers{web}: Pulling image \"nginx:1.27\""},
		{"event no path", v.EventMessage("", " no nodes available to schedule pods "), "no nodes available to schedule pods"},
		{"created", v.CreatedMessage("web"), "Container created"},
		{"started", v.StartedMessage("web"), "Container started"},
		{"pulled", v.PulledMessage("nginx:1.27", 1234567*time.Microsecond, 1234999*time.Microsecond, 72195292), "Successfully pulled image \"nginx:1.27\" in 1.234s (1.234s including waiting). Image size: 72195292 bytes."},
		{"poddesc", v.PodDesc("network-demo", "default", "0c7d"), "network-demo_default(0c7d)"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestOlder(t *testing.T) {
	for _, tc := range []struct{ minor, created, probe, del string }{
		{"1.36", "Container created", "delay=0s timeout=1s period=10s #success=1 #failure=3", "deleted from default namespace"},
		{"1.34", "Created container: web", "delay=0s timeout=1s period=10s #success=1 #failure=3", "deleted from default namespace"},
		{"1.33", "Created container: web", "delay=0s timeout=1s period=10s #success=1 #failure=3", "deleted"},
	} {
		v := MustGet(tc.minor)
		if v.Complete {
			t.Errorf("%s marked complete", tc.minor)
		}
		if got := v.CreatedMessage("web"); got != tc.created {
			t.Errorf("%s created = %q", tc.minor, got)
		}
		if got := v.ProbeAttrs(0, 1, 10, 1, 3); got != tc.probe {
			t.Errorf("%s probe = %q", tc.minor, got)
		}
		if got := v.DeleteOperation("default", false); got != tc.del {
			t.Errorf("%s delete = %q", tc.minor, got)
		}
	}
	if !strings.Contains(MustGet("1.34").StartedMessage("web"), "Started container web") {
		t.Error("1.34 started message")
	}
}
