package spdx

// Generated-looking but hand-kept: each type reads and writes itself through
// decodeObject/encodeObject so unknown members survive.

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (d *Document) UnmarshalJSON(data []byte) error {
	*d = Document{}
	extra, err := decodeObject(data, d.members())
	d.Extra = extra
	return err
}

// MarshalJSON writes the set fields and the Extra members.
func (d Document) MarshalJSON() ([]byte, error) { return encodeObject(d.members(), d.Extra) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (c *CreationInfo) UnmarshalJSON(data []byte) error {
	*c = CreationInfo{}
	extra, err := decodeObject(data, c.members())
	c.Extra = extra
	return err
}

// MarshalJSON writes the set fields and the Extra members.
func (c CreationInfo) MarshalJSON() ([]byte, error) { return encodeObject(c.members(), c.Extra) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (p *Package) UnmarshalJSON(data []byte) error {
	*p = Package{}
	extra, err := decodeObject(data, p.members())
	p.Extra = extra
	return err
}

// MarshalJSON writes the set fields and the Extra members.
func (p Package) MarshalJSON() ([]byte, error) { return encodeObject(p.members(), p.Extra) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (v *VerificationCode) UnmarshalJSON(data []byte) error {
	*v = VerificationCode{}
	extra, err := decodeObject(data, v.members())
	v.Extra = extra
	return err
}

// MarshalJSON writes the set fields and the Extra members.
func (v VerificationCode) MarshalJSON() ([]byte, error) { return encodeObject(v.members(), v.Extra) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (c *Checksum) UnmarshalJSON(data []byte) error {
	*c = Checksum{}
	extra, err := decodeObject(data, c.members())
	c.Extra = extra
	return err
}

// MarshalJSON writes the set fields and the Extra members.
func (c Checksum) MarshalJSON() ([]byte, error) { return encodeObject(c.members(), c.Extra) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (e *ExternalRef) UnmarshalJSON(data []byte) error {
	*e = ExternalRef{}
	extra, err := decodeObject(data, e.members())
	e.Extra = extra
	return err
}

// MarshalJSON writes the set fields and the Extra members.
func (e ExternalRef) MarshalJSON() ([]byte, error) { return encodeObject(e.members(), e.Extra) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (f *File) UnmarshalJSON(data []byte) error {
	*f = File{}
	extra, err := decodeObject(data, f.members())
	f.Extra = extra
	return err
}

// MarshalJSON writes the set fields and the Extra members.
func (f File) MarshalJSON() ([]byte, error) { return encodeObject(f.members(), f.Extra) }

// UnmarshalJSON reads the object, keeping unknown members in Extra.
func (r *Relationship) UnmarshalJSON(data []byte) error {
	*r = Relationship{}
	extra, err := decodeObject(data, r.members())
	r.Extra = extra
	return err
}

// MarshalJSON writes the set fields and the Extra members.
func (r Relationship) MarshalJSON() ([]byte, error) { return encodeObject(r.members(), r.Extra) }
