// Package pypi asks a Python package index's JSON API which files a release
// has, with their URLs and SHA-256 digests, and keeps what it answered in a lock
// file so later runs reproduce it offline. The index base URL is always given by
// the caller (a flag), so tests use loopback servers.
package pypi
