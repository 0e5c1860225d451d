package kubectl

import (
	"io"
	"time"
)

// Runtime is the node side of the cluster: what the kubelet serves through the API server's
// pods/log, pods/exec and pods/attach subresources. kube/cluster implements it.
type Runtime interface {
	// Logs returns the log of a container instance as the kubelet serves it (opts: Previous,
	// Timestamps, TailLines, SinceSeconds, Follow); errors are the kubelet's text (kubectl
	// prints them as `Error from server (BadRequest): <text>`).
	Logs(namespace, pod, container string, opts LogOptions) ([]byte, error)
	// Exec runs argv in a running container and returns its exit code. Errors are the
	// kubelet's/runtime's text (e.g. `container not found ("app")`).
	Exec(namespace, pod, container string, argv []string, stdio ExecIO) (exitCode int, err error)
	// Attach opens an interactive session (kubectl exec -it … -- sh, kubectl run -it): each
	// Line runs one line typed at the container's prompt.
	Attach(namespace, pod, container string, argv []string, tty bool) (Session, error)
}

// LogOptions are the kubelet's log options (k8s.io/api core/v1 PodLogOptions, the fields
// kubectl logs sets).
type LogOptions struct {
	// Previous returns the log of the last terminated instance of the container.
	Previous bool
	// Timestamps prefixes each line with its RFC3339Nano time and a space.
	Timestamps bool
	// TailLines, when not nil, keeps only the last N lines.
	TailLines *int64
	// SinceSeconds / SinceTime, when not nil, keep only lines written at or after that time.
	SinceSeconds *int64
	SinceTime    *time.Time
	// LimitBytes, when not nil, truncates the log to N bytes.
	LimitBytes *int64
	// Follow streams the log: on the virtual clock, everything written up to now for a
	// running container (the reader stops there, like a user pressing Ctrl-C).
	Follow bool
}

// ExecIO are the streams of a non-interactive exec.
type ExecIO struct {
	// Stdin is the command's standard input (kubectl exec -i); nil = no stdin.
	Stdin io.Reader
	// Stdout and Stderr receive the command's output. With TTY, the runtime writes both
	// streams to Stdout, as a terminal merges them.
	Stdout, Stderr io.Writer
	// TTY allocates a terminal for the command (kubectl exec -t with a terminal stdin).
	TTY bool
}

// Session is an interactive process attached to a container (a shell, usually), driven line by
// line the way a person types at a terminal. Attach with argv == nil attaches to the
// container's own process (kubectl run -it, kubectl attach); otherwise it starts argv in the
// container (kubectl exec -it … -- sh).
type Session interface {
	// Start returns what the process wrote before it first waited for input (or exited),
	// and whether it has already exited (`kubectl exec -it pod -- ls`).
	Start() (output []byte, exited bool)
	// Prompt is what the process prints before reading a line ("/ # " for BusyBox sh as
	// root); "" when it prints none.
	Prompt() string
	// Line sends one line (without the newline) to the process and runs it until the process
	// waits for input again or exits. It returns what the process wrote meanwhile (stdout
	// and stderr merged, as on a terminal) and whether it exited.
	Line(line string) (output []byte, exited bool)
	// ExitCode is the process's exit status once it has exited.
	ExitCode() int
	// Close ends the session as a closed terminal does (EOF/hang-up) if the process is still
	// running, and returns its exit status.
	Close() (exitCode int)
}
