// Command membench measures the peak memory (max RSS) and time of every
// sbomkeeper command against the size of its input, on generated inputs of a
// few sizes, and prints a Markdown table for docs/benchmarks.md.
//
//	go run ./scripts/membench [-sizes 10000,100000] [-keep]
//
// A size N means: a document of N packages (validate, convert, diff, and
// validate of the CycloneDX and SPDX 3 forms convert writes), a tree of N
// files (regen, then check), and a .tar.gz of N files plus the tree's
// source SBOM (artifact, then verify of what artifact wrote). The binary is
// built from this checkout first.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sbomkeeper/sbomkeeper/internal/membench"
)

func main() {
	sizes := flag.String("sizes", "10000,100000", "input sizes (packages or files), comma-separated")
	keep := flag.Bool("keep", false, "keep the work directory")
	bin := flag.String("bin", "", "an sbomkeeper binary to measure instead of building this checkout")
	flag.Parse()
	if err := run(*sizes, *keep, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "membench:", err)
		os.Exit(1)
	}
}

type row struct {
	command string
	size    int
	input   int64
	res     membench.Result
}

func run(sizeList string, keep bool, prebuilt string) error {
	ctx := context.Background()
	work, err := os.MkdirTemp("", "membench-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Fprintln(os.Stderr, "membench: work directory", work)
	} else {
		defer os.RemoveAll(work)
	}
	runner, bin, err := membench.Build(".", work)
	if err != nil {
		return err
	}
	if prebuilt != "" {
		bin = prebuilt
	}
	// Budgets a binary before issue 12 did not have: measured without them.
	var budget []string
	if help, _ := exec.Command(bin, "artifact", "-h").CombinedOutput(); strings.Contains(string(help), "-max-members") {
		budget = []string{"--max-members", "0"}
	}
	var rows []row
	env := []string{"SOURCE_DATE_EPOCH=1749513600"}
	measure := func(dir, label string, size int, input int64, okExits []int, args ...string) (membench.Result, error) {
		fmt.Fprintf(os.Stderr, "membench: %s (N=%d)\n", label, size)
		res, err := runner.Run(ctx, dir, env, bin, args...)
		if err != nil {
			return res, err
		}
		ok := false
		for _, c := range okExits {
			ok = ok || res.Exit == c
		}
		if !ok {
			return res, fmt.Errorf("%s: exit %d\n%s", label, res.Exit, tail(res.Stderr))
		}
		rows = append(rows, row{label, size, input, res})
		return res, nil
	}
	for _, s := range strings.Split(sizeList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-sizes: %q is not a positive number", s)
		}
		dir := filepath.Join(work, strconv.Itoa(n))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		// Documents.
		doc := filepath.Join(dir, "doc.spdx.json")
		docSize, err := membench.WriteSPDXFile(doc, n, 0)
		if err != nil {
			return err
		}
		if _, err := measure(dir, "validate (SPDX 2.3)", n, docSize, []int{0, 1}, "validate", doc); err != nil {
			return err
		}
		for _, to := range []string{"cyclonedx", "spdx", "spdx3"} {
			out := filepath.Join(dir, "doc."+to+".json")
			if _, err := measure(dir, "convert --to "+to, n, docSize, []int{0}, "convert", "--to", to, "-o", out, doc); err != nil {
				return err
			}
		}
		for _, f := range []struct{ label, path string }{{"validate (CycloneDX 1.6)", "doc.cyclonedx.json"}, {"validate (SPDX 3.0.1)", "doc.spdx3.json"}} {
			p := filepath.Join(dir, f.path)
			info, err := os.Stat(p)
			if err != nil {
				return err
			}
			if _, err := measure(dir, f.label, n, info.Size(), []int{0, 1}, "validate", p); err != nil {
				return err
			}
		}
		if _, err := measure(dir, "diff", n, 2*docSize, []int{0}, "diff", doc, doc); err != nil {
			return err
		}
		// A tree.
		tree := filepath.Join(dir, "tree")
		if err := os.MkdirAll(tree, 0o755); err != nil {
			return err
		}
		treeBytes, err := membench.SourceTree(tree, n)
		if err != nil {
			return err
		}
		if _, err := measure(tree, "regen (tree)", n, treeBytes, []int{0}, "regen", "--offline"); err != nil {
			return err
		}
		info, err := os.Stat(filepath.Join(tree, "sbom.spdx.json"))
		if err != nil {
			return err
		}
		if _, err := measure(tree, "check (tree)", n, treeBytes+info.Size(), []int{0}, "check", "--offline"); err != nil {
			return err
		}
		// An archive of N files and the tree's tiny source SBOM.
		art := filepath.Join(dir, "demo-1.0.tar.gz")
		artSize, err := membench.WriteTarGz(art, membench.ManyMembersWithSBOM("demo-1.0/", n, []byte(membench.TinySBOM)))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "sbomkeeper.toml"), []byte(membench.ArtifactConfigNoBundle), 0o644); err != nil {
			return err
		}
		members := withBudget(budget, n+10)
		if _, err := measure(dir, "artifact (.tar.gz)", n, artSize, []int{0}, append(append([]string{"artifact", "--quiet", "--offline"}, members...), art)...); err != nil {
			return err
		}
		if _, err := measure(dir, "verify (.tar.gz)", n, artSize, []int{0}, append(append([]string{"verify", "--quiet"}, members...), art)...); err != nil {
			return err
		}
	}
	fmt.Println("| command | N | input | peak RSS | RSS / input | RSS per item | wall time |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, r := range rows {
		fmt.Printf("| `%s` | %d | %s | %s | %.1fx | %.1f KiB | %.2f s |\n", r.command, r.size, membench.MiB(r.input), membench.MiB(r.res.MaxRSS),
			float64(r.res.MaxRSS)/float64(r.input), float64(r.res.MaxRSS)/float64(r.size)/1024, r.res.Wall.Seconds())
	}
	return nil
}

// withBudget sets --max-members to n when the binary has the flag.
func withBudget(budget []string, n int) []string {
	if len(budget) == 0 {
		return nil
	}
	return []string{budget[0], strconv.Itoa(n)}
}

func tail(b []byte) string {
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}
