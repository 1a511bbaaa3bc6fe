// Package membench makes large and hostile inputs of a chosen size and
// measures the peak memory of an sbomkeeper process run on them. The memory
// property tests (test/memory) and the benchmark (scripts/membench) share it,
// so that what CI checks and what docs/benchmarks.md records are measured the
// same way.
//
// Inputs are generated when asked for, never committed: an SPDX document of N
// packages, a source tree of N files with its config, and release archives
// with many members, many captured wheels or a large in-archive SBOM.
//
// Peak memory is the child's maximum resident set size as the kernel reports
// it in rusage, which counts everything the process touched: heap, stacks,
// the Go runtime and mapped files. Children are started through a small
// helper (./maxrss), because Linux counts a large parent's peak in the
// ru_maxrss of a child it starts (see there); the figure is off by the
// helper's few MiB at most. ru_maxrss is in KiB on Linux only, so the
// measurements are meant for Linux.
package membench
