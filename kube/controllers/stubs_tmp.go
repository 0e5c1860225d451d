package controllers

import (
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/watch"
)

type statefulSetController struct {
	m *Manager
	c *controller
}

func (j *statefulSetController) podEvent(watch.EventType, *corev1.Pod) {}
func (j *statefulSetController) sync(ns, name string) time.Duration    { return 0 }

type daemonSetController struct {
	m *Manager
	c *controller
}

func (j *daemonSetController) podEvent(watch.EventType, *corev1.Pod) {}
func (j *daemonSetController) nodeEvent(*corev1.Node)                {}
func (j *daemonSetController) sync(ns, name string) time.Duration    { return 0 }

var _ = appsv1.DaemonSet{}
