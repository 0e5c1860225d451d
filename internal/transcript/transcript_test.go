package transcript

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// render is a compact, reviewable picture of a lexed transcript: one line per input line,
// "K|prompt|cmd" where K is the kind's initial and the command index.
func render(t *Transcript) string {
	var b strings.Builder
	for _, l := range t.Lines {
		k := map[Kind]string{KindOutput: "O", KindCommand: "C", KindContinuation: "+", KindHeredoc: "H", KindContainerCommand: "N"}[l.Kind]
		fmt.Fprintf(&b, "%s%d|%s|%s\n", k, l.Command, l.Prompt.Text, l.Cmd)
	}
	return b.String()
}

func TestLex(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"dollar prompt and output", "$ kubectl get pods\nNAME   READY\nweb    1/1\n",
			"C0|$ |kubectl get pods\nO0||\nO0||\n"},
		{"user@host prompt", "root@debian:~/k8s/pod# kubectl get pods\nNAME\n",
			"C0|root@debian:~/k8s/pod# |kubectl get pods\nO0||\n"},
		{"empty prompt ends output", "root@debian:~/k8s/pod# kubectl logs x\nhello\nroot@debian:~/k8s/pod#\n",
			"C0|root@debian:~/k8s/pod# |kubectl logs x\nO0||\nC1|root@debian:~/k8s/pod#|\n"},
		{"bracket prompt", "[root@k8s-master01 ~]# kubectl get pods\nNo resources found.\n",
			"C0|[root@k8s-master01 ~]# |kubectl get pods\nO0||\n"},
		{"hash prompt needs a known program", "# kubectl get pods\n# this is a comment\n",
			"C0|# |kubectl get pods\nO0||\n"},
		{"powershell", "PS> kubectl get ns\nPS C:\\Users\\me> kubectl version\n",
			"C0|PS> |kubectl get ns\nC1|PS C:\\Users\\me> |kubectl version\n"},
		{"trailing backslash", "$ kubectl run web \\\n>   --image=nginx\npod/web created\n",
			"C0|$ |kubectl run web \\\n+0|> |  --image=nginx\nO0||\n"},
		{"backslash without secondary prompt", "$ kubectl run web \\\n  --image=nginx\npod/web created\n",
			"C0|$ |kubectl run web \\\n+0||  --image=nginx\nO0||\n"},
		{"open quote", "$ echo 'a\nb'\na\nb\n",
			"C0|$ |echo 'a\n+0||b'\nO0||\nO0||\n"},
		{"heredoc", "$ cat <<EOF > pod.yaml\napiVersion: v1\nkind: Pod\nEOF\n$ kubectl apply -f pod.yaml\npod/x created\n",
			"C0|$ |cat <<EOF > pod.yaml\nH0||apiVersion: v1\nH0||kind: Pod\nH0||EOF\nC1|$ |kubectl apply -f pod.yaml\nO1||\n"},
		{"heredoc with secondary prompts", "$ kubectl apply -f - <<EOF\n> kind: Pod\n> EOF\npod/x created\n",
			"C0|$ |kubectl apply -f - <<EOF\nH0|> |kind: Pod\nH0|> |EOF\nO0||\n"},
		{"unterminated quote stops at a prompt", "$ echo 'a\n$ kubectl get pods\n",
			"C0|$ |echo 'a\nC1|$ |kubectl get pods\n"},
		{"busybox session", "$ kubectl exec -it web -- sh\n/ # ls /tmp\nhealthy\n/ # exit\n$ kubectl get pods\n",
			"C0|$ |kubectl exec -it web -- sh\nN1|/ # |ls /tmp\nO1||\nN2|/ # |exit\nC3|$ |kubectl get pods\n"},
		{"bash session with pod prompt", "$ kubectl exec -it redis -- /bin/bash\nroot@redis:/data# cd /data/redis/\nroot@redis:/data/redis# ls\ntest-file\n",
			"C0|$ |kubectl exec -it redis -- /bin/bash\nN1|root@redis:/data# |cd /data/redis/\nN2|root@redis:/data/redis# |ls\nO2||\n"},
		{"session left without exit", "$ kubectl debug -it myapp --image=busybox -- sh\nIf you don't see a command prompt, try pressing enter.\n/ #\n$ kubectl delete pod myapp\n",
			"C0|$ |kubectl debug -it myapp --image=busybox -- sh\nO0||\nN1|/ #|\nC2|$ |kubectl delete pod myapp\n"},
		{"promptless session", "$ kubectl exec readiness -it -- /bin/sh\ncd /usr/share/nginx/html/\necho \"123\" > index1.html\nexit\n$ kubectl get pods\n",
			"C0|$ |kubectl exec readiness -it -- /bin/sh\nN1||cd /usr/share/nginx/html/\nN2||echo \"123\" > index1.html\nN3||exit\nC4|$ |kubectl get pods\n"},
		{"promptless session output", "$ kubectl exec -it v -- bash\ncat /volume/file\n2\n",
			"C0|$ |kubectl exec -it v -- bash\nN1||cat /volume/file\nO1||\n"},
		{"placeholder at a container prompt", "$ kubectl exec -it web -- sh\n/ # kill <pid>\n/ # cat <file name>\n",
			"C0|$ |kubectl exec -it web -- sh\nN1|/ # |kill <pid>\nN2|/ # |cat <file name>\n"},
		{"redirection is no placeholder", "$ kubectl exec -it web -- sh\n/ # cat < /etc/hostname\nweb\n",
			"C0|$ |kubectl exec -it web -- sh\nN1|/ # |cat < /etc/hostname\nO1||\n"},
		{"hash prompt inside session", "$ kubectl exec -ti nginx -- /bin/sh\n# exit\n$ kubectl logs -f nginx\n",
			"C0|$ |kubectl exec -ti nginx -- /bin/sh\nN1|# |exit\nC2|$ |kubectl logs -f nginx\n"},
		{"exec without shell is not a session", "$ kubectl exec -it web\nerror: you must specify at least one command for the container\n/ # ls\n",
			"C0|$ |kubectl exec -it web\nO0||\nC1|/ # |ls\n"},
		{"slash-hash prompt without space", "$ kubectl exec -it d -- sh\n/# cat /etc/podinfo/labels\ncluster=\"a\"\n",
			"C0|$ |kubectl exec -it d -- sh\nN1|/# |cat /etc/podinfo/labels\nO1||\n"},
		{"killercoda host prompt", "controlplane $ kubectl get nodes\nNAME\n",
			"C0|controlplane $ |kubectl get nodes\nO0||\n"},
		{"output before any command", "NAME   READY\nweb    1/1\n", "O-1||\nO-1||\n"},
		{"indented prompt", "  $ kubectl get pods\n", "C0|$ |kubectl get pods\n"},
		{"bash version prompt", "bash-5.1# ls /\nbin\n", "C0|bash-5.1# |ls /\nO0||\n"},
		{"pipe continues", "$ kubectl get pods |\n  grep web\nweb 1/1\n", "C0|$ |kubectl get pods |\n+0||  grep web\nO0||\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(Lex(tt.src))
			if got != tt.want {
				t.Errorf("Lex(%q):\ngot:\n%swant:\n%s", tt.src, got, tt.want)
			}
		})
	}
}

func TestPromptParts(t *testing.T) {
	tests := []struct {
		line                  string
		style                 Style
		user, host, dir, text string
		root                  bool
		start, end            int
	}{
		{"root@debian:~/k8s/pod# kubectl get pods", UserHost, "root", "debian", "~/k8s/pod", "root@debian:~/k8s/pod# ", true, 0, 23},
		{"me@laptop:/tmp$ ls", UserHost, "me", "laptop", "/tmp", "me@laptop:/tmp$ ", false, 0, 16},
		{"[root@k8s-master01 ~]# ls", Bracket, "root", "k8s-master01", "~", "[root@k8s-master01 ~]# ", true, 0, 23},
		{"root@lifecycle-demo:/# cat x", UserHost, "root", "lifecycle-demo", "/", "root@lifecycle-demo:/# ", true, 0, 23},
		{"  $ ls", Dollar, "", "", "", "$ ", false, 2, 4},
		{"/data/redis # ls", Dir, "", "", "/data/redis", "/data/redis # ", true, 0, 14},
		{"PS C:\\k8s> kubectl get ns", PowerShell, "", "", "C:\\k8s", "PS C:\\k8s> ", false, 0, 11},
	}
	for _, tt := range tests {
		p, ok := ParsePrompt(tt.line)
		if !ok {
			t.Errorf("ParsePrompt(%q): no prompt", tt.line)
			continue
		}
		if p.Style != tt.style || p.User != tt.user || p.Host != tt.host || p.Dir != tt.dir || p.Text != tt.text || p.Root != tt.root || p.Start != tt.start || p.End != tt.end {
			t.Errorf("ParsePrompt(%q) = %+v", tt.line, p)
		}
	}
	for _, line := range []string{"NAME   READY", "pod/web created", "$HOME", "/var/run/x from y (ro)", "user@example.com wrote", "", "[1] 2345"} {
		if p, ok := ParsePrompt(line); ok {
			t.Errorf("ParsePrompt(%q) = %+v, want none", line, p)
		}
	}
}

func TestCommands(t *testing.T) {
	src := "$ kubectl apply -f - <<EOF\n> apiVersion: v1\n> EOF\npod/x created\n\n$ kubectl get pods \\\n>  -o wide\nNAME\n"
	tr := Lex(src)
	if len(tr.Commands) != 2 {
		t.Fatalf("commands = %d, want 2", len(tr.Commands))
	}
	c := tr.Commands[0]
	if c.Text != "kubectl apply -f - <<EOF\napiVersion: v1\nEOF" || c.First != 0 || c.Last != 2 || c.OutputStart != 3 || c.OutputEnd != 5 {
		t.Errorf("command 0 = %+v", c)
	}
	c = tr.Commands[1]
	if c.Text != "kubectl get pods \\\n -o wide" || c.First != 5 || c.Last != 6 || c.OutputStart != 7 || c.OutputEnd != 8 {
		t.Errorf("command 1 = %+v", c)
	}
	args, ok := Args(c.Text)
	if !ok || strings.Join(args, ",") != "kubectl,get,pods,-o,wide" {
		t.Errorf("Args = %q, %v", args, ok)
	}
}

func TestCRLF(t *testing.T) {
	tr := Lex("$ kubectl get pods\r\nNAME\r\nweb\n")
	if len(tr.Lines) != 3 || !tr.Lines[0].CR || !tr.Lines[1].CR || tr.Lines[2].CR || tr.Lines[0].Cmd != "kubectl get pods" {
		t.Errorf("CRLF lines = %+v", tr.Lines)
	}
}

func TestScript(t *testing.T) {
	tr := Script("# create it\nkubectl apply -f pod.yaml\n\nkubectl get pods \\\n  -o wide\n")
	if len(tr.Commands) != 2 || tr.Commands[0].Text != "kubectl apply -f pod.yaml" || tr.Commands[1].Text != "kubectl get pods \\\n  -o wide" {
		t.Errorf("Script commands = %+v", tr.Commands)
	}
}

func TestOptionsKnown(t *testing.T) {
	o := Options{Known: func(n string) bool { return n == "kk" }}
	if got := render(o.Lex("# kk get pods\n")); got != "C0|# |kk get pods\n" {
		t.Errorf("alias: %s", got)
	}
	if got := render(Lex("# kk get pods\n")); got != "O-1||\n" {
		t.Errorf("no alias: %s", got)
	}
}

func TestOpensSession(t *testing.T) {
	tests := map[string]bool{
		"kubectl exec -it web -- sh":                           true,
		"kubectl exec -ti web -c app -- /bin/bash":             true,
		"kubectl exec web -it -- /bin/sh":                      true,
		"kubectl exec -it liveness -c liveness bash":           true,
		"kubectl exec -it web":                                 false,
		"kubectl exec web -- ls":                               false,
		"kubectl exec -it web -- sh -c 'ls'":                   false,
		"kubectl run -it --rm box --image=busybox -- sh":       true,
		"kubectl run -it --rm box --image=busybox":             true,
		"kubectl run box --image=busybox -- sleep 1d":          false,
		"kubectl attach -it nginx -c shell":                    true,
		"kubectl debug -it myapp --image=busybox --target=app": true,
		"docker exec -it c sh":                                 true,
		"echo kubectl exec -it web -- sh":                      false,
	}
	for in, want := range tests {
		if got := OpensSession(in); got != want {
			t.Errorf("OpensSession(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestProgram(t *testing.T) {
	tests := map[string]string{
		"kubectl get pods":            "kubectl",
		"sudo kubectl get pods":       "kubectl",
		"FOO=1 kubectl get pods":      "kubectl",
		"kubectl get pods | grep web": "kubectl",
		"cat <<EOF > x":               "cat",
		"for i in 1 2; do echo; done": "for",
		"echo 'open":                  "echo",
		"watch -n1 kubectl get pods":  "watch",
		"kubectl get pods && echo ok": "kubectl",
	}
	for in, want := range tests {
		if got, _ := Program(in); got != want {
			t.Errorf("Program(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzLex checks the lexer's invariants on any input: one Line per input line, kinds and
// command indexes consistent, prompt spans inside the line, and no panic.
func FuzzLex(f *testing.F) {
	for _, s := range []string{
		"$ kubectl get pods\nNAME\n",
		"$ cat <<EOF\n> a\n> EOF\n",
		"$ kubectl exec -it x -- sh\n/ # ls\nbin\n/ # exit\n",
		"root@debian:~# echo 'a\nb'\n",
		"# kubectl get pods\r\n# hello\r\n",
		"[root@h ~]# ls \\\n -l\n",
		"\xff\xfe$ \x00",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, src string, script bool) {
		if len(src) > 4096 {
			return
		}
		tr := Options{Script: script}.Lex(src)
		lines, _ := SplitLines(src)
		if len(tr.Lines) != len(lines) {
			t.Fatalf("%d lines, want %d", len(tr.Lines), len(lines))
		}
		for i, l := range tr.Lines {
			if l.Prompt.Start > l.Prompt.End || l.Prompt.End > len(l.Text) {
				t.Fatalf("line %d: prompt span %d..%d outside %q", i, l.Prompt.Start, l.Prompt.End, l.Text)
			}
			if l.Command >= len(tr.Commands) {
				t.Fatalf("line %d: command %d of %d", i, l.Command, len(tr.Commands))
			}
			if l.Kind != KindOutput && l.Command < 0 {
				t.Fatalf("line %d: %v without command", i, l.Kind)
			}
		}
		prev := -1
		for ci, c := range tr.Commands {
			if c.First <= prev || c.Last < c.First || c.OutputStart != c.Last+1 || c.OutputEnd < c.OutputStart || c.OutputEnd > len(tr.Lines) {
				t.Fatalf("command %d bad range %+v", ci, c)
			}
			if k := tr.Lines[c.First].Kind; k != KindCommand && k != KindContainerCommand {
				t.Fatalf("command %d first line kind %v", ci, k)
			}
			prev = c.OutputEnd - 1
			if utf8.ValidString(src) && !utf8.ValidString(c.Text) {
				t.Fatalf("command %d text not UTF-8", ci)
			}
		}
	})
}

// TestNested: a block may continue a session opened by an earlier block (Options.Nested), and
// says whether it leaves a session open for the next one.
func TestNested(t *testing.T) {
	tests := []struct {
		name       string
		o          Options
		src, want  string
		open       int
		ctrPrompt  string
		hostPrompt string
	}{
		{"opens and stays open", Options{}, "$ kubectl exec -it web -- sh\n/ # ls\nx\n",
			"C0|$ |kubectl exec -it web -- sh\nN1|/ # |ls\nO1||\n", 0, "/ # ", "$ "},
		{"opens and exits", Options{}, "$ kubectl exec -it web -- sh\n/ # exit\n",
			"C0|$ |kubectl exec -it web -- sh\nN1|/ # |exit\n", -1, "", ""},
		{"continues an earlier session", Options{Nested: true, NestedPrompt: "/ # ", HostPrompt: "$ "}, "/ # cat /tmp/x\nhello\n",
			"N0|/ # |cat /tmp/x\nO0||\n", -2, "/ # ", "$ "},
		{"continued session exits", Options{Nested: true, HostPrompt: "$ "}, "/ # ls\n/ # exit\n$ kubectl get pods\n",
			"N0|/ # |ls\nN1|/ # |exit\nC2|$ |kubectl get pods\n", -1, "", ""},
		{"back on the host prompt", Options{Nested: true, NestedPrompt: "/ # ", HostPrompt: "$ "}, "$ kubectl get pods\nNAME\n",
			"C0|$ |kubectl get pods\nO0||\n", -1, "", ""},
		{"host prompt unknown: a kubectl line leaves", Options{Nested: true, HostPrompt: "$ "}, "$ kubectl delete pod web\n",
			"C0|$ |kubectl delete pod web\n", -1, "", ""},
		{"pod prompt with a changed directory", Options{Nested: true, NestedPrompt: "root@redis:/data# ", HostPrompt: "$ "},
			"root@redis:/data/redis# ls\ntest-file\n", "N0|root@redis:/data/redis# |ls\nO0||\n", -2, "root@redis:/data# ", "$ "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := tt.o.Lex(tt.src)
			if got := render(tr); got != tt.want {
				t.Errorf("lex:\n%s\nwant:\n%s", got, tt.want)
			}
			if tr.Open != tt.open || tr.ContainerPrompt != tt.ctrPrompt || tr.HostPrompt != tt.hostPrompt {
				t.Errorf("open %d %q %q, want %d %q %q", tr.Open, tr.ContainerPrompt, tr.HostPrompt, tt.open, tt.ctrPrompt, tt.hostPrompt)
			}
			for _, c := range tr.Commands {
				if tr.Lines[c.First].Kind == KindContainerCommand && c.Session == -1 {
					t.Errorf("command %q in a session has no session", c.Text)
				}
			}
		})
	}
}
