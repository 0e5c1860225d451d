package extract

import (
	"fmt"
	"time"

	"github.com/docbuild/docbuild/internal/page"
	"github.com/docbuild/docbuild/internal/transcript"
)

// StepKind is what a step does.
type StepKind int

const (
	// File defines a version of a file (a manifest block).
	File StepKind = iota
	// Edit changes the newest version of a file with a fragment.
	Edit
	// Run runs a command; Shown holds its shown output, if any.
	Run
	// Wait advances the clock (a `wait` directive).
	Wait
)

func (k StepKind) String() string {
	return [...]string{"file", "edit", "run", "wait"}[k]
}

// SrcLine is one line of a code block with its place in the file.
type SrcLine struct {
	// Text is the line's content as the block shows it (indentation of the enclosing list
	// item removed), without its line ending.
	Text string
	// Line is the 1-based line in the file.
	Line int
	// Start and End are the byte offsets of Text in the file (End excludes the line ending).
	Start, End int
	// CR reports a "\r\n" ending.
	CR bool
}

// Step is one thing the scenario does, in document order.
type Step struct {
	Kind StepKind
	// Line is the 1-based file line of the step: the command's line, the block's first line.
	Line int
	// Source says where the step came from (for --explain): "transcript", "script",
	// "inline", "heredoc", "block", "fragment", "directive", "setup", "watch".
	Source string
	// Block is the index in Scenario.Blocks of the code block that holds the step's command,
	// file or fragment; -1 when it comes from prose (an inline command or fragment) or from a
	// directive.
	Block int
	// OutputBlock is the index in Scenario.Blocks of the code block that holds the step's
	// shown output (the same as Block for a transcript, another block for an output block
	// after an inline command or a script, the later block of a watch); -1 when no output is
	// shown.
	OutputBlock int

	// File and Edit steps.
	Name       string // file name ("" for an unnamed manifest)
	NameFrom   string // how the name was inferred
	Content    string // the file's content (File) or the fragment (Edit)
	Docs       []Object
	BlockLines []SrcLine

	// Run steps.
	Command string // command text as typed (prompts removed)
	// CommandLines are the lines that hold the command (prompt line and continuations).
	CommandLines []SrcLine
	Prompt       transcript.Prompt
	// Session is the index (in Scenario.Steps) of the step that opened the container session
	// this command is typed in; -1 for a host command.
	Session int
	// Opens reports a command that opens an interactive container session.
	Opens bool
	// Shown is the shown output (nil: no output shown; an empty slice: shown as empty).
	Shown      []SrcLine
	ShownStart int // file line where the shown output starts (an output block's first line)
	// OutputFrom says where the shown output came from: "transcript", "output-block".
	OutputFrom string
	// Incomplete marks a command never completed in its block (an open quote or heredoc).
	Incomplete bool
	// Continues is the index (in Scenario.Steps) of the watch (`kubectl get -w`, started in an
	// earlier block and still running "in the original terminal") whose output this step's
	// shown output continues: the step runs nothing, it shows what the watch printed by then.
	// -1 for every other step.
	Continues int

	// Directives in force for the step.
	Skip       bool
	SkipReason string
	NoCompare  bool
	Setup      bool
	Strict     bool
	Duration   time.Duration // Wait
}

// Object is one document of a manifest.
type Object struct {
	APIVersion, Kind, Name, Namespace string
	Line                              int // file line of the document's first line
}

// Finding is something the reader should know about a post that is not a step result.
type Finding struct {
	Line     int
	Severity string // "error", "warning", "info"
	Class    string // a result class when one applies ("unbound-file", "ambiguous-edit", …)
	Msg      string
}

func (f Finding) String() string { return fmt.Sprintf("%d: %s: %s", f.Line, f.Severity, f.Msg) }

// Block is a code block of the post as classified (for --explain).
type Block struct {
	Line  int // line of the opening fence
	Lang  string
	Class string // "file", "fragment", "transcript", "script", "output", "unchecked", "skipped", "setup"
	Why   string
	Lines []SrcLine
	// Fence is the closing fence's line, 0 when the block is never closed.
	Fence int
}

// Scenario is a post read as steps.
type Scenario struct {
	Path string
	// Lines are the file's lines (without endings), for reports.
	Lines []string
	Check page.Check
	// Node is the node name (front matter, else the host of the first host prompt).
	Node     string
	Steps    []Step
	Blocks   []Block
	Findings []Finding
	// Aliases are shell aliases defined in the post (`alias kk=kubectl`).
	Aliases map[string]string
}
