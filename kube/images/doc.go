// Package images owns the simulator's image catalogue: for each known repository, which tags
// exist and, per tag, the image configuration (ENTRYPOINT, CMD, ENV, WORKDIR, USER,
// STOPSIGNAL, EXPOSE), the files that matter (nginx's welcome page, byte-exact), the server
// model of its main program, its size and digest — all as embedded data with the source of
// every fact. It also parses image references like the kubelet and containerd do
// (github.com/distribution/reference grammar: docker.io/library normalisation, tags,
// digests, and the exact error texts). It imports only the standard library and
// sigs.k8s.io/yaml.
//
// API:
//
//	ParseReference(s string) (Reference, error)   distribution/reference ParseNormalizedNamed
//	(Reference).String() / Name() / Familiar() / TagOrLatest()
//	Default() *Catalog                              the embedded catalogue (a fresh copy)
//	(*Catalog).Lookup(image string) (Lookup, error) what pulling image would give
//	(*Catalog).Repositories() []string
package images
