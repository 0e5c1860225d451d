package apiserver

import (
	"encoding"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	apiresource "k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// The API server compares an update with the stored object by their JSON (a write that
// encodes to the same bytes is a no-op: same resourceVersion, no watch event, as
// GuaranteedUpdate does). Encoding both objects costs two deep copies and two reflective JSON
// encodings per write, the main cost of the kubelet's status writes. jsonEqual answers the
// same question by walking the two objects once, with encoding/json's rules (omitempty,
// omitzero, nil versus empty slices and maps, map key order, the Marshalers of metav1.Time,
// metav1.MicroTime, resource.Quantity and intstr.IntOrString), and with identity shortcuts:
// two slices, maps or pointers sharing their memory are equal without a look inside (a status
// write shares the stored spec). Whenever the rules leave any doubt (another Marshaler, an
// interface value, a string that is not valid UTF-8, a NaN…), it answers eqUnsure and the
// caller falls back to encoding.

type eqResult uint8

const (
	eqSame eqResult = iota
	eqDiffer
	eqUnsure
)

// special kinds of types with a Marshaler the comparison understands.
type eqSpecial uint8

const (
	spNone eqSpecial = iota
	spTime
	spMicroTime
	spQuantity
	spIntOrString
	spUnsure // any other Marshaler/TextMarshaler, interfaces, channels, funcs…
)

// eqField is one JSON-encoded struct field (embedded structs flattened as encoding/json
// does).
type eqField struct {
	index     []int
	plan      *eqType
	omitEmpty bool
	omitZero  bool
	typeMeta  bool // comes from an embedded metav1.TypeMeta of the top-level object
}

// eqType is the comparison plan of one Go type.
type eqType struct {
	special eqSpecial
	kind    reflect.Kind
	elem    *eqType   // pointers, slices, arrays, maps
	fields  []eqField // structs
	bytes   bool      // a []byte-like slice (base64)
	strMap  bool      // exactly map[string]string
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	zeroerType        = reflect.TypeFor[interface{ IsZero() bool }]()
	timeType          = reflect.TypeFor[metav1.Time]()
	microTimeType     = reflect.TypeFor[metav1.MicroTime]()
	quantityType      = reflect.TypeFor[apiresource.Quantity]()
	intOrStringType   = reflect.TypeFor[intstr.IntOrString]()
	typeMetaType      = reflect.TypeFor[metav1.TypeMeta]()
)

// eqPlans holds the plans of every type reachable from the stored kinds. It is built once,
// lazily, and only read afterwards (immutable, so not mutable package state); a type missing
// from it makes the comparison unsure.
var eqPlans = sync.OnceValue(func() map[reflect.Type]*eqType {
	plans := map[reflect.Type]*eqType{}
	for _, r := range resources() {
		buildPlan(plans, reflect.TypeOf(r.newObj()))
	}
	return plans
})

func buildPlan(plans map[reflect.Type]*eqType, t reflect.Type) {
	if _, ok := plans[t]; ok {
		return
	}
	p := &eqType{kind: t.Kind()}
	plans[t] = p
	switch t {
	case timeType:
		p.special = spTime
		return
	case microTimeType:
		p.special = spMicroTime
		return
	case quantityType:
		p.special = spQuantity
		return
	case intOrStringType:
		p.special = spIntOrString
		return
	}
	if t.Kind() != reflect.Pointer && (t.Implements(marshalerType) || t.Implements(textMarshalerType) ||
		reflect.PointerTo(t).Implements(marshalerType) || reflect.PointerTo(t).Implements(textMarshalerType)) {
		p.special = spUnsure
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if t.Implements(marshalerType) || t.Implements(textMarshalerType) {
			// A pointer type with its own methods: not something the API types have.
			if !t.Elem().Implements(marshalerType) && !t.Elem().Implements(textMarshalerType) {
				p.special = spUnsure
				return
			}
		}
		buildPlan(plans, t.Elem())
		p.elem = plans[t.Elem()]
	case reflect.Slice, reflect.Array:
		buildPlan(plans, t.Elem())
		p.elem = plans[t.Elem()]
		p.bytes = t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && p.elem.special == spNone
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			p.special = spUnsure
			return
		}
		buildPlan(plans, t.Elem())
		p.elem = plans[t.Elem()]
		p.strMap = t == reflect.TypeFor[map[string]string]()
	case reflect.Struct:
		fields, ok := structFields(t, nil, true)
		if !ok {
			p.special = spUnsure
			return
		}
		names := map[string]bool{}
		for _, f := range fields {
			if names[f.name] {
				p.special = spUnsure // encoding/json's dominance rules: not modelled
				return
			}
			names[f.name] = true
			ft := t.FieldByIndex(f.index).Type
			if f.omitZero && ft != timeType && ft != microTimeType &&
				(ft.Implements(zeroerType) || reflect.PointerTo(ft).Implements(zeroerType)) {
				p.special = spUnsure
				return
			}
			buildPlan(plans, ft)
			f.plan = plans[ft]
			p.fields = append(p.fields, f.eqField)
		}
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
	default: // interfaces, channels, funcs, complex numbers
		p.special = spUnsure
	}
}

type namedField struct {
	eqField
	name string
}

// structFields lists the fields encoding/json encodes for t, flattening embedded structs
// without a JSON name. ok is false for layouts it does not model (embedded pointers).
func structFields(t reflect.Type, prefix []int, top bool) ([]namedField, bool) {
	var out []namedField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		index := append(append([]int(nil), prefix...), i)
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				return nil, false
			}
			if ft.Kind() == reflect.Struct {
				if ft.Implements(marshalerType) || reflect.PointerTo(ft).Implements(marshalerType) ||
					ft.Implements(textMarshalerType) || reflect.PointerTo(ft).Implements(textMarshalerType) {
					return nil, false
				}
				sub, ok := structFields(ft, index, false)
				if !ok {
					return nil, false
				}
				for j := range sub {
					sub[j].typeMeta = top && ft == typeMetaType
				}
				out = append(out, sub...)
				continue
			}
			if !sf.IsExported() {
				continue
			}
		} else if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		f := namedField{name: name, eqField: eqField{index: index}}
		for opts != "" {
			var o string
			o, opts, _ = strings.Cut(opts, ",")
			switch o {
			case "omitempty":
				f.omitEmpty = true
			case "omitzero":
				f.omitZero = true
			}
		}
		out = append(out, f)
	}
	return out, true
}

// jsonEqual reports whether a and b (two objects of the same kind) encode to the same JSON
// once both carry the same apiVersion and kind.
func jsonEqual(a, b runtime.Object) eqResult {
	av, bv := reflect.ValueOf(a), reflect.ValueOf(b)
	if av.Type() != bv.Type() || av.Kind() != reflect.Pointer || av.IsNil() || bv.IsNil() {
		return eqUnsure
	}
	p := eqPlans()[av.Type().Elem()]
	if p == nil || p.special != spNone || p.kind != reflect.Struct {
		return eqUnsure
	}
	return structEq(p, av.Elem(), bv.Elem(), true)
}

func structEq(p *eqType, a, b reflect.Value, top bool) eqResult {
	res := eqSame
	for i := range p.fields {
		f := &p.fields[i]
		if top && f.typeMeta {
			continue
		}
		var fa, fb reflect.Value
		if len(f.index) == 1 {
			fa, fb = a.Field(f.index[0]), b.Field(f.index[0])
		} else {
			fa, fb = a.FieldByIndex(f.index), b.FieldByIndex(f.index)
		}
		if f.omitEmpty {
			ea, eb := isEmptyValue(fa), isEmptyValue(fb)
			if ea && eb {
				continue
			}
			if ea != eb {
				return eqDiffer
			}
		}
		if f.omitZero {
			za, zb := isZeroValue(f.plan, fa), isZeroValue(f.plan, fb)
			if za && zb {
				continue
			}
			if za != zb {
				return eqDiffer
			}
		}
		switch valueEq(f.plan, fa, fb) {
		case eqDiffer:
			return eqDiffer
		case eqUnsure:
			res = eqUnsure // a later field may still differ for certain
		}
	}
	return res
}

// valueEq compares two values of the type whose plan is p.
func valueEq(p *eqType, a, b reflect.Value) eqResult {
	switch p.special {
	case spNone:
	case spTime:
		return timeEq(timeOf(a).Time, timeOf(b).Time, false)
	case spMicroTime:
		return timeEq(microTimeOf(a).Time, microTimeOf(b).Time, true)
	case spQuantity:
		qa, qb := quantityOf(a), quantityOf(b)
		ja, err1 := qa.MarshalJSON()
		jb, err2 := qb.MarshalJSON()
		if err1 != nil || err2 != nil {
			return eqUnsure
		}
		return boolResult(string(ja) == string(jb))
	case spIntOrString:
		ia, ib := intOrStringOf(a), intOrStringOf(b)
		if ia.Type != ib.Type {
			if (ia.Type == intstr.Int || ia.Type == intstr.String) && (ib.Type == intstr.Int || ib.Type == intstr.String) {
				return eqDiffer // a number and a string
			}
			return eqUnsure
		}
		switch ia.Type {
		case intstr.Int:
			return boolResult(ia.IntVal == ib.IntVal)
		case intstr.String:
			return stringEq(ia.StrVal, ib.StrVal)
		}
		return eqUnsure
	default:
		return eqUnsure
	}
	switch p.kind {
	case reflect.String:
		return stringEq(a.String(), b.String())
	case reflect.Bool:
		return boolResult(a.Bool() == b.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return boolResult(a.Int() == b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return boolResult(a.Uint() == b.Uint())
	case reflect.Float32, reflect.Float64:
		fa, fb := a.Float(), b.Float()
		if math.IsNaN(fa) || math.IsNaN(fb) || math.IsInf(fa, 0) || math.IsInf(fb, 0) {
			return eqUnsure // encoding fails
		}
		return boolResult(fa == fb && math.Signbit(fa) == math.Signbit(fb))
	case reflect.Pointer:
		na, nb := a.IsNil(), b.IsNil()
		switch {
		case na && nb:
			return eqSame
		case na != nb:
			// null against a value: a value can only print null if it is a Marshaler, a
			// pointer, a nil slice or map.
			if canBeNull(p.elem) {
				return eqUnsure
			}
			return eqDiffer
		case a.UnsafePointer() == b.UnsafePointer():
			return eqSame
		}
		return valueEq(p.elem, a.Elem(), b.Elem())
	case reflect.Struct:
		return structEq(p, a, b, false)
	case reflect.Slice:
		na, nb := a.IsNil(), b.IsNil()
		switch {
		case na && nb:
			return eqSame
		case na != nb:
			return eqDiffer // null against [] or "" ([]byte)
		}
		n := a.Len()
		if n != b.Len() {
			return eqDiffer
		}
		if a.UnsafePointer() == b.UnsafePointer() {
			return eqSame
		}
		if p.bytes {
			return boolResult(string(a.Bytes()) == string(b.Bytes())) // base64 of the bytes
		}
		return elemsEq(p.elem, a, b, n)
	case reflect.Array:
		return elemsEq(p.elem, a, b, a.Len())
	case reflect.Map:
		na, nb := a.IsNil(), b.IsNil()
		switch {
		case na && nb:
			return eqSame
		case na != nb:
			return eqDiffer // null against {}
		}
		if a.UnsafePointer() == b.UnsafePointer() {
			return eqSame
		}
		if a.Len() != b.Len() {
			return eqDiffer
		}
		if p.strMap {
			ma, mb := a.Interface().(map[string]string), b.Interface().(map[string]string)
			res := eqSame
			for k, va := range ma {
				vb, ok := mb[k]
				if !ok {
					return missingKey(a, b)
				}
				switch stringEq(va, vb) {
				case eqDiffer:
					return eqDiffer
				case eqUnsure:
					res = eqUnsure
				}
			}
			return res
		}
		res := eqSame
		it := a.MapRange()
		for it.Next() {
			vb := b.MapIndex(it.Key())
			if !vb.IsValid() {
				return missingKey(a, b)
			}
			switch valueEq(p.elem, it.Value(), vb) {
			case eqDiffer:
				return eqDiffer
			case eqUnsure:
				res = eqUnsure
			}
		}
		return res
	}
	return eqUnsure
}

func elemsEq(p *eqType, a, b reflect.Value, n int) eqResult {
	res := eqSame
	for i := 0; i < n; i++ {
		switch valueEq(p, a.Index(i), b.Index(i)) {
		case eqDiffer:
			return eqDiffer
		case eqUnsure:
			res = eqUnsure
		}
	}
	return res
}

// canBeNull reports whether a value whose plan is p may encode as null.
func canBeNull(p *eqType) bool {
	switch p.kind {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return true
	}
	return p.special != spNone
}

// missingKey: a key of a is not in b (same sizes). Distinct valid UTF-8 keys print
// differently; invalid ones may print alike (encoding/json replaces bad bytes).
func missingKey(a, b reflect.Value) eqResult {
	for _, m := range []reflect.Value{a, b} {
		it := m.MapRange()
		for it.Next() {
			if !utf8.ValidString(it.Key().String()) {
				return eqUnsure
			}
		}
	}
	return eqDiffer
}

func boolResult(same bool) eqResult {
	if same {
		return eqSame
	}
	return eqDiffer
}

// stringEq: encoding/json prints distinct valid UTF-8 strings differently.
func stringEq(a, b string) eqResult {
	if a == b {
		return eqSame
	}
	if utf8.ValidString(a) && utf8.ValidString(b) {
		return eqDiffer
	}
	return eqUnsure
}

// timeEq compares metav1.Time (RFC 3339 seconds, UTC; zero prints null) or metav1.MicroTime
// (microseconds) values by what their MarshalJSON prints.
func timeEq(a, b time.Time, micro bool) eqResult {
	za, zb := a.IsZero(), b.IsZero()
	switch {
	case za && zb:
		return eqSame
	case za != zb:
		return eqDiffer
	}
	ya, yb := a.UTC().Year(), b.UTC().Year()
	if ya < 1 || ya > 9999 || yb < 1 || yb > 9999 {
		return eqUnsure
	}
	if a.Unix() != b.Unix() {
		return eqDiffer
	}
	if micro && a.Nanosecond()/1000 != b.Nanosecond()/1000 {
		return eqDiffer
	}
	return eqSame
}

// The accessors below read a field without boxing it when it is addressable (fields reached
// through a pointer always are).

func timeOf(v reflect.Value) *metav1.Time {
	if v.CanAddr() {
		return v.Addr().Interface().(*metav1.Time)
	}
	t := v.Interface().(metav1.Time)
	return &t
}

func microTimeOf(v reflect.Value) *metav1.MicroTime {
	if v.CanAddr() {
		return v.Addr().Interface().(*metav1.MicroTime)
	}
	t := v.Interface().(metav1.MicroTime)
	return &t
}

func quantityOf(v reflect.Value) *apiresource.Quantity {
	if v.CanAddr() {
		return v.Addr().Interface().(*apiresource.Quantity)
	}
	q := v.Interface().(apiresource.Quantity)
	return &q
}

func intOrStringOf(v reflect.Value) *intstr.IntOrString {
	if v.CanAddr() {
		return v.Addr().Interface().(*intstr.IntOrString)
	}
	i := v.Interface().(intstr.IntOrString)
	return &i
}

// isEmptyValue is encoding/json's omitempty test.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// isZeroValue is encoding/json's omitzero test for the types the plans allow (metav1.Time and
// MicroTime use their IsZero method; others have none).
func isZeroValue(p *eqType, v reflect.Value) bool {
	switch p.special {
	case spTime:
		return timeOf(v).IsZero()
	case spMicroTime:
		return microTimeOf(v).IsZero()
	}
	return v.IsZero()
}
