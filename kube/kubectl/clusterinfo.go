package kubectl

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilnet "k8s.io/apimachinery/pkg/util/net"

	"github.com/docbuild/docbuild/kube/apiserver"
)

// newClusterInfo is k8s.io/kubectl v0.37.2 pkg/cmd/clusterinfo/clusterinfo.go NewCmdClusterInfo.
func (r *runner) newClusterInfo() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cluster-info",
		Short: "Display cluster information",
		Run: func(cmd *cobra.Command, args []string) {
			r.err = r.runClusterInfo(cmd)
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:                "dump",
		Short:              "Dump relevant information for debugging and diagnosis",
		DisableFlagParsing: true,
		Run: func(*cobra.Command, []string) {
			r.err = notSimulated("kubectl cluster-info dump")
		},
	})
	return cmd
}

// serverHost is the server of the kubeconfig's cluster for the context in use (--context, else
// the current context; --cluster overrides its cluster), as clientcmd's DirectClientConfig
// resolves it.
func (r *runner) serverHost(cmd *cobra.Command) (string, error) {
	cfg, err := r.kubeconfig()
	if err != nil {
		return "", err
	}
	ctxName := cfg.CurrentContext
	if c := flagString(cmd, "context"); c != "" {
		ctxName = c
	}
	ctx := cfg.Contexts[ctxName]
	if ctx == nil && ctxName != "" {
		// clientcmd's validation error ("Error in configuration: …") is not modelled.
		return "", notSimulated("kubectl with a context the kubeconfig lacks")
	}
	cluster := ""
	if ctx != nil {
		cluster = ctx.Cluster
	}
	if c := flagString(cmd, "cluster"); c != "" {
		cluster = c
	}
	if s := flagString(cmd, "server"); s != "" {
		return s, nil
	}
	if cl := cfg.Clusters[cluster]; cl != nil {
		return cl.Server, nil
	}
	return "", notSimulated("kubectl cluster-info without a cluster in the kubeconfig")
}

// runClusterInfo is clusterinfo.go Complete and Run: the control plane's URL (the kubeconfig's
// server), then each Service labelled kubernetes.io/cluster-service=true in kube-system (or
// -n), with its API server proxy URL. The REST config's group-version is v1 (kubectl's
// MatchVersionFlags.ToRESTConfig sets the defaults).
func (r *runner) runClusterInfo(cmd *cobra.Command) error {
	host, err := r.serverHost(cmd)
	if err != nil {
		return err
	}
	namespace := flagString(cmd, "namespace")
	if namespace == "" {
		namespace = metav1.NamespaceSystem
	}
	obj, err := r.env.API.List("services", namespace, apiserver.ListOptions{LabelSelector: "kubernetes.io/cluster-service=true"})
	if err == nil {
		printService := func(name, link string) {
			fmt.Fprint(r.out, name)
			fmt.Fprint(r.out, " is running at ")
			fmt.Fprint(r.out, link)
			fmt.Fprintln(r.out, "")
		}
		printService("Kubernetes control plane", host)
		for _, service := range obj.(*corev1.ServiceList).Items {
			var link string
			if len(service.Status.LoadBalancer.Ingress) > 0 {
				ingress := service.Status.LoadBalancer.Ingress[0]
				ip := ingress.IP
				if ip == "" {
					ip = ingress.Hostname
				}
				for _, port := range service.Spec.Ports {
					link += "http://" + ip + ":" + strconv.Itoa(int(port.Port)) + " "
				}
			} else {
				name := service.Name
				if len(service.Spec.Ports) > 0 {
					port := service.Spec.Ports[0]
					scheme := ""
					if port.Name == "https" || port.Port == 443 {
						scheme = "https"
					}
					name = utilnet.JoinSchemeNamePort(scheme, service.Name, port.Name)
				}
				link = host + "/api/v1/namespaces/" + service.Namespace + "/services/" + name + "/proxy"
			}
			name := service.Labels["kubernetes.io/name"]
			if len(name) == 0 {
				name = service.Name
			}
			printService(name, link)
		}
	}
	fmt.Fprint(r.out, "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")
	return err
}
