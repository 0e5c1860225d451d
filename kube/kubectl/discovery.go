package kubectl

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/openapi"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
)

// This file gives kubectl's own command code (pkg/cmd/explain, pkg/cmd/apiresources,
// pkg/cmd/config …) what it asks its Factory for, from the simulated API server: discovery,
// the discovery-backed REST mapper, the OpenAPI v3 client and the kubeconfig. Everything is
// built per Run; nothing is cached between invocations.

// factory is the part of cmdutil.Factory the ported commands use. The methods it does not
// override belong to the nil embedded Factory: calling one is a simulator bug (a panic that
// Run reports as such), never kubectl output.
type factory struct {
	cmdutil.Factory
	r *runner
}

func (r *runner) factory() *factory { return &factory{r: r} }

func (r *runner) streams() genericiooptions.IOStreams {
	in := r.env.Stdin
	if in == nil {
		in = bytes.NewReader(nil)
	}
	return genericiooptions.IOStreams{In: in, Out: r.out, ErrOut: r.errOut}
}

// ToDiscoveryClient is the server's discovery (cli-runtime v0.37.2 ConfigFlags.ToDiscoveryClient
// returns a disk-cached client; the simulated one is always fresh).
func (f *factory) ToDiscoveryClient() (discovery.CachedDiscoveryInterface, error) {
	return f.r.discovery(), nil
}

// ToRESTMapper is cli-runtime v0.37.2 genericclioptions/config_flags.go toRESTMapper: a deferred
// discovery mapper behind the shortcut expander, whose warnings go to stderr through the
// warning printer ("Warning: short name …").
func (f *factory) ToRESTMapper() (meta.RESTMapper, error) {
	return f.r.restMapper(), nil
}

// OpenAPIV3Client serves the embedded OpenAPI v3 documents of the served group-versions.
func (f *factory) OpenAPIV3Client() (openapi.Client, error) {
	return f.r.openAPIV3()
}

// ToRawKubeConfigLoader is the kubeconfig (Env.Kubeconfig or the default one). Its
// ClientConfig reads the certificate files the kubeconfig names from the host: it is never
// called (ToRESTConfig is not provided).
func (f *factory) ToRawKubeConfigLoader() clientcmd.ClientConfig {
	cfg, err := f.r.kubeconfig()
	if err != nil {
		return clientcmd.NewDefaultClientConfig(*emptyConfig(), &clientcmd.ConfigOverrides{})
	}
	return clientcmd.NewDefaultClientConfig(*cfg, &clientcmd.ConfigOverrides{})
}

func (r *runner) restMapper() meta.RESTMapper {
	d := r.discovery()
	mapper := restmapper.NewDeferredDiscoveryRESTMapper(d)
	return restmapper.NewShortcutExpander(mapper, d, func(s string) { r.warn([]string{s}) })
}

// discoveryJSON is the discovery of a v1.37.2 kube-apiserver with its default configuration
// (the stable group-versions of k8s.io/kubernetes v1.37.2 api/discovery, in discovery order;
// internal/k8sdata writes it).
//
//go:embed discovery.json
var discoveryJSON string

// referenceDiscovery is discovery.json decoded.
type referenceDiscovery struct {
	Groups    []metav1.APIGroup        `json:"groups"`
	Resources []metav1.APIResourceList `json:"resources"`
}

// discoveryClient is the discovery kubectl sees: that of a default v1.37.2 kube-apiserver
// (discovery.json), to which the resources the simulated API server serves beyond it are
// added (a group it serves that a default server lacks comes last). What the simulated server
// does not serve is still listed, as the real server lists it (kubectl api-resources,
// api-versions, explain); commands that would read or write such a resource report it as not
// simulated (see resourceFor). The preferred version of a group is its first. The embedded
// interface is nil: the methods it declares and this type does not implement are never called
// by the commands simulated.
type discoveryClient struct {
	discovery.CachedDiscoveryInterface
	groups *metav1.APIGroupList
	lists  []*metav1.APIResourceList
}

func (r *runner) discovery() *discoveryClient {
	var ref referenceDiscovery
	if err := json.Unmarshal([]byte(discoveryJSON), &ref); err != nil {
		panic("kubectl: discovery.json: " + err.Error())
	}
	d := &discoveryClient{groups: &metav1.APIGroupList{Groups: ref.Groups}}
	byGV := map[string]*metav1.APIResourceList{}
	for i := range ref.Resources {
		l := &ref.Resources[i]
		l.TypeMeta = metav1.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"}
		byGV[l.GroupVersion] = l
		d.lists = append(d.lists, l)
	}
	for _, in := range r.env.API.Resources() {
		gv := schema.GroupVersion{Group: in.Group, Version: in.Version}.String()
		l := byGV[gv]
		if l == nil {
			l = &metav1.APIResourceList{TypeMeta: metav1.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"}, GroupVersion: gv}
			byGV[gv] = l
			d.lists = append(d.lists, l)
			i := 0
			for i < len(d.groups.Groups) && d.groups.Groups[i].Name != in.Group {
				i++
			}
			if i == len(d.groups.Groups) {
				d.groups.Groups = append(d.groups.Groups, metav1.APIGroup{
					Name:             in.Group,
					PreferredVersion: metav1.GroupVersionForDiscovery{GroupVersion: gv, Version: in.Version},
				})
			}
			g := &d.groups.Groups[i]
			g.Versions = append(g.Versions, metav1.GroupVersionForDiscovery{GroupVersion: gv, Version: in.Version})
		}
		known := false
		for _, res := range l.APIResources {
			known = known || res.Name == in.Name
		}
		if !known {
			l.APIResources = append(l.APIResources, metav1.APIResource{
				Name:         in.Name,
				SingularName: in.SingularName,
				Namespaced:   in.Namespaced,
				Kind:         in.Kind,
				Verbs:        in.Verbs,
				ShortNames:   in.ShortNames,
				Categories:   in.Categories,
			})
		}
	}
	return d
}

func (d *discoveryClient) Fresh() bool { return true }
func (d *discoveryClient) Invalidate() {}

func (d *discoveryClient) ServerGroups() (*metav1.APIGroupList, error) { return d.groups, nil }

func (d *discoveryClient) ServerResourcesForGroupVersion(groupVersion string) (*metav1.APIResourceList, error) {
	for _, l := range d.lists {
		if l.GroupVersion == groupVersion {
			return l, nil
		}
	}
	// What the server answers for a group-version it does not serve.
	return nil, &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: http.StatusNotFound, Reason: metav1.StatusReasonNotFound,
		Message: fmt.Sprintf("the server could not find the requested resource, GroupVersion %q not found", groupVersion),
	}}
}

func (d *discoveryClient) ServerGroupsAndResources() ([]*metav1.APIGroup, []*metav1.APIResourceList, error) {
	groups := make([]*metav1.APIGroup, len(d.groups.Groups))
	for i := range d.groups.Groups {
		groups[i] = &d.groups.Groups[i]
	}
	return groups, d.lists, nil
}

func (d *discoveryClient) ServerPreferredResources() ([]*metav1.APIResourceList, error) {
	return discovery.ServerPreferredResources(d)
}

func (d *discoveryClient) ServerPreferredNamespacedResources() ([]*metav1.APIResourceList, error) {
	return discovery.ServerPreferredNamespacedResources(d)
}

func (d *discoveryClient) WithLegacy() discovery.DiscoveryInterface { return d }

// groupVersionPaths lists the served group-versions as OpenAPI v3 discovery names them
// ("api/v1", "apis/apps/v1").
func (d *discoveryClient) groupVersionPaths() []string {
	var out []string
	for _, g := range d.groups.Groups {
		for _, v := range g.Versions {
			if g.Name == "" {
				out = append(out, "api/"+v.Version)
			} else {
				out = append(out, "apis/"+g.Name+"/"+v.Version)
			}
		}
	}
	return out
}
