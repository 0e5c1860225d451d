//go:build unix

package verify

import (
	"syscall"
	"time"
)

// cpuTime is the user+system CPU time of the process so far: benchmarks report it next to
// wall time, the steadier figure on a shared machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
