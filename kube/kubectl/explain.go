package kubectl

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/client-go/openapi"
	cmdexplain "k8s.io/kubectl/pkg/cmd/explain"
	kubectlopenapi "k8s.io/kubectl/pkg/util/openapi"
)

// openAPIGz is the OpenAPI v3 data kubectl explain reads: the documents k8s.io/kubernetes
// v1.37.2 publishes in api/openapi-spec/v3 (what its kube-apiserver serves at /openapi/v3)
// for api/v1, apis/apps/v1, apis/batch/v1 and apis/discovery.k8s.io/v1, reduced to what the
// explain template reads (the resource paths' group-version-kinds and the schemas the kinds
// reach). Regenerate with internal/openapigen (its doc has the command line).
//
//go:embed openapi.json.gz
var openAPIGz string

// openAPIData is openapi.json.gz decoded (the layout internal/openapigen writes).
type openAPIData struct {
	Source string `json:"source"`
	Docs   map[string]struct {
		Paths   json.RawMessage   `json:"paths"`
		Schemas map[string]string `json:"schemas"`
	} `json:"docs"`
	Schemas map[string]json.RawMessage `json:"schemas"`
}

func loadOpenAPI() (*openAPIData, error) {
	zr, err := gzip.NewReader(strings.NewReader(openAPIGz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	d := &openAPIData{}
	if err := json.Unmarshal(raw, d); err != nil {
		return nil, err
	}
	return d, nil
}

// document is the OpenAPI v3 document of one group-version path ("api/v1"), as JSON.
func (d *openAPIData) document(path string) ([]byte, bool) {
	doc, ok := d.Docs[path]
	if !ok {
		return nil, false
	}
	var b bytes.Buffer
	b.WriteString(`{"components":{"schemas":{`)
	names := make([]string, 0, len(doc.Schemas))
	for n := range doc.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(n)
		b.Write(key)
		b.WriteByte(':')
		b.Write(d.Schemas[doc.Schemas[n]])
	}
	b.WriteString(`}},"paths":`)
	b.Write(doc.Paths)
	b.WriteString(`}`)
	return b.Bytes(), true
}

// openAPIClient is client-go's openapi.Client over the embedded documents: Paths lists the
// group-versions the simulated server serves (so an --api-version it does not serve fails as
// kubectl fails: `couldn't find resource for "apps/v1beta1, Resource=deployments"`).
type openAPIClient struct {
	data  *openAPIData
	paths []string
}

func (r *runner) openAPIV3() (openapi.Client, error) {
	data, err := loadOpenAPI()
	if err != nil {
		return nil, err
	}
	return &openAPIClient{data: data, paths: r.discovery().groupVersionPaths()}, nil
}

func (c *openAPIClient) Paths() (map[string]openapi.GroupVersion, error) {
	out := make(map[string]openapi.GroupVersion, len(c.paths))
	for _, p := range c.paths {
		out[p] = openAPIGroupVersion{c: c, path: p}
	}
	return out, nil
}

type openAPIGroupVersion struct {
	c    *openAPIClient
	path string
}

func (g openAPIGroupVersion) Schema(contentType string) ([]byte, error) {
	if contentType != "application/json" {
		return nil, fmt.Errorf("unsupported content type %q", contentType)
	}
	doc, ok := g.c.data.document(g.path)
	if !ok {
		// A group-version the API server serves but the embedded documents lack.
		return nil, notSimulated("kubectl explain for " + g.path + " (no OpenAPI document embedded)")
	}
	return doc, nil
}

func (g openAPIGroupVersion) ServerRelativeURL() string { return "/openapi/v3/" + g.path }

// OpenAPISchema is the OpenAPI v2 document (explain --output=plaintext-openapiv2), which is not
// embedded.
func (f *factory) OpenAPISchema() (kubectlopenapi.Resources, error) {
	return nil, notSimulated("kubectl explain --output=plaintext-openapiv2")
}

// newExplain is k8s.io/kubectl v0.37.2 pkg/cmd/explain/explain.go NewCmdExplain, running
// kubectl's own ExplainOptions (Validate, Run: the resource lookup through the discovery REST
// mapper, then pkg/explain/v2's plaintext template over the OpenAPI v3 document).
func (r *runner) newExplain() *cobra.Command {
	flags := cmdexplain.NewExplainFlags(r.streams())
	cmd := &cobra.Command{
		Use:                   "explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2]",
		DisableFlagsInUseLine: true,
		Short:                 "Get documentation for a resource",
		Run: func(cmd *cobra.Command, args []string) {
			o, err := flags.ToOptions(r.factory(), "kubectl", args)
			if err == nil {
				err = o.Validate()
			}
			if err == nil {
				err = o.Run()
			}
			r.err = err
		},
	}
	flags.AddFlags(cmd)
	return cmd
}
