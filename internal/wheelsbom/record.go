package wheelsbom

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
	"strings"
)

// RecordEntry is one line of a wheel's RECORD: a member, its hash as
// "algorithm=urlsafe-base64-without-padding" and its size. RECORD lists itself
// (and any RECORD.jws or RECORD.p7s signature) with no hash and no size.
type RecordEntry struct {
	Path      string
	Algorithm string // "sha256", "sha384" or "sha512"; "" when there is no hash
	Digest    string // as written: urlsafe base64 without padding
	Size      int64  // -1 when there is no size
	Line      int    // 1-based line in RECORD
	Offset    int64  // byte offset of the line in RECORD
}

// maxRecord bounds RECORD: it has one short line per member.
const maxRecord = 64 << 20

// ParseRecord reads a RECORD (PEP 376's CSV: path,hash,size, quoted as
// Python's csv module quotes). Every malformed line is reported, not only the
// first; a path listed twice is an error, as is MD5 or SHA-1 (PEP 427 forbids
// them).
func ParseRecord(data []byte) ([]RecordEntry, error) {
	if len(data) > maxRecord {
		return nil, fmt.Errorf("RECORD is %d bytes; refusing more than %d", len(data), maxRecord)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	var out []RecordEntry
	var problems []string
	seen := map[string]int{}
	for {
		offset := r.InputOffset()
		fields, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A quoting error leaves the reader unable to find the next line.
			problems = append(problems, err.Error())
			break
		}
		line, _ := r.FieldPos(0)
		e, err := parseRecordLine(fields)
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", line, err))
			continue
		}
		e.Line, e.Offset = line, offset
		if prev, dup := seen[e.Path]; dup {
			problems = append(problems, fmt.Sprintf("line %d: %s is listed again (first on line %d)", line, e.Path, prev))
			continue
		}
		seen[e.Path] = line
		out = append(out, e)
	}
	if len(problems) > 0 {
		return out, fmt.Errorf("RECORD: %s", strings.Join(problems, "; "))
	}
	return out, nil
}

func parseRecordLine(fields []string) (RecordEntry, error) {
	if len(fields) != 3 {
		return RecordEntry{}, fmt.Errorf("%d fields where path,hash,size are 3", len(fields))
	}
	e := RecordEntry{Path: fields[0], Size: -1}
	if e.Path == "" {
		return e, errors.New("empty path")
	}
	if h := fields[1]; h != "" {
		algo, digest, ok := strings.Cut(h, "=")
		if !ok {
			return e, fmt.Errorf("%s: hash %q is not algorithm=digest", e.Path, h)
		}
		newHash, size := hasher(algo)
		if newHash == nil {
			return e, fmt.Errorf("%s: hash algorithm %q is not sha256, sha384 or sha512", e.Path, algo)
		}
		raw, err := base64.RawURLEncoding.Strict().DecodeString(digest)
		if err != nil || len(raw) != size {
			return e, fmt.Errorf("%s: %q is not a %s digest in urlsafe base64 without padding", e.Path, digest, algo)
		}
		e.Algorithm, e.Digest = algo, digest
	}
	if s := fields[2]; s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || strings.HasPrefix(s, "+") {
			return e, fmt.Errorf("%s: size %q is not a number of bytes", e.Path, s)
		}
		e.Size = n
	}
	if (e.Algorithm == "") != (e.Size < 0) {
		return e, fmt.Errorf("%s: a hash needs a size and a size a hash", e.Path)
	}
	return e, nil
}

// hasher returns the hash for a RECORD algorithm and its digest size.
func hasher(algo string) (func() hash.Hash, int) {
	switch algo {
	case "sha256":
		return sha256.New, sha256.Size
	case "sha384":
		return sha512.New384, sha512.Size384
	case "sha512":
		return sha512.New, sha512.Size
	}
	return nil, 0
}

// RecordDigest is data's RECORD hash field: sha256=urlsafe-b64-nopad.
func RecordDigest(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256=" + base64.RawURLEncoding.EncodeToString(sum[:])
}

// recordLine is one RECORD line for a member, quoted as csv quotes, ending
// as the RECORD's other lines end.
func recordLine(path string, data []byte, crlf bool) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = crlf
	w.Write([]string{path, RecordDigest(data), strconv.Itoa(len(data))})
	w.Flush()
	return b.Bytes()
}
