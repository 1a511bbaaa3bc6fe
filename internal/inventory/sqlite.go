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
		"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-131072)&_pragma=temp_store(MEMORY)"
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
		if err := insertBatched(ctx, tx, t.name, t.cols, id, t.rows); err != nil {
			return false, fmt.Errorf("%s: %w", t.name, err)
		}
	}
	return true, tx.Commit()
}

// batchRows is how many rows one INSERT statement carries: per-statement
// overhead (database/sql, the driver, SQLite's VM setup) dominates single-row
// inserts; 256 rows of at most 9 columns stay far below SQLite's limit of
// 32,766 parameters.
const batchRows = 256

// insertBatched inserts rows (each prefixed with docID) with one prepared
// statement of batchRows rows, and one for the remainder.
func insertBatched(ctx context.Context, tx *sql.Tx, table string, cols []string, docID int64, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	width := 1 + len(cols)
	stmt := func(n int) string {
		one := "(?" + strings.Repeat(", ?", len(cols)) + ")"
		return "INSERT INTO " + table + " (doc_id, " + strings.Join(cols, ", ") + ") VALUES " + one + strings.Repeat(", "+one, n-1)
	}
	args := make([]any, 0, batchRows*width)
	run := func(st *sql.Stmt, batch [][]any) error {
		args = args[:0]
		for _, r := range batch {
			args = append(args, docID)
			args = append(args, r...)
		}
		_, err := st.ExecContext(ctx, args...)
		return err
	}
	if full := len(rows) / batchRows; full > 0 {
		st, err := tx.PrepareContext(ctx, stmt(batchRows))
		if err != nil {
			return err
		}
		defer st.Close()
		for i := range full {
			if err := run(st, rows[i*batchRows:(i+1)*batchRows]); err != nil {
				return err
			}
		}
	}
	if rest := rows[len(rows)/batchRows*batchRows:]; len(rest) > 0 {
		st, err := tx.PrepareContext(ctx, stmt(len(rest)))
		if err != nil {
			return err
		}
		defer st.Close()
		return run(st, rest)
	}
	return nil
}
