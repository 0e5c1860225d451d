package images

// Catalog is the set of known repositories.
type Catalog struct{}

// Default returns the embedded catalogue.
func Default() *Catalog { return &Catalog{} }

// Lookup is what the catalogue says about one image reference.
type Lookup struct {
	// Ref is the parsed reference.
	Ref Reference
	// Known reports that the catalogue knows the repository.
	Known bool
	// Exists reports that the tag (or digest) exists; false only when Known.
	Exists bool
	// Image is the image to run (nil when it does not exist). For an unknown repository it
	// is a placeholder with Simulated=false.
	Image *Image
}

// Reference is a parsed image reference.
type Reference struct {
	Domain, Path, Tag, Digest string
}
