// Package rules holds every check sbomkeeper runs as a named rule that returns
// findings as values. Commands decide what a finding means for their exit code;
// the report package renders the same findings as text, JSON or SARIF.
package rules
