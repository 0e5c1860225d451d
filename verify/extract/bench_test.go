package extract

import (
	"os"
	"testing"
)

func BenchmarkExtractSeed(b *testing.B) {
	src, err := os.ReadFile("../testdata/seed/000_b96f6f29b8d6a1b6.md")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Extract("seed.md", src)
	}
}
