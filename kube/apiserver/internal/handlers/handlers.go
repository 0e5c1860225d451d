// Package handlers holds the one declaration of k8s.io/apiserver v0.37.2
// pkg/endpoints/handlers that must keep its package and type name: the JSON-patch operation
// type, whose name appears in the real decoding error ("json: cannot unmarshal object into Go
// value of type []handlers.jsonPatchOp"). It imports sigs.k8s.io/json.
package handlers

import kjson "sigs.k8s.io/json"

// jsonPatchOp is pkg/endpoints/handlers/patch.go jsonPatchOp.
type jsonPatchOp struct {
	Op    string      `json:"op"`
	Path  string      `json:"path"`
	From  string      `json:"from"`
	Value interface{} `json:"value"`
}

// UnmarshalJSONPatchStrict is the strict pre-check of a JSON patch (jsonPatcher.applyJSPatch):
// it returns the strict (unknown/duplicate field) errors, or the decoding error.
func UnmarshalJSONPatchStrict(patch []byte) (strictErrs []error, err error) {
	var v []jsonPatchOp
	return kjson.UnmarshalStrict(patch, &v)
}
