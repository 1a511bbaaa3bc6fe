package pypi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sbomkeeper/sbomkeeper/internal/download"
)

func digest(s string) string { return strings.Repeat(s, 64)[:64] }

func index(t *testing.T, delay time.Duration) (*httptest.Server, *atomic.Int32) {
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if len(parts) != 4 || parts[0] != "pypi" || parts[3] != "json" || parts[1] == "missing" {
			http.NotFound(w, r)
			return
		}
		p, v := parts[1], parts[2]
		fmt.Fprintf(w, `{"info": {}, "urls": [
 {"filename": "%[1]s-%[2]s.tar.gz", "packagetype": "sdist", "url": "https://files.example/%[1]s-%[2]s.tar.gz", "digests": {"sha256": "%[3]s"}},
 {"filename": "%[1]s-%[2]s-cp312-cp312-win_amd64.whl", "packagetype": "bdist_wheel", "url": "https://files.example/%[1]s-%[2]s-cp312-cp312-win_amd64.whl", "digests": {"sha256": "%[4]s"}},
 {"filename": "%[1]s-%[2]s-py3-none-any.whl", "packagetype": "bdist_wheel", "url": "https://files.example/%[1]s-%[2]s-py3-none-any.whl", "digests": {"sha256": "%[5]s"}}]}`,
			p, v, digest("a"), digest("b"), digest("C"))
	}))
	t.Cleanup(srv.Close)
	return srv, &peak
}

func TestResolveChoosesLikeCPython(t *testing.T) {
	srv, _ := index(t, 0)
	c := &Client{BaseURL: srv.URL, HTTP: &download.Client{Backoff: time.Millisecond}}
	got, err := c.Resolve(context.Background(), []Request{
		{"pip", "25.1.1", "pip-25.1.1-py3-none-any.whl"},
		{"msgpack", "1.1.0", ""},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Filename != "pip-25.1.1-py3-none-any.whl" || got[0].SHA256 != digest("c") || got[0].Wanted != "pip-25.1.1-py3-none-any.whl" {
		t.Errorf("exact file: %+v", got[0])
	}
	// The first wheel in the index's order, whatever its tags: CPython's rule.
	if got[1].Filename != "msgpack-1.1.0-cp312-cp312-win_amd64.whl" || got[1].SHA256 != digest("b") {
		t.Errorf("first wheel: %+v", got[1])
	}
}

func TestResolveBoundsConcurrencyAndReportsEveryFailure(t *testing.T) {
	srv, peak := index(t, 20*time.Millisecond)
	c := &Client{BaseURL: srv.URL, HTTP: &download.Client{Backoff: time.Millisecond}, Parallel: 3}
	var reqs []Request
	for i := range 12 {
		reqs = append(reqs, Request{Project: fmt.Sprintf("p%d", i), Version: "1"})
	}
	reqs = append(reqs, Request{Project: "missing", Version: "1"}, Request{Project: "pip", Version: "1", Filename: "nope.whl"})
	_, err := c.Resolve(context.Background(), reqs)
	var nf *NotFoundError
	if !errors.As(err, &nf) || nf.Project != "missing" || !strings.Contains(err.Error(), "has no file nope.whl") {
		t.Errorf("err = %v", err)
	}
	if p := peak.Load(); p > 3 || p < 2 {
		t.Errorf("peak concurrency %d, want 2..3", p)
	}
}

func TestSlowIndexTimesOut(t *testing.T) {
	srv, _ := index(t, 5*time.Second)
	c := &Client{BaseURL: srv.URL, HTTP: &download.Client{HTTP: &http.Client{Timeout: 50 * time.Millisecond}, Retries: 1, Backoff: time.Millisecond}}
	start := time.Now()
	_, err := c.Resolve(context.Background(), []Request{{"pip", "1", ""}})
	if err == nil || time.Since(start) > 2*time.Second {
		t.Errorf("err = %v after %v", err, time.Since(start))
	}
}

func TestLockRoundTrip(t *testing.T) {
	l := &Lock{Entries: []Entry{
		{"pip", "25.1.1", "pip-25.1.1-py3-none-any.whl", "https://files.example/pip.whl", digest("a"), "pip-25.1.1-py3-none-any.whl"},
		{"certifi", "2025.1.31", "certifi-2025.1.31-py3-none-any.whl", "https://files.example/c\"q.whl", digest("b"), ""},
	}}
	data := l.Marshal("written by a test\nsecond line")
	if !strings.HasPrefix(string(data), "# written by a test\n# second line\n\n[[pypi]]\nproject = \"certifi\"") {
		t.Errorf("not sorted or no comment:\n%s", data)
	}
	back, err := ParseLock("x.lock.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := back.Find(Request{"certifi", "2025.1.31", ""}); !ok || e.URL != "https://files.example/c\"q.whl" {
		t.Errorf("find: %+v %v", e, ok)
	}
	if _, ok := back.Find(Request{"pip", "25.1.1", ""}); ok {
		t.Error("an entry for a named file answered a first-wheel request")
	}
	if _, err := ParseLock("x", []byte("[[pypi]]\nproject = \"a\"\n")); err == nil || !strings.Contains(err.Error(), "needs project") {
		t.Errorf("incomplete entry: %v", err)
	}
}

// Answers of a hostile index never reach the SBOM or the lock (issue 12, item 10).
func TestResolveRefusesHostileAnswers(t *testing.T) {
	good := strings.Repeat("ab", 32)
	for _, tc := range []struct {
		name, filename, url, sha, want string
	}{
		{"non-hex digest", "x-1-py3-none-any.whl", "https://files.example/x-1-py3-none-any.whl", strings.Repeat("zz", 32), "is not 64 lower-case hex digits"},
		{"javascript URL", "x-1-py3-none-any.whl", "javascript:alert(1)", good, "is not an absolute URL"},
		{"file URL", "x-1-py3-none-any.whl", "file:///etc/passwd", good, "is not an absolute URL"},
		{"escape codes", "x-1-py3-none-any.whl", "https://files.example/x\x1b[2J.whl", good, "control or white-space"},
		{"plain http elsewhere", "x-1-py3-none-any.whl", "http://evil.example/x-1-py3-none-any.whl", good, "neither https nor on the index's own host"},
		{"path in file name", "../../../../tmp/EVIL.whl", "https://files.example/EVIL.whl", good, "is not the bare name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				answer, _ := json.Marshal(map[string]any{"urls": []any{map[string]any{"filename": tc.filename, "url": tc.url, "packagetype": "bdist_wheel", "digests": map[string]string{"sha256": tc.sha}}}})
				w.Write(answer)
			}))
			defer srv.Close()
			c := &Client{BaseURL: srv.URL, HTTP: &download.Client{HTTP: download.NewIndexClient(5*time.Second, false)}}
			_, err := c.Resolve(context.Background(), []Request{{Project: "x", Version: "1"}})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestIndexRedirectsStayOnTheIndex(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"urls": []}`) }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusFound)
	}))
	defer srv.Close()
	c := &Client{BaseURL: srv.URL, HTTP: &download.Client{HTTP: download.NewIndexClient(5*time.Second, false), Retries: 3, Backoff: time.Second}}
	start := time.Now()
	_, err := c.Files(context.Background(), "x", "1")
	if err == nil || !strings.Contains(err.Error(), "redirects to another host") {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 900*time.Millisecond {
		t.Error("a refused redirect was retried as if it were transient")
	}
	c.HTTP = &download.Client{HTTP: download.NewIndexClient(5*time.Second, true)}
	if _, err := c.Files(context.Background(), "x", "1"); err != nil {
		t.Errorf("with cross-host redirects allowed: %v", err)
	}
}

func TestLockRefusesWhatTheIndexCheckRefuses(t *testing.T) {
	lock := "[[pypi]]\nproject = \"x\"\nversion = \"1\"\nfilename = \"../x.whl\"\nurl = \"https://f/x.whl\"\nsha256 = \"" + strings.Repeat("ab", 32) + "\"\n"
	if _, err := ParseLock("l.toml", []byte(lock)); err == nil || !strings.Contains(err.Error(), "l.toml: [[pypi]] entry 1 (x 1): filename") {
		t.Errorf("err = %v", err)
	}
}
