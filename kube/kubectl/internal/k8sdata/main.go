// Command k8sdata writes the Kubernetes API data package kubectl embeds, from the files a
// Kubernetes release publishes under api/ (k8s.io/kubernetes <version> api/discovery and
// api/openapi-spec/v3, recorded from its kube-apiserver with every API enabled):
//
//   - discovery.json: the discovery of a kube-apiserver with its default configuration, which
//     serves the stable (GA) group-versions only (pkg/controlplane/instance.go
//     DefaultAPIResourceConfigSource: every stable version, no alpha or beta one): api/v1 and,
//     in the order of api/discovery/apis.json, each group's GA versions, with their resources
//     (subresources left out);
//   - openapi.json.gz: for each of those group-versions, the parts of its OpenAPI v3 document
//     `kubectl explain` reads: the group-version-kinds of the operations on the four paths the
//     explain template searches (<prefix>/<resource>, <prefix>/<resource>/{name} and the same
//     under namespaces/{namespace}), the component schemas naming one of those kinds, and every
//     schema they reach through $ref. Schemas that are identical in several documents are
//     stored once.
//
// Usage (from the repository root):
//
//	go run ./kube/kubectl/internal/k8sdata -o kube/kubectl $(go env GOMODCACHE)/k8s.io/kubernetes@v1.37.2
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Data is openapi.json.gz's content (kube/kubectl explain.go reads the same layout).
type Data struct {
	// Source names the documents.
	Source string `json:"source"`
	// Docs maps a group-version path ("api/v1", "apis/apps/v1") to its document.
	Docs map[string]Doc `json:"docs"`
	// Schemas are the component schemas shared by the documents, by content key.
	Schemas map[string]json.RawMessage `json:"schemas"`
}

// Doc is one group-version's document, reduced.
type Doc struct {
	// Paths are the resource paths with, per operation, only its group-version-kind.
	Paths map[string]map[string]json.RawMessage `json:"paths"`
	// Schemas maps each component schema name to its key in Data.Schemas.
	Schemas map[string]string `json:"schemas"`
}

// Discovery is discovery.json's content (kube/kubectl discovery.go reads the same layout).
type Discovery struct {
	Source string `json:"source"`
	// Groups are the API groups in discovery order (the core group "" first), with the
	// versions served (preferred first).
	Groups []metav1.APIGroup `json:"groups"`
	// Resources are the resource lists of the group-versions, in the same order.
	Resources []metav1.APIResourceList `json:"resources"`
}

var stable = regexp.MustCompile(`^v[0-9]+$`)

func main() {
	out := flag.String("o", ".", "output directory")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: k8sdata -o DIR KUBERNETES_MODULE_DIR")
	}
	k8s := flag.Arg(0)
	module := "k8s.io/" + filepath.Base(filepath.Clean(k8s))

	// Discovery: /api, /apis, then each stable group-version's resource list.
	var core metav1.APIVersions
	var apis metav1.APIGroupList
	readJSON(filepath.Join(k8s, "api/discovery/api.json"), &core)
	readJSON(filepath.Join(k8s, "api/discovery/apis.json"), &apis)
	disc := Discovery{Source: module + " api/discovery (api.json, apis.json, the stable group-versions' lists)"}
	var gvPaths []string
	coreGroup := metav1.APIGroup{Name: ""}
	for _, v := range core.Versions {
		if stable.MatchString(v) {
			coreGroup.Versions = append(coreGroup.Versions, metav1.GroupVersionForDiscovery{GroupVersion: v, Version: v})
		}
	}
	coreGroup.PreferredVersion = coreGroup.Versions[0]
	groups := append([]metav1.APIGroup{coreGroup}, apis.Groups...)
	for _, g := range groups {
		var versions []metav1.GroupVersionForDiscovery
		for _, v := range g.Versions {
			if stable.MatchString(v.Version) {
				versions = append(versions, v)
			}
		}
		if len(versions) == 0 {
			continue
		}
		g.Versions = versions
		if !stable.MatchString(g.PreferredVersion.Version) {
			g.PreferredVersion = versions[0]
		}
		g.ServerAddressByClientCIDRs = nil
		disc.Groups = append(disc.Groups, g)
		for _, v := range versions {
			file, gvPath := "apis__"+g.Name+"__"+v.Version, "apis/"+g.Name+"/"+v.Version
			if g.Name == "" {
				file, gvPath = "api__"+v.Version, "api/"+v.Version
			}
			var l metav1.APIResourceList
			readJSON(filepath.Join(k8s, "api/discovery", file+".json"), &l)
			var kept []metav1.APIResource
			for _, r := range l.APIResources {
				if strings.Contains(r.Name, "/") {
					continue
				}
				r.StorageVersionHash = ""
				kept = append(kept, r)
			}
			disc.Resources = append(disc.Resources, metav1.APIResourceList{GroupVersion: l.GroupVersion, APIResources: kept})
			gvPaths = append(gvPaths, gvPath)
		}
	}
	js, err := json.MarshalIndent(disc, "", " ")
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "discovery.json"), append(js, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}

	// OpenAPI v3.
	dir := filepath.Join(k8s, "api/openapi-spec/v3")
	data := Data{Docs: map[string]Doc{}, Schemas: map[string]json.RawMessage{}}
	byContent := map[string]string{}
	for _, gvPath := range gvPaths {
		file := strings.ReplaceAll(gvPath, "/", "__") + "_openapi.json"
		raw, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			log.Fatal(err)
		}
		doc, err := reduce(gvPath, raw)
		if err != nil {
			log.Fatalf("%s: %v", file, err)
		}
		names := make([]string, 0, len(doc.schemas))
		for n := range doc.schemas {
			names = append(names, n)
		}
		sort.Strings(names)
		d := Doc{Paths: doc.paths, Schemas: map[string]string{}}
		for _, n := range names {
			body := doc.schemas[n]
			key, ok := byContent[string(body)]
			if !ok {
				key = n
				for i := 2; data.Schemas[key] != nil; i++ {
					key = fmt.Sprintf("%s#%d", n, i)
				}
				byContent[string(body)] = key
				data.Schemas[key] = body
			}
			d.Schemas[n] = key
		}
		data.Docs[gvPath] = d
	}
	data.Source = module + " api/openapi-spec/v3 (the documents of the group-versions of discovery.json)"
	js, err = json.Marshal(data)
	if err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(js)
	zw.Close()
	if err := os.WriteFile(filepath.Join(*out, "openapi.json.gz"), b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d group-versions; openapi.json.gz: %d schemas, %d bytes (%d uncompressed)", len(gvPaths), len(data.Schemas), b.Len(), len(js))
}

func readJSON(path string, v any) {
	raw, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
}

type reduced struct {
	paths   map[string]map[string]json.RawMessage
	schemas map[string]json.RawMessage
}

// reduce keeps what the explain template reads of one document.
func reduce(gvPath string, raw []byte) (*reduced, error) {
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	prefix := "/" + gvPath + "/"
	out := &reduced{paths: map[string]map[string]json.RawMessage{}, schemas: map[string]json.RawMessage{}}
	kinds := map[string]bool{} // canonical JSON of the GVKs found
	for p, item := range doc.Paths {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		seg := strings.Split(rest, "/")
		switch {
		case len(seg) == 1 && seg[0] != "":
		case len(seg) == 2 && seg[1] == "{name}":
		case len(seg) == 3 && seg[0] == "namespaces" && seg[1] == "{namespace}":
		case len(seg) == 4 && seg[0] == "namespaces" && seg[1] == "{namespace}" && seg[3] == "{name}":
		default:
			continue
		}
		ops := map[string]json.RawMessage{}
		for _, method := range []string{"get", "post", "put", "patch", "delete"} {
			op, ok := item[method]
			if !ok {
				continue
			}
			var o map[string]json.RawMessage
			if err := json.Unmarshal(op, &o); err != nil {
				return nil, err
			}
			gvk, ok := o["x-kubernetes-group-version-kind"]
			if !ok {
				continue
			}
			ops[method] = json.RawMessage(`{"x-kubernetes-group-version-kind":` + string(compact(gvk)) + `}`)
			kinds[string(canonical(gvk))] = true
		}
		if len(ops) > 0 {
			out.paths[p] = ops
		}
	}
	// Roots: the schemas naming one of the kinds; then everything they reach.
	var queue []string
	for name, body := range doc.Components.Schemas {
		var s struct {
			GVK []json.RawMessage `json:"x-kubernetes-group-version-kind"`
		}
		if err := json.Unmarshal(body, &s); err != nil {
			return nil, err
		}
		for _, g := range s.GVK {
			if kinds[string(canonical(g))] {
				queue = append(queue, name)
				break
			}
		}
	}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if _, done := out.schemas[name]; done {
			continue
		}
		body, ok := doc.Components.Schemas[name]
		if !ok {
			return nil, fmt.Errorf("dangling $ref to %s", name)
		}
		out.schemas[name] = compact(body)
		for _, ref := range refs(body) {
			queue = append(queue, strings.TrimPrefix(ref, "#/components/schemas/"))
		}
	}
	return out, nil
}

func compact(b []byte) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}

// canonical is a JSON value re-encoded with sorted keys.
func canonical(b []byte) []byte {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		log.Fatal(err)
	}
	out, _ := json.Marshal(v)
	return out
}

// refs lists the "$ref" strings anywhere in a JSON value.
func refs(b []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		log.Fatal(err)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			if r, ok := t["$ref"].(string); ok {
				out = append(out, r)
			}
			for _, x := range t {
				walk(x)
			}
		case []any:
			for _, x := range t {
				walk(x)
			}
		}
	}
	walk(v)
	return out
}
