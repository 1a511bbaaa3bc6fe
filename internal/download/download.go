package download

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Client downloads with retries. The zero value is usable.
type Client struct {
	HTTP    *http.Client  // default: proxies from the environment, 2-minute timeout
	Retries int           // extra tries after a transient failure; default 2
	Backoff time.Duration // wait before the first retry, doubled each time; default 500ms
	// MaxBytes refuses bodies larger than this; default 4 GiB.
	MaxBytes int64
}

// StatusError is a non-200 answer.
type StatusError struct {
	URL    string
	Status int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// SHA256 downloads url and returns the hex SHA-256 of its body.
func (c *Client) SHA256(ctx context.Context, url string) (string, error) {
	var sum string
	err := c.Do(ctx, url, func(body io.Reader) error {
		h := sha256.New()
		if _, err := io.Copy(h, body); err != nil {
			return err
		}
		sum = hex.EncodeToString(h.Sum(nil))
		return nil
	})
	return sum, err
}

// Get downloads url into memory; limit bounds the body (0: MaxBytes).
func (c *Client) Get(ctx context.Context, url string, limit int64) ([]byte, error) {
	var data []byte
	err := c.do(ctx, url, limit, func(body io.Reader) error {
		var err error
		data, err = io.ReadAll(body)
		return err
	})
	return data, err
}

// Do downloads url and hands the body to read, trying again after transient
// failures (read is called afresh each time).
func (c *Client) Do(ctx context.Context, url string, read func(io.Reader) error) error {
	return c.do(ctx, url, 0, read)
}

func (c *Client) do(ctx context.Context, url string, limit int64, read func(io.Reader) error) error {
	retries, backoff := c.Retries, c.Backoff
	if retries == 0 {
		retries = 2
	}
	if backoff == 0 {
		backoff = 500 * time.Millisecond
	}
	var err error
	for attempt := 0; attempt <= retries; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(backoff):
			}
			backoff *= 2
		}
		if err = c.once(ctx, url, limit, read); err == nil || !transient(err) {
			return err
		}
	}
	return err
}

func (c *Client) once(ctx context.Context, url string, limit int64, read func(io.Reader) error) error {
	hc := c.HTTP
	if hc == nil {
		hc = NewHTTPClient(2 * time.Minute)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "sbomkeeper")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return &StatusError{URL: url, Status: resp.StatusCode}
	}
	if limit == 0 {
		limit = c.MaxBytes
	}
	if limit == 0 {
		limit = 4 << 30
	}
	body := &limited{r: resp.Body, left: limit}
	if err := read(body); err != nil {
		if body.over {
			return fmt.Errorf("GET %s: %w: more than %d bytes", url, errTooLarge, limit)
		}
		return fmt.Errorf("GET %s: reading body: %w", url, err)
	}
	if body.over {
		return fmt.Errorf("GET %s: %w: more than %d bytes", url, errTooLarge, limit)
	}
	return nil
}

// limited reads at most left bytes and remembers whether the body had more.
type limited struct {
	r    io.Reader
	left int64
	over bool
}

var errTooLarge = errors.New("body too large")

func (l *limited) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			l.over = true
			return 0, errTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// transient says whether trying again may help: server errors, throttling and
// network errors, not 4xx answers.
func transient(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status >= 500 || se.Status == http.StatusTooManyRequests
	}
	return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) &&
		!errors.Is(err, errTooLarge) && !errors.Is(err, ErrRedirect)
}

// NewHTTPClient is the client sbomkeeper uses: proxies from the environment
// (HTTPS_PROXY, NO_PROXY), a time limit per request, and redirects only to
// http(s), never from https down to http.
func NewHTTPClient(timeout time.Duration) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyFromEnvironment
	return &http.Client{Timeout: timeout, Transport: t, CheckRedirect: checkRedirect(false)}
}

// NewIndexClient is NewHTTPClient for a package index's API, whose answers
// must come from the host that was asked: a redirect to another host is refused
// unless crossHost.
func NewIndexClient(timeout time.Duration, crossHost bool) *http.Client {
	c := NewHTTPClient(timeout)
	c.CheckRedirect = checkRedirect(!crossHost)
	return c
}

// ErrRedirect is a redirect sbomkeeper refuses; trying again would not help.
var ErrRedirect = errors.New("redirect refused")

func checkRedirect(sameHost bool) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return fmt.Errorf("%w: more than 10 redirects", ErrRedirect)
		}
		prev := via[len(via)-1].URL
		switch {
		case req.URL.Scheme != "https" && req.URL.Scheme != "http":
			return fmt.Errorf("%w: %s redirects to a %s: URL", ErrRedirect, prev.Redacted(), req.URL.Scheme)
		case prev.Scheme == "https" && req.URL.Scheme != "https":
			return fmt.Errorf("%w: %s redirects from https to %s", ErrRedirect, prev.Redacted(), req.URL.Redacted())
		case sameHost && !strings.EqualFold(req.URL.Host, via[0].URL.Host):
			return fmt.Errorf("%w: %s redirects to another host, %s (allow it with --index-redirects)", ErrRedirect, via[0].URL.Redacted(), req.URL.Host)
		}
		return nil
	}
}
