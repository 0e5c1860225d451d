package main

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	_ "time/tzdata" // time zones of _config.yml on systems without zone files

	"github.com/spf13/cobra"
)

//go:embed doc.go
var docSource string

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// commands lists the subcommands; each lives in its own file.
func commands() []*cobra.Command {
	return []*cobra.Command{newBuildCmd(), newServeCmd(), newCheckCmd(), newReplayCmd(), newNewCmd(), newVersionCmd()}
}

// exitError carries an exit status out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usage marks an error as a usage error (exit status 2).
func usage(err error) error { return &exitError{code: 2, err: err} }

// failed marks an error that was already reported (exit status 1).
func failed(err error) error { return &exitError{code: 1, err: err} }

// run executes the command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	root := &cobra.Command{
		Use:           "docbuild",
		Short:         "Publish Hexo-style posts as a static site and check their Kubernetes transcripts",
		Long:          manual(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usage(err) })
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(commands()...)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.code == 2 {
			fmt.Fprintf(stderr, "docbuild: %v\n", ee.err)
			fmt.Fprintln(stderr, `Run "docbuild -h" for usage.`)
		} else if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintf(stderr, "docbuild: %v\n", ee.err)
		}
		return ee.code
	}
	// Errors cobra makes itself (unknown command, wrong number of arguments) are usage errors.
	fmt.Fprintf(stderr, "docbuild: %v\n", err)
	fmt.Fprintln(stderr, `Run "docbuild -h" for usage.`)
	return 2
}

// manual returns doc.go's package comment as plain text.
func manual() string {
	s := docSource
	start := strings.Index(s, "/*")
	end := strings.Index(s, "*/")
	if start < 0 || end < start {
		return ""
	}
	return strings.TrimSpace(s[start+2 : end])
}
