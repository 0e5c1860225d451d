package images

// Image is one catalogued image (repository + tag) as the runtime sees it after a pull.
type Image struct {
	// Ref is the parsed, normalised reference (docker.io/library/nginx:1.27).
	Ref Reference
	// Simulated is false for images the catalogue does not know: they are assumed to exist and
	// run, and what they do is not simulated.
	Simulated bool
	// Digest is the repository digest ("sha256:…") reported as the image ID.
	Digest string
	// Size is the image size in bytes the kubelet prints in the Pulled event.
	Size int64
	// Config is the image configuration (Dockerfile ENTRYPOINT, CMD, ENV, WORKDIR, USER, …).
	Config Config
	// Base names the root file system and the programs on it: "busybox", "alpine",
	// "debian", "ubuntu", "scratch", "distroless".
	Base string
	// Version is the main software's version ("1.29.8" for nginx, "1.37.0" for busybox).
	Version string
	// Server names the behaviour model of the image's main program ("nginx", "httpd",
	// "redis", "agnhost", "pause", "stress", "" for none).
	Server string
	// Files are image-specific files laid over the base file system.
	Files []File
	// Sources cite where the entry's facts come from.
	Sources []string
}

// Config is the OCI image configuration.
type Config struct {
	Entrypoint   []string
	Cmd          []string
	Env          []string
	WorkingDir   string
	User         string
	StopSignal   string
	ExposedPorts []string
}

// File is one file of an image.
type File struct {
	Path string
	Mode uint32 // permission bits; 0 means 0644 (0755 for Program files)
	// Data is the content; Program names a simulated executable ("busybox", "nginx", …);
	// Link makes a symbolic link.
	Data    []byte
	Program string
	Link    string
	Dir     bool
	UID     int
	GID     int
}
