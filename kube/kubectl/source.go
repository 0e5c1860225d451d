package kubectl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/yaml"
)

// fileInfo is one object read from -f (cli-runtime's resource.Info for a file, before the
// server is asked about it).
type fileInfo struct {
	source    string
	obj       *unstructured.Unstructured
	m         mapping
	namespace string
	name      string
	// raw is the document's JSON as decoded (what kubectl sends).
	raw []byte
}

// fileExtensions are cli-runtime v0.37.2 pkg/resource/builder.go FileExtensions.
func fileExtensions() []string { return []string{".json", ".yaml", ".yml"} }

// pathNotExistError is cli-runtime v0.37.2 pkg/resource/builder.go pathNotExistError.
const pathNotExistError = "the path %q does not exist"

// fileSource is one stream to read: a file, stdin or a URL.
type fileSource struct {
	name string
	data []byte
}

// readFilenames resolves -f arguments the way cli-runtime's Builder.FilenameParam does:
// "-" is stdin (source "STDIN"), http(s) URLs are read from env.Files (a URL the caller does not
// know reads as a 404), directories are expanded to their .json/.yaml/.yml files (recursively
// with -R), anything else must exist. Errors are collected, as the builder does.
func (r *runner) readFilenames(filenames []string, recursive bool) ([]fileSource, []error) {
	var out []fileSource
	var errs []error
	stdinUsed := false
	for _, s := range filenames {
		switch {
		case strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"):
			data, err := r.readFile(s)
			if err != nil {
				// cli-runtime v0.37.2 pkg/resource/visitor.go readHttpWithRetries.
				errs = append(errs, fmt.Errorf("unable to read URL %q, server reported %s, status code=%d", s, "404 Not Found", 404))
				continue
			}
			out = append(out, fileSource{name: s, data: data})
		case s == "-":
			if stdinUsed {
				// cli-runtime v0.37.2 builder.go StdinMultiUseError.
				errs = append(errs, errors.New("standard input cannot be used for multiple arguments"))
				continue
			}
			stdinUsed = true
			var data []byte
			if r.env.Stdin != nil {
				data, _ = io.ReadAll(r.env.Stdin)
			}
			out = append(out, fileSource{name: "STDIN", data: data})
		default:
			fi, err := r.stat(s)
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					errs = append(errs, fmt.Errorf(pathNotExistError, s))
				} else {
					errs = append(errs, fmt.Errorf("the path %q cannot be accessed: %v", s, err))
				}
				continue
			}
			if fi.IsDir() {
				files, err := r.expandDir(s, recursive, true)
				if err != nil {
					errs = append(errs, fmt.Errorf("error reading %q: %v", s, err))
					continue
				}
				out = append(out, files...)
				continue
			}
			data, err := r.readFile(s)
			if err != nil {
				errs = append(errs, fmt.Errorf("error reading %q: %v", s, err))
				continue
			}
			out = append(out, fileSource{name: s, data: data})
		}
	}
	return out, errs
}

// expandDir lists the manifest files of a directory (cli-runtime visitor.go ExpandPathsToFileVisitors):
// the top directory always, subdirectories only when recursive; files by extension.
func (r *runner) expandDir(dir string, recursive, top bool) ([]fileSource, error) {
	entries, err := r.env.Files.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []fileSource
	for _, e := range entries {
		p := path.Join(dir, e.Name())
		if e.IsDir() {
			if recursive {
				sub, err := r.expandDir(p, recursive, false)
				if err != nil {
					return nil, err
				}
				out = append(out, sub...)
			}
			continue
		}
		ext := path.Ext(p)
		if !contains(fileExtensions(), ext) {
			continue
		}
		data, err := r.env.Files.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, fileSource{name: p, data: data})
	}
	return out, nil
}

func (r *runner) stat(name string) (fs.FileInfo, error) {
	if r.env.Files == nil {
		return nil, fs.ErrNotExist
	}
	return r.env.Files.Stat(name)
}

func (r *runner) readFile(name string) ([]byte, error) {
	if r.env.Files == nil {
		return nil, fs.ErrNotExist
	}
	return r.env.Files.ReadFile(name)
}

// decodeSource splits a stream into objects as cli-runtime v0.37.2 pkg/resource/visitor.go
// FileVisitor and StreamVisitor do (UTF-16 BOM override, YAML-or-JSON documents, schema
// validation, then decoding and mapping each document). fn gets each object or the error
// for that document; a parse error ends the stream.
func (r *runner) decodeSource(src fileSource, validate bool, fn func(*fileInfo, error) error) error {
	// The documents of a stream in fastyaml.go's subset decode to the same JSON without the
	// decoder.
	if docs, ok := fastYAMLDocuments(src.data); ok {
		for _, doc := range docs {
			if err := r.decodedDocument(src, validate, doc, fn); err != nil {
				return err
			}
		}
		return nil
	}
	reader := transform.NewReader(bytes.NewReader(src.data), unicode.BOMOverride(unicode.UTF8.NewDecoder()))
	d := yaml.NewYAMLOrJSONDecoder(reader, 4096)
	for {
		ext := runtime.RawExtension{}
		if err := d.Decode(&ext); err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("error parsing %s: %v", src.name, err)
		}
		ext.Raw = bytes.TrimSpace(ext.Raw)
		if len(ext.Raw) == 0 || bytes.Equal(ext.Raw, []byte("null")) {
			continue
		}
		if err := r.decodedDocument(src, validate, ext.Raw, fn); err != nil {
			return err
		}
	}
}

// hasBOM reports a UTF-8 or UTF-16 byte order mark (what unicode.BOMOverride looks for).
func hasBOM(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE})
}

// decodedDocument validates and maps one document's JSON and hands it to fn.
func (r *runner) decodedDocument(src fileSource, validate bool, raw []byte, fn func(*fileInfo, error) error) error {
	if validate {
		if err := validateKind(raw); err != nil {
			// cli-runtime visitor.go ValidateSchema + stopValidateMessage.
			return fmt.Errorf("error validating %q: %v", src.name, fmt.Errorf("error validating data: %v; %s", err, "if you choose to ignore these errors, turn validation off with --validate=false"))
		}
	}
	info, err := r.infoForData(raw, src.name)
	return fn(info, err)
}

// infoForData is cli-runtime v0.37.2 pkg/resource/mapper.go infoForData with the unstructured
// decoder kubectl's builder uses.
func (r *runner) infoForData(data []byte, source string) (*fileInfo, error) {
	obj, gvk, err := unstructured.UnstructuredJSONScheme.Decode(data, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("unable to decode %q: %v", source, err)
	}
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		// A List: kubectl flattens it into its items.
		return nil, fmt.Errorf("unable to decode %q: lists are not supported", source)
	}
	info := &fileInfo{source: source, obj: u, name: u.GetName(), namespace: u.GetNamespace(), raw: data}
	m, ok := r.mappingForKind(gvk.Group, gvk.Version, gvk.Kind)
	if !ok {
		return nil, fmt.Errorf("resource mapping not found for name: %q namespace: %q from %q: %w\nensure CRDs are installed first",
			info.name, info.namespace, source, fmt.Errorf("no matches for kind %q in version %q", gvk.Kind, gvk.GroupVersion().String()))
	}
	info.m = m
	return info, nil
}

// mappingForKind finds the resource serving a kind.
func (r *runner) mappingForKind(group, version, kind string) (mapping, bool) {
	for _, in := range r.env.API.Resources() {
		if in.Kind == kind && in.Group == group && in.Version == version {
			return mapping{in}, true
		}
	}
	return mapping{}, false
}

// validateKind is what kubectl's client-side validation still checks when the server does
// field validation (every v1.37 kind does): k8s.io/kubectl v0.37.2 pkg/validation/schema.go
// paramVerifyingSchema.ValidateBytes, i.e. validation.go parse and getObjectKind. data is the
// document's JSON as the YAML-or-JSON decoder produced it.
func validateKind(data []byte) error {
	var obj interface{}
	if err := json.Unmarshal(data, &obj); err != nil {
		return err
	}
	fields, ok := obj.(map[string]interface{})
	if !ok || fields == nil {
		return errors.New("invalid object to validate")
	}
	var errs []error
	switch apiVersion := fields["apiVersion"].(type) {
	case nil:
		errs = append(errs, errors.New("apiVersion not set"))
	case string:
		if _, err := schema.ParseGroupVersion(apiVersion); err != nil {
			errs = append(errs, err)
		}
	default:
		errs = append(errs, errors.New("apiVersion isn't string type"))
	}
	switch fields["kind"].(type) {
	case nil:
		errs = append(errs, errors.New("kind not set"))
	case string:
	default:
		errs = append(errs, errors.New("kind isn't string type"))
	}
	return utilerrors.NewAggregate(errs)
}

// visitFiles reads every -f source and calls fn for each object, setting its namespace as the
// builder's NamespaceParam(ns).DefaultNamespace() + FilenameParam(enforceNamespace) do.
// Errors for single documents are passed to fn; source errors are returned.
func (r *runner) visitFiles(filenames []string, recursive, validate bool, fn func(*fileInfo, error) error) []error {
	srcs, errs := r.readFilenames(filenames, recursive)
	if len(errs) > 0 {
		return errs
	}
	for _, src := range srcs {
		err := r.decodeSource(src, validate, func(info *fileInfo, err error) error {
			if err != nil {
				return fn(nil, err)
			}
			if err := r.setNamespace(info); err != nil {
				return fn(nil, err)
			}
			return fn(info, nil)
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// setNamespace is cli-runtime v0.37.2 visitor.go SetNamespace + RequireNamespace.
func (r *runner) setNamespace(info *fileInfo) error {
	if !info.m.Namespaced {
		info.namespace = ""
		return nil
	}
	if info.namespace == "" {
		info.namespace = r.namespace
		info.obj.SetNamespace(r.namespace)
		return nil
	}
	if r.explicitNS && info.namespace != r.namespace {
		return fmt.Errorf("the namespace from the provided object %q does not match the namespace %q. You must pass '--namespace=%s' to perform this operation.", info.namespace, r.namespace, info.namespace)
	}
	return nil
}
