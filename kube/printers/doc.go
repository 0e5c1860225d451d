// Package printers owns what kubectl prints for objects of the simulated cluster: the
// server-side tables (a port of the v1.37.2 API server's printPod, printNode, … table
// generators), `kubectl describe` output, and the -o yaml|json|name|jsonpath|go-template|
// custom-columns formats. Every age is measured on the virtual clock ("now" is always a
// parameter, never time.Now).
//
// It imports k8s.io/api, k8s.io/apimachinery, k8s.io/client-go (the fake clientset and
// jsonpath), k8s.io/cli-runtime (table, YAML, JSON, name and template printers) and
// k8s.io/kubectl (pkg/describe and the custom-columns printer).
//
// Which library code is used, and why:
//   - The server-side table generators live in k8s.io/kubernetes, which must not be linked:
//     they are ported (table.go), each function naming its source.
//   - The client-side table layout is cli-runtime's HumanReadablePrinter and its
//     liggitt/tabwriter settings, used as is: it is deterministic, keeps its state in the
//     printer value, and is exactly what kubectl runs.
//   - describe is kubectl's own pkg/describe, fed by a client-go fake clientset built per call
//     with only the objects the describer needs; the one wall-clock dependency (time.Since for
//     ages) is neutralised by moving the relative timestamps (see Describe).
//   - yaml, json, name, jsonpath and go-template are cli-runtime's printers; custom-columns is
//     kubectl's CustomColumnsPrinter. Objects are converted to unstructured JSON first, as
//     kubectl receives them from the server, so keys come out sorted exactly like kubectl's.
package printers
