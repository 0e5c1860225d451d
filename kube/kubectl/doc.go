// Package kubectl owns the kubectl front end of the simulator: Run parses a kubectl command
// line with cobra/pflag, declaring kubectl v1.37.2's commands and flags (names, shorthands,
// defaults, usage texts), runs it against the simulated API server and node runtime, and
// prints what kubectl prints, split between stdout and stderr as kubectl splits it, with
// kubectl's exit status.
//
// It imports kube/apiserver, kube/clock, kube/k8sversion, kube/printers, cobra/pflag,
// k8s.io/{api,apimachinery,client-go,cli-runtime,kubectl}, k8s.io/utils (ptr) and
// golang.org/x/text (the UTF-16 BOM handling of -f files). It never starts a process or opens
// a connection.
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
//   - describe output comes from kube/printers, which runs pkg/describe;
//   - explain's ExplainFlags/ExplainOptions and pkg/explain/v2's templates, api-resources'
//     and api-versions' options, config view's ViewOptions, current-context and get-users,
//     over a Factory (discovery.go) that serves discovery, the REST mapper (client-go's
//     DeferredDiscoveryRESTMapper and shortcut expander), the OpenAPI v3 client and the
//     kubeconfig from the simulated cluster;
//   - polymorphichelpers: selectors, ports and protocols of an object (expose, pod
//     selection), the rollout status viewers, the Deployment history viewer and rollbacker,
//     the pauser and resumer.
//
// -f manifests in the YAML subset tutorials use are converted to JSON by fastyaml.go, which
// gives exactly the decoder's JSON (checked against it) and otherwise leaves the stream to the
// decoder.
//
// # Kubernetes API data
//
// Two files of k8s.io/kubernetes v1.37.2 are embedded, reduced by internal/k8sdata:
// discovery.json, the discovery of a kube-apiserver with its default configuration (every
// stable group-version, from api/discovery), and openapi.json.gz, the parts of those
// group-versions' OpenAPI v3 documents (api/openapi-spec/v3) that `kubectl explain` reads.
// kubectl sees that discovery, plus whatever the simulated API server serves beyond it:
// api-resources, api-versions and explain print what a real cluster prints, and a command on
// a resource a default server serves but the simulator does not (ingresses, roles, …) is
// reported as not simulated instead of failing with "the server doesn't have a resource type".
// The REST mapper is client-go's discovery mapper behind its shortcut expander, as kubectl
// builds it, and explain runs kubectl's own ExplainOptions and plaintext template.
//
// # Kubeconfig
//
// Env.Kubeconfig is the kubeconfig file a caller keeps across invocations (config
// set-context/use-context rewrite it; the current context's namespace applies when
// Env.Namespace is empty). Without one, kubectl reads the file `minikube start` writes for this
// cluster (MinikubeKubeconfig: home /root, the API server's address, read-only). config view,
// current-context, get-contexts, get-clusters and get-users run kubectl's own code over it;
// cluster-info takes the server from it. Certificate files are never read.
//
// # Time and the node
//
// Whatever waits in kubectl waits on the virtual clock: delete's --wait (through the grace
// period), wait --for, run/attach waiting for a pod, get -w and logs -f (until the output
// settles, or Env.WatchFor), rollout status (until the rollout is done; a rollout still going
// after 15 virtual minutes is not simulated), scale --timeout, debug waiting for its container,
// exec/attach/logs waiting for a workload's first pod (--pod-running-timeout). Logs, exec, attach
// and cp go to Env.Runtime (cp as kubectl does it: exec of tar in the container, fed or read
// back as a tar stream; writing host files needs Env.Files to be a FilesWriter); with no Runtime
// the cluster has no node and kubectl behaves as against a control plane without kubelets
// (real/A.md). Interactive sessions (exec -it … -- sh, run -it, attach -it at a terminal,
// debug -it) are handed back in Env.Session.
//
// # Workloads
//
// scale, rollout status|history|undo|restart|pause|resume and expose act on the API server's
// Deployments, ReplicaSets, StatefulSets and DaemonSets, run by kube/controllers: the status
// viewers, history viewer and rollbacker are polymorphichelpers' own (history and undo run
// against a client-go fake clientset holding the Deployment and its ReplicaSets; the patch the
// rollbacker sends is replayed on the API server). exec, attach and logs on a workload pick its
// pod as kubectl does (most active pod for exec/attach; podutils.ByLogging and "Found N pods,
// using pod/x" for logs).
//
// # Not simulated
//
// Commands and flags whose behaviour is not modelled print nothing and set Env.NotSimulated,
// so that a checker does not compare their output: edit, port-forward, proxy, auth, events,
// diff, kustomize and -k, drain/cordon/uncordon/taint, autoscale, certificate, plugin, help
// pages, --raw, server-side apply, explain -o plaintext-openapiv2, config view --flatten and
// the config commands that edit clusters and users, cluster-info dump, debug of a node, debug
// with an ephemeral container and patch --subresource (they need the API server to implement
// SubresourcePatcher), rollout history/undo of StatefulSets and DaemonSets (ControllerRevisions
// are not stored), top against a metrics API, cp with --retries or a glob, and any command on
// a resource the simulated API server does not serve.
package kubectl
