package printers

import (
	"reflect"
	"unsafe"

	"k8s.io/apimachinery/pkg/runtime/schema"
	clientset "k8s.io/client-go/kubernetes"
	"k8s.io/kubectl/pkg/describe"
)

// workloadDescriber returns kubectl v0.37.2 pkg/describe's describer of the apps/v1 and
// batch/v1 workload kinds (nil for other kinds), reading from client. The describers need the
// workload, its events, and for a Deployment its ReplicaSets, for the others their Pods (listed
// by label selector, filtered by controller uid).
func workloadDescriber(gk schema.GroupKind, client clientset.Interface) describe.ResourceDescriber {
	switch gk {
	case schema.GroupKind{Group: "apps", Kind: "Deployment"}:
		d := &describe.DeploymentDescriber{}
		setClient(d, client)
		return d
	case schema.GroupKind{Group: "apps", Kind: "StatefulSet"}:
		d := &describe.StatefulSetDescriber{}
		setClient(d, client)
		return d
	case schema.GroupKind{Group: "apps", Kind: "DaemonSet"}:
		return &describe.DaemonSetDescriber{Interface: client}
	case schema.GroupKind{Group: "batch", Kind: "Job"}:
		return &describe.JobDescriber{Interface: client}
	case schema.GroupKind{Group: "batch", Kind: "CronJob"}:
		d := &describe.CronJobDescriber{}
		setClient(d, client)
		return d
	}
	return nil
}

// setClient sets the unexported client field of a kubectl describer (DeploymentDescriber,
// StatefulSetDescriber and CronJobDescriber keep their clientset there; kubectl builds them in
// its own package from a REST config). Writing the field directly lets the real describer code run on the fake
// clientset.
func setClient(describer any, client clientset.Interface) {
	f := reflect.ValueOf(describer).Elem().FieldByName("client")
	reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Set(reflect.ValueOf(client))
}
