package kubectl

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// mapping is a resolved resource type (cli-runtime's *meta.RESTMapping, reduced).
type mapping struct {
	apiserver.ResourceInfo
}

func (m mapping) gvk() schema.GroupVersionKind { return m.GroupVersionKind() }

// groupResource is "pods" or "deployments.apps", as kubectl names a resource in messages.
func (m mapping) groupResource() schema.GroupResource {
	return schema.GroupResource{Group: m.Group, Resource: m.Name}
}

// kindString is the lower-case kind kubectl's name printer prints ("pod", "deployment.apps";
// cli-runtime v0.37.2 printers/name.go).
func (m mapping) kindString() string {
	if m.Group == "" {
		return strings.ToLower(m.Kind)
	}
	return strings.ToLower(m.Kind) + "." + m.Group
}

// resourceFor maps a resource argument (plural, singular, short name, kind, with an optional
// .group or .version.group) to its mapping the way kubectl does: the shortcut expander
// (discovery short names and categories) then cli-runtime v0.37.2 pkg/resource/builder.go
// mappingFor. Unknown names give `the server doesn't have a resource type "x"`.
func (r *runner) resourceFor(arg string) (mapping, error) {
	if in, ok := matchResource(r.env.API.Resources(), arg); ok {
		return mapping{in}, nil
	}
	_, gr := schema.ParseResourceArg(arg)
	// A resource a default v1.37.2 API server serves but the simulated one does not: what
	// kubectl would print depends on objects the simulator cannot hold.
	if in, ok := matchResource(r.referenceResources(), arg); ok {
		return mapping{}, notSimulated(fmt.Sprintf("kubectl on %s (not served by the simulated API server)", schema.GroupResource{Group: in.Group, Resource: in.Name}))
	}
	switch {
	case len(gr.Group) > 0:
		return mapping{}, fmt.Errorf("the server doesn't have a resource type %q in group %q", gr.Resource, gr.Group)
	default:
		return mapping{}, fmt.Errorf("the server doesn't have a resource type %q", gr.Resource)
	}
}

// referenceResources are the resources of a default v1.37.2 API server (discovery.json).
func (r *runner) referenceResources() []apiserver.ResourceInfo {
	var ref referenceDiscovery
	if err := json.Unmarshal([]byte(discoveryJSON), &ref); err != nil {
		panic("kubectl: discovery.json: " + err.Error())
	}
	var out []apiserver.ResourceInfo
	for _, l := range ref.Resources {
		gv, _ := schema.ParseGroupVersion(l.GroupVersion)
		for _, res := range l.APIResources {
			out = append(out, apiserver.ResourceInfo{
				Name: res.Name, SingularName: res.SingularName, Kind: res.Kind, Group: gv.Group, Version: gv.Version,
				Namespaced: res.Namespaced, ShortNames: res.ShortNames, Categories: res.Categories, Verbs: res.Verbs,
			})
		}
	}
	return out
}

// matchResource finds the resource an argument names among infos: plural, singular or short
// name, with an optional .group or .version.group, then kind (cli-runtime v0.37.2
// builder.go mappingFor through the shortcut expander).
func matchResource(infos []apiserver.ResourceInfo, arg string) (apiserver.ResourceInfo, bool) {
	fullGVR, gr := schema.ParseResourceArg(arg)
	try := func(group, version, res string) (apiserver.ResourceInfo, bool) {
		res = strings.ToLower(res)
		for _, in := range infos {
			if group != "" && in.Group != group && !(group == "core" && in.Group == "") {
				continue
			}
			if version != "" && in.Version != version {
				continue
			}
			if in.Name == res || in.SingularName == res || contains(in.ShortNames, res) {
				return in, true
			}
		}
		return apiserver.ResourceInfo{}, false
	}
	if fullGVR != nil {
		if in, ok := try(fullGVR.Group, fullGVR.Version, fullGVR.Resource); ok {
			return in, true
		}
	}
	if in, ok := try(gr.Group, "", gr.Resource); ok {
		return in, true
	}
	// Kind arguments ("Pod", "Deployment.apps", "Deployment.v1.apps").
	fullGVK, gk := schema.ParseKindArg(arg)
	for _, cand := range []schema.GroupKind{gk, fullGVKGroupKind(fullGVK)} {
		for _, in := range infos {
			if strings.EqualFold(in.Kind, cand.Kind) && cand.Kind != "" && (cand.Group == "" || in.Group == cand.Group) {
				return in, true
			}
		}
	}
	return apiserver.ResourceInfo{}, false
}

func fullGVKGroupKind(gvk *schema.GroupVersionKind) schema.GroupKind {
	if gvk == nil {
		return schema.GroupKind{}
	}
	return gvk.GroupKind()
}

// expandCategories replaces category names ("all") by their resources, as the category
// expander of client-go's restmapper does from discovery (cli-runtime builder
// ReplaceAliases): the members in discovery order (core, then the groups in priority order),
// keeping only the resources the simulated API server serves (the others hold no objects).
func (r *runner) expandCategories(arg string) string {
	if !strings.Contains(arg, "all") && !strings.Contains(arg, "api-extensions") {
		// The categories of a v1.37.2 server's resources ("api-extensions": CRDs, webhooks…).
		return arg
	}
	served := map[string]bool{}
	for _, in := range r.env.API.Resources() {
		served[in.Name+"."+in.Group] = true
	}
	d := r.discovery()
	var out []string
	for _, a := range strings.Split(arg, ",") {
		var members []string
		found := false
		for _, l := range d.lists {
			gv, _ := schema.ParseGroupVersion(l.GroupVersion)
			for _, res := range l.APIResources {
				if !contains(res.Categories, a) {
					continue
				}
				found = true
				if !served[res.Name+"."+gv.Group] {
					continue
				}
				name := res.Name
				if gv.Group != "" {
					name += "." + gv.Group
				}
				members = append(members, name)
			}
		}
		if found {
			if len(members) == 0 {
				// No simulated member: kubectl would list resources the simulator lacks.
				members = append(members, a)
			}
			out = append(out, strings.Join(members, ","))
			continue
		}
		out = append(out, a)
	}
	return strings.Join(out, ",")
}

// splitResourceArgument is cli-runtime v0.37.2 pkg/resource/builder.go SplitResourceArgument.
func splitResourceArgument(arg string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, s := range strings.Split(arg, ",") {
		if len(s) == 0 || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// selection is what the resource arguments of a command select (cli-runtime Builder state
// after ResourceTypeOrNameArgs).
type selection struct {
	types  []string    // resource type arguments
	names  []string    // names for the single type
	tuples [][2]string // type/name pairs
}

// parseResourceArgs is Builder.ResourceTypeOrNameArgs (cli-runtime v0.37.2 builder.go) with
// the aliases expanded.
func (r *runner) parseResourceArgs(args []string) (selection, error) {
	var sel selection
	args = normalizeMultipleResourcesArgs(args)
	if ok, err := hasCombinedTypeArgs(args); ok {
		if err != nil {
			return sel, err
		}
		for _, s := range args {
			seg := strings.Split(s, "/")
			if len(seg) != 2 {
				return sel, errors.New("arguments in resource/name form may not have more than one slash")
			}
			if len(seg[0]) == 0 || len(seg[1]) == 0 || len(splitResourceArgument(seg[0])) != 1 {
				return sel, errors.New("arguments in resource/name form must have a single resource and name")
			}
			sel.tuples = append(sel.tuples, [2]string{seg[0], seg[1]})
		}
		return sel, nil
	}
	if len(args) > 0 {
		args[0] = r.expandCategories(args[0])
	}
	switch {
	case len(args) >= 2:
		sel.names = append(sel.names, args[1:]...)
		sel.types = splitResourceArgument(args[0])
	case len(args) == 1:
		sel.types = splitResourceArgument(args[0])
	}
	return sel, nil
}

// hasCombinedTypeArgs is hasCombinedTypeArgs of cli-runtime v0.37.2 builder.go (kubectl's
// binary name is "kubectl").
func hasCombinedTypeArgs(args []string) (bool, error) {
	hasSlash := 0
	for _, s := range args {
		if strings.Contains(s, "/") {
			hasSlash++
		}
	}
	switch {
	case hasSlash > 0 && hasSlash == len(args):
		return true, nil
	case hasSlash > 0 && hasSlash != len(args):
		baseCmd := "kubectl"
		return true, fmt.Errorf("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. '%s get resource/<resource_name>' instead of '%s get resource resource/<resource_name>'", baseCmd, baseCmd)
	default:
		return false, nil
	}
}

// normalizeMultipleResourcesArgs is normalizeMultipleResourcesArgs of builder.go: "a,b c" →
// "a/c b/c".
func normalizeMultipleResourcesArgs(args []string) []string {
	if len(args) >= 2 {
		resources := splitResourceArgument(args[0])
		if len(resources) > 1 {
			var newArgs []string
			for _, resource := range resources {
				for _, name := range args[1:] {
					newArgs = append(newArgs, resource+"/"+name)
				}
			}
			return newArgs
		}
	}
	return args
}
