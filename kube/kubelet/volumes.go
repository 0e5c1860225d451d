package kubelet

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"

	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/kubectl/pkg/util/fieldpath"
)

// defaultMode is the volumes' default file mode (0644; corev1 *VolumeSourceDefaultMode).
const defaultMode = int32(0o644)

// checkVolumes is the volume manager's WaitForAttachAndMount as seen by a sync: a volume that
// cannot be set up (a missing ConfigMap or Secret) fails the sync with a FailedMount event.
// (The real volume manager retries each mount with its own exponential back-off and fails the
// sync only after 2m3s; the simulator retries at the pod worker's error back-off.)
func (kl *Kubelet) checkVolumes(p *podState) error {
	for _, vol := range p.pod.Spec.Volumes {
		if _, err := kl.volumeFiles(p, &vol); err != nil {
			msg := fmt.Sprintf("MountVolume.SetUp failed for volume %q : %v", vol.Name, err)
			kl.podEvent(p, v1.EventTypeWarning, evFailedMount, msg)
			return &syncError{reason: "FailedMount", msg: msg}
		}
	}
	return nil
}

// makeVolumes materialises the Pod's volumes.
func (kl *Kubelet) makeVolumes(p *podState) ([]Volume, error) {
	var out []Volume
	for i := range p.pod.Spec.Volumes {
		vol := &p.pod.Spec.Volumes[i]
		files, err := kl.volumeFiles(p, vol)
		if err != nil {
			return nil, err
		}
		v := Volume{Name: vol.Name, Files: files}
		switch {
		case vol.EmptyDir != nil:
			v.EmptyDir = true
			v.Medium = string(vol.EmptyDir.Medium)
		case vol.ConfigMap != nil, vol.Secret != nil, vol.DownwardAPI != nil, vol.Projected != nil:
		default:
			v.EmptyDir = true
			v.Unsupported = volumeKind(vol)
		}
		out = append(out, v)
	}
	return out, nil
}

func volumeKind(vol *v1.Volume) string {
	switch {
	case vol.HostPath != nil:
		return "hostPath"
	case vol.PersistentVolumeClaim != nil:
		return "persistentVolumeClaim"
	case vol.Image != nil:
		return "image"
	case vol.CSI != nil:
		return "csi"
	case vol.Ephemeral != nil:
		return "ephemeral"
	case vol.NFS != nil:
		return "nfs"
	}
	return "unknown"
}

func modeOr(m *int32, def int32) int32 {
	if m != nil {
		return *m
	}
	return def
}

// volumeFiles is the content of configMap, secret, downwardAPI and projected volumes
// (pkg/volume/{configmap,secret,downwardapi,projected}): keys or items, with their modes.
func (kl *Kubelet) volumeFiles(p *podState, vol *v1.Volume) ([]File, error) {
	pod := p.pod
	switch {
	case vol.ConfigMap != nil:
		cm := vol.ConfigMap
		return kl.configMapFiles(pod, cm.Name, cm.Items, cm.Optional, modeOr(cm.DefaultMode, defaultMode))
	case vol.Secret != nil:
		s := vol.Secret
		return kl.secretFiles(pod, s.SecretName, s.Items, s.Optional, modeOr(s.DefaultMode, defaultMode))
	case vol.DownwardAPI != nil:
		return kl.downwardFiles(p, vol.DownwardAPI.Items, modeOr(vol.DownwardAPI.DefaultMode, defaultMode))
	case vol.Projected != nil:
		def := modeOr(vol.Projected.DefaultMode, defaultMode)
		var all []File
		for _, src := range vol.Projected.Sources {
			var files []File
			var err error
			switch {
			case src.ConfigMap != nil:
				files, err = kl.configMapFiles(pod, src.ConfigMap.Name, src.ConfigMap.Items, src.ConfigMap.Optional, def)
			case src.Secret != nil:
				files, err = kl.secretFiles(pod, src.Secret.Name, src.Secret.Items, src.Secret.Optional, def)
			case src.DownwardAPI != nil:
				files, err = kl.downwardFiles(p, src.DownwardAPI.Items, def)
			case src.ServiceAccountToken != nil:
				files = []File{{Path: src.ServiceAccountToken.Path, Data: []byte(kl.serviceAccountToken(pod, src.ServiceAccountToken)), Mode: def}}
			}
			if err != nil {
				return nil, err
			}
			all = append(all, files...)
		}
		sort.Slice(all, func(i, j int) bool { return all[i].Path < all[j].Path })
		return all, nil
	}
	return nil, nil
}

func (kl *Kubelet) configMapFiles(pod *v1.Pod, name string, items []v1.KeyToPath, optional *bool, def int32) ([]File, error) {
	cm, err := kl.api.GetConfigMap(pod.Namespace, name)
	if err != nil {
		if apierrors.IsNotFound(err) && optional != nil && *optional {
			return nil, nil
		}
		return nil, kubeletNotFound(err, "configmap", name)
	}
	data := map[string][]byte{}
	for k, v := range cm.Data {
		data[k] = []byte(v)
	}
	for k, v := range cm.BinaryData {
		data[k] = v
	}
	return keyFiles(data, items, optional, def, "configmap references non-existent config key: %v")
}

func (kl *Kubelet) secretFiles(pod *v1.Pod, name string, items []v1.KeyToPath, optional *bool, def int32) ([]File, error) {
	s, err := kl.api.GetSecret(pod.Namespace, name)
	if err != nil {
		if apierrors.IsNotFound(err) && optional != nil && *optional {
			return nil, nil
		}
		return nil, kubeletNotFound(err, "secret", name)
	}
	return keyFiles(s.Data, items, optional, def, "references non-existent secret key: %v")
}

// keyFiles is the configMap/secret volume payload (MakePayload): every key, or the items.
func keyFiles(data map[string][]byte, items []v1.KeyToPath, optional *bool, def int32, missing string) ([]File, error) {
	var out []File
	if len(items) == 0 {
		for _, k := range sortedKeys(data) {
			out = append(out, File{Path: k, Data: data[k], Mode: def})
		}
		return out, nil
	}
	for _, it := range items {
		v, ok := data[it.Key]
		if !ok {
			if optional != nil && *optional {
				continue
			}
			return nil, fmt.Errorf(missing, it.Key)
		}
		out = append(out, File{Path: it.Path, Data: v, Mode: modeOr(it.Mode, def)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// downwardFiles is the downwardAPI volume payload (pkg/volume/downwardapi CollectData):
// labels and annotations as sorted key="value" lines.
func (kl *Kubelet) downwardFiles(p *podState, items []v1.DownwardAPIVolumeFile, def int32) ([]File, error) {
	var out []File
	for _, it := range items {
		var val string
		var err error
		switch {
		case it.FieldRef != nil:
			val, err = fieldpath.ExtractFieldPathAsString(p.pod, it.FieldRef.FieldPath)
		case it.ResourceFieldRef != nil:
			c := containerSpec(p.pod, it.ResourceFieldRef.ContainerName)
			if c == nil {
				err = fmt.Errorf("container %s not found", it.ResourceFieldRef.ContainerName)
				break
			}
			val, err = kl.resourceFieldValue(p.pod, c, it.ResourceFieldRef)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, File{Path: it.Path, Data: []byte(val), Mode: modeOr(it.Mode, def)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// serviceAccountToken is the token the kubelet's token manager requests (TokenRequest): a JWT
// with the kube-apiserver's claims, deterministic for a Pod. Its signature is not a real one.
func (kl *Kubelet) serviceAccountToken(pod *v1.Pod, src *v1.ServiceAccountTokenProjection) string {
	exp := int64(3607)
	if src.ExpirationSeconds != nil {
		exp = *src.ExpirationSeconds
	}
	iat := kl.clk.Now().Unix()
	aud := []string{"https://kubernetes.default.svc.cluster.local"}
	if src.Audience != "" {
		aud = []string{src.Audience}
	}
	claims := map[string]any{
		"aud": aud,
		"exp": iat + exp,
		"iat": iat,
		"iss": "https://kubernetes.default.svc.cluster.local",
		"jti": fmt.Sprintf("%x", sha256.Sum256([]byte(string(pod.UID)+"jti")))[:36],
		"kubernetes.io": map[string]any{
			"namespace":      pod.Namespace,
			"node":           map[string]string{"name": kl.opts.NodeName, "uid": kl.opts.Node.uid(kl.opts.NodeName)},
			"pod":            map[string]string{"name": pod.Name, "uid": string(pod.UID)},
			"serviceaccount": map[string]string{"name": pod.Spec.ServiceAccountName, "uid": kl.opts.Node.uid(pod.Namespace + "/" + pod.Spec.ServiceAccountName)},
			"warnafter":      iat + 3600,
		},
		"nbf": iat,
		"sub": fmt.Sprintf("system:serviceaccount:%s:%s", pod.Namespace, pod.Spec.ServiceAccountName),
	}
	header, _ := json.Marshal(map[string]string{"alg": "RS256", "kid": base64.RawURLEncoding.EncodeToString([]byte(kl.opts.NodeName))[:8]})
	payload, _ := json.Marshal(claims)
	enc := base64.RawURLEncoding
	sig := sha256.Sum256(payload)
	sig2 := sha256.Sum256(sig[:])
	return enc.EncodeToString(header) + "." + enc.EncodeToString(payload) + "." + enc.EncodeToString(append(sig[:], sig2[:]...))
}
