// Package digest hashes files the way CPython's SBOM tools do: SHA-1 and SHA-256
// of the content, with CRLF line endings turned into LF first when the content
// has no NUL byte (so a Windows checkout hashes like a POSIX one). Many files are
// hashed in parallel; large files are streamed so memory stays flat.
package digest
