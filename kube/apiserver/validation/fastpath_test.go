package validation

import (
	"math/rand"
	"strings"
	"testing"
	"time"

	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// TestMetaUpdateNoErrorsIsSound: whenever the fast path says the metadata update validation
// finds nothing, the real validation finds nothing (random pairs of metadata, valid and
// invalid).
func TestMetaUpdateNoErrorsIsSound(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pick := func(s ...string) string { return s[rng.Intn(len(s))] }
	t0 := time.Date(2026, 11, 24, 23, 0, 0, 0, time.UTC)
	times := []metav1.Time{{}, {Time: t0}, {Time: t0.Add(time.Second)}, {Time: t0.In(time.FixedZone("X", 3600))}, {Time: t0.Add(time.Millisecond)}}
	strMap := func() map[string]string {
		switch rng.Intn(4) {
		case 0:
			return nil
		case 1:
			return map[string]string{}
		}
		m := map[string]string{}
		for i := 0; i <= rng.Intn(2); i++ {
			m[pick("app", "a/b", "-bad", "example.com/x", "UPPER", "x/y/z")] = pick("", "web", "-bad-", "v1.2", "a b")
		}
		return m
	}
	meta := func() metav1.ObjectMeta {
		m := metav1.ObjectMeta{
			Name: pick("web", "db"), Namespace: pick("default", "x"), UID: types.UID(pick("u1", "u2")),
			ResourceVersion: pick("", "5"), Generation: int64(rng.Intn(4) - 1),
			CreationTimestamp: times[rng.Intn(len(times))], Labels: strMap(), Annotations: strMap(),
		}
		if rng.Intn(2) == 0 {
			ts := times[1+rng.Intn(len(times)-1)]
			m.DeletionTimestamp = &ts
		}
		if rng.Intn(2) == 0 {
			g := int64(rng.Intn(3))
			m.DeletionGracePeriodSeconds = &g
		}
		for i := 0; i < rng.Intn(3); i++ {
			m.Finalizers = append(m.Finalizers, pick("a/b", "kubernetes", "bad finalizer"))
		}
		if rng.Intn(6) == 0 {
			m.OwnerReferences = []metav1.OwnerReference{{APIVersion: "v1", Kind: "X", Name: pick("", "o"), UID: "u"}}
		}
		if rng.Intn(8) == 0 {
			m.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "m", Operation: metav1.ManagedFieldsOperationType(pick("", "Apply"))}}
		}
		return m
	}
	fast := 0
	for i := 0; i < 20000; i++ {
		o := meta()
		n := *o.DeepCopy()
		switch rng.Intn(3) {
		case 0:
			n = meta()
		case 1: // change one field
			m := meta()
			switch rng.Intn(8) {
			case 0:
				n.Name = m.Name
			case 1:
				n.Labels = m.Labels
			case 2:
				n.Annotations = m.Annotations
			case 3:
				n.CreationTimestamp = m.CreationTimestamp
			case 4:
				n.DeletionTimestamp = m.DeletionTimestamp
			case 5:
				n.Generation = m.Generation
			case 6:
				n.Finalizers = m.Finalizers
			case 7:
				n.ResourceVersion = m.ResourceVersion
			}
		}
		errs := apimachineryvalidation.ValidateObjectMetaAccessorUpdate(&n, &o, field.NewPath("metadata"))
		if MetaUpdateNoErrors(&n, &o) {
			fast++
			if len(errs) > 0 {
				t.Fatalf("fast path says valid, validation says %v\nnew %+v\nold %+v", errs, n, o)
			}
		}
	}
	if fast < 1000 {
		t.Errorf("fast path taken %d times: the test does not exercise it", fast)
	}
}

// TestSimpleQualifiedNameIsSound: whenever the shortcut accepts a name, the real check does.
func TestSimpleQualifiedNameIsSound(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	alphabet := "aZ09-_./é"
	for i := 0; i < 100000; i++ {
		b := make([]byte, rng.Intn(70))
		for j := range b {
			b[j] = alphabet[rng.Intn(len(alphabet))]
		}
		s := string(b)
		if simpleQualifiedName(s) && len(validation.IsQualifiedName(s)) > 0 {
			t.Fatalf("%q: shortcut accepts, IsQualifiedName says %v", s, validation.IsQualifiedName(s))
		}
	}
	for _, s := range []string{"ContainersReady", "PodReadyToStartContainers", "app", strings.Repeat("a", 63)} {
		if !simpleQualifiedName(s) {
			t.Errorf("%q not taken by the shortcut", s)
		}
	}
	if simpleQualifiedName(strings.Repeat("a", 64)) {
		t.Error("64 characters accepted")
	}
}
