package pypi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/sbomkeeper/sbomkeeper/internal/download"
)

// DefaultIndex is the public index's base URL.
const DefaultIndex = "https://pypi.org"

// File is one file of a release.
type File struct {
	Filename    string
	URL         string
	PackageType string // "bdist_wheel", "sdist", ...
	SHA256      string
}

// Client queries an index's JSON API (/pypi/<project>/<version>/json).
type Client struct {
	BaseURL string
	HTTP    *download.Client
	// Parallel bounds concurrent look-ups; default 8.
	Parallel int
}

// NotFoundError is an index that has no such release.
type NotFoundError struct {
	Project, Version, URL string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("the index has no release %s %s (HTTP 404 for %s)", e.Project, e.Version, e.URL)
}

// maxAnswer bounds a JSON API answer: real ones are tens of KiB.
const maxAnswer = 16 << 20

// Files returns the files of project's release version, in the index's order.
func (c *Client) Files(ctx context.Context, project, version string) ([]File, error) {
	base := strings.TrimSuffix(c.BaseURL, "/")
	u := fmt.Sprintf("%s/pypi/%s/%s/json", base, url.PathEscape(project), url.PathEscape(version))
	data, err := c.HTTP.Get(ctx, u, maxAnswer)
	if err != nil {
		var se *download.StatusError
		if errors.As(err, &se) && se.Status == 404 {
			return nil, &NotFoundError{project, version, u}
		}
		return nil, fmt.Errorf("asking the index about %s %s: %w", project, version, err)
	}
	var answer struct {
		URLs []struct {
			Filename    string            `json:"filename"`
			URL         string            `json:"url"`
			PackageType string            `json:"packagetype"`
			Digests     map[string]string `json:"digests"`
		} `json:"urls"`
	}
	if err := json.Unmarshal(data, &answer); err != nil {
		return nil, fmt.Errorf("the index's answer for %s %s (%s) is not the JSON API's: %w", project, version, u, err)
	}
	var files []File
	for _, f := range answer.URLs {
		files = append(files, File{Filename: f.Filename, URL: f.URL, PackageType: f.PackageType, SHA256: strings.ToLower(f.Digests["sha256"])})
	}
	return files, nil
}

// Request names a file to find: Filename when it is known (a bundled wheel),
// otherwise the release's first wheel, as CPython's tools choose.
type Request struct {
	Project, Version, Filename string
}

// Choose picks the requested file from a release's files.
func Choose(r Request, files []File) (File, error) {
	for _, f := range files {
		if r.Filename != "" && f.Filename == r.Filename || r.Filename == "" && f.PackageType == "bdist_wheel" {
			if len(f.SHA256) != 64 {
				return File{}, fmt.Errorf("the index gives %s no SHA256 digest", f.Filename)
			}
			return f, nil
		}
	}
	if r.Filename != "" {
		return File{}, fmt.Errorf("the index's release %s %s has no file %s", r.Project, r.Version, r.Filename)
	}
	return File{}, fmt.Errorf("the index's release %s %s has no wheel", r.Project, r.Version)
}

// Resolve answers every request, at most Parallel at a time; the results are in
// request order. All errors are returned, joined, so one run names every failure.
func (c *Client) Resolve(ctx context.Context, reqs []Request) ([]Entry, error) {
	n := c.Parallel
	if n <= 0 {
		n = 8
	}
	out := make([]Entry, len(reqs))
	errs := make([]error, len(reqs))
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, r := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				errs[i] = ctx.Err()
				return
			}
			defer func() { <-sem }()
			files, err := c.Files(ctx, r.Project, r.Version)
			if err == nil {
				var f File
				if f, err = Choose(r, files); err == nil {
					e := Entry{Project: r.Project, Version: r.Version, Filename: f.Filename, URL: f.URL, SHA256: f.SHA256, Wanted: r.Filename}
					if err = CheckEntry(e, c.BaseURL); err != nil {
						err = fmt.Errorf("the index's answer for %s %s: %w", r.Project, r.Version, err)
					} else {
						out[i] = e
					}
				}
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// CheckEntry refuses an answer that must not reach an SBOM: the index and the
// lock are untrusted input. The SHA256 is 64 lower-case hex digits; the file
// name is a bare name of a wheel or source archive; the URL is https, or has
// the scheme and host of base (a local index), and holds no control or
// white-space characters. base "" allows http and https (a lock read offline).
func CheckEntry(e Entry, base string) error {
	if len(e.SHA256) != 64 || strings.Trim(e.SHA256, "0123456789abcdef") != "" {
		return fmt.Errorf("sha256 %q is not 64 lower-case hex digits", e.SHA256)
	}
	fn := e.Filename
	if fn == "" || fn == "." || fn == ".." || strings.ContainsAny(fn, "/\\") || hasControl(fn) ||
		!(strings.HasSuffix(fn, ".whl") || strings.HasSuffix(fn, ".tar.gz") || strings.HasSuffix(fn, ".zip") || strings.HasSuffix(fn, ".tar.bz2")) {
		return fmt.Errorf("filename %q is not the bare name of a wheel or source archive", fn)
	}
	if hasControl(e.URL) || strings.ContainsAny(e.URL, " \t") {
		return fmt.Errorf("url %q holds control or white-space characters", e.URL)
	}
	u, err := url.Parse(e.URL)
	if err != nil || u.Host == "" {
		return fmt.Errorf("url %q is not an absolute URL", e.URL)
	}
	if u.Scheme == "https" {
		return nil
	}
	if base == "" {
		if u.Scheme == "http" {
			return nil
		}
	} else if b, err := url.Parse(base); err == nil && u.Scheme == b.Scheme && strings.EqualFold(u.Host, b.Host) {
		return nil
	}
	return fmt.Errorf("url %q is neither https nor on the index's own host", e.URL)
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) })
}
