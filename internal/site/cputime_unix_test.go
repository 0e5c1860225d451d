//go:build unix

package site

import (
	"syscall"
	"time"
)

// cpuTime is the user+system CPU time of the process so far (benchmarks
// report it next to wall time: on a shared machine it is the steadier
// figure).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
