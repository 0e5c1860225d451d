package verify

import (
	"time"
)

// Output is what a command printed.
type Output struct {
	Stdout, Stderr string
	// Terminal is stdout and stderr in the order a terminal shows them ("" = Stderr+Stdout
	// is used: kubectl writes its notices before its output).
	Terminal string
	Exit     int
	// NotSimulated says why the output does not reflect what the real program prints (an
	// image the catalogue does not know, a kubectl feature not modelled); "" when simulated.
	NotSimulated string
}

// Text is what a reader of the terminal saw.
func (o Output) Text() string {
	if o.Terminal != "" {
		return o.Terminal
	}
	return o.Stderr + o.Stdout
}

// Files gives kubectl read access to the scenario's files (the newest version shown before the
// command).
type Files interface {
	ReadFile(name string) ([]byte, bool)
}

// Session is an interactive shell in a container (kubectl exec -it … -- sh).
type Session interface {
	// Prompt is the prompt the shell prints ("/ # ").
	Prompt() string
	// Line types one line and returns what the terminal showed, and whether the shell exited.
	Line(line string) (output string, exited bool)
	Close()
}

// Cluster is the simulated cluster one scenario runs on. It is used from one goroutine.
type Cluster interface {
	Now() time.Time
	// AdvanceTo runs every scheduled event up to t and leaves the clock at t.
	AdvanceTo(t time.Time)
	// NextEvent is the time of the next scheduled event.
	NextEvent() (time.Time, bool)
	// Kubectl runs one kubectl command line (args[0] == "kubectl").
	Kubectl(args []string, stdin []byte, files Files, tty bool) Output
	// Interactive runs a kubectl command that opens an interactive session (exec -it … -- sh,
	// run -it, attach -it, debug -it). sess is nil when no session opened (out says why).
	Interactive(args []string, files Files) (sess Session, out Output)
	// HTTP performs a request from the node (curl/wget typed at the host prompt).
	HTTP(method, url string) (status int, body string, err error)
	// Explain says why a container's output is what it is, when the simulator knows (the
	// image version that changed a file, …): "" when it has nothing to say.
	Explain(namespace, pod, container, shown, simulated string) string
}

// Closer is implemented by clusters that hold resources beyond memory (the goroutines of
// simulated processes): the checker closes a cluster when its run of the scenario ends.
type Closer interface {
	Close()
}

// ClusterOptions configure a new cluster.
type ClusterOptions struct {
	// Node is the node's name ("" for the simulator's default).
	Node string
	// Kubernetes is the modelled minor ("1.37").
	Kubernetes string
}

// NewCluster makes a fresh cluster for one scenario.
type NewCluster func(ClusterOptions) (Cluster, error)
