package highlight

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// TokenizeConsole appends to dst the chroma tokens of a shell transcript:
// prompts are GenericPrompt, the commands after them are tokenized as
// shell (continuation lines and heredoc bodies included), every other line
// is GenericOutput — the token types of chroma's Bash Session lexer, with
// the prompts of real transcripts recognised (`user@host:dir# `,
// `[user@host dir]$ `, `$ `, `/ # ` in a container, `PS> `…). The token
// values concatenated are exactly code.
func TokenizeConsole(dst []chroma.Token, code string) []chroma.Token {
	t := &tokens{src: code, out: dst}
	sh := newShellLexer(t)
	sh.first = false
	forLines(code, func(s, e int) {
		nl := chroma.Text
		line := code[s:e]
		switch {
		case sh.more():
			if !sh.inBody() && sh.quote == 0 && strings.HasPrefix(line, "> ") {
				t.emit(chroma.GenericPrompt, s, s+1)
				t.emit(chroma.Text, s+1, s+2)
				s += 2
			}
			sh.line(s, e)
		default:
			if pe, cs := promptSpan(line); pe > 0 {
				t.emit(chroma.GenericPrompt, s, s+pe)
				t.emit(chroma.Text, s+pe, s+cs)
				sh.reset()
				sh.line(s+cs, e)
			} else {
				t.emit(chroma.GenericOutput, s, e)
				nl = chroma.GenericOutput
			}
		}
		if e < len(code) {
			t.emit(nl, e, e+1)
		}
	})
	return t.out
}

// knownPrograms are commands a tutorial's transcript runs; a line "# cmd"
// is a root prompt (not a comment) when cmd is one of them, and a shell
// block whose first command is not one of them (nor a builtin, keyword,
// assignment or path) is shown as output.
var knownPrograms = map[string]bool{
	"kubectl": true, "k": true, "kubeadm": true, "kubelet": true, "minikube": true, "kind": true,
	"k3s": true, "k3d": true, "helm": true, "kustomize": true, "etcdctl": true, "crictl": true,
	"ctr": true, "nerdctl": true, "docker": true, "podman": true, "skaffold": true,
	"cat": true, "echo": true, "ls": true, "cd": true, "pwd": true, "curl": true, "wget": true,
	"ping": true, "nslookup": true, "dig": true, "host": true, "ip": true, "ifconfig": true,
	"netstat": true, "ss": true, "ps": true, "top": true, "kill": true, "killall": true,
	"grep": true, "egrep": true, "awk": true, "sed": true, "head": true, "tail": true, "wc": true,
	"sort": true, "uniq": true, "cut": true, "tr": true, "find": true, "mkdir": true, "rm": true,
	"rmdir": true, "cp": true, "mv": true, "touch": true, "chmod": true, "chown": true, "ln": true,
	"tar": true, "gzip": true, "gunzip": true, "unzip": true, "zip": true, "apt": true,
	"apt-get": true, "yum": true, "dnf": true, "apk": true, "rpm": true, "dpkg": true, "snap": true,
	"brew": true, "systemctl": true, "journalctl": true, "service": true, "sudo": true, "su": true,
	"export": true, "env": true, "which": true, "whoami": true, "hostname": true, "uname": true,
	"date": true, "sleep": true, "watch": true, "vi": true, "vim": true, "nano": true, "less": true,
	"more": true, "mount": true, "umount": true, "df": true, "du": true, "free": true, "id": true,
	"exit": true, "sh": true, "bash": true, "zsh": true, "git": true, "make": true, "go": true,
	"python": true, "python3": true, "pip": true, "pip3": true, "npm": true, "npx": true,
	"node": true, "openssl": true, "ssh": true, "scp": true, "rsync": true, "iptables": true,
	"nc": true, "telnet": true, "hostnamectl": true, "swapoff": true, "modprobe": true,
	"sysctl": true, "tee": true, "xargs": true, "base64": true, "jq": true, "yq": true,
	"source": true, "history": true, "clear": true, "file": true, "stat": true, "time": true,
	"timeout": true, "nohup": true, "openssl3": true, "tree": true, "diff": true, "patch": true,
	"ab": true, "hey": true, "htpasswd": true, "ssh-keygen": true, "cfssl": true, "istioctl": true,
	"argocd": true, "flux": true, "velero": true, "calicoctl": true, "cilium": true, "containerd": true,
	"runc": true, "dmesg": true, "lsblk": true, "blkid": true, "useradd": true, "passwd": true,
	"update-alternatives": true, "lsmod": true, "free-m": false,
}

// promptSpan recognises a prompt at the start of line. It returns the end
// of the prompt (0: none) and where the command starts (after blanks).
func promptSpan(line string) (promptEnd, cmdStart int) {
	pe := promptEnd0(line)
	if pe <= 0 {
		return 0, 0
	}
	cs := pe
	for cs < len(line) && (line[cs] == ' ' || line[cs] == '\t') {
		cs++
	}
	return pe, cs
}

func isPromptChar(c byte) bool { return c == '#' || c == '$' || c == '%' || c == '>' }

// promptEnd0 returns the length of the prompt at the start of line.
func promptEnd0(line string) int {
	if line == "" {
		return 0
	}
	// The prompt character must be followed by a blank or end the line.
	endsAt := func(i int) bool { return i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' }
	switch line[0] {
	case '$', '%':
		if endsAt(0) {
			return 1
		}
		return 0
	case '#':
		// "# cmd" is root's prompt only when cmd is a known program.
		if len(line) > 2 && line[1] == ' ' && knownCommand(firstWord(line[2:])) {
			return 1
		}
		return 0
	case '[':
		// [user@host dir]$
		if i := strings.IndexByte(line, ']'); i > 0 && strings.IndexByte(line[:i], '@') > 0 &&
			i+1 < len(line) && isPromptChar(line[i+1]) && endsAt(i+1) {
			return i + 2
		}
		return 0
	case '/', '~':
		// busybox and container prompts: "/ # ", "/app $ ", "~ $ "
		i := 0
		for i < len(line) && line[i] != ' ' && line[i] != '\t' {
			i++
		}
		if i+2 < len(line)+1 && i+1 < len(line) && (line[i+1] == '#' || line[i+1] == '$') && endsAt(i+1) {
			return i + 2
		}
		return 0
	case 'P':
		// PowerShell: "PS> " or "PS C:\dir> "
		if strings.HasPrefix(line, "PS>") && endsAt(2) {
			return 3
		}
		if strings.HasPrefix(line, "PS ") {
			if i := strings.IndexByte(line, '>'); i > 3 && endsAt(i) {
				return i + 1
			}
		}
	}
	// user@host:dir# , user@host:~/x$ , (venv) user@host dir % , bash-5.1#
	i := 0
	if line[0] == '(' { // (venv)
		j := strings.IndexByte(line, ')')
		if j < 0 || j > 40 {
			return 0
		}
		i = j + 1
		for i < len(line) && line[i] == ' ' {
			i++
		}
	}
	rest := line[i:]
	n := nameLen(rest)
	if n == 0 || n == len(rest) {
		return 0
	}
	if (rest[n] == '#' || rest[n] == '$') && endsAt(i+n) && isShellVersionPrompt(rest[:n]) {
		return i + n + 1 // bash-5.1#
	}
	if rest[n] != '@' || nameLen(rest[n+1:]) == 0 {
		return 0
	}
	// Up to three blank-separated words, the last ending with the prompt
	// character: "u@h:~/dir#", "u@h ~ %", "u@h dir $".
	j := 0
	for range 3 {
		k := j
		for k < len(rest) && rest[k] != ' ' && rest[k] != '\t' {
			k++
		}
		if k > j && (rest[k-1] == '#' || rest[k-1] == '$' || rest[k-1] == '%') {
			return i + k
		}
		if k >= len(rest) {
			return 0
		}
		j = k + 1
	}
	return 0
}

// isShellVersionPrompt matches "bash-5.1", "sh-4.4".
func isShellVersionPrompt(w string) bool {
	i := strings.IndexByte(w, '-')
	if i <= 0 || i+1 >= len(w) {
		return false
	}
	for _, c := range []byte(w[i+1:]) {
		if !(isDigit(c) || c == '.') {
			return false
		}
	}
	return isName(w[:i])
}

// nameLen is the length of the user or host name at the start of s.
func nameLen(s string) int {
	i := 0
	for i < len(s) && (isNameByte(s[i]) || s[i] == '.' || s[i] == '-') {
		i++
	}
	return i
}

func firstWord(s string) string {
	s = strings.TrimLeft(s, " \t")
	i := 0
	for i < len(s) && s[i] != ' ' && s[i] != '\t' {
		i++
	}
	return s[:i]
}

func knownCommand(w string) bool {
	if w == "" {
		return false
	}
	if knownPrograms[w] || shellBuiltins[w] {
		return true
	}
	return strings.HasPrefix(w, "./") || strings.HasPrefix(w, "/") && strings.Count(w, "/") > 1
}

// hasPrompt reports whether a line of code starts with a prompt.
func hasPrompt(code []byte) bool {
	found := false
	forLines(string(code), func(s, e int) {
		if !found {
			if pe, _ := promptSpan(string(code[s:e])); pe > 0 {
				found = true
			}
		}
	})
	return found
}

// isTranscript reports whether an untagged or text block is a transcript.
func isTranscript(code []byte) bool { return hasPrompt(code) }

// looksLikeScript reports whether a shell block without prompts is a script
// (its first command is a known program, builtin, keyword, assignment,
// path or comment) rather than the output of a command shown elsewhere.
func looksLikeScript(code []byte) bool {
	s := string(code)
	for s != "" {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if line[0] == '#' {
			return true
		}
		w := firstWord(line)
		if knownCommand(w) || shellKeywords[w] {
			return true
		}
		if i := strings.IndexByte(w, '='); i > 0 && isName(w[:i]) {
			return true
		}
		return false
	}
	return true
}
