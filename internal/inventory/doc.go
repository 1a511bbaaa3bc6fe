// Package inventory keeps many SBOMs in one store and answers questions
// across them: which stored documents ship package X at versions in a range,
// which contain the file with a given SHA-256, what changed between two
// stored releases.
//
// A store is an SQL database: an embedded SQLite file by default (the pure
// Go modernc.org/sqlite driver, so the binary needs no cgo) or PostgreSQL
// for a team (github.com/jackc/pgx/v5). Both run the same schema, created
// and upgraded by the numbered migrations in schema.go and recorded in the
// schema_version table; a database written by a newer sbomkeeper is refused
// rather than guessed at.
//
// Documents are kept whole (their original bytes, keyed by their SHA-256, so
// adding one twice changes nothing) and indexed: packages with their
// versions, PURLs and CPEs, files, and checksums. Indexing is a pure function
// of the document (Index); the store only writes the rows, on each database's
// bulk path (one transaction with prepared statements for SQLite, COPY for
// PostgreSQL).
//
// Version ranges are evaluated in Go, not SQL, with each package's ecosystem
// ordering (internal/version for PyPI, Go, npm and cargo, told from the PURL
// type) and a dotted-numeric ordering for everything else, such as the C
// libraries CPython vendors, whose SBOM packages carry only a CPE.
package inventory
