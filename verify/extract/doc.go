// Package extract owns the reading of a post as a scenario: it walks the Markdown AST of a post
// and infers, with no markup from the author, which code blocks are files (manifests) and under
// which name, which are edits of a file, which are commands (transcripts with prompts, script
// blocks, inline commands in list items, commands typed inside a container session) and which
// lines are the shown output of which command. Directives (`<!-- docbuild: … -->`) settle what
// inference cannot. The result is a [Scenario]: an ordered list of [Step]s, each with the file
// lines it came from, and [Finding]s for what could not be read.
//
// How a manifest gets its name, strongest first (../../../shared/spec/check.md §1): a heredoc in
// a transcript (`cat <<EOF > pod.yaml`); explicit markup (fence attribute `title=`/`file=`, a
// Hexo codeblock title, a `file=` directive); a first-line comment (`# pod.yaml`); the nearest
// preceding mention in the same section (the list item or paragraph that holds
// `kubectl apply -f pod.yaml`, or "save this as `pod.yaml`"); evidence afterwards (the first
// later command that applies a file no block is named after).
//
// It imports internal/page (front matter), internal/transcript (prompts and commands),
// goldmark (the AST) and sigs.k8s.io/yaml.
package extract
