// Package convert moves SBOMs between the formats sbomkeeper writes: SPDX 2.3
// (its native model), CycloneDX 1.6 and SPDX 3.0.1 JSON-LD. It reads any
// supported input into the SPDX 2.3 model and renders the model in the format
// asked for, collecting what a direction cannot carry as losses so that
// callers can report them: nothing is dropped silently.
package convert
