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
// Evidence afterwards also counts the objects an apply's output names (the unnamed manifest
// whose objects `pod/web created` names), and `cat F` whose output shows a manifest (it names
// the earlier unnamed manifest with the same objects, or defines F from the output).
//
// Blocks depend on each other: a container session left open at the end of a block goes on in
// the next block whose lines carry another prompt than the host's (Step.Session points to the
// step that opened it), and an output block that shows a watch's table again after other
// commands ("in your original terminal") continues that watch (Step.Continues). Every step
// names the blocks it comes from (Step.Block, Step.OutputBlock), for serve's badges.
//
// A Reader reads posts with a site's configuration (Options): the build's Markdown options
// and the code directory of {% include_code %} (Hexo's code_dir under the source directory).
//
// It imports internal/page (front matter, site configuration), internal/markdown (the parser
// the build uses), internal/transcript (prompts and commands), shortcodes, goldmark (the AST)
// and sigs.k8s.io/yaml.
package extract
