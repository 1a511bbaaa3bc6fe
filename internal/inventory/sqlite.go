package inventory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: pure Go, no cgo
)

type sqliteDialect struct{}

func openSQLite(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("no database given: name an SQLite file or a postgres:// URL with --db")
	}
	// WAL lets queries run while another process loads; foreign keys make
	// ON DELETE CASCADE hold; the busy timeout waits for a loader instead of
	// failing at once.
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// One connection: SQLite has one writer anyway, and this keeps the
	// pragmas and transactions on the same connection.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: opening the SQLite inventory: %w", path, err)
	}
	return &Store{db: db, d: sqliteDialect{}, where: path}, nil
}

func (sqliteDialect) name() string           { return "sqlite" }
func (sqliteDialect) idColumn() string       { return "INTEGER PRIMARY KEY" }
func (sqliteDialect) blobType() string       { return "BLOB" }
func (sqliteDialect) rebind(q string) string { return q }

// load writes the document in one transaction with one prepared statement
// per table: SQLite's bulk path.
func (sqliteDialect) load(ctx context.Context, db *sql.DB, doc Doc, added string) (bool, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, insertDocument, documentArgs(doc, added)...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil // stored already
	}
	if err != nil {
		return false, fmt.Errorf("documents: %w", err)
	}
	for _, t := range tables(doc) {
		if len(t.rows) == 0 {
			continue
		}
		q := "INSERT INTO " + t.name + " (doc_id, " + strings.Join(t.cols, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(t.cols)) + ")"
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return false, fmt.Errorf("%s: %w", t.name, err)
		}
		args := make([]any, 1+len(t.cols))
		args[0] = id
		for _, r := range t.rows {
			copy(args[1:], r)
			if _, err := st.ExecContext(ctx, args...); err != nil {
				st.Close()
				return false, fmt.Errorf("%s: %w", t.name, err)
			}
		}
		st.Close()
	}
	return true, tx.Commit()
}
