package tests

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The OCI image is read here with nothing but the standard library, the layout
// specification's own way (index.json, then blobs by digest), so the test does not
// trust the library that wrote it.

// ociDescriptor points at one blob of the layout.
type ociDescriptor struct {
	MediaType   string            `json:"mediaType"`
	Digest      string            `json:"digest"`
	Size        int64             `json:"size"`
	Annotations map[string]string `json:"annotations"`
	Platform    *struct {
		OS           string `json:"os"`
		Architecture string `json:"architecture"`
		Variant      string `json:"variant"`
	} `json:"platform"`
}

// ociIndex is index.json or an image index blob.
type ociIndex struct {
	MediaType string          `json:"mediaType"`
	Manifests []ociDescriptor `json:"manifests"`
}

// ociManifest is one architecture's image manifest.
type ociManifest struct {
	MediaType string          `json:"mediaType"`
	Config    ociDescriptor   `json:"config"`
	Layers    []ociDescriptor `json:"layers"`
}

// ociBlob reads the blob d names and checks its size and digest.
func ociBlob(layout string, d ociDescriptor) ([]byte, error) {
	hexDigest, ok := strings.CutPrefix(d.Digest, "sha256:")
	if !ok {
		return nil, fmt.Errorf("digest %q is not sha256", d.Digest)
	}
	b, err := os.ReadFile(filepath.Join(layout, "blobs", "sha256", hexDigest))
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) != hexDigest || int64(len(b)) != d.Size {
		return nil, fmt.Errorf("blob %s: %d bytes with digest %x, descriptor says %d bytes", d.Digest, len(b), sum, d.Size)
	}
	return b, nil
}

// ociJSON reads the blob d names as JSON into v.
func ociJSON(layout string, d ociDescriptor, v any) error {
	b, err := ociBlob(layout, d)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// ociImages follows index.json to the multi-platform index and returns its tag and the
// manifest descriptor of each platform, keyed "os/arch[/variant]".
func ociImages(t *testing.T, layout string) (string, map[string]ociDescriptor) {
	t.Helper()
	var version struct {
		ImageLayoutVersion string `json:"imageLayoutVersion"`
	}
	if b, err := os.ReadFile(filepath.Join(layout, "oci-layout")); err != nil || json.Unmarshal(b, &version) != nil || version.ImageLayoutVersion != "1.0.0" {
		t.Fatalf("oci-layout: %v %s", err, b)
	}
	var top, index ociIndex
	b, err := os.ReadFile(filepath.Join(layout, "index.json"))
	if err == nil {
		err = json.Unmarshal(b, &top)
	}
	if err != nil || len(top.Manifests) != 1 || top.Manifests[0].MediaType != "application/vnd.oci.image.index.v1+json" {
		t.Fatalf("index.json should name one image index: %v\n%s", err, b)
	}
	if err := ociJSON(layout, top.Manifests[0], &index); err != nil {
		t.Fatal(err)
	}
	images := map[string]ociDescriptor{}
	for _, m := range index.Manifests {
		if m.Platform == nil || m.MediaType != "application/vnd.oci.image.manifest.v1+json" {
			t.Fatalf("index entry without a platform or not an OCI manifest: %+v", m)
		}
		key := m.Platform.OS + "/" + m.Platform.Architecture
		if m.Platform.Variant != "" {
			key += "/" + m.Platform.Variant
		}
		images[key] = m
	}
	return top.Manifests[0].Annotations["org.opencontainers.image.ref.name"], images
}

// ociLayerEntry is one file of a layer.
type ociLayerEntry struct {
	hdr  *tar.Header
	data []byte
}

// ociLayerFiles reads a gzipped tar layer into its files, by name.
func ociLayerFiles(t *testing.T, layer []byte) map[string]ociLayerEntry {
	t.Helper()
	files := map[string]ociLayerEntry{}
	zr, err := gzip.NewReader(bytes.NewReader(layer))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return files
		}
		var data []byte
		if err == nil {
			data, err = io.ReadAll(tr)
		}
		if err != nil {
			t.Fatal(err)
		}
		files[hdr.Name] = ociLayerEntry{hdr, data}
	}
}

// ociPlatform is the image index key of a GOARCH.
func ociPlatform(goarch string) string {
	if goarch == "arm" {
		return "linux/arm/v7"
	}
	return "linux/" + goarch
}

// The release's OCI layout holds one image per architecture under one tagged index.
// Each is FROM scratch with a single layer: /initty, the very binary of dist/, and its
// license; its config names the platform and runs /initty.
func TestReleaseOCIImage(t *testing.T) {
	layout := filepath.Join(release(t), "oci")
	tag, images := ociImages(t, layout)
	if tag == "" || strings.Contains(tag, "+") {
		t.Errorf("index.json tag %q: want the version as a registry tag", tag)
	}
	if len(images) != len(releaseArches) {
		t.Errorf("%d images, want %d: %v", len(images), len(releaseArches), images)
	}
	for _, r := range releaseArches {
		desc, ok := images[ociPlatform(r.arch)]
		if !ok {
			t.Errorf("no image for %s", ociPlatform(r.arch))
			continue
		}
		var m ociManifest
		var cfg struct {
			Architecture string `json:"architecture"`
			OS           string `json:"os"`
			Config       struct {
				Entrypoint []string `json:"Entrypoint"`
			} `json:"config"`
		}
		if err := ociJSON(layout, desc, &m); err != nil {
			t.Fatal(err)
		}
		if err := ociJSON(layout, m.Config, &cfg); err != nil {
			t.Fatal(err)
		}
		if cfg.OS != "linux" || cfg.Architecture != r.arch || len(cfg.Config.Entrypoint) == 0 || cfg.Config.Entrypoint[0] != "/initty" {
			t.Errorf("%s: config %+v", r.arch, cfg)
		}
		if len(m.Layers) != 1 || m.Layers[0].MediaType != "application/vnd.oci.image.layer.v1.tar+gzip" {
			t.Fatalf("%s: want one gzipped layer: %+v", r.arch, m.Layers)
		}
		layer, err := ociBlob(layout, m.Layers[0])
		if err != nil {
			t.Fatal(err)
		}
		files := ociLayerFiles(t, layer)
		bin, _ := os.ReadFile(filepath.Join(release(t), "initty-linux-"+r.arch))
		initty, license := files["initty"], files["LICENSE"]
		if len(files) != 2 || license.hdr == nil || initty.hdr == nil || initty.hdr.Mode != 0o755 || !bytes.Equal(initty.data, bin) {
			t.Errorf("%s: layer should hold only /initty (0755, the dist binary) and /LICENSE; holds %d files", r.arch, len(files))
		}
	}
}

// skopeo, a registry client that knows nothing of initty's build, copies every
// architecture of the layout: what a push to a registry would read.
func TestReleaseOCIImageCopies(t *testing.T) {
	skopeo := needCommand(t, "skopeo")
	layout := filepath.Join(release(t), "oci")
	tag, _ := ociImages(t, layout)
	copyDir := filepath.Join(t.TempDir(), "copy")
	out, err := exec.Command(skopeo, "copy", "--all", "oci:"+layout+":"+tag, "oci:"+copyDir+":"+tag).CombinedOutput()
	if err != nil {
		t.Fatalf("skopeo copy --all: %v\n%s", err, out)
	}
	_, copied := ociImages(t, copyDir)
	if len(copied) != len(releaseArches) {
		t.Fatalf("skopeo copied %d images, want %d", len(copied), len(releaseArches))
	}
}

// unpackImage writes the layers of this machine's image from the release layout over
// dir, as a container runtime does when it makes a rootfs.
func unpackImage(t *testing.T, dir string) {
	t.Helper()
	layout := filepath.Join(release(t), "oci")
	_, images := ociImages(t, layout)
	desc, ok := images[ociPlatform(runtime.GOARCH)]
	if !ok {
		t.Fatalf("the image has no %s", ociPlatform(runtime.GOARCH))
	}
	var m ociManifest
	if err := ociJSON(layout, desc, &m); err != nil {
		t.Fatal(err)
	}
	for _, l := range m.Layers {
		layer, err := ociBlob(layout, l)
		if err != nil {
			t.Fatal(err)
		}
		for name, f := range ociLayerFiles(t, layer) {
			if f.hdr.Typeflag != tar.TypeReg || strings.Contains(name, "..") {
				t.Fatalf("layer entry %+v: not a plain file", f.hdr)
			}
			path := filepath.Join(dir, name)
			os.Remove(path)
			if err := os.WriteFile(path, f.data, os.FileMode(f.hdr.Mode)); err != nil {
				t.Fatal(err)
			}
		}
	}
}
