package main

import (
	"crypto"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/artifact"
	"github.com/sbomkeeper/sbomkeeper/internal/attest"
	"github.com/sbomkeeper/sbomkeeper/internal/digest"
	"github.com/sbomkeeper/sbomkeeper/internal/keep"
	"github.com/sbomkeeper/sbomkeeper/internal/report"
	"github.com/sbomkeeper/sbomkeeper/internal/rules"
	"github.com/sbomkeeper/sbomkeeper/internal/safefile"
)

const attestHelp = `Usage: sbomkeeper attest --key KEY.pem [flags] FILE...
       sbomkeeper attest keygen --type ed25519|ecdsa-p256 -o KEY.pem
       sbomkeeper attest verify --attestation FILE.intoto.jsonl --key KEY.pub.pem FILE

Signs the statement that an SBOM (default: FILE.spdx.json; SPDX 2.3, SPDX
3.0.1 or CycloneDX JSON) is the SBOM of the artifact FILE: an in-toto
Statement v1 whose subject is FILE's base name and SHA-256 and whose
predicate is the SBOM, in a DSSE envelope signed with KEY.pem, written as one
line to FILE.intoto.jsonl (-o OUT for one artifact). Before writing, the
attestation is verified as verify --attestation would (so an SBOM that is not
valid, or an SPDX 2.3 SBOM that does not DESCRIBE FILE, is refused).

Keys are PEM files: PKCS#8 private keys and PKIX public keys, Ed25519 or ECDSA
P-256 (keygen writes both; openssl genpkey keys work too). The keyid is the
hex SHA-256 of the public key's PKIX DER. With Ed25519 the same key and input
give the same bytes; ECDSA signatures are randomised. No network, no keyless
signing. See docs/attest.md.

attest verify is sbomkeeper verify --attestation.

Flags:
`

const keygenHelp = `Usage: sbomkeeper attest keygen --type ed25519|ecdsa-p256 -o KEY.pem

Writes a new private key to KEY.pem (PKCS#8 PEM, mode 0600; an existing file
is never overwritten) and its public key to KEY.pub.pem (PKIX PEM), and prints
the keyid (the hex SHA-256 of the public key's PKIX DER).

Flags:
`

func attestCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "keygen":
			return keygenCmd(args[1:], stdout, stderr)
		case "verify":
			return verifyAttestationCmd(args[1:], stdout, stderr)
		}
	}
	fset := newFlags("attest")
	fset.SetOutput(stderr)
	keyFile := fset.String("key", "", "private key `FILE` (PKCS#8 PEM, Ed25519 or ECDSA P-256)")
	sbomPath := fset.String("sbom", "", "the SBOM (default: FILE.spdx.json)")
	out := fset.String("o", "", "output file (only with one artifact; default FILE.intoto.jsonl)")
	format := fset.String("format", "text", "findings as text, json or sarif")
	fset.Usage = func() { fmt.Fprint(stderr, attestHelp); fset.PrintDefaults() }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	files := fset.Args()
	switch {
	case len(files) == 0 || *keyFile == "" || !validFormat(*format):
		fmt.Fprintln(stderr, "sbomkeeper attest: name --key KEY.pem and at least one artifact (--format text, json or sarif); sbomkeeper attest keygen makes a key")
		return exitUsage
	case len(files) > 1 && (*out != "" || *sbomPath != ""):
		fmt.Fprintln(stderr, "sbomkeeper attest: -o and --sbom need exactly one artifact")
		return exitUsage
	}
	keyData, err := safefile.Read(*keyFile, safefile.MaxSmall)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper attest: --key: %v\n", err)
		return exitUsage
	}
	key, err := attest.ParsePrivateKey(keyData)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper attest: --key %s: %v\n", *keyFile, err)
		return exitUsage
	}
	keyid, err := attest.KeyID(key.Public())
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper attest: --key %s: %v\n", *keyFile, err)
		return exitUsage
	}
	var all []rules.Finding
	var notes []string
	code := exitOK
	for _, file := range files {
		sbomFile, target := *sbomPath, *out
		if sbomFile == "" {
			sbomFile = file + ".spdx.json"
		}
		if target == "" {
			target = file + ".intoto.jsonl"
		}
		fs, err := attestOne(file, sbomFile, target, key)
		if err != nil {
			fmt.Fprintf(stderr, "sbomkeeper attest: %v\n", err)
			code = exitFindings
			continue
		}
		all = append(all, fs...)
		if rules.Failed(fs) {
			notes = append(notes, "not written: "+target+" (the attestation would not verify)")
			code = exitFindings
			continue
		}
		notes = append(notes, fmt.Sprintf("wrote %s (keyid %s)", target, keyid))
	}
	summary := report.Summary{Command: "attest", Notes: notes, Root: "."}
	if err := report.Render(stdout, *format, summary, all, version()); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper attest: %v\n", err)
		return exitFindings
	}
	return code
}

// attestOne signs the statement that sbomFile is file's SBOM, verifies it as
// verify --attestation would, and writes it to target only if it verifies.
func attestOne(file, sbomFile, target string, key crypto.Signer) ([]rules.Finding, error) {
	sbom, err := safefile.Read(sbomFile, safefile.MaxSBOM)
	if err != nil {
		return nil, fmt.Errorf("the SBOM: %w (give --sbom)", err)
	}
	sum, err := digest.FileSHA256(file)
	if err != nil {
		return nil, fmt.Errorf("the artifact: %w", err)
	}
	name := filepath.Base(file)
	att, err := attest.Attest(name, sum, sbom, key, rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", sbomFile, err)
	}
	fs := attest.Verify(target, att, attest.VerifyOptions{
		Keys: []crypto.PublicKey{key.Public()}, Artifact: attest.Artifact{Name: name, SHA256: sum},
	})
	if rules.Failed(fs) {
		return fs, nil
	}
	if err := keep.WriteFile(target, att); err != nil {
		return nil, err
	}
	return fs, nil
}

func keygenCmd(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("attest keygen")
	fset.SetOutput(stderr)
	kind := fset.String("type", attest.Ed25519, "key type: ed25519 or ecdsa-p256")
	out := fset.String("o", "", "private key `FILE` to write (the public key goes to FILE without .pem, plus .pub.pem)")
	fset.Usage = func() { fmt.Fprint(stderr, keygenHelp); fset.PrintDefaults() }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *out == "" || fset.NArg() != 0 {
		fmt.Fprintln(stderr, "sbomkeeper attest keygen: give -o KEY.pem (and --type ed25519 or ecdsa-p256), no arguments")
		return exitUsage
	}
	pubFile := publicKeyFile(*out)
	for _, f := range []string{*out, pubFile} {
		if _, err := os.Lstat(f); err == nil {
			fmt.Fprintf(stderr, "sbomkeeper attest keygen: %s exists; keygen never overwrites a key: remove it or choose another -o\n", f)
			return exitUsage
		}
	}
	key, err := attest.GenerateKey(*kind, rand.Reader)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper attest keygen: --type: %v\n", err)
		return exitUsage
	}
	priv, err := attest.MarshalPrivateKey(key)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper attest keygen: %v\n", err)
		return exitFindings
	}
	pub, err := attest.MarshalPublicKey(key.Public())
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper attest keygen: %v\n", err)
		return exitFindings
	}
	keyid, err := attest.KeyID(key.Public())
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper attest keygen: %v\n", err)
		return exitFindings
	}
	if err := writeNew(*out, priv, 0o600); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper attest keygen: %v\n", err)
		return exitFindings
	}
	if err := writeNew(pubFile, pub, 0o644); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper attest keygen: %v (the private key %s was written)\n", err, *out)
		return exitFindings
	}
	fmt.Fprintf(stdout, "wrote %s (private, %s) and %s (public)\nkeyid %s\n", *out, *kind, pubFile, keyid)
	return exitOK
}

// publicKeyFile is where keygen puts the public key of the private key file
// name: key.pem → key.pub.pem.
func publicKeyFile(name string) string {
	return strings.TrimSuffix(name, ".pem") + ".pub.pem"
}

// writeNew writes data to a new file name with mode perm, whole or not at
// all: a temporary file beside it is written, synced and then linked to
// name, which fails if name exists, so an existing key is never replaced.
func writeNew(name string, data []byte, perm os.FileMode) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := os.Link(tmp.Name(), name); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

const verifyAttestationHelp = `Usage: sbomkeeper verify --attestation FILE.intoto.jsonl --key KEY.pub.pem [flags] FILE
       sbomkeeper attest verify (the same flags)

Checks an attestation offline: a signature by one of the --key public keys
(PKIX PEM; --key may be given more than once) over the DSSE envelope, that
its payload is an in-toto Statement v1 with a subject of FILE's base name and
SHA-256, that the predicate type is the SBOM format's, and that the attested
SBOM validates as sbomkeeper validate would (an SPDX 2.3 SBOM must DESCRIBE
FILE, as validate --artifact FILE checks). With --sbom SBOM the SBOM file must
also be the attested document. Every line of the attestation file is an
envelope and each must pass. Each failure names what differs: the signature,
the subject or the SBOM. Exit 0 only when everything passes.

Flags:
`

// keyFiles collects repeated --key flags.
type keyFiles []string

func (k *keyFiles) String() string     { return strings.Join(*k, ",") }
func (k *keyFiles) Set(s string) error { *k = append(*k, s); return nil }

func verifyAttestationCmd(args []string, stdout, stderr io.Writer) int {
	fset := newFlags("attest verify")
	fset.SetOutput(stderr)
	attFile := fset.String("attestation", "", "the attestation `FILE` (.intoto.jsonl)")
	var keys keyFiles
	fset.Var(&keys, "key", "public key `FILE` (PKIX PEM); more than one: a signature by any counts")
	sbomPath := fset.String("sbom", "", "an SBOM file that must be the attested one")
	format := fset.String("format", "text", "findings as text, json or sarif")
	sbomMax := byteSize(artifact.DefaultVerifySBOMBytes)
	fset.Var(&sbomMax, "max-sbom-bytes", "the attested SBOM and the --sbom file may be `SIZE` at most (the attestation twice that)")
	fset.Usage = func() { fmt.Fprint(stderr, verifyAttestationHelp); fset.PrintDefaults() }
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fset.NArg() != 1 || *attFile == "" || len(keys) == 0 || !validFormat(*format) {
		fmt.Fprintln(stderr, "sbomkeeper verify: name one artifact, --attestation FILE and --key KEY.pub.pem (and --format text, json or sarif)")
		return exitUsage
	}
	return verifyAttestation(fset.Arg(0), *attFile, keys, *sbomPath, *format, int64(sbomMax), stdout, stderr)
}

// verifyAttestation is verify --attestation: file against the attestation in
// attFile, signed by one of keys, and against sbomPath when it is not "".
// sbomMax bounds the SBOM file; the attestation, base64 of an SBOM in JSON,
// may be twice that.
func verifyAttestation(file, attFile string, keys []string, sbomPath, format string, sbomMax int64, stdout, stderr io.Writer) int {
	var pubs []crypto.PublicKey
	for _, k := range keys {
		data, err := safefile.Read(k, safefile.MaxSmall)
		if err == nil {
			var pub crypto.PublicKey
			if pub, err = attest.ParsePublicKey(data); err == nil {
				pubs = append(pubs, pub)
				continue
			}
		}
		fmt.Fprintf(stderr, "sbomkeeper verify: --key %s: %v\n", k, err)
		return exitUsage
	}
	data, err := safefile.Read(attFile, 2*sbomMax)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper verify: --attestation: %v\n", budgetHint(err))
		return exitUsage
	}
	sum, err := digest.FileSHA256(file)
	if err != nil {
		fmt.Fprintf(stderr, "sbomkeeper verify: the artifact: %v\n", err)
		return exitUsage
	}
	opts := attest.VerifyOptions{Keys: pubs, Artifact: attest.Artifact{Name: filepath.Base(file), SHA256: sum}}
	if sbomPath != "" {
		if opts.SBOM, err = safefile.Read(sbomPath, sbomMax); err != nil {
			fmt.Fprintf(stderr, "sbomkeeper verify: --sbom: %v\n", budgetHint(err))
			return exitUsage
		}
		opts.SBOMName = sbomPath
	}
	findings := attest.Verify(attFile, data, opts)
	summary := report.Summary{Command: "verify", Root: "."}
	if !rules.Failed(findings) {
		summary.Notes = []string{file + " is the subject of " + attFile + ", signed, with a valid SBOM"}
	}
	if err := report.Render(stdout, format, summary, findings, version()); err != nil {
		fmt.Fprintf(stderr, "sbomkeeper verify: %v\n", err)
		return exitFindings
	}
	if rules.Failed(findings) {
		return exitFindings
	}
	return exitOK
}
