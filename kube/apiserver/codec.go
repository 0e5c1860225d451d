package apiserver

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"sync"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
)

// codec holds the scheme (k8s.io/api core/v1 types with the v1.37.2 defaulting functions
// registered) and the JSON/YAML serializers the API server decodes request bodies with.
type codec struct {
	scheme     *runtime.Scheme
	strict     *json.Serializer
	lax        *json.Serializer
	strictYAML *json.Serializer
	laxYAML    *json.Serializer
	encoder    *json.Serializer
}

// sharedCodec is the one codec of the process: building a scheme costs about a millisecond,
// and a complete runtime.Scheme and its serializers are only read (safe for concurrent use),
// so every Server shares it. Built lazily, immutable afterwards: not mutable package state.
var sharedCodec = sync.OnceValue(newCodec)

func newCodec() *codec {
	scheme := runtime.NewScheme()
	if err := corev1.AddToScheme(scheme); err != nil {
		panic(err)
	}
	if err := discoveryv1.AddToScheme(scheme); err != nil {
		panic(err)
	}
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	addWorkloadsToScheme(scheme) // apps/v1 and batch/v1, apps.go
	// k8s.io/kubernetes v1.37.2 pkg/apis/core/v1/zz_generated.defaults.go RegisterDefaults.
	scheme.AddTypeDefaultingFunc(&corev1.Pod{}, func(o any) { setObjectDefaults_Pod(o.(*corev1.Pod)) })
	scheme.AddTypeDefaultingFunc(&corev1.Service{}, func(o any) { setObjectDefaults_Service(o.(*corev1.Service)) })
	scheme.AddTypeDefaultingFunc(&corev1.Secret{}, func(o any) { setObjectDefaults_Secret(o.(*corev1.Secret)) })
	scheme.AddTypeDefaultingFunc(&corev1.Namespace{}, func(o any) { setObjectDefaults_Namespace(o.(*corev1.Namespace)) })
	scheme.AddTypeDefaultingFunc(&corev1.Node{}, func(o any) { setObjectDefaults_Node(o.(*corev1.Node)) })
	scheme.AddTypeDefaultingFunc(&corev1.ConfigMap{}, func(o any) { setObjectDefaults_ConfigMap(o.(*corev1.ConfigMap)) })
	scheme.AddTypeDefaultingFunc(&corev1.Endpoints{}, func(o any) { setObjectDefaults_Endpoints(o.(*corev1.Endpoints)) })
	// k8s.io/kubernetes v1.37.2 pkg/apis/discovery/v1/defaults.go SetDefaults_EndpointPort.
	scheme.AddTypeDefaultingFunc(&discoveryv1.EndpointSlice{}, func(o any) {
		for i := range o.(*discoveryv1.EndpointSlice).Ports {
			p := &o.(*discoveryv1.EndpointSlice).Ports[i]
			if p.Name == nil {
				p.Name = new(string)
			}
			if p.Protocol == nil {
				tcp := corev1.ProtocolTCP
				p.Protocol = &tcp
			}
		}
	})
	ser := func(yaml, strict bool) *json.Serializer {
		return json.NewSerializerWithOptions(json.DefaultMetaFactory, scheme, scheme, json.SerializerOptions{Yaml: yaml, Strict: strict})
	}
	return &codec{
		scheme:     scheme,
		strict:     ser(false, true),
		lax:        ser(false, false),
		strictYAML: ser(true, true),
		laxYAML:    ser(true, false),
		encoder:    ser(false, false),
	}
}

// Field validation directives (metav1.FieldValidation*).
const (
	FieldValidationIgnore = metav1.FieldValidationIgnore
	FieldValidationWarn   = metav1.FieldValidationWarn
	FieldValidationStrict = metav1.FieldValidationStrict
)

// fieldValidation is k8s.io/apiserver v0.37.2 pkg/endpoints/handlers/rest.go fieldValidation:
// no directive means Warn.
func fieldValidation(directive string) string {
	if directive == "" {
		return FieldValidationWarn
	}
	return directive
}

// decodeBody decodes a request body (JSON, or YAML when it does not start with '{') into a new
// object of r's kind, applying the v1 defaults, the way the create and update handlers do
// (k8s.io/apiserver v0.37.2 pkg/endpoints/handlers/create.go createHandler). It returns the
// strict-decoding warnings when the directive is Warn.
func (s *Server) decodeBody(r *resource, body []byte, directive string) (runtime.Object, []string, error) {
	directive = fieldValidation(directive)
	yaml := len(bytes.TrimSpace(body)) > 0 && bytes.TrimSpace(body)[0] != '{'
	var dec *json.Serializer
	switch {
	case directive == FieldValidationIgnore && yaml:
		dec = s.codec.laxYAML
	case directive == FieldValidationIgnore:
		dec = s.codec.lax
	case yaml:
		dec = s.codec.strictYAML
	default:
		dec = s.codec.strict
	}
	defaultGVK := r.gvk
	into := r.newObj()
	obj, gvk, err := dec.Decode(body, &defaultGVK, into)
	var warnings []string
	if err != nil {
		strictErr, isStrict := runtime.AsStrictDecodingError(err)
		switch {
		case isStrict && obj != nil && directive == FieldValidationWarn:
			for _, e := range strictErr.Errors() {
				warnings = append(warnings, e.Error())
			}
		default:
			return nil, nil, transformDecodeError(r, err, gvk, body)
		}
	}
	if gvk.GroupVersion() != r.gvk.GroupVersion() {
		return nil, nil, apierrors.NewBadRequest(fmt.Sprintf("the API version in the data (%s) does not match the expected API version (%v)", gvk.GroupVersion().String(), r.gvk.GroupVersion().String()))
	}
	if gvk.Kind != r.gvk.Kind {
		// The real handler would hand a mistyped object to the registry; kubectl never sends
		// one (it posts to the endpoint of the object's kind).
		return nil, nil, apierrors.NewBadRequest(fmt.Sprintf("%s in version %q cannot be handled as a %s: the kind does not match the resource", gvk.Kind, gvk.Version, r.gvk.Kind))
	}
	obj.GetObjectKind().SetGroupVersionKind(schema.GroupVersionKind{})
	s.codec.scheme.Default(obj)
	return obj, warnings, nil
}

// transformDecodeError is k8s.io/apiserver v0.37.2 pkg/endpoints/handlers/rest.go
// transformDecodeError.
func transformDecodeError(r *resource, baseErr error, gvk *schema.GroupVersionKind, body []byte) error {
	if gvk != nil && len(gvk.Kind) > 0 {
		return apierrors.NewBadRequest(fmt.Sprintf("%s in version %q cannot be handled as a %s: %v", gvk.Kind, gvk.Version, r.gvk.Kind, baseErr))
	}
	summary := summarizeData(body, 30)
	return apierrors.NewBadRequest(fmt.Sprintf("the object provided is unrecognized (must be of type %s): %v (%s)", r.gvk.Kind, baseErr, summary))
}

// summarizeData is k8s.io/apiserver v0.37.2 pkg/endpoints/handlers/rest.go summarizeData.
func summarizeData(data []byte, maxLength int) string {
	switch {
	case len(data) == 0:
		return "<empty>"
	case data[0] == '{':
		if len(data) > maxLength {
			return string(data[:maxLength]) + " ..."
		}
		return string(data)
	default:
		if len(data) > maxLength {
			return hex.EncodeToString(data[:maxLength]) + " ..."
		}
		return hex.EncodeToString(data)
	}
}

// encode renders obj as the server's JSON (with apiVersion and kind).
func (s *Server) encode(r *resource, obj runtime.Object) ([]byte, error) {
	c := obj.DeepCopyObject()
	c.GetObjectKind().SetGroupVersionKind(r.gvk)
	var buf bytes.Buffer
	if err := s.codec.encoder.Encode(c, &buf); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
