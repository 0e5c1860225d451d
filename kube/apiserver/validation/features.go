package validation

// featureEnabled reports the v1.37 default of a feature gate the copied validation consults
// (k8s.io/kubernetes v1.37.2 pkg/features/kube_features.go).
func featureEnabled(name string) bool {
	switch name {
	case "VolumeAttributesClass", // GA 1.36
		"ClearingNominatedNodeNameAfterBinding", // beta on 1.35
		"PreferSameTrafficDistribution",         // GA 1.35
		"RelaxedServiceNameValidation",          // GA 1.37
		"StrictIPCIDRValidation":                // beta on 1.36
		return true
	}
	panic("validation: feature gate without a recorded v1.37 default: " + name)
}
