package spdx

import "encoding/json"

// Each model type reads and writes itself through its generic form, so
// encoding/json users get the same lossless behaviour as Parse and Marshal.

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (d *Document) UnmarshalJSON(data []byte) error {
	*d = Document{}
	return decodeInto(data, d)
}

// MarshalJSON writes the set fields and the Extra members.
func (d Document) MarshalJSON() ([]byte, error) { return json.Marshal(toGeneric(&d)) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (c *CreationInfo) UnmarshalJSON(data []byte) error {
	*c = CreationInfo{}
	return decodeInto(data, c)
}

// MarshalJSON writes the set fields and the Extra members.
func (c CreationInfo) MarshalJSON() ([]byte, error) { return json.Marshal(toGeneric(&c)) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (p *Package) UnmarshalJSON(data []byte) error {
	*p = Package{}
	return decodeInto(data, p)
}

// MarshalJSON writes the set fields and the Extra members.
func (p Package) MarshalJSON() ([]byte, error) { return json.Marshal(toGeneric(&p)) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (v *VerificationCode) UnmarshalJSON(data []byte) error {
	*v = VerificationCode{}
	return decodeInto(data, v)
}

// MarshalJSON writes the set fields and the Extra members.
func (v VerificationCode) MarshalJSON() ([]byte, error) { return json.Marshal(toGeneric(&v)) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (c *Checksum) UnmarshalJSON(data []byte) error {
	*c = Checksum{}
	return decodeInto(data, c)
}

// MarshalJSON writes the set fields and the Extra members.
func (c Checksum) MarshalJSON() ([]byte, error) { return json.Marshal(toGeneric(&c)) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (e *ExternalRef) UnmarshalJSON(data []byte) error {
	*e = ExternalRef{}
	return decodeInto(data, e)
}

// MarshalJSON writes the set fields and the Extra members.
func (e ExternalRef) MarshalJSON() ([]byte, error) { return json.Marshal(toGeneric(&e)) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (f *File) UnmarshalJSON(data []byte) error {
	*f = File{}
	return decodeInto(data, f)
}

// MarshalJSON writes the set fields and the Extra members.
func (f File) MarshalJSON() ([]byte, error) { return json.Marshal(toGeneric(&f)) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (r *Relationship) UnmarshalJSON(data []byte) error {
	*r = Relationship{}
	return decodeInto(data, r)
}

// MarshalJSON writes the set fields and the Extra members.
func (r Relationship) MarshalJSON() ([]byte, error) { return json.Marshal(toGeneric(&r)) }
