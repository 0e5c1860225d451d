package kubectl

import (
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// SubresourcePatcher is what kubectl needs of the API server to patch a subresource:
// `kubectl patch --subresource status|scale|resize` and `kubectl debug`'s ephemeral containers
// (pods/ephemeralcontainers). The semantics are the real server's: k8s.io/kubernetes v1.37.2
// pkg/registry/core/pod/storage (StatusREST, ResizeREST, EphemeralContainersREST: only the
// subresource's fields may change, each with its own validation, e.g.
// ValidatePodEphemeralContainersUpdate and ValidatePodResize) and the apps registries' ScaleREST
// (which returns an autoscaling/v1 Scale). kube/apiserver does not implement it yet: until it
// does, these commands report themselves as not simulated.
type SubresourcePatcher interface {
	PatchSubresource(resource, subresource, namespace, name string, pt types.PatchType, patch []byte, opts apiserver.PatchOptions) (runtime.Object, []string, error)
}

// subresourcePatcher is the API server as a SubresourcePatcher, when it is one.
func (r *runner) subresourcePatcher() (SubresourcePatcher, bool) {
	p, ok := any(r.env.API).(SubresourcePatcher)
	return p, ok
}
