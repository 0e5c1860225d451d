package kubectl

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	cmdutil "k8s.io/kubectl/pkg/cmd/util"
	"k8s.io/kubectl/pkg/polymorphichelpers"
	"k8s.io/kubectl/pkg/scheme"
	kubectlutil "k8s.io/kubectl/pkg/util"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// exposeOptions are the flags of `kubectl expose` (k8s.io/kubectl v0.37.2
// pkg/cmd/expose/expose.go ExposeServiceFlags).
type exposeOptions struct {
	cmdutil.OverrideOptions
	printFlags  *genericclioptions.PrintFlags
	recordFlags *genericclioptions.RecordFlags

	fieldManager                                             string
	protocol, port, typ, loadBalancerIP, selector, labels    string
	targetPort, externalIP, name, sessionAffinity, clusterIP string
	filenames                                                []string
	kustomize                                                string
	recursive                                                bool
}

// newExpose is expose.go NewCmdExposeService and ExposeServiceFlags.AddFlags.
func (r *runner) newExpose() *cobra.Command {
	o := &exposeOptions{
		printFlags:  genericclioptions.NewPrintFlags("exposed").WithTypeSetter(scheme.Scheme),
		recordFlags: genericclioptions.NewRecordFlags(),
	}
	cmd := &cobra.Command{
		Use:                   "expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type]",
		DisableFlagsInUseLine: true,
		Short:                 "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runExpose(cmd, o, args)
		},
	}
	o.printFlags.AddFlags(cmd)
	o.recordFlags.AddFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&o.protocol, "protocol", o.protocol, "The network protocol for the service to be created. Default is 'TCP'.")
	f.StringVar(&o.port, "port", o.port, "The port that the service should serve on. Copied from the resource being exposed, if unspecified")
	f.StringVar(&o.typ, "type", o.typ, "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.")
	f.StringVar(&o.loadBalancerIP, "load-balancer-ip", o.loadBalancerIP, "IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).")
	f.StringVar(&o.selector, "selector", o.selector, "A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the resource being exposed.")
	f.StringVarP(&o.labels, "labels", "l", o.labels, "Labels to apply to the service created by this call.")
	f.StringVar(&o.targetPort, "target-port", o.targetPort, "Name or number for the port on the container that the service should direct traffic to. Optional.")
	f.StringVar(&o.externalIP, "external-ip", o.externalIP, "Additional external IP address (not managed by Kubernetes) to accept for the service. If this IP is routed to a node, the service can be accessed by this IP in addition to its generated service IP.")
	f.StringVar(&o.name, "name", o.name, "The name for the newly created object.")
	f.StringVar(&o.sessionAffinity, "session-affinity", o.sessionAffinity, "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'")
	f.StringVar(&o.clusterIP, "cluster-ip", o.clusterIP, "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.")
	cmdutil.AddFieldManagerFlagVar(cmd, &o.fieldManager, "kubectl-expose")
	o.AddOverrideFlags(cmd)
	cmdutil.AddDryRunFlag(cmd)
	cmdutil.AddApplyAnnotationFlags(cmd)
	addFilenameFlags(cmd, &o.filenames, &o.kustomize, &o.recursive, "identifying the resource to expose a service")
	return cmd
}

// exposeState is the part of ExposeServiceOptions RunExpose fills in as it visits objects
// (kubectl keeps it across objects: a second object reuses the first one's selector, ports,
// protocols and labels).
type exposeState struct {
	selector, port, ports, protocols, labels, defaultName string
}

// runExpose is expose.go ToOptions, Complete and RunExpose.
func (r *runner) runExpose(cmd *cobra.Command, o *exposeOptions, args []string) error {
	dr, err := dryRunStrategy(cmd)
	if err != nil {
		return err
	}
	o.printFlags.NamePrintFlags.Operation = dryRunSuffix("exposed", dr)
	if _, err := o.printFlags.ToPrinter(); err != nil {
		return err
	}
	if o.kustomize != "" {
		return notSimulated("kubectl expose -k")
	}
	if flagBool(cmd, "record") {
		return notSimulated("kubectl expose --record")
	}
	st := &exposeState{selector: o.selector, port: o.port, labels: o.labels}
	var objs []exposeTarget
	var errs []error
	if len(o.filenames) > 0 {
		// The builder without Latest: the objects as the files describe them.
		if len(args) > 0 {
			return fmt.Errorf("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well")
		}
		ferrs := r.visitFiles(o.filenames, o.recursive, false, func(info *fileInfo, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			typed, err := scheme.Scheme.New(info.m.gvk())
			if err == nil {
				err = runtime.DefaultUnstructuredConverter.FromUnstructured(info.obj.Object, typed)
			}
			if err != nil {
				return err
			}
			objs = append(objs, exposeTarget{m: info.m, obj: typed, name: info.name})
			return nil
		})
		errs = append(errs, ferrs...)
	} else {
		items, cerrs := r.collect(args, collectOptions{})
		errs = append(errs, cerrs...)
		for _, it := range items {
			if it.list {
				list, _ := meta.ExtractList(it.obj)
				for _, el := range list {
					m, _ := meta.Accessor(el)
					objs = append(objs, exposeTarget{m: it.m, obj: el, name: m.GetName()})
				}
				continue
			}
			m, _ := meta.Accessor(it.obj)
			objs = append(objs, exposeTarget{m: it.m, obj: it.obj, name: m.GetName()})
		}
	}
	for _, t := range objs {
		if err := r.exposeOne(cmd, o, st, dr, t); err != nil {
			errs = append(errs, err)
		}
	}
	return utilerrors.NewAggregate(errs)
}

type exposeTarget struct {
	m    mapping
	obj  runtime.Object
	name string
}

// exposeOne is RunExpose's visitor for one object.
func (r *runner) exposeOne(cmd *cobra.Command, o *exposeOptions, st *exposeState, dr dryRun, t exposeTarget) error {
	if err := polymorphichelpers.CanBeExposedFn(t.m.gvk().GroupKind()); err != nil {
		return err
	}
	name := t.name
	if len(name) > validation.DNS1035LabelMaxLength {
		name = name[:validation.DNS1035LabelMaxLength]
	}
	st.defaultName = name
	if len(st.selector) == 0 {
		s, err := polymorphichelpers.MapBasedSelectorForObjectFn(t.obj)
		if err != nil {
			return fmt.Errorf("couldn't retrieve selectors via --selector flag or introspection: %v", err)
		}
		st.selector = s
	}
	isHeadlessService := o.clusterIP == "None"
	if len(st.port) == 0 {
		ports, err := polymorphichelpers.PortsForObjectFn(t.obj)
		if err != nil {
			return fmt.Errorf("couldn't find port via --port flag or introspection: %v", err)
		}
		switch len(ports) {
		case 0:
			if !isHeadlessService {
				return fmt.Errorf("couldn't find port via --port flag or introspection")
			}
		case 1:
			st.port = ports[0]
		default:
			st.ports = strings.Join(ports, ",")
		}
	}
	protocolsMap, err := polymorphichelpers.MultiProtocolsForObjectFn(t.obj)
	if err != nil {
		return fmt.Errorf("couldn't find protocol via introspection: %v", err)
	}
	if protocols := makeProtocols(protocolsMap); len(protocols) > 0 {
		st.protocols = protocols
	}
	if len(st.labels) == 0 {
		labels, err := meta.NewAccessor().Labels(t.obj)
		if err != nil {
			return err
		}
		st.labels = polymorphichelpers.MakeLabels(labels)
	}
	service, err := o.createService(st)
	if err != nil {
		return err
	}
	overridden, err := o.NewOverrider(&corev1.Service{}).Apply(service)
	if err != nil {
		return err
	}
	if dr == dryRunClient {
		if m, err := meta.Accessor(overridden); err == nil && r.explicitNS {
			m.SetNamespace(r.namespace)
		}
		overridden.GetObjectKind().SetGroupVersionKind(corev1.SchemeGroupVersion.WithKind("Service"))
		return r.printObject(o.printFlags, "exposed", dr, overridden)
	}
	if err := kubectlutil.CreateOrUpdateAnnotation(flagBool(cmd, cmdutil.ApplyAnnotationsFlag), overridden, scheme.DefaultJSONEncoder()); err != nil {
		return err
	}
	obj, warnings, err := r.env.API.CreateObject(r.namespace, overridden, apiserver.CreateOptions{DryRun: dr == dryRunServer, FieldManager: o.fieldManager})
	r.warn(warnings)
	if err != nil {
		return err
	}
	return r.printObject(o.printFlags, "exposed", dr, obj)
}

// createService is expose.go createService (the service/v2 generator).
func (o *exposeOptions) createService(st *exposeState) (*corev1.Service, error) {
	if len(st.selector) == 0 {
		return nil, fmt.Errorf("selector must be specified")
	}
	selector, err := parseExposeLabels(st.selector)
	if err != nil {
		return nil, err
	}
	var labels map[string]string
	if len(st.labels) > 0 {
		labels, err = parseExposeLabels(st.labels)
		if err != nil {
			return nil, err
		}
	}
	name := o.name
	if len(name) == 0 {
		name = st.defaultName
		if len(name) == 0 {
			return nil, fmt.Errorf("name must be specified")
		}
	}
	var portProtocolMap map[string][]string
	if st.protocols != "" {
		portProtocolMap, err = parseProtocols(st.protocols)
		if err != nil {
			return nil, err
		}
	}
	portString := st.ports
	if len(st.ports) == 0 {
		portString = st.port
	}
	ports := []corev1.ServicePort{}
	if len(portString) != 0 {
		portStringSlice := strings.Split(portString, ",")
		servicePortName := "" // ExposeServiceOptions.PortName is never set by a flag
		for i, stillPortString := range portStringSlice {
			port, err := strconv.Atoi(stillPortString)
			if err != nil {
				return nil, err
			}
			name := servicePortName
			if len(portStringSlice) > 1 {
				name = fmt.Sprintf("port-%d", i+1)
			}
			protocol := o.protocol
			switch {
			case len(protocol) == 0 && len(portProtocolMap) == 0:
				protocol = "TCP"
			case len(protocol) > 0 && len(portProtocolMap) > 0:
			case len(protocol) == 0 && len(portProtocolMap) > 0:
				protocol = "TCP"
				if exposeProtocols, found := portProtocolMap[stillPortString]; found {
					if len(exposeProtocols) == 1 {
						protocol = exposeProtocols[0]
						break
					}
					for _, exposeProtocol := range exposeProtocols {
						name := fmt.Sprintf("port-%d-%s", i+1, strings.ToLower(exposeProtocol))
						ports = append(ports, corev1.ServicePort{
							Name:     name,
							Port:     int32(port),
							Protocol: corev1.Protocol(exposeProtocol),
						})
					}
					continue
				}
			}
			ports = append(ports, corev1.ServicePort{
				Name:     name,
				Port:     int32(port),
				Protocol: corev1.Protocol(protocol),
			})
		}
	}
	service := corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
		Spec:       corev1.ServiceSpec{Selector: selector, Ports: ports},
	}
	if len(o.targetPort) > 0 {
		targetPort := intstr.Parse(o.targetPort)
		for i := range service.Spec.Ports {
			service.Spec.Ports[i].TargetPort = targetPort
		}
	} else {
		for i := range service.Spec.Ports {
			port := service.Spec.Ports[i].Port
			service.Spec.Ports[i].TargetPort = intstr.FromInt32(port)
		}
	}
	if len(o.externalIP) > 0 {
		service.Spec.ExternalIPs = []string{o.externalIP}
	}
	if len(o.typ) != 0 {
		service.Spec.Type = corev1.ServiceType(o.typ)
	}
	if service.Spec.Type == corev1.ServiceTypeLoadBalancer {
		service.Spec.LoadBalancerIP = o.loadBalancerIP
	}
	if len(o.sessionAffinity) != 0 {
		switch corev1.ServiceAffinity(o.sessionAffinity) {
		case corev1.ServiceAffinityNone:
			service.Spec.SessionAffinity = corev1.ServiceAffinityNone
		case corev1.ServiceAffinityClientIP:
			service.Spec.SessionAffinity = corev1.ServiceAffinityClientIP
		default:
			return nil, fmt.Errorf("unknown session affinity: %s", o.sessionAffinity)
		}
	}
	if len(o.clusterIP) != 0 {
		if o.clusterIP == "None" {
			service.Spec.ClusterIP = corev1.ClusterIPNone
		} else {
			service.Spec.ClusterIP = o.clusterIP
		}
	}
	return &service, nil
}

// parseExposeLabels is expose.go parseLabels.
func parseExposeLabels(labelSpec string) (map[string]string, error) {
	if len(labelSpec) == 0 {
		return nil, fmt.Errorf("no label spec passed")
	}
	labels := map[string]string{}
	labelSpecs := strings.Split(labelSpec, ",")
	for ix := range labelSpecs {
		labelSpec := strings.Split(labelSpecs[ix], "=")
		if len(labelSpec) != 2 {
			return nil, fmt.Errorf("unexpected label spec: %s", labelSpecs[ix])
		}
		if len(labelSpec[0]) == 0 {
			return nil, fmt.Errorf("unexpected empty label key")
		}
		labels[labelSpec[0]] = labelSpec[1]
	}
	return labels, nil
}

// makeProtocols is expose.go makeProtocols, with the ports in sorted order (kubectl ranges
// over a map; the result is only read back into a map).
func makeProtocols(protocols map[string][]string) string {
	var out []string
	for _, key := range sortedNames(protocols) {
		for _, s := range protocols[key] {
			out = append(out, fmt.Sprintf("%s/%s", key, s))
		}
	}
	return strings.Join(out, ",")
}

// parseProtocols is expose.go parseProtocols.
func parseProtocols(protocols string) (map[string][]string, error) {
	if len(protocols) == 0 {
		return nil, fmt.Errorf("no protocols passed")
	}
	portProtocolMap := map[string][]string{}
	protocolsSlice := strings.Split(protocols, ",")
	for ix := range protocolsSlice {
		portProtocol := strings.Split(protocolsSlice[ix], "/")
		if len(portProtocol) != 2 {
			return nil, fmt.Errorf("unexpected port protocol mapping: %s", protocolsSlice[ix])
		}
		if len(portProtocol[0]) == 0 {
			return nil, fmt.Errorf("unexpected empty port")
		}
		if len(portProtocol[1]) == 0 {
			return nil, fmt.Errorf("unexpected empty protocol")
		}
		port := portProtocol[0]
		portProtocolMap[port] = append(portProtocolMap[port], portProtocol[1])
	}
	return portProtocolMap, nil
}
