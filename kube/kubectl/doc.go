// Package kubectl owns the kubectl front end of the simulator: Run parses a kubectl command
// line with cobra/pflag, exactly as kubectl v1.37.2 declares its commands and flags, runs it
// against the simulated API server and node runtime, and prints what kubectl prints.
package kubectl
