package highlight

import (
	"fmt"
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	code, _ := os.ReadFile(os.Getenv("F"))
	lang := os.Getenv("L")
	l := canonical(lang, code, false)
	fmt.Println("lang", l.name)
	for _, tk := range tokenize(l, string(code)) {
		fmt.Printf("%-22s %q\n", tk.Type, tk.Value)
	}
	if os.Getenv("C") != "" {
		fmt.Println("---- chroma")
		for _, tk := range ChromaTokens(lang, string(code)) {
			fmt.Printf("%-22s %q\n", tk.Type, tk.Value)
		}
	}
}
