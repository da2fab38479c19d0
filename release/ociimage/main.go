// Command ociimage writes initty's container image as an OCI image layout: one image
// per architecture, each FROM scratch with only /initty and /LICENSE, under one image
// index, without a Docker daemon or any registry.
//
// It uses github.com/google/go-containerregistry: a pure-Go library (no daemon, no cgo)
// that writes OCI layouts and multi-platform indexes directly, whose output depends only
// on its input (no timestamps, gzip without names or dates), so two runs give the same
// digests. buildah or BuildKit would need a daemon or a privileged builder; umoci and
// skopeo are not Go modules the build could pin.
package main

import (
	"archive/tar"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

func main() {
	dist := flag.String("dist", "dist", "folder with the initty-linux-GOARCH binaries")
	out := flag.String("out", "dist/oci", "OCI image layout to write (replaced)")
	license := flag.String("license", "LICENSE", "license file to put beside /initty")
	version := flag.String("version", "", "initty's version, for the labels and the tag")
	revision := flag.String("revision", "", "the commit, for the labels")
	flag.Parse()
	if err := write(*dist, *out, *license, *version, *revision, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "ociimage:", err)
		os.Exit(1)
	}
}

// write builds one image per GOARCH in arches and the index that lists them.
func write(dist, out, license, version, revision string, arches []string) error {
	lic, err := os.ReadFile(license)
	if err != nil {
		return err
	}
	index := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	for _, arch := range arches {
		bin, err := os.ReadFile(filepath.Join(dist, "initty-linux-"+arch))
		if err != nil {
			return err
		}
		platform := platformOf(arch)
		img, err := image(bin, lic, platform, version, revision)
		if err != nil {
			return fmt.Errorf("%s: %w", arch, err)
		}
		index = mutate.AppendManifests(index, mutate.IndexAddendum{
			Add:        img,
			Descriptor: v1.Descriptor{Platform: &platform},
		})
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	path, err := layout.Write(out, empty.Index)
	if err != nil {
		return err
	}
	// The index.json of the layout names one multi-platform index by its tag, the form
	// `skopeo copy --all oci:DIR:TAG` and `crane push --index` expect.
	return path.AppendIndex(index, layout.WithAnnotations(map[string]string{
		"org.opencontainers.image.ref.name": tag(version),
	}))
}

// image is one architecture's image: a single layer with /initty and /LICENSE.
func image(bin, license []byte, platform v1.Platform, version, revision string) (v1.Image, error) {
	layerTar, err := tarOf(map[string]file{
		"initty":  {bin, 0o755},
		"LICENSE": {license, 0o644},
	})
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar)), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, err
	}
	img := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	if img, err = mutate.AppendLayers(img, layer); err != nil {
		return nil, err
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture, cfg.Variant = platform.OS, platform.Architecture, platform.Variant
	cfg.Created = v1.Time{Time: commitTime()}
	cfg.Config.Entrypoint = []string{"/initty", "--"}
	cfg.Config.Labels = map[string]string{
		"org.opencontainers.image.title":    "initty",
		"org.opencontainers.image.version":  version,
		"org.opencontainers.image.revision": revision,
		"org.opencontainers.image.licenses": "MIT",
	}
	return mutate.ConfigFile(img, cfg)
}

// commitTime is SOURCE_DATE_EPOCH (make release sets it to the commit's time): the
// image's creation date says which code it holds, not when it was built.
func commitTime() time.Time {
	secs, err := strconv.ParseInt(os.Getenv("SOURCE_DATE_EPOCH"), 10, 64)
	if err != nil {
		return time.Unix(0, 0).UTC()
	}
	return time.Unix(secs, 0).UTC()
}

// file is one entry of the layer.
type file struct {
	data []byte
	mode int64
}

// tarOf makes the layer's tar in a fixed order, owned by root, dated 1970: nothing of
// the machine or the moment of the build gets in, so the digests are reproducible.
func tarOf(files map[string]file) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, name := range []string{"LICENSE", "initty"} {
		f := files[name]
		hdr := &tar.Header{Name: name, Mode: f.mode, Size: int64(len(f.data)),
			ModTime: time.Unix(0, 0), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write(f.data); err != nil {
			return nil, err
		}
	}
	err := tw.Close()
	return buf.Bytes(), err
}

// platformOf names a GOARCH the way OCI platforms do (armv7 is arm with variant v7,
// the GOARM the release builds with).
func platformOf(goarch string) v1.Platform {
	if goarch == "arm" {
		return v1.Platform{OS: "linux", Architecture: "arm", Variant: "v7"}
	}
	return v1.Platform{OS: "linux", Architecture: goarch}
}

// tag is the version as a registry tag: tags may not hold '+', so 0.0.0-dev+COMMIT
// becomes 0.0.0-dev-COMMIT.
func tag(version string) string {
	if version == "" {
		return "latest"
	}
	return strings.ReplaceAll(version, "+", "-")
}
