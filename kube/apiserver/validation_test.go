package apiserver

import (
	"strings"
	"testing"
)

// TestPodValidationMessages runs tutorial mistakes through the create path and checks the
// causes kubectl prints (field: message), as produced by the copied v1.37.2 validation after
// defaulting and admission. Expected texts were written from
// pkg/apis/core/validation/validation.go and k8s.io/apimachinery/pkg/util/validation.
func TestPodValidationMessages(t *testing.T) {
	const (
		head = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":`
	)
	c := func(extra string) string { // one container "app" with extra fields
		return head + `{"containers":[{"name":"app","image":"nginx"` + extra + `}]}}`
	}
	for _, tc := range []struct {
		name, body string
		want       []string
	}{
		{"env name with =", c(`,"env":[{"name":"A=B","value":"1"}]`),
			[]string{`spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`}},
		{"env name missing", c(`,"env":[{"value":"1"}]`),
			[]string{`spec.containers[0].env[0].name: Required value`}},
		{"env valueFrom and value", c(`,"env":[{"name":"A","value":"1","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}]`),
			[]string{`spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when ` + "`value`" + ` is not empty`}},
		{"env fieldRef unsupported", c(`,"env":[{"name":"A","valueFrom":{"fieldRef":{"fieldPath":"spec.containers"}}}]`),
			[]string{`spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.containers": error converting fieldPath: field label not supported: spec.containers`}},
		{"mount of an unknown volume", c(`,"volumeMounts":[{"name":"data","mountPath":"/data"}]`),
			[]string{`spec.containers[0].volumeMounts[0].name: Not found: "data"`}},
		{"mount without path", head + `{"volumes":[{"name":"data","emptyDir":{}}],"containers":[{"name":"app","image":"nginx","volumeMounts":[{"name":"data"}]}]}}`,
			[]string{`spec.containers[0].volumeMounts[0].mountPath: Required value`}},
		{"same mount path twice", head + `{"volumes":[{"name":"a","emptyDir":{}},{"name":"b","emptyDir":{}}],"containers":[{"name":"app","image":"nginx","volumeMounts":[{"name":"a","mountPath":"/d"},{"name":"b","mountPath":"/d"}]}]}}`,
			[]string{`spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/d": must be unique`}},
		{"duplicate volume", head + `{"volumes":[{"name":"data","emptyDir":{}},{"name":"data","emptyDir":{}}],"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`spec.volumes[1].name: Duplicate value: "data"`}},
		{"volume name not a label", head + `{"volumes":[{"name":"Data","emptyDir":{}}],"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`spec.volumes[0].name: Invalid value: "Data": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`}},
		{"configMap volume without name", head + `{"volumes":[{"name":"cfg","configMap":{}}],"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`spec.volumes[0].configMap.name: Required value`}},
		{"hostPath without path", head + `{"volumes":[{"name":"h","hostPath":{}}],"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`spec.volumes[0].hostPath.path: Required value`}},
		{"two volume types", head + `{"volumes":[{"name":"v","emptyDir":{},"hostPath":{"path":"/x"}}],"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type`}},
		{"requests above limits", c(`,"resources":{"requests":{"cpu":"2"},"limits":{"cpu":"1"}}`),
			[]string{`spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1`}},
		{"negative memory", c(`,"resources":{"limits":{"memory":"-1"}}`),
			[]string{`spec.containers[0].resources.limits[memory]: Invalid value: "-1": must be greater than or equal to 0`,
				`spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0`}},
		{"unknown resource", c(`,"resources":{"limits":{"gpu":"1"}}`),
			[]string{`spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
				`spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers`,
				`spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified`,
				`spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers`}},
		{"probe without handler", c(`,"livenessProbe":{"initialDelaySeconds":5}`),
			[]string{`spec.containers[0].livenessProbe: Required value: must specify a handler type`}},
		{"probe with two handlers", c(`,"readinessProbe":{"exec":{"command":["true"]},"tcpSocket":{"port":80}}`),
			[]string{`spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`}},
		{"probe port out of range", c(`,"livenessProbe":{"httpGet":{"port":70000}}`),
			[]string{`spec.containers[0].livenessProbe.httpGet.port: Invalid value: 70000: must be between 1 and 65535, inclusive`}},
		{"liveness successThreshold", c(`,"livenessProbe":{"tcpSocket":{"port":80},"successThreshold":2}`),
			[]string{`spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1`}},
		{"exec probe without command", c(`,"livenessProbe":{"exec":{}}`),
			[]string{`spec.containers[0].livenessProbe.exec.command: Required value`}},
		{"duplicate port name", c(`,"ports":[{"name":"http","containerPort":80},{"name":"http","containerPort":81}]`),
			[]string{`spec.containers[0].ports[1].name: Duplicate value: "http"`}},
		{"port name too long", c(`,"ports":[{"name":"a-very-long-name","containerPort":80}]`),
			[]string{`spec.containers[0].ports[0].name: Invalid value: "a-very-long-name": must be no more than 15 characters`}},
		{"bad protocol", c(`,"ports":[{"containerPort":80,"protocol":"HTTP"}]`),
			[]string{`spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`}},
		{"missing containerPort", c(`,"ports":[{"name":"http"}]`),
			[]string{`spec.containers[0].ports[0].containerPort: Required value`}},
		{"hostPort conflict", head + `{"containers":[{"name":"a","image":"nginx","ports":[{"containerPort":80,"hostPort":8080}]},{"name":"b","image":"nginx","ports":[{"containerPort":81,"hostPort":8080}]}]}}`,
			[]string{`spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"`}},
		{"bad dnsPolicy", head + `{"dnsPolicy":"Cluster","containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"`}},
		{"dnsPolicy None without config", head + `{"dnsPolicy":"None","containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{"spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"}},
		{"bad label value", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x","labels":{"app":"my app"}},"spec":{"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`metadata.labels: Invalid value: "my app": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`}},
		{"bad annotation key", `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x","annotations":{"my key":"v"}},"spec":{"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`metadata.annotations: Invalid value: "my key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`}},
		{"bad nodeSelector", head + `{"nodeSelector":{"disk type":"ssd"},"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`spec.nodeSelector: Invalid value: "disk type": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`}},
		{"toleration Exists with value", head + `{"tolerations":[{"key":"k","operator":"Exists","value":"v","effect":"NoSchedule"}],"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{"spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'"}},
		{"toleration bad effect", head + `{"tolerations":[{"key":"k","operator":"Equal","value":"v","effect":"NoExecut"}],"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`spec.tolerations[0].effect: Unsupported value: "NoExecut": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`}},
		{"activeDeadlineSeconds 0", head + `{"activeDeadlineSeconds":0,"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive`}},
		{"init container with a probe", head + `{"initContainers":[{"name":"init","image":"busybox","readinessProbe":{"exec":{"command":["true"]}}}],"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`}},
		{"init container named like a container", head + `{"initContainers":[{"name":"app","image":"busybox"}],"containers":[{"name":"app","image":"nginx"}]}}`,
			[]string{`spec.initContainers[0].name: Duplicate value: "app"`}},
		{"image with a leading space", head + `{"containers":[{"name":"app","image":" nginx"}]}}`,
			[]string{`spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace`}},
		{"negative runAsUser", c(`,"securityContext":{"runAsUser":-1}`),
			[]string{`spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive`}},
		{"privileged without escalation", c(`,"securityContext":{"privileged":true,"allowPrivilegeEscalation":false}`),
			[]string{"spec.containers[0].securityContext: Invalid value: {\"Capabilities\":null,\"Privileged\":true,\"SELinuxOptions\":null,\"WindowsOptions\":null,\"RunAsUser\":null,\"RunAsGroup\":null,\"RunAsNonRoot\":null,\"ReadOnlyRootFilesystem\":null,\"AllowPrivilegeEscalation\":false,\"ProcMount\":null,\"SeccompProfile\":null,\"AppArmorProfile\":null}: cannot set `allowPrivilegeEscalation` to false and `privileged` to true"}},
		{"bad container restartPolicy", c(`,"restartPolicy":"Sometimes"`),
			[]string{`spec.containers[0].restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"`}},
		{"bad serviceAccountName", head + `{"serviceAccountName":"My_SA","containers":[{"name":"app","image":"nginx"}]}}`,
			nil}, // ServiceAccount admission refuses first (Forbidden), see TestCreateRules
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newServer(t)
			_, _, err := s.Create("pods", "default", []byte(tc.body), CreateOptions{FieldValidation: FieldValidationStrict})
			if err == nil {
				t.Fatal("accepted")
			}
			if tc.want == nil {
				return
			}
			var want string
			if len(tc.want) == 1 {
				want = `The Pod "x" is invalid: ` + tc.want[0] + "\n"
			} else {
				want = "The Pod \"x\" is invalid: \n* " + strings.Join(tc.want, "\n* ") + "\n"
			}
			if got := kubectlError(err); got != want {
				t.Errorf("\n got %q\nwant %q", got, want)
			}
		})
	}
}
