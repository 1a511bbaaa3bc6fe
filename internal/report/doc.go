// Package report renders findings: text for people at a terminal, JSON for
// scripts, and SARIF 2.1.0 so code-scanning services show each finding on the
// file and line it is about. Every format renders the same list.
package report
