package images

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:generate go run ./internal/gendata/cmd data

// The catalogue's sources are data/catalog.yaml and data/bases.yaml; go generate turns them
// into the embedded JSON (see internal/gendata).
//
//go:embed data/catalog.json data/bases.json data/files
var data embed.FS

// Catalog is the set of known repositories and root file systems. It is never modified after
// it is loaded, and what its methods return (images, bases, file data) are fresh copies, so
// one Catalog is shared by every cluster of the process.
type Catalog struct {
	repos   []*repoData
	byName  map[string]*repoData
	bases   map[string]*baseData
	sources map[string][]byte
}

// repoData is one repository of catalog.yaml.
type repoData struct {
	Name     string              `json:"name"`
	Aliases  []string            `json:"aliases"`
	Server   string              `json:"server"`
	Base     string              `json:"base"`
	Sources  []string            `json:"sources"`
	Versions map[string][]string `json:"versions"`
	// Open lists version prefixes whose unknown newer patch releases exist but are not
	// simulated.
	Open          []string               `json:"open"`
	ExtraVersions []string               `json:"extraVersions"`
	Tags          map[string]string      `json:"tags"`
	Variants      map[string]variantData `json:"variants"`
	Size          int64                  `json:"size"`
	Config        Config                 `json:"config"`
	Users         []string               `json:"users"`
	Groups        []string               `json:"groups"`
	Files         []fileData             `json:"files"`
}

type variantData struct {
	Base string `json:"base"`
	Size int64  `json:"size"`
}

type fileData struct {
	Path       string `json:"path"`
	Program    string `json:"program"`
	From       string `json:"from"`
	Link       string `json:"link"`
	Dir        bool   `json:"dir"`
	When       string `json:"when"`
	Mode       string `json:"mode"`
	UID        int    `json:"uid"`
	GID        int    `json:"gid"`
	Unverified bool   `json:"unverified"`
}

type baseData struct {
	Shell      string              `json:"shell"`
	Like       string              `json:"like"`
	Dirs       []string            `json:"dirs"`
	Links      map[string]string   `json:"links"`
	OSRelease  string              `json:"osRelease"`
	Passwd     []string            `json:"passwd"`
	Group      []string            `json:"group"`
	Programs   map[string][]string `json:"programs"`
	Applets    []string            `json:"applets"`
	AppletDirs map[string][]string `json:"appletDirs"`

	// pre and post are the files addBase makes from the base alone, before and after the
	// image-dependent /etc files: built once at load (Base copies them).
	pre, post []File
}

// Default returns the embedded catalogue. It is parsed once (about a millisecond) and shared:
// a Catalog is immutable and hands out copies, so no caller can change what another sees.
func Default() *Catalog {
	c, err := defaultCatalog()
	if err != nil {
		panic("images: embedded catalogue is invalid: " + err.Error())
	}
	return c
}

// defaultCatalog is the parsed embedded catalogue: built lazily once, read-only afterwards
// (not mutable package state).
var defaultCatalog = sync.OnceValues(load)

func load() (*Catalog, error) {
	var cat struct {
		Repositories []*repoData `json:"repositories"`
	}
	raw, err := data.ReadFile("data/catalog.json")
	if err != nil {
		return nil, err
	}
	if err := strictJSON(raw, &cat); err != nil {
		return nil, fmt.Errorf("catalog.json: %w", err)
	}
	var bases struct {
		Bases map[string]*baseData `json:"bases"`
	}
	raw, err = data.ReadFile("data/bases.json")
	if err != nil {
		return nil, err
	}
	if err := strictJSON(raw, &bases); err != nil {
		return nil, fmt.Errorf("bases.json: %w", err)
	}
	for _, bd := range bases.Bases {
		bd.pre, bd.post = staticBaseFiles(bd)
	}
	c := &Catalog{byName: map[string]*repoData{}, bases: bases.Bases, sources: map[string][]byte{}}
	for _, r := range cat.Repositories {
		if _, dup := c.byName[r.Name]; dup {
			return nil, fmt.Errorf("repository %s listed twice", r.Name)
		}
		c.repos = append(c.repos, r)
		c.byName[r.Name] = r
		for _, a := range r.Aliases {
			c.byName[a] = r
		}
		if r.Base != "" && c.bases[r.Base] == nil {
			return nil, fmt.Errorf("repository %s: unknown base %q", r.Name, r.Base)
		}
		for _, f := range r.Files {
			if f.From != "" {
				b, err := data.ReadFile("data/files/" + f.From)
				if err != nil {
					return nil, fmt.Errorf("repository %s: %w", r.Name, err)
				}
				c.sources[f.From] = b
			}
			if f.When != "" {
				if _, err := parseConstraint(f.When); err != nil {
					return nil, fmt.Errorf("repository %s file %s: %w", r.Name, f.Path, err)
				}
			}
		}
	}
	return c, nil
}

func strictJSON(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// Repositories lists the catalogued repositories (not their aliases), sorted.
func (c *Catalog) Repositories() []string {
	var out []string
	for _, r := range c.repos {
		out = append(out, r.Name)
	}
	sort.Strings(out)
	return out
}

// Lookup is what the catalogue says about one image reference.
type Lookup struct {
	// Ref is the parsed reference.
	Ref Reference
	// Known reports that the catalogue knows the repository.
	Known bool
	// Exists reports whether pulling it succeeds (false only for a known repository and a
	// tag it knows does not exist).
	Exists bool
	// Image is the image (nil when it does not exist). For an unknown repository it has
	// Simulated=false.
	Image *Image
}

// Lookup resolves an image reference as written in a Pod spec. The error is the reference
// parser's (see ParseReference); use KubeletImageError for the kubelet's message.
func (c *Catalog) Lookup(image string) (Lookup, error) {
	ref, err := ParseReference(image)
	if err != nil {
		return Lookup{}, err
	}
	repo := c.byName[ref.Name()]
	if repo == nil {
		return Lookup{Ref: ref, Exists: true, Image: &Image{
			Ref: ref, Repository: ref.Name(), Reason: fmt.Sprintf("image %s is not in the catalogue", ref.Familiar()),
			Digest: standInDigest(ref.String()), Size: 0,
		}}, nil
	}
	l := Lookup{Ref: ref, Known: true}
	if ref.Tag == "" && ref.Digest != "" {
		// A digest names one build; which one is not known here.
		img := c.build(repo, ref, repo.Tags["latest"], "")
		img.Simulated, img.Reason = false, "image pinned by digest "+ref.Digest+": its version is not in the catalogue"
		img.Digest, img.DigestKnown = ref.Digest, true
		l.Exists, l.Image = true, img
		return l, nil
	}
	version, variant, state := repo.resolve(ref.TagOrLatest())
	switch state {
	case tagMissing:
		return l, nil
	case tagOpen:
		img := c.build(repo, ref, version, variant)
		img.Simulated, img.Reason = false, fmt.Sprintf("tag %s is newer than the catalogue", ref.TagOrLatest())
		l.Exists, l.Image = true, img
		return l, nil
	}
	l.Exists, l.Image = true, c.build(repo, ref, version, variant)
	return l, nil
}

type tagState int

const (
	tagFound tagState = iota
	tagMissing
	tagOpen
)

// resolve maps a tag to (version, variant). Variant suffixes are tried longest first
// ("1.27-alpine-slim" → 1.27 + alpine-slim; "alpine" → latest + alpine).
func (r *repoData) resolve(tag string) (string, string, tagState) {
	variants := make([]string, 0, len(r.Variants))
	for v := range r.Variants {
		if v != "" {
			variants = append(variants, v)
		}
	}
	sort.Slice(variants, func(i, j int) bool {
		if len(variants[i]) != len(variants[j]) {
			return len(variants[i]) > len(variants[j])
		}
		return variants[i] < variants[j]
	})
	base, variant := tag, ""
	for _, v := range variants {
		if tag == v {
			base, variant = "latest", v
			break
		}
		if b, ok := strings.CutSuffix(tag, "-"+v); ok && b != "" {
			base, variant = b, v
			break
		}
	}
	if alias, ok := r.Tags[base]; ok {
		return alias, variant, tagFound
	}
	all := r.allVersions()
	for _, v := range all {
		if v == base {
			return v, variant, tagFound
		}
	}
	// A prefix of listed versions: the newest one ("1.27" → "1.27.5").
	var best string
	for _, v := range all {
		if strings.HasPrefix(v, base+".") && (best == "" || compareVersions(v, best) > 0) {
			best = v
		}
	}
	if best != "" {
		return best, variant, tagFound
	}
	if isVersionLike(base) {
		for _, p := range r.Open {
			if base == p || strings.HasPrefix(base, p+".") {
				return base, variant, tagOpen
			}
		}
	}
	return "", "", tagMissing
}

func (r *repoData) allVersions() []string {
	var out []string
	for _, vs := range r.Versions {
		out = append(out, vs...)
	}
	out = append(out, r.ExtraVersions...)
	sort.Slice(out, func(i, j int) bool { return compareVersions(out[i], out[j]) < 0 })
	return out
}

func isVersionLike(s string) bool {
	if s == "" {
		return false
	}
	for _, p := range strings.Split(s, ".") {
		if _, err := strconv.Atoi(p); err != nil {
			return false
		}
	}
	return true
}

// build makes the Image for a resolved version and variant.
func (c *Catalog) build(r *repoData, ref Reference, version, variant string) *Image {
	base := r.Base
	size := r.Size
	if vd, ok := r.Variants[variant]; ok {
		if vd.Base != "" {
			base = vd.Base
		}
		if vd.Size != 0 {
			size = vd.Size
		}
	}
	img := &Image{
		Ref:        ref,
		Repository: r.Name,
		Simulated:  true,
		Digest:     standInDigest(r.Name + ":" + version + "-" + variant),
		Size:       size,
		Base:       base,
		Version:    version,
		Variant:    variant,
		Server:     r.Server,
		Users:      slices.Clone(r.Users),
		Groups:     slices.Clone(r.Groups),
		Sources:    slices.Clone(r.Sources),
	}
	img.Config = r.Config
	img.Config.Entrypoint = slices.Clone(r.Config.Entrypoint)
	img.Config.Cmd = slices.Clone(r.Config.Cmd)
	img.Config.ExposedPorts = slices.Clone(r.Config.ExposedPorts)
	img.Config.Env = nil
	for _, e := range r.Config.Env {
		img.Config.Env = append(img.Config.Env, strings.ReplaceAll(e, "${version}", version))
	}
	for _, f := range r.Files {
		if f.When != "" {
			cons, _ := parseConstraint(f.When)
			if !cons.match(version) {
				continue
			}
		}
		img.Files = append(img.Files, c.file(f))
	}
	return img
}

func (c *Catalog) file(f fileData) File {
	out := File{Path: f.Path, Program: f.Program, Link: f.Link, Dir: f.Dir, UID: f.UID, GID: f.GID, Unverified: f.Unverified}
	if f.From != "" {
		out.Data = bytes.Clone(c.sources[f.From])
	}
	if f.Mode != "" {
		m, _ := strconv.ParseUint(f.Mode, 8, 32)
		out.Mode = uint32(m)
	}
	return out
}

// standInDigest is a deterministic digest for images whose real digest the catalogue does not
// hold (Image.DigestKnown is false).
func standInDigest(s string) string {
	sum := sha256.Sum256([]byte("docbuild stand-in digest\x00" + s))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Base returns the root file system layout for an image, with version-dependent files
// (/etc/os-release) filled in; nil for an unknown base.
func (c *Catalog) Base(img *Image) *Base {
	bd := c.bases[img.Base]
	if bd == nil {
		return nil
	}
	b := &Base{Name: img.Base, Shell: bd.Shell}
	c.addBase(b, bd, img)
	return b
}

func (c *Catalog) addBase(b *Base, bd *baseData, img *Image) {
	if bd.Like != "" {
		if parent := c.bases[bd.Like]; parent != nil {
			cp := *parent
			cp.OSRelease = ""
			c.addBase(b, &cp, img)
		}
	}
	b.Files = append(b.Files, bd.pre...)
	if len(bd.Passwd) > 0 {
		b.Files = append(b.Files, File{Path: "/etc/passwd", Data: []byte(strings.Join(append(append([]string{}, bd.Passwd...), img.Users...), "\n") + "\n")})
	}
	if len(bd.Group) > 0 {
		b.Files = append(b.Files, File{Path: "/etc/group", Data: []byte(strings.Join(append(append([]string{}, bd.Group...), img.Groups...), "\n") + "\n")})
	}
	if bd.OSRelease != "" {
		minor := img.Version
		if i := strings.LastIndexByte(minor, '.'); strings.Count(minor, ".") >= 2 && i > 0 {
			minor = minor[:i]
		}
		s := strings.NewReplacer("${version}", img.Version, "${minor}", minor, "${codename}", codename(img.Base, img.Version)).Replace(bd.OSRelease)
		b.Files = append(b.Files, File{Path: "/etc/os-release", Data: []byte(s), Unverified: true})
	}
	b.Files = append(b.Files, bd.post...)
}

// staticBaseFiles are the files of a base that do not depend on the image, in addBase's
// order: links and directories (pre), then programs and BusyBox applets (post). They hold no
// data, so copies of them share nothing mutable.
func staticBaseFiles(bd *baseData) (pre, post []File) {
	for _, l := range sortedKeys(bd.Links) {
		pre = append(pre, File{Path: l, Link: bd.Links[l]})
	}
	for _, d := range bd.Dirs {
		mode := uint32(0o755)
		if d == "/tmp" || d == "/var/tmp" {
			mode = 0o1777
		}
		if d == "/root" {
			mode = 0o700
		}
		pre = append(pre, File{Path: d, Dir: true, Mode: mode})
	}
	for _, p := range sortedKeys(bd.Programs) {
		for _, at := range bd.Programs[p] {
			post = append(post, File{Path: at, Program: p})
		}
	}
	for _, a := range bd.Applets {
		post = append(post, File{Path: "/bin/" + a, Program: "busybox"})
	}
	for _, dir := range sortedKeys(bd.AppletDirs) {
		for _, a := range bd.AppletDirs[dir] {
			post = append(post, File{Path: path.Join(dir, a), Program: "busybox"})
		}
	}
	return pre, post
}

// codename is the release codename Debian and Ubuntu print in /etc/os-release.
func codename(base, version string) string {
	names := map[string]string{
		"debian/13": "trixie", "debian/12": "bookworm", "debian/11": "bullseye", "debian/10": "buster",
		"ubuntu/26.04": "resolute", "ubuntu/24.04": "noble", "ubuntu/22.04": "jammy", "ubuntu/20.04": "focal", "ubuntu/18.04": "bionic",
	}
	return names[base+"/"+version]
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// compareVersions compares dotted versions numerically where both parts are numbers.
func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y string
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		nx, ex := strconv.Atoi(x)
		ny, ey := strconv.Atoi(y)
		switch {
		case ex == nil && ey == nil && nx != ny:
			if nx < ny {
				return -1
			}
			return 1
		case (ex != nil || ey != nil) && x != y:
			return strings.Compare(x, y)
		}
	}
	return 0
}

// constraint is a space-separated conjunction of ">=v", ">v", "<v", "<=v", "=v".
type constraint []struct{ op, v string }

func parseConstraint(s string) (constraint, error) {
	var c constraint
	for _, f := range strings.Fields(s) {
		op := strings.TrimRight(f[:min(2, len(f))], "0123456789.")
		if op == "" || len(op) == len(f) {
			return nil, fmt.Errorf("bad version constraint %q", f)
		}
		switch op {
		case ">=", "<=", ">", "<", "=":
		default:
			return nil, fmt.Errorf("bad version constraint %q", f)
		}
		c = append(c, struct{ op, v string }{op, f[len(op):]})
	}
	return c, nil
}

func (c constraint) match(v string) bool {
	for _, x := range c {
		r := compareVersions(v, x.v)
		ok := map[string]bool{">=": r >= 0, "<=": r <= 0, ">": r > 0, "<": r < 0, "=": r == 0}[x.op]
		if !ok {
			return false
		}
	}
	return true
}

// PullNotFoundMessage is containerd's error for a tag that does not exist, as the kubelet
// puts it after `Failed to pull image "<image>": ` (and in the ErrImagePull waiting message).
// Source: containerd 2.x CRI image pull through the transfer service, as recorded in
// kubectl describe outputs of Kubernetes 1.35+ clusters ("failed to resolve image: …: not
// found"; containerd 1.x said "failed to resolve reference \"…\": …: not found").
func PullNotFoundMessage(ref Reference) string {
	full := ref.String()
	return fmt.Sprintf("rpc error: code = NotFound desc = failed to pull and unpack image %q: failed to resolve image: %s: not found", full, full)
}
