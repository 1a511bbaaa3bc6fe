// Package xar reads macOS installer packages (.pkg) as untrusted input: the
// XAR container (header, zlib-compressed XML table of contents, heap) and,
// inside it, the component packages' Payload archives (cpio, in the odc or
// newc format, gzip'd or pbzx: chunks of xz).
//
// Open reads and checks the XAR header and table of contents; every file the
// table lists is checked as internal/archive checks a tar or zip member
// (traversal, absolute and duplicate names, links, special files, sizes,
// compression ratios) before it is returned, heap ranges must lie inside the
// file and not overlap, and the table's own checksum is verified. File
// content is read through Archive.Open, which decodes the declared encoding
// (application/octet-stream, application/x-gzip, which XAR means as zlib,
// application/x-bzip2; others are refused) and verifies the declared sizes
// and archived and extracted checksums (sha1, sha256, sha512, md5) when the
// reader reaches its end.
//
// Walk goes through a whole installer in one pass: every file of the XAR is
// read and verified, and the members of every component's Payload are
// handed to a function under "<component>.pkg/<member>" (a flat component
// package's members under their own names), checked the same way, as a
// stream: nothing is unpacked and no member is held in memory.
//
// The package only reads. It needs the whole installer with random access
// (io.ReaderAt), since a XAR's table of contents says where in the heap each
// file is.
package xar
