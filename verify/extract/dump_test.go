package extract
import ("os";"testing";"fmt")
func TestDump(t *testing.T){
 f := os.Getenv("F")
 src,_ := os.ReadFile(f)
 sc := Extract(f, src)
 fmt.Println("node", sc.Node)
 for i, st := range sc.Steps { fmt.Printf("%d %s L%d src=%s name=%q from=%q cmd=%q sess=%d opens=%v shown=%d skip=%v\n", i, st.Kind, st.Line, st.Source, st.Name, st.NameFrom, st.Command, st.Session, st.Opens, len(st.Shown), st.Skip) }
 for _, b := range sc.Blocks { fmt.Printf("block L%d %s %s: %s\n", b.Line, b.Lang, b.Class, b.Why) }
 for _, f := range sc.Findings { fmt.Println(f) }
}
