package controllers_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/docbuild/docbuild/kube/cluster"
)

// TestNamingDeterminism: the names of generated objects come from the cluster's seed (the API
// server's generateName: 5 characters of k8s.io/apimachinery/pkg/util/rand's alphabet
// "bcdfghjklmnpqrstvwxz2456789") and from the template (the ReplicaSet's pod-template-hash),
// so one seed always gives the same names and another seed other Pod suffixes but the same
// ReplicaSet.
func TestNamingDeterminism(t *testing.T) {
	const alphabet = `[bcdfghjklmnpqrstvwxz2456789]`
	names := func(seed int64) (rs, pods string) {
		c := cluster.New(cluster.Options{Seed: seed})
		for _, step := range []struct {
			args  []string
			stdin string
		}{
			{args: []string{"create", "deployment", "web", "--image=nginx:1.27", "--replicas=3"}},
			{args: []string{"create", "-f", "-"}, stdin: `{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"once"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox:1.36","command":["true"]}]}}}}`},
			{args: []string{"create", "-f", "-"}, stdin: `{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db"},"spec":{"serviceName":"db","replicas":2,"selector":{"matchLabels":{"app":"db"}},"template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"redis","image":"redis:7"}]}}}}`},
		} {
			if r := c.Kubectl(step.args, strings.NewReader(step.stdin)); r.Exit != 0 {
				t.Fatalf("%v: %s", step.args, r.Stderr)
			}
		}
		c.Advance(time.Minute)
		return string(c.Kubectl([]string{"get", "rs", "-o", "name"}, nil).Stdout),
			string(c.Kubectl([]string{"get", "pods", "-o", "name"}, nil).Stdout)
	}
	rs1, pods1 := names(1)
	rs1b, pods1b := names(1)
	rs2, pods2 := names(2)
	if rs1 != rs1b || pods1 != pods1b {
		t.Fatalf("seed 1 twice:\n%s%s---\n%s%s", rs1, pods1, rs1b, pods1b)
	}
	if rs1 != rs2 {
		t.Errorf("the ReplicaSet name depends on the seed:\n%s%s", rs1, rs2)
	}
	if pods1 == pods2 {
		t.Errorf("seeds 1 and 2 gave the same pod names:\n%s", pods1)
	}
	rsName := regexp.MustCompile(`^replicaset.apps/web-` + alphabet + `{6,10}\n$`)
	if !rsName.MatchString(rs1) {
		t.Errorf("ReplicaSet %q", rs1)
	}
	hash := strings.TrimSuffix(strings.TrimPrefix(rs1, "replicaset.apps/web-"), "\n")
	var deploymentPods, jobPods, ordinal []string
	for _, p := range strings.Fields(pods1) {
		switch {
		case strings.HasPrefix(p, "pod/web-"):
			deploymentPods = append(deploymentPods, p)
			if !regexp.MustCompile(`^pod/web-` + hash + `-` + alphabet + `{5}$`).MatchString(p) {
				t.Errorf("deployment pod %s", p)
			}
		case strings.HasPrefix(p, "pod/once-"):
			jobPods = append(jobPods, p)
			if !regexp.MustCompile(`^pod/once-` + alphabet + `{5}$`).MatchString(p) {
				t.Errorf("job pod %s", p)
			}
		case strings.HasPrefix(p, "pod/db-"):
			ordinal = append(ordinal, p)
		}
	}
	if len(deploymentPods) != 3 || len(jobPods) != 1 || strings.Join(ordinal, " ") != "pod/db-0 pod/db-1" {
		t.Errorf("pods: %s", pods1)
	}
}
