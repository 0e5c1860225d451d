package kubectl

import (
	"io"
	"io/fs"
	"time"

	"github.com/docbuild/docbuild/kube/apiserver"
	"github.com/docbuild/docbuild/kube/clock"
	"github.com/docbuild/docbuild/kube/k8sversion"
)

// Env is everything one kubectl invocation sees: the cluster it talks to, the host it runs on
// and its standard streams.
type Env struct {
	// API is the cluster's API server (required).
	API *apiserver.Server
	// Clock is the virtual clock (required): ages, `--wait`, `get -w` and `wait --timeout`.
	Clock *clock.Clock
	// Runtime serves logs, exec and attach; nil means the cluster has no node, and kubectl
	// behaves as against a control plane without kubelets (real/A.md).
	Runtime Runtime
	// Files is read access to the host files named by -f (relative names are resolved by the
	// implementation, against the shell's working directory). nil: no files at all.
	Files Files
	// Stdin is kubectl's standard input (-f -, exec -i); nil reads as empty.
	Stdin io.Reader
	// Stdout and Stderr receive kubectl's output, split exactly as kubectl splits it.
	Stdout, Stderr io.Writer
	// TTY reports whether stdin is a terminal (kubectl exec -t warns "Unable to use a TTY"
	// when it is not).
	TTY bool
	// Namespace is the namespace of commands run without -n; "" = the kubeconfig's current
	// context's namespace, or "default".
	Namespace string
	// Kubeconfig is kubectl's kubeconfig file, kept by the caller across invocations (kubectl
	// config set-context/use-context change it). nil: the file minikube writes for this
	// cluster (see MinikubeKubeconfig), which commands cannot change.
	Kubeconfig *Kubeconfig
	// Version is the modelled release's table of strings; nil = the API server's.
	Version *k8sversion.Version

	// WatchFor is how long (virtual time) the user lets a streaming command run before
	// pressing Ctrl-C: get -w, logs -f. 0 means until nothing more is scheduled within
	// 30 seconds, at most 10 minutes.
	WatchFor time.Duration

	// NotSimulated is set by Run when the command (or what it depends on) is not modelled: its
	// output is then not to be compared. Nothing is printed for it.
	NotSimulated string

	// Session is set by Run when the command leaves an interactive session open (exec -it …
	// -- sh, run -it): the caller types lines into it and ends it; see Interactive.
	Session *Interactive
}

// Files is the read-only host file system kubectl's -f reads. Names are as typed on the
// command line (relative, absolute, or an http(s) URL that the caller may bind to a file).
type Files interface {
	// Stat describes a file or directory; an error satisfying errors.Is(err, fs.ErrNotExist)
	// when there is none.
	Stat(name string) (fs.FileInfo, error)
	// ReadFile returns a file's contents.
	ReadFile(name string) ([]byte, error)
	// ReadDir lists a directory, sorted by name.
	ReadDir(name string) ([]fs.DirEntry, error)
}
