package images

// Image is one catalogued image (repository + tag) as the runtime sees it after a pull.
type Image struct {
	// Ref is the parsed reference as written (Tag may be empty: see Ref.TagOrLatest).
	Ref Reference
	// Repository is the catalogue repository that answered (aliases resolve to it).
	Repository string
	// Simulated is false for images whose behaviour the catalogue does not know (an unknown
	// repository, a digest-only reference, a tag newer than the catalogue): they are assumed
	// to exist and run, and what they do is not simulated.
	Simulated bool
	// Reason says why Simulated is false.
	Reason string
	// Digest is the repository digest ("sha256:…"). DigestKnown is false when it is a stand-in
	// made from the reference (the real one is not in the catalogue): treat it as volatile.
	Digest      string
	DigestKnown bool
	// Size is the image size in bytes the kubelet prints in the Pulled event. SizeKnown is
	// false when it is an estimate (treat "Image size: N bytes." as volatile).
	Size      int64
	SizeKnown bool
	// Config is the image configuration (Dockerfile ENTRYPOINT, CMD, ENV, WORKDIR, USER, …).
	Config Config
	// Base names the root file system: "busybox", "alpine", "debian", "ubuntu", "scratch",
	// "distroless" ("" for unknown images).
	Base string
	// Version is the main software's version ("1.29.8" for nginx, "1.37.0" for busybox,
	// "13" for debian); Variant the tag's variant ("alpine", "" for the default).
	Version, Variant string
	// Server names the behaviour model of the image's main program ("nginx", "httpd",
	// "redis", "agnhost", "liveness", "pause", "stress", "" for none).
	Server string
	// Files are image-specific files laid over the base file system.
	Files []File
	// Users and Groups are extra /etc/passwd and /etc/group lines.
	Users, Groups []string
	// Sources cite where the entry's facts come from.
	Sources []string
}

// Config is the OCI image configuration.
type Config struct {
	Entrypoint   []string `json:"entrypoint,omitempty"`
	Cmd          []string `json:"cmd,omitempty"`
	Env          []string `json:"env,omitempty"`
	WorkingDir   string   `json:"workingDir,omitempty"`
	User         string   `json:"user,omitempty"`
	StopSignal   string   `json:"stopSignal,omitempty"`
	ExposedPorts []string `json:"exposedPorts,omitempty"`
}

// File is one file of an image or base.
type File struct {
	Path string
	// Mode is the permission bits (0644 for data, 0755 for programs and directories when 0).
	Mode uint32
	// Exactly one of Data, Program, Link, Dir describes the file. Program names a simulated
	// executable ("busybox", "nginx", …); Link makes a symbolic link; Dir a directory.
	Data    []byte
	Program string
	Link    string
	Dir     bool
	UID     int
	GID     int
	// Unverified marks content that was not checked against the image: a process that reads
	// it produces output the checker must treat as not simulated.
	Unverified bool
}

// Base is a root file system layout (bases.yaml).
type Base struct {
	Name string
	// Shell is the program /bin/sh runs ("busybox", "dash"); "" when there is none.
	Shell string
	// Files are the base's directories, links, programs and /etc files, in creation order.
	Files []File
}
