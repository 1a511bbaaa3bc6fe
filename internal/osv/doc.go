// Package osv reads vulnerability records in the OSV format from disk: a
// directory tree of JSON or YAML records (the PyPA advisory database keeps
// vulns/<project>/PYSEC-*.yaml, Go's vulndb data/osv/GO-*.json), a zip of
// JSON records (OSV's per-ecosystem all.zip exports), or one record file.
//
// Records are untrusted input: each is checked (Check) and a record that
// breaks the schema's rules is refused with an error naming its file and
// field, never half used. Timestamps stay the strings the record wrote. The
// package never touches the network.
package osv
