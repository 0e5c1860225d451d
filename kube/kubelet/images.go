package kubelet

import (
	"fmt"
	"strings"
	"time"

	v1 "k8s.io/api/core/v1"

	"github.com/docbuild/docbuild/kube/images"
)

// imageErr is one of the image manager's errors (pkg/kubelet/images/types.go); its text is
// the waiting reason.
type imageErr string

func (e imageErr) Error() string { return string(e) }

// parsedImage is a cached images.ParseReference result.
type parsedImage struct {
	key string // the fully qualified reference with the default tag
	err error
}

// parseImage parses image once per kubelet (the reference grammar is costly).
func (kl *Kubelet) parseImage(image string) parsedImage {
	if p, ok := kl.parsed[image]; ok {
		return p
	}
	var p parsedImage
	if ref, err := images.ParseReference(image); err != nil {
		p = parsedImage{key: image, err: err}
	} else {
		p = parsedImage{key: ref.String()}
	}
	kl.parsed[image] = p
	return p
}

// normalizeImage is the key the node's image store uses: the fully qualified reference with
// the default tag ("nginx" → "docker.io/library/nginx:latest").
func (kl *Kubelet) normalizeImage(image string) string { return kl.parseImage(image).key }

// ensureImageExists is the image manager's EnsureImageExists + pullImage with a serial
// puller (serializeImagePulls defaults to true). cb receives (imageID, message, error).
// k8s.io/kubernetes v1.37.2 pkg/kubelet/images/image_manager.go (KubeletEnsureSecretPulledImages
// beta on: the "can be accessed by the pod" message for present images).
func (kl *Kubelet) ensureImageExists(p *podState, c *v1.Container, cb func(string, string, error)) {
	requested := c.Image
	event := func(eventType, reason, msg string) { kl.containerEvent(p, c.Name, eventType, reason, msg) }

	// applyDefaultImageTag
	if err := kl.parseImage(requested).err; err != nil {
		msg := images.KubeletImageError(requested, err)
		event(v1.EventTypeWarning, evInspectFailed, msg)
		cb("", msg, imageErr(reasonInvalidImageName))
		return
	}
	key := kl.normalizeImage(requested)
	info, present := kl.images[key]
	if c.ImagePullPolicy != v1.PullAlways && present {
		msg := fmt.Sprintf(kl.version.PresentAccessibleMessage, requested)
		event(v1.EventTypeNormal, evPulled, msg)
		cb(info.ID, msg, nil)
		return
	}
	if c.ImagePullPolicy == v1.PullNever {
		msg := fmt.Sprintf(kl.version.NeverPullMessage, requested)
		event(v1.EventTypeWarning, evErrImageNeverPull, msg)
		cb("", msg, imageErr(reasonErrImageNeverPull))
		return
	}

	// pullImage
	now := kl.clk.Now()
	backOffKey := fmt.Sprintf("%s_%s", p.pod.UID, requested)
	if kl.imageBackoff.IsInBackOffSinceUpdate(backOffKey, now) {
		msg := fmt.Sprintf(kl.version.BackOffPullMessage, requested)
		event(v1.EventTypeNormal, evBackOff, msg)
		if prev, ok := kl.prevPullErr[backOffKey]; ok {
			msg = fmt.Sprintf("%s: %s", msg, prev)
		}
		cb("", msg, imageErr(reasonImagePullBackOff))
		return
	}
	delete(kl.prevPullErr, backOffKey)
	event(v1.EventTypeNormal, evPulling, fmt.Sprintf(kl.version.PullingMessage, requested))

	start := now
	if kl.pullFreeAt.After(start) {
		start = kl.pullFreeAt
	}
	resolved, err := kl.rt.ResolveImage(requested)
	var pull time.Duration
	if err != nil {
		pull = kl.d.FailedPullLatency
	} else {
		pull = kl.d.PullDuration(resolved.Size, present)
	}
	kl.pullFreeAt = start.Add(pull)
	kl.clk.At(start.Add(pull), func() {
		if err != nil {
			event(v1.EventTypeWarning, evFailed, fmt.Sprintf(kl.version.FailedPullMessage, requested, err))
			kl.imageBackoff.Next(backOffKey, kl.clk.Now())
			msg, reason := evalCRIPullErr(requested, err)
			kl.prevPullErr[backOffKey] = fmt.Sprintf("%s: %s", reason, msg)
			cb("", msg, reason)
			return
		}
		total := kl.clk.Now().Sub(now)
		event(v1.EventTypeNormal, evPulled, kl.version.PulledMessage(requested, pull, total, resolved.Size))
		kl.imageBackoff.GC()
		kl.images[key] = resolved
		cb(resolved.ID, "", nil)
	})
}

// evalCRIPullErr maps a runtime pull error to the kubelet's reason and message.
// k8s.io/kubernetes v1.37.2 pkg/kubelet/images/image_manager.go evalCRIPullErr.
func evalCRIPullErr(image string, err error) (string, imageErr) {
	const unavailable, signature = "RegistryUnavailable", "SignatureValidationFailed"
	switch s := err.Error(); {
	case strings.HasPrefix(s, unavailable):
		return fmt.Sprintf("image pull failed for %s because the registry is unavailable%s", image, strings.TrimPrefix(s, unavailable)), imageErr(unavailable)
	case strings.HasPrefix(s, signature):
		return fmt.Sprintf("image pull failed for %s because the signature validation failed%s", image, strings.TrimPrefix(s, signature)), imageErr(signature)
	default:
		return s, imageErr(reasonErrImagePull)
	}
}
