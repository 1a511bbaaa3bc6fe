package xar

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/mikelolasagasti/xz"
	"github.com/sbomkeeper/sbomkeeper/internal/archive"
)

// pbzx is Apple's container for large Payloads: "pbzx", a big-endian uint64
// of flags, then chunks of a uint64 of flags and a uint64 length followed by
// that many bytes. Bit 24 of the flags (0x01000000, which is also the chunk
// size) says another chunk follows. A chunk whose length is the chunk size is
// stored as it is; any other is an xz stream of at most that many bytes.
const (
	pbzxMagic     = "pbzx"
	pbzxMore      = 1 << 24
	pbzxChunkSize = 1 << 24
	// pbzxMaxChunk bounds a compressed chunk: xz of incompressible data is
	// a little larger than the data, never 1/16 larger.
	pbzxMaxChunk = pbzxChunkSize + pbzxChunkSize/16
	// xzDictMax caps the window an xz stream may ask for.
	xzDictMax = 64 << 20
)

// NewPBZXReader returns a reader of the data a pbzx stream holds. Every xz
// chunk's checks are verified, no chunk may decode to more than the chunk
// size, and nothing may follow the last chunk.
func NewPBZXReader(r io.Reader) (io.Reader, error) {
	var head [12]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, fmt.Errorf("%w: pbzx header: %w", ErrPayload, classifyEOF(eofIsUnexpected(err)))
	}
	if string(head[:4]) != pbzxMagic {
		return nil, fmt.Errorf("%w: not pbzx (magic %q)", ErrPayload, head[:4])
	}
	flags := binary.BigEndian.Uint64(head[4:])
	return &pbzxReader{r: r, more: flags&pbzxMore != 0, first: true}, nil
}

type pbzxReader struct {
	r     io.Reader
	more  bool // another chunk follows
	first bool
	chunk int
	cur   io.Reader  // the current chunk's data, or nil
	xz    *xz.Reader // reused from chunk to chunk: its window is allocated once
	left  *io.LimitedReader
	n     int64 // bytes the current chunk has produced
	err   error
}

func (p *pbzxReader) Read(b []byte) (int, error) {
	for p.err == nil {
		if p.cur != nil {
			if room := pbzxChunkSize - p.n + 1; int64(len(b)) > room {
				b = b[:room]
			}
			n, err := p.cur.Read(b)
			p.n += int64(n)
			if p.n > pbzxChunkSize {
				p.err = fmt.Errorf("%w: pbzx chunk %d decodes to more than %d bytes", archive.ErrRatio, p.chunk, pbzxChunkSize)
				return 0, p.err
			}
			if err == io.EOF {
				if p.left.N != 0 {
					p.err = fmt.Errorf("%w: pbzx chunk %d: %d bytes after its xz stream", archive.ErrTrailingData, p.chunk, p.left.N)
					return n, p.err
				}
				p.cur = nil
				err = nil
			}
			if err != nil {
				p.err = fmt.Errorf("%w: pbzx chunk %d: %w", ErrPayload, p.chunk, classifyEOF(err))
				return n, p.err
			}
			if n > 0 {
				return n, nil
			}
			continue
		}
		if !p.more {
			// The last chunk said none follows: anything more is trailing data.
			var one [1]byte
			if n, _ := io.ReadFull(p.r, one[:]); n > 0 {
				p.err = fmt.Errorf("%w: after the last pbzx chunk", archive.ErrTrailingData)
				return 0, p.err
			}
			p.err = io.EOF
			break
		}
		p.err = p.next()
	}
	return 0, p.err
}

// next starts the next chunk.
func (p *pbzxReader) next() error {
	var h [16]byte
	n, rerr := io.ReadFull(p.r, h[:])
	if n == 0 && errors.Is(rerr, io.EOF) && !p.first {
		// Apple's writers set the flag on the last chunk too, and end there.
		p.more = false
		return nil
	}
	if rerr != nil {
		return fmt.Errorf("%w: pbzx chunk %d header: %w", ErrPayload, p.chunk+1, classifyEOF(eofIsUnexpected(rerr)))
	}
	p.first = false
	p.chunk++
	flags := binary.BigEndian.Uint64(h[:8])
	length := binary.BigEndian.Uint64(h[8:])
	p.more = flags&pbzxMore != 0
	if length > pbzxMaxChunk {
		return fmt.Errorf("%w: pbzx chunk %d is %d bytes, limit %d", ErrPayload, p.chunk, length, pbzxMaxChunk)
	}
	p.left = &io.LimitedReader{R: p.r, N: int64(length)}
	p.n = 0
	if length == pbzxChunkSize {
		p.cur = &truncating{p.left}
		return nil
	}
	var err error
	if p.xz == nil {
		p.xz, err = xz.NewReader(&truncating{p.left}, xzDictMax)
	} else {
		err = p.xz.Reset(&truncating{p.left})
	}
	if err != nil {
		return fmt.Errorf("%w: pbzx chunk %d: xz: %w", ErrPayload, p.chunk, classifyEOF(err))
	}
	p.cur = p.xz
	return nil
}

// truncating turns an early end of a LimitedReader's source into
// io.ErrUnexpectedEOF.
type truncating struct{ l *io.LimitedReader }

func (t *truncating) Read(b []byte) (int, error) {
	n, err := t.l.Read(b)
	if err == io.EOF && t.l.N > 0 {
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}
