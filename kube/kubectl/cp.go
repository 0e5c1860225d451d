package kubectl

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/cmd/util/podcmd"
)

// FilesWriter is implemented by Env.Files when kubectl may write host files (kubectl cp from a
// container). Names are as kubectl forms them from the command line.
type FilesWriter interface {
	// MkdirAll creates a directory and its parents (os.MkdirAll).
	MkdirAll(name string, perm fs.FileMode) error
	// WriteFile creates or truncates a file (os.Create + write).
	WriteFile(name string, data []byte, perm fs.FileMode) error
}

// cpOptions are the flags of `kubectl cp` (k8s.io/kubectl v0.37.2 pkg/cmd/cp/cp.go).
type cpOptions struct {
	container  string
	noPreserve bool
	maxTries   int
}

// newCp is cp.go NewCmdCp.
func (r *runner) newCp() *cobra.Command {
	o := &cpOptions{}
	cmd := &cobra.Command{
		Use:                   "cp <file-spec-src> <file-spec-dest>",
		DisableFlagsInUseLine: true,
		Short:                 "Copy files and directories to and from containers",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runCp(o, args)
		},
	}
	cmdutil.AddContainerVarFlags(cmd, &o.container, o.container)
	cmd.Flags().BoolVarP(&o.noPreserve, "no-preserve", "", false, "The copied file/directory's ownership and permissions will not be preserved in the container")
	cmd.Flags().IntVarP(&o.maxTries, "retries", "", 0, "Set number of retries to complete a copy operation from a container. Specify 0 to disable or any negative value for infinite retrying. The default is 0 (no retry).")
	return cmd
}

// cpSpec is cp.go fileSpec: a pod file when pod is set, else a host file.
type cpSpec struct {
	pod, namespace, file string
}

// errFileSpecDoesntMatchFormat is cp.go's error.
func errFileSpecDoesntMatchFormat() error {
	return errors.New("filespec must match the canonical format: [[namespace/]pod:]file/path")
}

// extractFileSpec is cp.go extractFileSpec (paths cleaned of a trailing slash as
// newLocalPath/newRemotePath do).
func extractFileSpec(arg string) (cpSpec, error) {
	i := strings.Index(arg, ":")
	if i == 0 {
		return cpSpec{}, errFileSpecDoesntMatchFormat()
	}
	if i == -1 {
		return cpSpec{file: stripTrailingSlash(arg)}, nil
	}
	pod, file := arg[:i], arg[i+1:]
	file = strings.ReplaceAll(stripTrailingSlash(file), `\`, "/")
	pieces := strings.Split(pod, "/")
	switch len(pieces) {
	case 1:
		return cpSpec{pod: pieces[0], file: file}, nil
	case 2:
		return cpSpec{namespace: pieces[0], pod: pieces[1], file: file}, nil
	default:
		return cpSpec{}, errFileSpecDoesntMatchFormat()
	}
}

// runCp is cp.go Validate and Run. Both directions exec tar in the container, as kubectl
// does (`tar -xmf - [-C dir]` fed a tar of the host files; `tar cf - path` read back and
// unpacked on the host), so they work as far as the container's tar does.
func (r *runner) runCp(o *cpOptions, args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("source and destination are required")
	}
	src, err := extractFileSpec(args[0])
	if err != nil {
		return err
	}
	dest, err := extractFileSpec(args[1])
	if err != nil {
		return err
	}
	if len(src.pod) != 0 && len(dest.pod) != 0 {
		return fmt.Errorf("one of src or dest must be a local file specification")
	}
	if len(src.file) == 0 || len(dest.file) == 0 {
		return errors.New("filepath can not be empty")
	}
	if o.maxTries != 0 {
		return notSimulated("kubectl cp --retries")
	}
	if len(src.pod) != 0 {
		return r.copyFromPod(o, src, dest)
	}
	if len(dest.pod) != 0 {
		return r.copyToPod(o, src, dest)
	}
	return fmt.Errorf("one of src or dest must be a remote file specification")
}

// copyToPod is cp.go copyToPod: `test -d dest` decides whether dest is a directory, then the
// tar of the host files goes to `tar -xmf -` in the container.
func (r *runner) copyToPod(o *cpOptions, src, dest cpSpec) error {
	if r.env.Files == nil {
		return fmt.Errorf("%s doesn't exist in local filesystem", src.file)
	}
	if strings.ContainsAny(src.file, "*?[") {
		// recursiveTar globs the source path.
		return notSimulated("kubectl cp with a glob pattern")
	}
	if _, err := r.env.Files.Stat(src.file); err != nil {
		return fmt.Errorf("%s doesn't exist in local filesystem", src.file)
	}
	destFile := dest.file
	if err := r.execIn(o, dest, []string{"test", "-d", dest.file}, nil, io.Discard, io.Discard, true); err == nil {
		destFile = path.Join(destFile, filepath.Base(src.file))
	} else if isNotSimulated(err) {
		return err
	}
	var archive bytes.Buffer
	tw := tar.NewWriter(&archive)
	srcPath := filepath.Clean(src.file)
	destPath := path.Clean(destFile)
	if err := r.recursiveTar(filepath.Dir(srcPath), filepath.Base(srcPath), path.Dir(destPath), path.Base(destPath), tw); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	cmdArr := []string{"tar", "-xmf", "-"}
	if o.noPreserve {
		cmdArr = []string{"tar", "--no-same-permissions", "--no-same-owner", "-xmf", "-"}
	}
	if dir := stripTrailingSlash(path.Dir(destFile)); len(dir) > 0 {
		cmdArr = append(cmdArr, "-C", dir)
	}
	return r.execIn(o, dest, cmdArr, &archive, r.out, r.errOut, false)
}

// recursiveTar is cp.go recursiveTar over Env.Files (no glob: the source is one path).
func (r *runner) recursiveTar(srcDir, srcFile, destDir, destFile string, tw *tar.Writer) error {
	fpath := filepath.Join(srcDir, srcFile)
	stat, err := r.env.Files.Stat(fpath)
	if err != nil {
		return err
	}
	if stat.IsDir() {
		files, err := r.env.Files.ReadDir(fpath)
		if err != nil {
			return err
		}
		if len(files) == 0 {
			hdr, _ := tar.FileInfoHeader(stat, fpath)
			hdr.Name = destFile
			if err := tw.WriteHeader(hdr); err != nil {
				return err
			}
		}
		for _, f := range files {
			if err := r.recursiveTar(srcDir, filepath.Join(srcFile, f.Name()), destDir, path.Join(destFile, f.Name()), tw); err != nil {
				return err
			}
		}
		return nil
	}
	if stat.Mode()&fs.ModeSymlink != 0 {
		return notSimulated("kubectl cp of a symbolic link")
	}
	hdr, err := tar.FileInfoHeader(stat, fpath)
	if err != nil {
		return err
	}
	hdr.Name = destFile
	data, err := r.env.Files.ReadFile(fpath)
	if err != nil {
		return err
	}
	hdr.Size = int64(len(data))
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	_, err = tw.Write(data)
	return err
}

// copyFromPod is cp.go copyFromPod and untarAll: `tar cf - src` in the container (its stderr
// goes to kubectl's stdout, as TarPipe wires it: "tar: Removing leading `/' from member
// names"), then the archive unpacked under dest on the host.
func (r *runner) copyFromPod(o *cpOptions, src, dest cpSpec) error {
	w, ok := r.env.Files.(FilesWriter)
	if !ok {
		return notSimulated("kubectl cp to the host (no writable host files)")
	}
	var archive bytes.Buffer
	if err := r.execIn(o, src, []string{"tar", "cf", "-", src.file}, nil, &archive, r.out, false); err != nil {
		return err
	}
	prefix := stripPathShortcuts(path.Clean(strings.TrimLeft(src.file, `/\`)))
	destDir := stripTrailingSlash(dest.file)
	tr := tar.NewReader(&archive)
	symlinkWarningPrinted := false
	for {
		header, err := tr.Next()
		if err != nil {
			if err != io.EOF {
				return err
			}
			break
		}
		if !strings.HasPrefix(header.Name, prefix) {
			return fmt.Errorf("tar contents corrupted")
		}
		mode := header.FileInfo().Mode()
		destFileName := stripTrailingSlash(filepath.Join(destDir, strings.ReplaceAll(stripTrailingSlash(header.Name[len(prefix):]), `\`, "/")))
		if !isRelative(destDir, destFileName) {
			fmt.Fprintf(r.errOut, "warning: file %q is outside target destination, skipping\n", destFileName)
			continue
		}
		if err := w.MkdirAll(filepath.Dir(destFileName), 0o755); err != nil {
			return err
		}
		if header.FileInfo().IsDir() {
			if err := w.MkdirAll(destFileName, 0o755); err != nil {
				return err
			}
			continue
		}
		if mode&fs.ModeSymlink != 0 {
			if !symlinkWarningPrinted {
				ns := src.namespace
				if ns == "" {
					ns = r.namespace
				}
				fmt.Fprintf(r.errOut, "warning: skipping symlink: %q -> %q (consider using \"%s exec -n %q %q -- tar cf - %q | tar xf -\")\n",
					destFileName, header.Linkname, "kubectl", ns, src.pod, src.file)
				symlinkWarningPrinted = true
				continue
			}
			fmt.Fprintf(r.errOut, "warning: skipping symlink: %q -> %q\n", destFileName, header.Linkname)
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return err
		}
		if err := w.WriteFile(destFileName, data, 0o666); err != nil {
			return err
		}
	}
	return nil
}

// execIn is what cp.go execute runs: exec.go's ExecOptions Validate and Run for the pod of a
// file spec (its namespace, else the command's), the -c container or the default one (with
// the "Defaulted container" notice on stderr unless quiet).
func (r *runner) execIn(o *cpOptions, spec cpSpec, argv []string, stdin io.Reader, stdout, stderr io.Writer, quiet bool) error {
	ns := spec.namespace
	if ns == "" {
		ns = r.namespace
	}
	obj, err := r.env.API.Get("pods", ns, spec.pod)
	if err != nil {
		return err
	}
	pod := obj.(*corev1.Pod)
	if pod.Status.Phase == corev1.PodSucceeded || pod.Status.Phase == corev1.PodFailed {
		return fmt.Errorf("cannot exec into a container in a completed pod; current phase is %s", pod.Status.Phase)
	}
	notices := stderr
	if quiet {
		notices = io.Discard
	}
	c, err := podcmd.FindOrDefaultContainerByName(pod, o.container, false, notices)
	if err != nil {
		return err
	}
	if err := r.upgradeCheck(pod, c.Name); err != nil {
		return err
	}
	code, err := r.env.Runtime.Exec(pod.Namespace, pod.Name, c.Name, argv, ExecIO{Stdin: stdin, Stdout: stdout, Stderr: stderr})
	if err != nil {
		return r.streamError(err)
	}
	if code != 0 {
		return commandTerminated(code)
	}
	return nil
}

func isNotSimulated(err error) bool {
	var ns *NotSimulatedError
	return errors.As(err, &ns)
}

// stripTrailingSlash, stripPathShortcuts and isRelative are pkg/cmd/cp/filespec.go's.
func stripTrailingSlash(file string) string {
	if len(file) == 0 {
		return file
	}
	if file != "/" && strings.HasSuffix(string(file[len(file)-1]), "/") {
		return file[:len(file)-1]
	}
	return file
}

func stripPathShortcuts(p string) string {
	newPath := p
	trimmedPosix := strings.TrimPrefix(newPath, "../")
	for trimmedPosix != newPath {
		newPath = trimmedPosix
		trimmedPosix = strings.TrimPrefix(newPath, "../")
	}
	trimmedWindows := strings.TrimPrefix(newPath, `..\`)
	for trimmedWindows != newPath {
		newPath = trimmedWindows
		trimmedWindows = strings.TrimPrefix(newPath, `..\`)
	}
	if newPath == "." || newPath == ".." {
		newPath = ""
	}
	if len(newPath) > 0 && (string(newPath[0]) == "/" || string(newPath[0]) == `\`) {
		return newPath[1:]
	}
	return newPath
}

func isRelative(base, target string) bool {
	baseNormalized := strings.ReplaceAll(stripTrailingSlash(base), `\`, "/")
	targetNormalized := strings.ReplaceAll(stripTrailingSlash(target), `\`, "/")
	relative, err := filepath.Rel(baseNormalized, targetNormalized)
	if err != nil {
		return false
	}
	return relative == "." || relative == stripPathShortcuts(relative)
}
