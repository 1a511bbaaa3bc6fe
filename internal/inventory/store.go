package inventory

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// dialect is what differs between the two databases.
type dialect interface {
	name() string
	idColumn() string
	blobType() string
	rebind(q string) string
	// load writes doc's rows; it returns false when a document with that
	// SHA-256 was already stored (then nothing is written).
	load(ctx context.Context, db *sql.DB, doc Doc, added string) (bool, error)
}

// Store is an open inventory.
type Store struct {
	db    *sql.DB
	d     dialect
	where string // the DSN without a password, for messages
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens (creating when needed) the store dsn names: a postgres:// or
// postgresql:// URL, or else the path of an SQLite file. The schema is
// migrated to this build's version; a newer one is refused (ErrNewerSchema).
func Open(ctx context.Context, dsn string) (*Store, error) {
	var (
		s   *Store
		err error
	)
	if IsPostgres(dsn) {
		s, err = openPostgres(ctx, dsn)
	} else {
		s, err = openSQLite(ctx, dsn)
	}
	if err != nil {
		return nil, err
	}
	if _, err := migrate(ctx, s.db, s.d, s.where); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Backend is "sqlite" or "postgres".
func (s *Store) Backend() string { return s.d.name() }

// AddResult says what Add did with one document.
type AddResult struct {
	Source   string `json:"source"`
	SHA256   string `json:"sha256"`
	Added    bool   `json:"added"` // false: the same bytes were already stored
	Packages int    `json:"packages"`
	Files    int    `json:"files"`
}

// Add stores doc (made by Index) unless a document with the same SHA-256 is
// stored already.
func (s *Store) Add(ctx context.Context, doc Doc) (AddResult, error) {
	added, err := s.d.load(ctx, s.db, doc, nowUTC())
	if err != nil {
		return AddResult{}, fmt.Errorf("%s: storing %s: %w", s.where, doc.Source, err)
	}
	return AddResult{Source: doc.Source, SHA256: doc.SHA256, Added: added, Packages: len(doc.Packages), Files: len(doc.Files)}, nil
}

// DocRef names a stored document.
type DocRef struct {
	SHA256 string `json:"sha256"`
	Source string `json:"source"`
	Name   string `json:"name"`
}

// Stored is a stored document as List shows it.
type Stored struct {
	DocRef
	Format   string `json:"format"`
	Created  string `json:"created"`
	Added    string `json:"added"`
	Packages int    `json:"packages"`
	Files    int    `json:"files"`
}

// List returns every stored document, by source then SHA-256.
func (s *Store) List(ctx context.Context) ([]Stored, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT d.sha256, d.source, d.name, d.format, d.created, d.added,
		(SELECT COUNT(*) FROM packages p WHERE p.doc_id = d.id),
		(SELECT COUNT(*) FROM files f WHERE f.doc_id = d.id)
		FROM documents d ORDER BY d.source, d.sha256`)
	if err != nil {
		return nil, fmt.Errorf("%s: listing documents: %w", s.where, err)
	}
	defer rows.Close()
	var out []Stored
	for rows.Next() {
		var d Stored
		if err := rows.Scan(&d.SHA256, &d.Source, &d.Name, &d.Format, &d.Created, &d.Added, &d.Packages, &d.Files); err != nil {
			return nil, fmt.Errorf("%s: listing documents: %w", s.where, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Resolve finds the one stored document ref names: its SHA-256 or a unique
// prefix of at least 8 hex digits, the name it was added under, or its
// document name.
func (s *Store) Resolve(ctx context.Context, ref string) (DocRef, error) {
	q := `SELECT sha256, source, name FROM documents WHERE source = ? OR name = ?`
	args := []any{ref, ref}
	if isHex(ref) && len(ref) >= 8 {
		q += ` OR sha256 LIKE ?`
		args = append(args, strings.ToLower(ref)+"%")
	}
	rows, err := s.db.QueryContext(ctx, s.d.rebind(q+` ORDER BY source, sha256`), args...)
	if err != nil {
		return DocRef{}, fmt.Errorf("%s: finding document %q: %w", s.where, ref, err)
	}
	defer rows.Close()
	var found []DocRef
	for rows.Next() {
		var d DocRef
		if err := rows.Scan(&d.SHA256, &d.Source, &d.Name); err != nil {
			return DocRef{}, err
		}
		found = append(found, d)
	}
	if err := rows.Err(); err != nil {
		return DocRef{}, err
	}
	switch len(found) {
	case 0:
		return DocRef{}, fmt.Errorf("%s: no stored document is %q: name one by the SHA-256 (or 8+ leading hex digits), the file name it was added as, or its document name (see inventory list)", s.where, ref)
	case 1:
		return found[0], nil
	}
	var names []string
	for _, d := range found {
		names = append(names, d.SHA256[:12]+" "+d.Source)
	}
	return DocRef{}, fmt.Errorf("%s: %q names %d stored documents (%s): give the SHA-256 instead", s.where, ref, len(found), strings.Join(names, ", "))
}

// Content returns the stored bytes of the document with this SHA-256.
func (s *Store) Content(ctx context.Context, sha string) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT content FROM documents WHERE sha256 = ?`), sha).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s: no stored document has SHA-256 %s", s.where, sha)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: reading document %s: %w", s.where, sha, err)
	}
	return b, nil
}

// PackageQuery selects packages by name or PURL, and versions.
type PackageQuery struct {
	Name  string // package name, compared without case
	PURL  string // a PURL; version, qualifiers and subpath are ignored
	Range Range
}

// PackageMatch is one package of one stored document.
type PackageMatch struct {
	Document DocRef `json:"document"`
	SPDXID   string `json:"spdxid"`
	Name     string `json:"name"`
	Version  string `json:"version"`
	PURL     string `json:"purl,omitempty"`
	CPE      string `json:"cpe,omitempty"`
	Ordering string `json:"ordering,omitempty"` // the version order used
	// Reason is set, in NotCompared, when the version could not be ordered.
	Reason string `json:"reason,omitempty"`
}

// PackageResult is the answer to a package query: the matches, and the
// packages of that name whose version could not be compared with the range
// (never silently dropped).
type PackageResult struct {
	Query       string         `json:"query"`
	Matches     []PackageMatch `json:"matches"`
	NotCompared []PackageMatch `json:"not_compared"`
}

// Packages answers q.
func (s *Store) Packages(ctx context.Context, q PackageQuery) (PackageResult, error) {
	var where string
	var arg any
	switch {
	case q.Name != "" && q.PURL != "":
		return PackageResult{}, errors.New("give a package name or a PURL, not both")
	case q.Name != "":
		where, arg = `p.name_lower = ?`, strings.ToLower(q.Name)
	case q.PURL != "":
		where, arg = `p.purl_base = ?`, purlBase(q.PURL)
	default:
		return PackageResult{}, errors.New("give a package name (--package) or a PURL (--purl)")
	}
	res := PackageResult{Query: describe(q), Matches: []PackageMatch{}, NotCompared: []PackageMatch{}}
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT d.sha256, d.source, d.name, p.spdxid, p.name, p.version, p.purl, p.purl_type,
		COALESCE((SELECT MIN(i.value) FROM identifiers i WHERE i.doc_id = p.doc_id AND i.pkg_seq = p.seq AND i.kind = 'cpe23Type'), '')
		FROM packages p JOIN documents d ON d.id = p.doc_id WHERE `+where), arg)
	if err != nil {
		return res, fmt.Errorf("%s: querying packages: %w", s.where, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m PackageMatch
		var ptype string
		if err := rows.Scan(&m.Document.SHA256, &m.Document.Source, &m.Document.Name, &m.SPDXID, &m.Name, &m.Version, &m.PURL, &ptype, &m.CPE); err != nil {
			return res, fmt.Errorf("%s: querying packages: %w", s.where, err)
		}
		if len(q.Range) == 0 {
			res.Matches = append(res.Matches, m)
			continue
		}
		o := OrderingFor(ptype)
		m.Ordering = o.Name()
		ok, err := q.Range.Match(o, m.Version)
		switch {
		case err != nil:
			m.Reason = err.Error()
			res.NotCompared = append(res.NotCompared, m)
		case ok:
			res.Matches = append(res.Matches, m)
		}
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("%s: querying packages: %w", s.where, err)
	}
	sortMatches(res.Matches)
	sortMatches(res.NotCompared)
	return res, nil
}

func describe(q PackageQuery) string {
	s := "package " + q.Name
	if q.PURL != "" {
		s = "purl " + purlBase(q.PURL)
	}
	if len(q.Range) > 0 {
		s += " version " + q.Range.String()
	}
	return s
}

func sortMatches(ms []PackageMatch) {
	slices.SortFunc(ms, func(a, b PackageMatch) int {
		return cmp.Or(cmp.Compare(a.Document.Source, b.Document.Source), cmp.Compare(a.Document.SHA256, b.Document.SHA256),
			cmp.Compare(a.SPDXID, b.SPDXID))
	})
}

// FileMatch is one file (or package: an artifact's own checksum) of one
// stored document with the asked-for SHA-256.
type FileMatch struct {
	Document DocRef `json:"document"`
	Kind     string `json:"kind"` // "file" or "package"
	SPDXID   string `json:"spdxid"`
	Name     string `json:"name"`
	Package  string `json:"package,omitempty"` // the package a file belongs to
}

// FileResult is the answer to a SHA-256 query.
type FileResult struct {
	SHA256  string      `json:"sha256"`
	Matches []FileMatch `json:"matches"`
}

// SHA256 finds the files and packages whose SHA-256 is hex.
func (s *Store) SHA256(ctx context.Context, hex string) (FileResult, error) {
	hex = strings.ToLower(strings.TrimSpace(hex))
	if len(hex) != 64 || !isHex(hex) {
		return FileResult{}, fmt.Errorf("%q is not a SHA-256: want 64 hex digits", hex)
	}
	res := FileResult{SHA256: hex, Matches: []FileMatch{}}
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT d.sha256, d.source, d.name, c.owner,
		COALESCE(f.spdxid, p.spdxid, ''), COALESCE(f.name, p.name, ''), COALESCE(f.package, '')
		FROM checksums c JOIN documents d ON d.id = c.doc_id
		LEFT JOIN files f ON c.owner = 'file' AND f.doc_id = c.doc_id AND f.seq = c.seq
		LEFT JOIN packages p ON c.owner = 'package' AND p.doc_id = c.doc_id AND p.seq = c.seq
		WHERE c.value = ? AND c.algorithm = 'SHA256'`), hex)
	if err != nil {
		return res, fmt.Errorf("%s: querying checksums: %w", s.where, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m FileMatch
		if err := rows.Scan(&m.Document.SHA256, &m.Document.Source, &m.Document.Name, &m.Kind, &m.SPDXID, &m.Name, &m.Package); err != nil {
			return res, fmt.Errorf("%s: querying checksums: %w", s.where, err)
		}
		res.Matches = append(res.Matches, m)
	}
	if err := rows.Err(); err != nil {
		return res, err
	}
	slices.SortFunc(res.Matches, func(a, b FileMatch) int {
		return cmp.Or(cmp.Compare(a.Document.Source, b.Document.Source), cmp.Compare(a.Document.SHA256, b.Document.SHA256),
			cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Name, b.Name))
	})
	return res, nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return s != ""
}

func nowUTC() string { return time.Now().UTC().Format(time.RFC3339) }

// rows of the four index tables, in the column order both loaders write.
func packageRows(doc Doc) [][]any {
	out := make([][]any, 0, len(doc.Packages))
	for _, p := range doc.Packages {
		out = append(out, []any{p.Seq, p.SPDXID, p.Name, strings.ToLower(p.Name), p.Version, p.PURL, purlBase(p.PURL), p.PURLType})
	}
	return out
}

func identRows(doc Doc) [][]any {
	var out [][]any
	for _, p := range doc.Packages {
		for _, id := range p.Idents {
			out = append(out, []any{p.Seq, id.Kind, id.Value})
		}
	}
	return out
}

func fileRows(doc Doc) [][]any {
	out := make([][]any, 0, len(doc.Files))
	for _, f := range doc.Files {
		out = append(out, []any{f.Seq, f.SPDXID, f.Name, f.Package})
	}
	return out
}

func checksumRows(doc Doc) [][]any {
	var out [][]any
	for _, p := range doc.Packages {
		for _, c := range p.Checksum {
			out = append(out, []any{"package", p.Seq, c.Algorithm, c.Value})
		}
	}
	for _, f := range doc.Files {
		for _, c := range f.Checksum {
			out = append(out, []any{"file", f.Seq, c.Algorithm, c.Value})
		}
	}
	return out
}

// tables lists the index tables with their columns after doc_id, and their
// rows, for the loaders.
func tables(doc Doc) []struct {
	name string
	cols []string
	rows [][]any
} {
	return []struct {
		name string
		cols []string
		rows [][]any
	}{
		{"packages", []string{"seq", "spdxid", "name", "name_lower", "version", "purl", "purl_base", "purl_type"}, packageRows(doc)},
		{"identifiers", []string{"pkg_seq", "kind", "value"}, identRows(doc)},
		{"files", []string{"seq", "spdxid", "name", "package"}, fileRows(doc)},
		{"checksums", []string{"owner", "seq", "algorithm", "value"}, checksumRows(doc)},
	}
}

const insertDocument = `INSERT INTO documents (sha256, source, name, namespace, format, created, added, content)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING RETURNING id`

func documentArgs(doc Doc, added string) []any {
	return []any{doc.SHA256, doc.Source, doc.Name, doc.Namespace, doc.Format, doc.Created, added, doc.Content}
}
