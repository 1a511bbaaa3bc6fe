// Package archive reads release archives (.tar, .tar.gz, .tar.xz, .tar.bz2,
// .tar.zst, .zip and .whl) as untrusted input, as a stream, in one pass.
//
// Walk calls a function for every member in archive order and hands it a
// reader of the member's content; nothing is unpacked to disk and no member is
// held in memory, so memory stays flat however large the archive is. Before a
// member reaches the function it is checked: names that could escape a
// directory the archive were unpacked into (absolute, "..", backslashes, NUL,
// Windows drive prefixes), duplicate names, links (unless allowed, and then
// only when their targets stay inside the archive), device and fifo members,
// and members, totals or compression ratios beyond Limits are refused with an
// error that names the archive and the member. A truncated or corrupt archive
// is an error too: every byte of the archive is read and checked, including
// the parts the function chose not to read, because that is the only way the
// compression layer's checksums get verified.
//
// .tar.xz is decoded by an `xz -dc` subprocess when xz is on PATH, since it is
// markedly faster than any pure-Go decoder, and by a pure-Go decoder otherwise.
//
// The package only reads. A caller that writes members to disk should still
// do so through os.Root, since a symlink member (when allowed) can redirect a
// later member's path.
package archive
