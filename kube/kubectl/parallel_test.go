package kubectl

import (
	"sync"
	"testing"
	"testing/fstest"
)

// TestParallelClusters runs independent clusters from several goroutines, as the checker does
// (go test -race finds shared state).
func TestParallelClusters(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newTestCluster(t)
			c.files["solo.yaml"] = &fstest.MapFile{Data: []byte(oneContainer)}
			for _, args := range [][]string{
				{"apply", "-f", "solo.yaml"}, {"get", "pods", "-o", "wide"}, {"describe", "pod", "solo"},
				{"get", "pod", "solo", "-o", "yaml"}, {"label", "pod", "solo", "a=b"}, {"delete", "pod", "solo"},
			} {
				if _, stderr, code := c.run(args, ""); code != 0 {
					t.Errorf("%v: %s", args, stderr)
				}
			}
		}()
	}
	wg.Wait()
}
