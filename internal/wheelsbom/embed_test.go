package wheelsbom

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const demoName = "demo-1.0-py3-none-any.whl"

func embed(t *testing.T, wheel []byte, sboms ...SBOM) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := Embed(&out, bytes.NewReader(wheel), int64(len(wheel)), demoName, sboms); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func demoSBOMs() []SBOM {
	return []SBOM{{Name: "demo.spdx.json", Data: []byte(spdxSBOM)}, {Name: "bom.cdx.json", Data: []byte(cdxSBOM)}}
}

func TestEmbedVerifiesAndRoundTrips(t *testing.T) {
	in := makeWheel(t, demoMembers(), nil)
	out := embed(t, in, demoSBOMs()...)
	entries, err := Verify(bytes.NewReader(out), int64(len(out)), demoName)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range entries {
		paths = append(paths, e.Path)
	}
	// The new lines come before RECORD's own, the old ones are kept.
	want := []string{"demo/__init__.py", "demo/_vendor/six.py", "demo/data.bin", "demo-1.0.dist-info/METADATA", "demo-1.0.dist-info/WHEEL",
		"demo-1.0.dist-info/sboms/demo.spdx.json", "demo-1.0.dist-info/sboms/bom.cdx.json", "demo-1.0.dist-info/RECORD"}
	if !slices.Equal(paths, want) {
		t.Fatalf("RECORD lists %q", paths)
	}
	got, err := List(bytes.NewReader(out), int64(len(out)), demoName)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name() != "demo.spdx.json" || string(got[0].Data) != spdxSBOM || string(got[1].Data) != cdxSBOM {
		t.Fatalf("listed %+v", got)
	}
}

// TestEmbedKeepsUntouchedMembers compares the raw bytes: every member but
// RECORD keeps its local header, compressed data, data descriptor and central
// directory record (but for the offset), in its order.
func TestEmbedKeepsUntouchedMembers(t *testing.T) {
	in := makeWheel(t, demoMembers(), nil)
	out := embed(t, in, demoSBOMs()...)
	before, err := readRaw(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	after, err := readRaw(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range after.entries {
		names = append(names, e.name)
	}
	wantNames := []string{"demo/__init__.py", "demo/_vendor/six.py", "demo/data.bin", "demo-1.0.dist-info/METADATA", "demo-1.0.dist-info/WHEEL",
		"demo-1.0.dist-info/sboms/demo.spdx.json", "demo-1.0.dist-info/sboms/bom.cdx.json", "demo-1.0.dist-info/RECORD"}
	if !slices.Equal(names, wantNames) {
		t.Fatalf("members %q", names)
	}
	for i, b := range before.entries[:len(before.entries)-1] {
		a := after.entries[i]
		if !bytes.Equal(in[b.offset:b.end], out[a.offset:a.end]) {
			t.Errorf("%s: local header and data changed", b.name)
		}
		if !bytes.Equal(withOffset(b.cd, 0), withOffset(a.cd, 0)) {
			t.Errorf("%s: central directory record changed", b.name)
		}
	}
	// The new members take RECORD's time stamp and system.
	rec, sb := before.entries[len(before.entries)-1], after.entries[5]
	if templateOf(rec) != templateOf(sb) {
		t.Errorf("new member's header fields %+v, RECORD's %+v", templateOf(sb), templateOf(rec))
	}
}

func TestEmbedTwiceAndClash(t *testing.T) {
	in := makeWheel(t, demoMembers(), nil)
	once := embed(t, in, demoSBOMs()[0])
	twice := embed(t, once, demoSBOMs()[1])
	if _, err := Verify(bytes.NewReader(twice), int64(len(twice)), demoName); err != nil {
		t.Fatal(err)
	}
	got, _ := List(bytes.NewReader(twice), int64(len(twice)), demoName)
	if len(got) != 2 {
		t.Fatalf("%d SBOMs", len(got))
	}
	for _, s := range []SBOM{{Name: "demo.spdx.json", Data: []byte(cdxSBOM)}, {Name: "DEMO.SPDX.JSON", Data: []byte(cdxSBOM)}} {
		err := Embed(new(bytes.Buffer), bytes.NewReader(once), int64(len(once)), demoName, []SBOM{s})
		if err == nil || !strings.Contains(err.Error(), "clashes with the member demo-1.0.dist-info/sboms/demo.spdx.json") {
			t.Errorf("%s: %v", s.Name, err)
		}
	}
	err := Embed(new(bytes.Buffer), bytes.NewReader(in), int64(len(in)), demoName, []SBOM{demoSBOMs()[1], demoSBOMs()[1]})
	if err == nil || !strings.Contains(err.Error(), "clashes") {
		t.Errorf("the same name twice: %v", err)
	}
}

// TestEmbedRefusesLinks: a symbolic link member, even one RECORD lists.
func TestEmbedRefusesLinks(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	var rec string
	for _, m := range demoMembers() {
		w, _ := zw.Create(m.name)
		w.Write([]byte(m.data))
		rec += string(recordLine(m.name, []byte(m.data), false))
	}
	h := &zip.FileHeader{Name: "demo/link.py"}
	h.SetMode(os.ModeSymlink | 0o777)
	w, _ := zw.CreateHeader(h)
	w.Write([]byte("../../etc/passwd"))
	rec += string(recordLine("demo/link.py", []byte("../../etc/passwd"), false))
	w, _ = zw.Create("demo-1.0.dist-info/RECORD")
	w.Write([]byte(rec + "demo-1.0.dist-info/RECORD,,\n"))
	zw.Close()
	data := b.Bytes()
	err := Embed(new(bytes.Buffer), bytes.NewReader(data), int64(len(data)), demoName, demoSBOMs())
	if err == nil || !strings.Contains(err.Error(), "demo/link.py (mode L") {
		t.Fatalf("%v", err)
	}
}

func TestEmbedRefuses(t *testing.T) {
	good := makeWheel(t, demoMembers(), nil)
	tampered := demoMembers()
	bad := "demo/__init__.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\n" + // wrong hash and size
		"demo/gone.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0\n" + // not in the wheel
		"demo-1.0.dist-info/RECORD,,\n"
	hostile := append(demoMembers(), member{name: "demo/../../evil.py", data: "x"})
	cases := []struct {
		name  string
		wheel []byte
		sboms []SBOM
		want  []string
	}{
		{"record does not verify", makeWheel(t, tampered, &bad), demoSBOMs(), []string{
			"demo/__init__.py: RECORD says sha256=47DEQ", "demo/__init__.py: RECORD says 0 bytes, the member has 20",
			"line 2 lists demo/gone.py, which the wheel lacks", "demo/_vendor/six.py is not in RECORD", "demo-1.0.dist-info/METADATA is not in RECORD"}},
		{"hostile member", makeWheel(t, hostile, nil), demoSBOMs(), []string{"escapes the archive"}},
		{"not an SBOM", good, []SBOM{{Name: "x.json", Data: []byte(`{"hello": 1}`)}}, []string{"x.json is not an SPDX or CycloneDX document"}},
		{"path in the name", good, []SBOM{{Name: "../x.spdx.json", Data: []byte(spdxSBOM)}, {Name: "a/b", Data: []byte(spdxSBOM)}}, []string{`"../x.spdx.json": a plain file name`, `"a/b": a plain file name`}},
		{"nothing", good, nil, []string{"no SBOM to embed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			err := Embed(&out, bytes.NewReader(c.wheel), int64(len(c.wheel)), demoName, c.sboms)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("no %q in %v", w, err)
				}
			}
			if out.Len() != 0 {
				t.Errorf("wrote %d bytes", out.Len())
			}
		})
	}
	var re *RecordError
	_, err := Verify(bytes.NewReader(cases[0].wheel), int64(len(cases[0].wheel)), demoName)
	if !errors.As(err, &re) || len(re.Problems) != 7 {
		t.Fatalf("%v", err)
	}
}

// pythonCheck is RECORD verified by Python's own csv, hashlib and zipfile,
// an implementation independent of ours.
const pythonCheck = `
import base64, csv, hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None, "CRC"
rec = [n for n in z.namelist() if n.endswith(".dist-info/RECORD")]
assert len(rec) == 1, rec
rows = list(csv.reader(z.read(rec[0]).decode("utf-8").splitlines()))
listed = set()
for p, h, s in rows:
    listed.add(p)
    if p == rec[0]:
        continue
    algo, digest = h.split("=", 1)
    data = z.read(p)
    assert base64.urlsafe_b64encode(hashlib.new(algo, data).digest()).rstrip(b"=").decode() == digest, p
    assert int(s) == len(data), p
files = {n for n in z.namelist() if not n.endswith("/")}
assert files == listed, files ^ listed
print("ok", len(rows))
`

func python(t *testing.T) string {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	return py
}

func TestEmbeddedWheelPassesPython(t *testing.T) {
	py := python(t)
	out := embed(t, makeWheel(t, demoMembers(), nil), demoSBOMs()...)
	file := writeTemp(t, demoName, out)
	if b, err := exec.Command(py, "-c", pythonCheck, file).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	pipInstall(t, py, file, "demo-1.0.dist-info", "demo.spdx.json", spdxSBOM)
}

// pipInstall installs the wheel with pip (no index, no dependencies) into a
// temporary target and checks that the SBOM arrives as it was embedded.
func pipInstall(t *testing.T, py, file, distInfo, name, want string) {
	t.Helper()
	if err := exec.Command(py, "-m", "pip", "--version").Run(); err != nil {
		t.Log("no pip: skipping the pip install")
		return
	}
	target := t.TempDir()
	cmd := exec.Command(py, "-m", "pip", "install", "--no-deps", "--no-index", "--disable-pip-version-check", "--no-compile", "--target", target, file)
	cmd.Env = append(os.Environ(), "PIP_NO_INPUT=1", "PIP_CONFIG_FILE=/dev/null")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pip install: %v: %s", err, b)
	}
	got, err := os.ReadFile(filepath.Join(target, distInfo, "sboms", name))
	if err != nil || string(got) != want {
		t.Fatalf("installed SBOM: %v (%d bytes)", err, len(got))
	}
	record, err := os.ReadFile(filepath.Join(target, distInfo, "RECORD"))
	if err != nil || !strings.Contains(string(record), distInfo+"/sboms/"+name+","+RecordDigest([]byte(want))+","+fmt.Sprint(len(want))) {
		t.Fatalf("installed RECORD does not list the SBOM: %v\n%s", err, record)
	}
}

// TestEmbedRealPip embeds into CPython's bundled pip wheel, made by another
// tool than the tests' own helper.
func TestEmbedRealPip(t *testing.T) {
	in, name := realPip(t)
	if _, err := Verify(bytes.NewReader(in), int64(len(in)), name); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Embed(&out, bytes.NewReader(in), int64(len(in)), name, []SBOM{{Name: "pip.cdx.json", Data: []byte(cdxSBOM)}}); err != nil {
		t.Fatal(err)
	}
	b := out.Bytes()
	if _, err := Verify(bytes.NewReader(b), int64(len(b)), name); err != nil {
		t.Fatal(err)
	}
	before, _ := readRaw(bytes.NewReader(in), int64(len(in)))
	after, err := readRaw(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	j := 0
	for _, e := range before.entries {
		for after.entries[j].name != e.name {
			j++
		}
		a := after.entries[j]
		if strings.HasSuffix(e.name, "/RECORD") {
			continue
		}
		if !bytes.Equal(in[e.offset:e.end], b[a.offset:a.end]) || !bytes.Equal(withOffset(e.cd, 0), withOffset(a.cd, 0)) {
			t.Fatalf("%s changed", e.name)
		}
	}
	if len(after.entries) != len(before.entries)+1 {
		t.Fatalf("%d members, was %d", len(after.entries), len(before.entries))
	}
	py := python(t)
	file := writeTemp(t, name, b)
	if out, err := exec.Command(py, "-c", pythonCheck, file).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	pipInstall(t, py, file, strings.Split(name, "-py3")[0]+".dist-info", "pip.cdx.json", cdxSBOM)
}

// realPip is CPython's bundled pip wheel, when the corpus is there.
func realPip(t *testing.T) ([]byte, string) {
	t.Helper()
	tree := os.Getenv("SBOMKEEPER_CPYTHON_TREE")
	if tree == "" {
		t.Skip("SBOMKEEPER_CPYTHON_TREE not set")
	}
	matches, _ := filepath.Glob(filepath.Join(tree, "Lib/ensurepip/_bundled/pip-*.whl"))
	if len(matches) != 1 {
		t.Fatalf("bundled pip: %q", matches)
	}
	in, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	return in, filepath.Base(matches[0])
}
