package kubelet

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestPhaseAndStatusProperty runs random exit sequences under every restart policy and checks
// the rules of the kubelet (getPhase, restart policy, crash-loop back-off) and of printPod's
// STATUS column on every status the kubelet writes.
func TestPhaseAndStatusProperty(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	policies := []v1.RestartPolicy{v1.RestartPolicyAlways, v1.RestartPolicyOnFailure, v1.RestartPolicyNever}
	codesPool := []int{0, 0, 1, 2, 137}
	for i := 0; i < 150; i++ {
		policy := policies[i%3]
		n := 1 + rng.Intn(3)
		pod := &v1.Pod{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("p%d", i)}, Spec: v1.PodSpec{RestartPolicy: policy}}
		h := newHarness("busybox:1.36")
		desc := []string{string(policy)}
		for c := 0; c < n; c++ {
			name := fmt.Sprintf("c%d", c)
			pod.Spec.Containers = append(pod.Spec.Containers, v1.Container{Name: name, Image: "busybox:1.36"})
			b := &behaviour{}
			for k := 0; k < 1+rng.Intn(6); k++ {
				b.runs = append(b.runs, time.Duration(rng.Intn(20000))*time.Millisecond)
				b.codes = append(b.codes, codesPool[rng.Intn(len(codesPool))])
			}
			if rng.Intn(4) == 0 {
				b.runs = append(b.runs, -1) // finally keeps running
				b.codes = append(b.codes, 0)
			}
			h.rt.scripts[name] = b
			desc = append(desc, fmt.Sprintf("%s%v%v", name, b.runs, b.codes))
		}
		var problems []string
		var phases []v1.PodPhase
		check := func(p *v1.Pod, now time.Time) {
			ready, status, restarts := printPodColumns(p, now)
			phases = append(phases, p.Status.Phase)
			sum, running := 0, 0
			for _, cs := range p.Status.ContainerStatuses {
				sum += int(cs.RestartCount)
				if cs.State.Running != nil && cs.Ready {
					running++
				}
				if policy == v1.RestartPolicyNever && cs.RestartCount != 0 {
					problems = append(problems, fmt.Sprintf("%s restarted under Never", cs.Name))
				}
			}
			if got := strings.Fields(restarts)[0]; got != fmt.Sprint(sum) {
				problems = append(problems, fmt.Sprintf("RESTARTS %q, sum of restartCount %d", restarts, sum))
			}
			if want := fmt.Sprintf("%d/%d", running, n); ready != want {
				problems = append(problems, fmt.Sprintf("READY %s, want %s", ready, want))
			}
			switch p.Status.Phase {
			case v1.PodSucceeded:
				if status != "Completed" {
					problems = append(problems, "Succeeded pod shows "+status)
				}
			case v1.PodFailed:
				if status != "Error" && status != "OOMKilled" {
					problems = append(problems, "Failed pod shows "+status)
				}
			case v1.PodRunning:
				if policy == v1.RestartPolicyAlways || running > 0 {
					break
				}
				// OnFailure with every container stopped: one must be restarting.
				if policy == v1.RestartPolicyNever {
					problems = append(problems, "Never pod Running with nothing running")
				}
			}
			// The first non-running container (spec order) decides STATUS.
			for _, c := range pod.Spec.Containers {
				cs, _ := getStatus(p.Status.ContainerStatuses, c.Name)
				if cs.State.Running != nil {
					continue
				}
				if w := cs.State.Waiting; w != nil && w.Reason == reasonCrashLoopBackOff && status != reasonCrashLoopBackOff && p.Status.Phase == v1.PodRunning {
					problems = append(problems, fmt.Sprintf("%s in CrashLoopBackOff but STATUS %s", c.Name, status))
				}
				break
			}
		}
		h.api.onWrite = func(p *v1.Pod) { check(p, h.clk.Now()) }
		h.api.create(pod)
		h.clk.AdvanceTo(t0.Add(15 * time.Minute))

		for j := 1; j < len(phases); j++ {
			if isTerminalPhase(phases[j-1]) && phases[j] != phases[j-1] {
				problems = append(problems, fmt.Sprintf("phase left %s for %s", phases[j-1], phases[j]))
			}
			if policy == v1.RestartPolicyAlways && isTerminalPhase(phases[j]) {
				problems = append(problems, "Always pod reached "+string(phases[j]))
			}
		}
		// Restart timing: the crash-loop back-off between an exit and the next start.
		byName := map[string][]ContainerTrace{}
		for _, in := range h.kl.Instances("default", pod.Name) {
			byName[in.Name] = append(byName[in.Name], in)
		}
		for name, ins := range byName {
			for k := 1; k < len(ins); k++ {
				prev, cur := ins[k-1], ins[k]
				if policy == v1.RestartPolicyOnFailure && prev.ExitCode == 0 {
					problems = append(problems, fmt.Sprintf("%s restarted after exit 0 under OnFailure", name))
				}
				gap := cur.Started.Sub(prev.Finished)
				if cur.Attempt >= 2 {
					min := 10 * time.Second << (cur.Attempt - 2)
					if min > 300*time.Second || min <= 0 {
						min = 300 * time.Second
					}
					if gap < min {
						problems = append(problems, fmt.Sprintf("%s attempt %d restarted %v after exit, back-off %v", name, cur.Attempt, gap, min))
					}
				} else if gap > 5*time.Second {
					problems = append(problems, fmt.Sprintf("%s first restart took %v", name, gap))
				}
			}
		}
		// Final phase under Never: Succeeded iff every container exited 0.
		if p := h.pod(pod.Name); policy == v1.RestartPolicyNever && p != nil {
			allDone, allZero := true, true
			for _, ins := range byName {
				last := ins[len(ins)-1]
				if last.State != "exited" {
					allDone = false
				} else if last.ExitCode != 0 {
					allZero = false
				}
			}
			want := v1.PodRunning
			switch {
			case allDone && allZero:
				want = v1.PodSucceeded
			case allDone:
				want = v1.PodFailed
			}
			if p.Status.Phase != want {
				problems = append(problems, fmt.Sprintf("final phase %s, want %s", p.Status.Phase, want))
			}
		}
		if len(problems) > 0 {
			t.Errorf("scenario %d %v:\n  %s\n%s", i, desc, strings.Join(problems, "\n  "), strings.Join(h.api.log, "\n"))
		}
	}
}
