// Package kubectl owns the kubectl front end of the simulator: Run parses a kubectl command
// line with cobra/pflag, declaring kubectl v1.37.2's commands and flags (names, shorthands,
// defaults, usage texts), runs it against the simulated API server and node runtime, and
// prints what kubectl prints, split between stdout and stderr as kubectl splits it, with
// kubectl's exit status.
//
// It imports kube/apiserver, kube/clock, kube/k8sversion, kube/printers, cobra/pflag,
// k8s.io/{api,apimachinery,client-go,cli-runtime,kubectl} and golang.org/x/text (the UTF-16
// BOM handling of -f files). It never starts a process or opens a connection.
//
// # What is kubectl's own code and what is ported
//
// kubectl's commands are written against a REST server (cli-runtime's resource.Builder and
// Helper, client-go's REST clients) and end in cmdutil.CheckErr, which calls a process-wide
// fatal handler: neither fits an in-process, many-clusters-in-parallel simulator. So the
// command logic is ported, function by function, each port naming its source file in
// k8s.io/kubectl v0.37.2 or k8s.io/cli-runtime v0.37.2 (Complete/Validate/Run of every
// command, the builder's argument rules and errors, the file visitor, checkErr). What is
// deterministic and free of global state is used as is:
//
//   - flag declarations: cmdutil's Add*Flag helpers, genericclioptions' PrintFlags and
//     RecordFlags, get's PrintFlags, delete's DeleteFlags, so flags read exactly like
//     kubectl's (string-slice flags are declared with an equivalent, cheaper value);
//   - output: the printers those flag structs build (name, yaml, json, kyaml, jsonpath,
//     go-template, custom-columns, the human-readable table printer), fed the tables of
//     kube/printers and objects converted to the unstructured form kubectl decodes;
//   - errors: cmdutil.StandardErrorMessage, MultilineError, MultipleErrors, AddSourceToErr;
//   - podcmd's default-container selection and its "Defaulted container" notice;
//   - pkg/util's last-applied-configuration helpers, apimachinery's strategicpatch (three-way
//     merge with the k8s.io/api structs), json-patch, the YAML-or-JSON decoder, label and
//     field selectors, client-go's jsonpath;
//   - describe output comes from kube/printers, which runs pkg/describe.
//
// # Time and the node
//
// Whatever waits in kubectl waits on the virtual clock: delete's --wait (through the grace
// period), wait --for, run/attach waiting for a pod, get -w and logs -f (until the output
// settles, or Env.WatchFor). Logs, exec and attach go to Env.Runtime; with no Runtime the
// cluster has no node and kubectl behaves as against a control plane without kubelets
// (real/A.md). Interactive sessions (exec -it … -- sh, run -it, attach -it at a terminal) are
// handed back in Env.Session.
//
// # Not simulated
//
// Commands and flags whose behaviour is not modelled (edit, debug, expose, port-forward,
// top, explain, api-resources, help pages, -k, --raw, server-side apply, …) print nothing and
// set Env.NotSimulated, so that a checker does not compare their output.
package kubectl
