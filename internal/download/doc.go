// Package download fetches upstream files to compute or verify their SHA-256.
// It is the only place sbomkeeper reaches the network for checksums: bounded
// time, retries on transient failures, proxies from the environment.
package download
