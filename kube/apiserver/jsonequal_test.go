package apiserver

import (
	"bytes"
	"math/rand"
	"os"
	"reflect"
	"strconv"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apiresource "k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// filler builds random API objects biased towards the cases where JSON equality is subtle:
// nil against empty slices and maps, times equal to the second but not to the nanosecond,
// quantities written differently, strings that are not valid UTF-8.
type filler struct{ rng *rand.Rand }

var (
	fillStrings = []string{"", "a", "b", "<&>", "\xff", "\xfe", "é", "\u2028"}
	fillBase    = time.Date(2026, 11, 24, 23, 0, 0, 0, time.UTC)
)

func (f *filler) fill(v reflect.Value, depth int) {
	r := f.rng
	switch v.Type() {
	case timeType:
		ts := []time.Time{{}, fillBase, fillBase.Add(500 * time.Millisecond), fillBase.Add(time.Second), fillBase.In(time.FixedZone("X", 3600))}
		v.Set(reflect.ValueOf(metav1.Time{Time: ts[r.Intn(len(ts))]}))
		return
	case microTimeType:
		ts := []time.Time{{}, fillBase, fillBase.Add(500 * time.Nanosecond), fillBase.Add(time.Microsecond), fillBase.Add(time.Second)}
		v.Set(reflect.ValueOf(metav1.MicroTime{Time: ts[r.Intn(len(ts))]}))
		return
	case quantityType:
		qs := []func() apiresource.Quantity{
			func() apiresource.Quantity { return apiresource.MustParse("1") },
			func() apiresource.Quantity { return apiresource.MustParse("1000m") },
			func() apiresource.Quantity { return *apiresource.NewMilliQuantity(1000, apiresource.DecimalSI) },
			func() apiresource.Quantity { return apiresource.MustParse("1Ki") },
			func() apiresource.Quantity { return apiresource.MustParse("1024") },
			func() apiresource.Quantity { return apiresource.Quantity{} },
		}
		v.Set(reflect.ValueOf(qs[r.Intn(len(qs))]()))
		return
	case intOrStringType:
		is := []intstr.IntOrString{intstr.FromInt32(80), intstr.FromString("80"), intstr.FromString("http"), {Type: 7}}
		v.Set(reflect.ValueOf(is[r.Intn(len(is))]))
		return
	}
	if depth > 7 {
		v.Set(reflect.Zero(v.Type()))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() && r.Intn(3) > 0 {
				f.fill(v.Field(i), depth+1)
			}
		}
	case reflect.Pointer:
		if r.Intn(3) == 0 {
			v.Set(reflect.Zero(v.Type()))
			return
		}
		p := reflect.New(v.Type().Elem())
		f.fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		switch r.Intn(6) {
		case 0, 1:
			v.Set(reflect.Zero(v.Type()))
		case 2:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			n := 1 + r.Intn(2)
			s := reflect.MakeSlice(v.Type(), n, n)
			for i := 0; i < n; i++ {
				f.fill(s.Index(i), depth+1)
			}
			v.Set(s)
		}
	case reflect.Map:
		switch r.Intn(6) {
		case 0, 1:
			v.Set(reflect.Zero(v.Type()))
		case 2:
			v.Set(reflect.MakeMap(v.Type()))
		default:
			m := reflect.MakeMap(v.Type())
			for i := 0; i < 1+r.Intn(2); i++ {
				k := reflect.New(v.Type().Key()).Elem()
				k.SetString(fillStrings[r.Intn(len(fillStrings))])
				e := reflect.New(v.Type().Elem()).Elem()
				f.fill(e, depth+1)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		}
	case reflect.String:
		v.SetString(fillStrings[r.Intn(len(fillStrings))])
	case reflect.Bool:
		v.SetBool(r.Intn(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(r.Intn(3) - 1))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(r.Intn(3)))
	case reflect.Float32, reflect.Float64:
		fs := []float64{0, 1.5, 2}
		v.SetFloat(fs[r.Intn(len(fs))])
		if r.Intn(8) == 0 {
			v.SetFloat(-v.Float() * 0) // -0 or 0
		}
	}
}

// mutate changes one random leaf (or subtree) of v.
func (f *filler) mutate(v reflect.Value, depth int) {
	r := f.rng
	switch v.Kind() {
	case reflect.Struct:
		if special := eqPlans()[v.Type()]; special != nil && special.special != spNone || r.Intn(5) == 0 {
			f.fill(v, depth)
			return
		}
		var exported []int
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				exported = append(exported, i)
			}
		}
		if len(exported) > 0 {
			f.mutate(v.Field(exported[r.Intn(len(exported))]), depth+1)
		}
	case reflect.Pointer:
		if v.IsNil() || r.Intn(4) == 0 {
			f.fill(v, depth)
			return
		}
		f.mutate(v.Elem(), depth+1)
	case reflect.Slice:
		if v.Len() == 0 || r.Intn(4) == 0 {
			f.fill(v, depth)
			return
		}
		f.mutate(v.Index(r.Intn(v.Len())), depth+1)
	default:
		f.fill(v, depth)
	}
}

// TestJSONEqualMatchesEncoding: for random objects of every stored kind and random small
// changes of them, the structural comparison agrees with comparing the encoded JSON whenever
// it is not unsure.
func TestJSONEqualMatchesEncoding(t *testing.T) {
	s, _ := newServer(t)
	f := &filler{rng: rand.New(rand.NewSource(1))}
	n := 600
	if v, err := strconv.Atoi(os.Getenv("JSONEQUAL_N")); err == nil {
		n = v
	}
	if testing.Short() {
		n = 100
	}
	for _, r := range s.res {
		counts := map[string]int{}
		for i := 0; i < n; i++ {
			a := r.newObj()
			f.fill(reflect.ValueOf(a).Elem(), 0)
			var b runtime.Object
			switch i % 4 {
			case 0: // independent
				b = r.newObj()
				f.fill(reflect.ValueOf(b).Elem(), 0)
			case 1: // a copy: equal
				b = a.DeepCopyObject()
			case 2: // a shallow copy sharing memory, one top-level field changed
				bv := reflect.New(reflect.TypeOf(a).Elem())
				bv.Elem().Set(reflect.ValueOf(a).Elem())
				b = bv.Interface().(runtime.Object)
				f.mutate(bv.Elem().Field(1+f.rng.Intn(bv.Elem().NumField()-1)), 1)
				b = b.DeepCopyObject() // do not share what mutate may have replaced in a
			default: // a copy with a few changes
				b = a.DeepCopyObject()
				for k := 0; k <= f.rng.Intn(3); k++ {
					f.mutate(reflect.ValueOf(b).Elem(), 0)
				}
			}
			// The encoder sets apiVersion/kind on both; give them different ones to check
			// they are ignored.
			b.GetObjectKind().SetGroupVersionKind(r.gvk)
			got := jsonEqual(a, b)
			want := s.encodedEqual(r, a, b)
			switch {
			case got == eqUnsure:
				counts["unsure"]++
			case (got == eqSame) != want:
				ja, _ := s.encode(r, a)
				jb, _ := s.encode(r, b)
				t.Fatalf("%s #%d: jsonEqual=%v, encodings equal=%v\n%s\n%s", r.info.Kind, i, got, want, ja, jb)
			case want:
				counts["same"]++
			default:
				counts["differ"]++
			}
		}
		t.Logf("%-14s %v", r.info.Kind, counts)
		if counts["unsure"] > n/2 {
			t.Errorf("%s: unsure for %d of %d pairs", r.info.Kind, counts["unsure"], n)
		}
	}
}

// TestJSONEqualStatusWrite: the comparisons of the kubelet's status writes are decided
// without encoding (the identity shortcuts cover the shared spec).
func TestJSONEqualStatusWrite(t *testing.T) {
	s, _ := newServer(t)
	pod := webPod(t, s)
	stored := s.store["pods"][key("default", pod.Name)].(*corev1.Pod)
	n := *stored
	n.Status = *stored.Status.DeepCopy()
	if got := jsonEqual(&n, stored); got != eqSame {
		t.Fatalf("unchanged status: %v", got)
	}
	n.Status.Conditions = append(n.Status.Conditions, corev1.PodCondition{Type: corev1.PodReady, Status: corev1.ConditionTrue})
	if got := jsonEqual(&n, stored); got != eqDiffer {
		t.Fatalf("changed status: %v", got)
	}
	n.Status = *stored.Status.DeepCopy()
	n.Status.StartTime = &metav1.Time{Time: t0.Add(300 * time.Millisecond)}
	stored2 := stored.DeepCopy()
	stored2.Status.StartTime = &metav1.Time{Time: t0}
	if got := jsonEqual(&n, stored2); got != eqSame {
		t.Fatalf("times equal to the second: %v", got)
	}
}

func BenchmarkJSONEqualPod(b *testing.B) {
	s, _ := newServer(b)
	pod := webPod(b, s)
	stored := s.store["pods"][key("default", pod.Name)].(*corev1.Pod)
	cp := stored.DeepCopy()
	r := s.byName["pods"]
	b.Run("structural", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if jsonEqual(cp, stored) != eqSame {
				b.Fatal("differ")
			}
		}
	})
	b.Run("encoded", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !s.encodedEqual(r, cp, stored) {
				b.Fatal("differ")
			}
		}
	})
	_ = bytes.Equal
}
