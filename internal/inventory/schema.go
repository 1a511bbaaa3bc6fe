package inventory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// migration is one numbered step of the schema. Steps are applied in order,
// each in its own transaction with its schema_version row, and never edited
// once released: a change of schema is a new step.
type migration struct {
	version int
	what    string
	sql     func(d dialect) []string
}

var migrations = []migration{
	{1, "documents, packages, identifiers, files, checksums", func(d dialect) []string {
		return []string{
			`CREATE TABLE documents (
				id ` + d.idColumn() + `,
				sha256 TEXT NOT NULL UNIQUE,
				source TEXT NOT NULL,
				name TEXT NOT NULL,
				namespace TEXT NOT NULL,
				format TEXT NOT NULL,
				created TEXT NOT NULL,
				added TEXT NOT NULL,
				content ` + d.blobType() + ` NOT NULL
			)`,
			`CREATE TABLE packages (
				doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
				seq INTEGER NOT NULL,
				spdxid TEXT NOT NULL,
				name TEXT NOT NULL,
				name_lower TEXT NOT NULL,
				version TEXT NOT NULL,
				purl TEXT NOT NULL,
				purl_base TEXT NOT NULL,
				purl_type TEXT NOT NULL,
				PRIMARY KEY (doc_id, seq)
			)`,
			`CREATE INDEX packages_name ON packages (name_lower)`,
			`CREATE INDEX packages_purl ON packages (purl_base)`,
			`CREATE TABLE identifiers (
				doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
				pkg_seq INTEGER NOT NULL,
				kind TEXT NOT NULL,
				value TEXT NOT NULL
			)`,
			`CREATE INDEX identifiers_value ON identifiers (value)`,
			`CREATE INDEX identifiers_doc ON identifiers (doc_id, pkg_seq)`,
			`CREATE TABLE files (
				doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
				seq INTEGER NOT NULL,
				spdxid TEXT NOT NULL,
				name TEXT NOT NULL,
				package TEXT NOT NULL,
				PRIMARY KEY (doc_id, seq)
			)`,
			// owner is 'file' or 'package'; seq is the owner's position.
			`CREATE TABLE checksums (
				doc_id BIGINT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
				owner TEXT NOT NULL,
				seq INTEGER NOT NULL,
				algorithm TEXT NOT NULL,
				value TEXT NOT NULL
			)`,
			`CREATE INDEX checksums_value ON checksums (value)`,
		}
	}},
}

// LatestSchema is the schema version this build writes.
func LatestSchema() int { return migrations[len(migrations)-1].version }

// ErrNewerSchema is returned by Open for a database written by a newer
// sbomkeeper.
var ErrNewerSchema = errors.New("the database schema is newer than this sbomkeeper")

// migrate brings the database to LatestSchema, or refuses one that is
// newer. It returns the version found before migrating.
func migrate(ctx context.Context, db *sql.DB, d dialect, where string) (int, error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("%s: creating schema_version: %w", where, err)
	}
	var cur sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_version`).Scan(&cur); err != nil {
		return 0, fmt.Errorf("%s: reading schema_version: %w", where, err)
	}
	found := int(cur.Int64)
	if found > LatestSchema() {
		return found, fmt.Errorf("%s: schema version %d, but this sbomkeeper knows versions up to %d: %w; use the sbomkeeper that wrote it or a newer one", where, found, LatestSchema(), ErrNewerSchema)
	}
	for _, m := range migrations {
		if m.version <= found {
			continue
		}
		if err := apply(ctx, db, d, m); err != nil {
			return found, fmt.Errorf("%s: schema migration %d (%s): %w", where, m.version, m.what, err)
		}
	}
	return found, nil
}

func apply(ctx context.Context, db *sql.DB, d dialect, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, s := range m.sql(d) {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	// A second process migrating at the same time fails here on the
	// primary key instead of applying the step twice.
	if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO schema_version (version, applied) VALUES (?, ?)`), m.version, nowUTC()); err != nil {
		return err
	}
	return tx.Commit()
}
