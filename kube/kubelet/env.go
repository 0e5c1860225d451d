package kubelet

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/kubectl/pkg/util/fieldpath"
	resourcehelper "k8s.io/kubectl/pkg/util/resource"
)

// ---- $(VAR) expansion: k8s.io/kubernetes v1.37.2 third_party/forked/golang/expansion ----

func mappingFuncFor(ctx ...map[string]string) func(string) string {
	return func(input string) string {
		for _, vars := range ctx {
			if v, ok := vars[input]; ok {
				return v
			}
		}
		return "$(" + input + ")"
	}
}

func expand(input string, mapping func(string) string) string {
	var buf bytes.Buffer
	checkpoint := 0
	for cursor := 0; cursor < len(input); cursor++ {
		if input[cursor] == '$' && cursor+1 < len(input) {
			buf.WriteString(input[checkpoint:cursor])
			read, isVar, advance := tryReadVariableName(input[cursor+1:])
			if isVar {
				buf.WriteString(mapping(read))
			} else {
				buf.WriteString(read)
			}
			cursor += advance
			checkpoint = cursor + 1
		}
	}
	return buf.String() + input[checkpoint:]
}

func tryReadVariableName(input string) (string, bool, int) {
	r, size := utf8.DecodeRuneInString(input)
	switch r {
	case '$':
		return input[0:size], false, size
	case '(':
		for i := 1; i < len(input); i++ {
			if input[i] == ')' {
				return input[1:i], true, i + 1
			}
		}
		return "$(", false, 1
	default:
		return "$" + string(r), false, size
	}
}

// expandStatic is kubecontainer.ExpandContainerCommandOnlyStatic (exec probes).
func expandStatic(cmd []string, envs []v1.EnvVar) []string {
	m := map[string]string{}
	for _, e := range envs {
		m[e.Name] = e.Value
	}
	mapping := mappingFuncFor(m)
	var out []string
	for _, c := range cmd {
		out = append(out, expand(c, mapping))
	}
	return out
}

// ---- environment: k8s.io/kubernetes v1.37.2 pkg/kubelet/kubelet_pods.go ----

// masterServices are the default-namespace Services every Pod gets variables for.
var masterServices = map[string]bool{"kubernetes": true}

// serviceEnv is getServiceEnvVarMap + envvars.FromServices (pkg/kubelet/envvars/envvars.go).
func (kl *Kubelet) serviceEnv(ns string, enableServiceLinks bool) (map[string]string, error) {
	services, err := kl.api.ListServices()
	if err != nil {
		return nil, fmt.Errorf("failed to list services when setting up env vars")
	}
	serviceMap := map[string]*v1.Service{}
	for _, svc := range services {
		if svc.Spec.ClusterIP == "" || svc.Spec.ClusterIP == v1.ClusterIPNone {
			continue
		}
		if svc.Namespace == "default" && masterServices[svc.Name] {
			if _, ok := serviceMap[svc.Name]; !ok {
				serviceMap[svc.Name] = svc
			}
		} else if svc.Namespace == ns && enableServiceLinks {
			serviceMap[svc.Name] = svc
		}
	}
	m := map[string]string{}
	for _, name := range sortedKeys(serviceMap) {
		for _, e := range envFromService(serviceMap[name]) {
			m[e.Name] = e.Value
		}
	}
	return m, nil
}

func envVarName(s string) string { return strings.ToUpper(strings.ReplaceAll(s, "-", "_")) }

// envFromService is envvars.FromServices for one Service.
func envFromService(svc *v1.Service) []EnvVar {
	if len(svc.Spec.Ports) == 0 {
		return nil
	}
	prefix := envVarName(svc.Name)
	out := []EnvVar{
		{prefix + "_SERVICE_HOST", svc.Spec.ClusterIP},
		{prefix + "_SERVICE_PORT", strconv.Itoa(int(svc.Spec.Ports[0].Port))},
	}
	for _, sp := range svc.Spec.Ports {
		if sp.Name != "" {
			out = append(out, EnvVar{prefix + "_SERVICE_PORT_" + envVarName(sp.Name), strconv.Itoa(int(sp.Port))})
		}
	}
	for i, sp := range svc.Spec.Ports {
		protocol := "TCP"
		if sp.Protocol != "" {
			protocol = string(sp.Protocol)
		}
		hostPort := joinHostPort(svc.Spec.ClusterIP, strconv.Itoa(int(sp.Port)))
		if i == 0 {
			out = append(out, EnvVar{prefix + "_PORT", fmt.Sprintf("%s://%s", strings.ToLower(protocol), hostPort)})
		}
		pp := fmt.Sprintf("%s_PORT_%d_%s", prefix, sp.Port, strings.ToUpper(protocol))
		out = append(out,
			EnvVar{pp, fmt.Sprintf("%s://%s", strings.ToLower(protocol), hostPort)},
			EnvVar{pp + "_PROTO", strings.ToLower(protocol)},
			EnvVar{pp + "_PORT", strconv.Itoa(int(sp.Port))},
			EnvVar{pp + "_ADDR", svc.Spec.ClusterIP})
	}
	return out
}

// makeEnvironmentVariables resolves a container's environment. The real kubelet returns the
// variables in Go map order (random); the simulator sorts them by name, container variables
// first, then the service-link variables they do not override.
func (kl *Kubelet) makeEnvironmentVariables(p *podState, c *v1.Container) ([]EnvVar, error) {
	pod := p.pod
	enableLinks := pod.Spec.EnableServiceLinks == nil || *pod.Spec.EnableServiceLinks
	serviceEnv, err := kl.serviceEnv(pod.Namespace, enableLinks)
	if err != nil {
		return nil, err
	}
	configMaps := map[string]*v1.ConfigMap{}
	secrets := map[string]*v1.Secret{}
	getCM := func(name string) (*v1.ConfigMap, error) {
		if cm, ok := configMaps[name]; ok {
			return cm, nil
		}
		cm, err := kl.api.GetConfigMap(pod.Namespace, name)
		if err != nil {
			return nil, kubeletNotFound(err, "configmap", name)
		}
		configMaps[name] = cm
		return cm, nil
	}
	getSecret := func(name string) (*v1.Secret, error) {
		if s, ok := secrets[name]; ok {
			return s, nil
		}
		s, err := kl.api.GetSecret(pod.Namespace, name)
		if err != nil {
			return nil, kubeletNotFound(err, "secret", name)
		}
		secrets[name] = s
		return s, nil
	}
	tmpEnv := map[string]string{}
	for _, from := range c.EnvFrom {
		switch {
		case from.ConfigMapRef != nil:
			cm, err := getCM(from.ConfigMapRef.Name)
			if err != nil {
				if apierrors.IsNotFound(err) && from.ConfigMapRef.Optional != nil && *from.ConfigMapRef.Optional {
					continue
				}
				return nil, err
			}
			for k, v := range cm.Data {
				tmpEnv[from.Prefix+k] = v
			}
		case from.SecretRef != nil:
			s, err := getSecret(from.SecretRef.Name)
			if err != nil {
				if apierrors.IsNotFound(err) && from.SecretRef.Optional != nil && *from.SecretRef.Optional {
					continue
				}
				return nil, err
			}
			for k, v := range s.Data {
				tmpEnv[from.Prefix+k] = string(v)
			}
		}
	}
	mapping := mappingFuncFor(tmpEnv, serviceEnv)
	for _, ev := range c.Env {
		val := ev.Value
		if val != "" {
			val = expand(val, mapping)
		} else if ev.ValueFrom != nil {
			vf := ev.ValueFrom
			switch {
			case vf.FieldRef != nil:
				val, err = kl.podFieldValue(p, vf.FieldRef)
				if err != nil {
					return nil, err
				}
			case vf.ResourceFieldRef != nil:
				val, err = kl.resourceFieldValue(pod, c, vf.ResourceFieldRef)
				if err != nil {
					return nil, err
				}
			case vf.ConfigMapKeyRef != nil:
				ref := vf.ConfigMapKeyRef
				optional := ref.Optional != nil && *ref.Optional
				cm, err := getCM(ref.Name)
				if err != nil {
					if apierrors.IsNotFound(err) && optional {
						continue
					}
					return nil, err
				}
				v, ok := cm.Data[ref.Key]
				if !ok {
					if optional {
						continue
					}
					return nil, fmt.Errorf("couldn't find key %v in ConfigMap %v/%v", ref.Key, pod.Namespace, ref.Name)
				}
				val = v
			case vf.SecretKeyRef != nil:
				ref := vf.SecretKeyRef
				optional := ref.Optional != nil && *ref.Optional
				s, err := getSecret(ref.Name)
				if err != nil {
					if apierrors.IsNotFound(err) && optional {
						continue
					}
					return nil, err
				}
				v, ok := s.Data[ref.Key]
				if !ok {
					if optional {
						continue
					}
					return nil, fmt.Errorf("couldn't find key %v in Secret %v/%v", ref.Key, pod.Namespace, ref.Name)
				}
				val = string(v)
			}
		}
		tmpEnv[ev.Name] = val
	}
	var out []EnvVar
	for _, k := range sortedKeys(tmpEnv) {
		out = append(out, EnvVar{k, tmpEnv[k]})
	}
	for _, k := range sortedKeys(serviceEnv) {
		if _, ok := tmpEnv[k]; !ok {
			out = append(out, EnvVar{k, serviceEnv[k]})
		}
	}
	return out, nil
}

// kubeletNotFound is the error of the kubelet's watch-based configmap/secret managers:
// NotFound for the singular resource name (`configmap "x" not found`).
// k8s.io/kubernetes v1.37.2 pkg/kubelet/util/manager/watch_based_manager.go,
// pkg/kubelet/configmap/configmap_manager.go (corev1.Resource("configmap")).
func kubeletNotFound(err error, resourceName, name string) error {
	if apierrors.IsNotFound(err) {
		return apierrors.NewNotFound(v1.Resource(resourceName), name)
	}
	return err
}

// podFieldValue is podFieldSelectorRuntimeValue.
func (kl *Kubelet) podFieldValue(p *podState, fs *v1.ObjectFieldSelector) (string, error) {
	pod := p.pod
	switch fs.FieldPath {
	case "spec.nodeName":
		return pod.Spec.NodeName, nil
	case "spec.serviceAccountName":
		return pod.Spec.ServiceAccountName, nil
	case "status.hostIP", "status.hostIPs":
		return kl.opts.NodeIP, nil
	case "status.podIP", "status.podIPs":
		if pod.Spec.HostNetwork {
			return kl.opts.NodeIP, nil
		}
		return strings.Join(p.podIPs(), ","), nil
	}
	return fieldpath.ExtractFieldPathAsString(pod, fs.FieldPath)
}

// resourceFieldValue is containerResourceRuntimeValue with defaultPodLimitsForDownwardAPI:
// unset limits read as the node's allocatable.
func (kl *Kubelet) resourceFieldValue(pod *v1.Pod, c *v1.Container, fs *v1.ResourceFieldSelector) (string, error) {
	target := c
	if fs.ContainerName != "" {
		target = containerSpec(pod, fs.ContainerName)
		if target == nil {
			return "", fmt.Errorf("container %s not found", fs.ContainerName)
		}
	}
	cp := target.DeepCopy()
	alloc := kl.opts.Node.allocatable()
	if cp.Resources.Limits == nil {
		cp.Resources.Limits = v1.ResourceList{}
	}
	for _, r := range []v1.ResourceName{v1.ResourceCPU, v1.ResourceMemory, v1.ResourceEphemeralStorage} {
		if _, ok := cp.Resources.Limits[r]; !ok {
			if q, ok := alloc[r]; ok {
				cp.Resources.Limits[r] = q.DeepCopy()
			}
		}
	}
	return resourcehelper.ExtractContainerResourceValue(fs, cp)
}

// generateContainerConfig builds the runtime's container config.
// k8s.io/kubernetes v1.37.2 pkg/kubelet/kuberuntime/kuberuntime_container.go
// generateContainerConfig, kubelet_pods.go GenerateRunContainerOptions / makeMounts.
func (kl *Kubelet) generateContainerConfig(p *podState, c *v1.Container, restartCount int, imageID string, isInit bool) (*ContainerConfig, error) {
	env, err := kl.makeEnvironmentVariables(p, c)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, e := range env {
		m[e.Name] = e.Value
	}
	mapping := mappingFuncFor(m)
	var command, args []string
	for _, s := range c.Command {
		command = append(command, expand(s, mapping))
	}
	for _, s := range c.Args {
		args = append(args, expand(s, mapping))
	}
	cfg := &ContainerConfig{
		Name: c.Name, Attempt: restartCount, Image: c.Image, ImageID: imageID,
		Command: command, Args: args, WorkingDir: c.WorkingDir, Env: env,
		Stdin: c.Stdin, StdinOnce: c.StdinOnce, TTY: c.TTY,
		TerminationMessagePath: c.TerminationMessagePath, Ports: c.Ports,
		Init: isInit, Restartable: isRestartableInit(c),
	}
	if q, ok := c.Resources.Limits[v1.ResourceMemory]; ok {
		cfg.MemoryLimit = q.Value()
	}
	if q, ok := c.Resources.Limits[v1.ResourceCPU]; ok {
		cfg.CPULimitMilli = q.MilliValue()
	}
	for _, vm := range c.VolumeMounts {
		sub := vm.SubPath
		if vm.SubPathExpr != "" {
			var missing []string
			sub = expand(vm.SubPathExpr, func(k string) string {
				v, ok := m[k]
				if !ok || v == "" {
					missing = append(missing, k)
				}
				return v
			})
			if len(missing) > 0 {
				sort.Strings(missing)
				return nil, fmt.Errorf("missing value for %s", strings.Join(missing, ", "))
			}
		}
		cfg.Mounts = append(cfg.Mounts, Mount{Volume: vm.Name, ContainerPath: vm.MountPath, SubPath: sub, ReadOnly: vm.ReadOnly})
	}
	return cfg, nil
}

var _ = resource.Quantity{}

// joinHostPort is net.JoinHostPort (brackets around IPv6 addresses), without importing net.
func joinHostPort(host, port string) string {
	if strings.Contains(host, ":") {
		return "[" + host + "]:" + port
	}
	return host + ":" + port
}
