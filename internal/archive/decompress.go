package archive

import (
	"bytes"
	"compress/bzip2"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/mikelolasagasti/xz"
)

// Memory caps for decoders whose memory use the stream itself chooses. They
// match what the reference command-line tools accept by default, so anything
// `xz -9` or `zstd -19` (even `zstd --long`) writes is read, and nothing makes
// the process allocate more than that for a window.
const (
	xzDictMax      = xz.DefaultDictMax // 64 MiB: enough for `xz -9`
	xzMemlimitFlag = "--memlimit-decompress=80MiB"
	zstdWindowMax  = 1 << 27 // 128 MiB: the zstd CLI's default decompression limit
)

// xzWaitDelay bounds how long closing an xz subprocess may wait for its
// stdin copy to finish, should the source reader block.
const xzWaitDelay = 5 * time.Second

// Decompressor returns a reader of the decompressed stream of a tar-based
// archive, and must be closed to release it. For TarXz it runs `xz -dc` when
// xz is on PATH (much faster than the pure-Go decoder) and the pure-Go
// decoder otherwise; Close kills the subprocess if the stream was not read to
// its end, and so does cancelling ctx. Corrupt input, including a non-zero
// exit of xz with its stderr, surfaces as a Read error; Read returns io.EOF
// only after the compression format's own end-of-stream checks passed.
// Memory stays flat: nothing is buffered beyond the decoders' windows.
func Decompressor(ctx context.Context, f Format, compressed io.Reader) (io.ReadCloser, error) {
	return decompressor(ctx, f, compressed, lookXZ())
}

// lookXZ returns the path of the xz command, or "" if there is none.
func lookXZ() string {
	p, err := exec.LookPath("xz")
	if err != nil {
		return ""
	}
	return p
}

// decompressor is Decompressor with the choice of xz decoder made by the
// caller: xzPath "" means the pure-Go decoder. Decoders that want an
// io.ByteReader (gzip, bzip2) use compressed directly when it is one, so a
// caller that passes a *bufio.Reader knows exactly how much they consumed.
func decompressor(ctx context.Context, f Format, compressed io.Reader, xzPath string) (io.ReadCloser, error) {
	switch f {
	case Tar:
		return io.NopCloser(compressed), nil
	case TarGz:
		zr, err := gzip.NewReader(compressed)
		if err != nil {
			return nil, fmt.Errorf("reading gzip header: %w", err)
		}
		return zr, nil
	case TarBz2:
		return io.NopCloser(bzip2.NewReader(compressed)), nil
	case TarZst:
		// One decoder goroutine: the asynchronous mode buffers several blocks
		// ahead, which costs memory and gains nothing when tar reads serially.
		zr, err := zstd.NewReader(compressed,
			zstd.WithDecoderConcurrency(1),
			zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(zstdWindowMax))
		if err != nil {
			return nil, fmt.Errorf("starting zstd decoder: %w", err)
		}
		return zr.IOReadCloser(), nil
	case TarXz:
		if xzPath != "" {
			return startXZ(ctx, xzPath, compressed)
		}
		zr, err := xz.NewReader(compressed, xzDictMax)
		if err != nil {
			return nil, fmt.Errorf("reading xz header: %w", err)
		}
		return io.NopCloser(zr), nil
	}
	return nil, fmt.Errorf("format %v is not a tar stream", f)
}

// xzProcess is the stdout of an `xz -dc` subprocess fed from a reader.
type xzProcess struct {
	ctx    context.Context
	cmd    *exec.Cmd
	out    io.ReadCloser
	stderr *cappedBuffer
	waited bool
	err    error // sticky: once Read failed it keeps failing the same way
}

func startXZ(ctx context.Context, xzPath string, compressed io.Reader) (*xzProcess, error) {
	cmd := exec.CommandContext(ctx, xzPath, "-dc", xzMemlimitFlag)
	cmd.Stdin = compressed
	stderr := &cappedBuffer{max: 4 << 10}
	cmd.Stderr = stderr
	cmd.WaitDelay = xzWaitDelay
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("starting %s: %w", xzPath, err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", xzPath, err)
	}
	return &xzProcess{ctx: ctx, cmd: cmd, out: out, stderr: stderr}, nil
}

func (x *xzProcess) Read(p []byte) (int, error) {
	if x.err != nil {
		return 0, x.err
	}
	n, err := x.out.Read(p)
	if err == io.EOF {
		// xz reports corrupt or truncated input only by its exit status,
		// after its output ended: EOF is not the end until xz says so.
		if werr := x.wait(); werr != nil {
			err = werr
		}
	}
	if err != nil {
		x.err = err
	}
	return n, err
}

func (x *xzProcess) wait() error {
	x.waited = true
	err := x.cmd.Wait()
	if err == nil {
		return nil
	}
	if cerr := x.ctx.Err(); cerr != nil {
		return cerr
	}
	msg := strings.TrimSpace(x.stderr.String())
	if msg == "" {
		return fmt.Errorf("%s -dc: %w", x.cmd.Path, err)
	}
	return fmt.Errorf("%s -dc: %w: %s", x.cmd.Path, err, msg)
}

// Close kills xz if its output was not read to the end: it would otherwise
// block forever writing to a pipe nobody reads.
func (x *xzProcess) Close() error {
	if x.waited {
		return nil
	}
	x.waited = true
	_ = x.cmd.Process.Kill()
	_ = x.cmd.Wait() // reaps the process; "killed" is the expected status
	return nil
}

// cappedBuffer keeps the first max bytes written to it and drops the rest,
// so a subprocess that floods stderr cannot grow memory.
type cappedBuffer struct {
	buf bytes.Buffer
	max int
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func (b *cappedBuffer) String() string { return b.buf.String() }
