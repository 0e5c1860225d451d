package validation

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"

	"github.com/docbuild/docbuild/kube/apiserver/internalspec"
	"github.com/docbuild/docbuild/kube/k8sversion"
)

func TestAsInternalValues(t *testing.T) {
	sc := &v1.SecurityContext{Privileged: ptr.To(true), RunAsUser: ptr.To[int64](0)}
	errs := asInternalValues(field.ErrorList{
		field.Invalid(field.NewPath("a"), sc, "x"),
		field.Invalid(field.NewPath("b"), []v1.PodIP{{IP: "10.0.0.1"}}, "y"),
		field.Invalid(field.NewPath("c"), "plain", "z"),
		field.NotSupported(field.NewPath("d"), v1.RestartPolicy("Sometimes"), []string{"Always"}),
		field.Invalid(field.NewPath("e"), v1.ResourceList{v1.ResourceCPU: resource.MustParse("1")}, "w"),
		field.Invalid(field.NewPath("f"), v1.Volume{Name: "v", VolumeSource: v1.VolumeSource{EmptyDir: &v1.EmptyDirVolumeSource{}}}, "embedded"),
	})
	for i, want := range []string{
		`a: Invalid value: {"Capabilities":null,"Privileged":true,"SELinuxOptions":null,"WindowsOptions":null,"RunAsUser":0,"RunAsGroup":null,"RunAsNonRoot":null,"ReadOnlyRootFilesystem":null,"AllowPrivilegeEscalation":null,"ProcMount":null,"SeccompProfile":null,"AppArmorProfile":null}: x`,
		`b: Invalid value: [{"IP":"10.0.0.1"}]: y`,
		`c: Invalid value: "plain": z`,
		`d: Unsupported value: "Sometimes": supported values: "Always"`,
		`e: Invalid value: {"cpu":"1"}: w`,
	} {
		if got := errs[i].Error(); got != want {
			t.Errorf("%d:\n got %s\nwant %s", i, got, want)
		}
	}
	// Embedded structs are inlined as encoding/json does for the untagged internal types: the
	// text equals the JSON of the internal mirror (internalspec).
	spec := &v1.PodSpec{Volumes: []v1.Volume{{Name: "v", VolumeSource: v1.VolumeSource{EmptyDir: &v1.EmptyDirVolumeSource{}}}}}
	internal, err := json.Marshal(internalspec.FromV1(spec).Volumes[0])
	if err != nil {
		t.Fatal(err)
	}
	if got, want := errs[5].Error(), "f: Invalid value: "+string(internal)+": embedded"; got != want {
		t.Errorf("embedded:\n got %s\nwant %s", got, want)
	}
}

func TestFeatureGates(t *testing.T) {
	if !featureEnabled("StrictIPCIDRValidation") {
		t.Error("StrictIPCIDRValidation is beta on in 1.37")
	}
	defer func() {
		if recover() == nil {
			t.Error("an unknown gate must not silently default")
		}
	}()
	featureEnabled("NoSuchGate")
}

func TestPodOptionsUseTheVersionTable(t *testing.T) {
	o := PodOptions(k8sversion.MustGet("1.37"))
	if got := o.UpdateForbidden("D"); !strings.HasPrefix(got, "pod updates may not change fields other than `spec.containers[*].image`,") || !strings.HasSuffix(got, "\nD") {
		t.Errorf("forbidden: %q", got)
	}
	old := &v1.PodSpec{Containers: []v1.Container{{Name: "a", Image: "x"}}}
	nw := old.DeepCopy()
	nw.Containers[0].Name = "b"
	if d := o.SpecDiff(old, nw); !strings.Contains(d, `-   "Name": "a",`) || !strings.Contains(d, `+   "Name": "b",`) {
		t.Errorf("diff:\n%s", d)
	}
}

func TestPodWarnings(t *testing.T) {
	pod := &v1.Pod{Spec: v1.PodSpec{Containers: []v1.Container{
		{Name: "a", Env: []v1.EnvVar{{Name: "X", Value: "1"}, {Name: "X", Value: "2"}, {Name: "Y"}, {Name: "Y", Value: "$(Y):more"}},
			Ports:     []v1.ContainerPort{{Name: "http", ContainerPort: 80, Protocol: "TCP"}},
			Resources: v1.ResourceRequirements{Limits: v1.ResourceList{v1.ResourceMemory: resource.MustParse("100m")}}},
		{Name: "b", Ports: []v1.ContainerPort{{Name: "http", ContainerPort: 80, Protocol: "TCP"}}},
	}}}
	pod.Annotations = map[string]string{"scheduler.alpha.kubernetes.io/critical-pod": ""}
	got := fmt.Sprint(PodWarnings(pod))
	for _, want := range []string{
		`metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead`,
		`spec.containers[0].resources.limits[memory]: fractional byte value "100m" is invalid, must be an integer`,
		`spec.containers[0].env[1]: hides previous definition of "X", which may be dropped when using apply`,
		`spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]`,
		`spec.containers[1].ports[0]: duplicate port name "http" with spec.containers[0].ports[0], services and probes that select ports by name will use spec.containers[0].ports[0]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing warning %q in\n%s", want, got)
		}
	}
	if strings.Contains(got, `env[3]`) {
		t.Error("an env entry that references its previous value is not a hiding definition")
	}
}
