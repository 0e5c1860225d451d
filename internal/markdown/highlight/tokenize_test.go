package highlight

import (
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// checkTokens fails unless the token values concatenated are exactly code
// and no token is empty.
func checkTokens(t *testing.T, name, code string, toks []chroma.Token) {
	t.Helper()
	if got := joinTokens(toks); got != code {
		t.Fatalf("%s: tokens do not reconstruct the input:\n got %q\nwant %q", name, got, code)
	}
	for i, tk := range toks {
		if tk.Value == "" {
			t.Fatalf("%s: token %d (%s) is empty", name, i, tk.Type)
		}
	}
}

func fuzzSeeds(f *testing.F) {
	for _, corpus := range []string{"yaml/corpus.txtar", "shell/corpus.txtar"} {
		for _, file := range loadCorpus(f, corpus) {
			f.Add(string(file.Data))
		}
	}
	for _, s := range []string{"", "\n", "a: 'b\nc'\n", "k: |\n  x\n y\n", "[a, {b: c}\n, d]", "$ echo \"a\nb\"\n> c\n", "cat <<-X\n\tq\n\tX\n", "x \\\n y"} {
		f.Add(s)
	}
}

func FuzzTokenizeYAML(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, code string) {
		checkTokens(t, "yaml", code, TokenizeYAML(nil, code))
	})
}

func FuzzTokenizeConsole(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, code string) {
		checkTokens(t, "console", code, TokenizeConsole(nil, code))
	})
}

func FuzzTokenizeShell(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, code string) {
		checkTokens(t, "shell", code, TokenizeShell(nil, code))
	})
}
