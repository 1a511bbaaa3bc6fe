package download

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestSHA256RetriesTransientFailures(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("payload"))
	}))
	defer srv.Close()
	c := &Client{Backoff: time.Millisecond}
	got, err := c.SHA256(context.Background(), srv.URL+"/x.tar.gz")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte("payload"))
	if got != hex.EncodeToString(sum[:]) || calls.Load() != 2 {
		t.Errorf("got %s after %d calls", got, calls.Load())
	}
}

func TestSHA256NotFoundIsNotRetried(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.NotFound(w, r)
	}))
	defer srv.Close()
	c := &Client{Backoff: time.Millisecond}
	_, err := c.SHA256(context.Background(), srv.URL+"/missing")
	if err == nil || calls.Load() != 1 {
		t.Fatalf("err %v after %d calls", err, calls.Load())
	}
}

func TestSHA256TimesOutAndRefusesHugeBodies(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		w.Write(make([]byte, 2048))
	}))
	defer srv.Close()
	c := &Client{HTTP: &http.Client{Timeout: 50 * time.Millisecond}, Retries: 1, Backoff: time.Millisecond}
	if _, err := c.SHA256(context.Background(), srv.URL+"/slow"); err == nil {
		t.Error("slow server: no error")
	}
	c = &Client{MaxBytes: 1024}
	if _, err := c.SHA256(context.Background(), srv.URL+"/big"); err == nil {
		t.Error("huge body accepted")
	}
}
