// Package wheel reads Python wheels as untrusted input: the file name (PEP 427),
// the *.dist-info/METADATA headers and the vendor.txt pins a wheel may carry,
// straight from the zip without unpacking anything to disk. Member names that
// escape the archive, duplicate members and oversized metadata are refused.
package wheel
