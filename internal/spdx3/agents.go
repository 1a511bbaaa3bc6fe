package spdx3

import "strings"

// actor is an SPDX 2.3 creator, supplier or originator: "Person: name (email)",
// "Organization: name (email)" or "Tool: name-version" (2.3 clauses 6.8, 7.5,
// 7.6). The email and its parentheses are optional; "()" means none.
type actor struct {
	kind  string // "Person", "Organization" or "Tool"
	name  string
	email string
}

// parseActor reads an SPDX 2.3 actor string. NOASSERTION and anything without
// one of the three prefixes and a name is not an actor.
func parseActor(s string) (actor, bool) {
	s = strings.TrimSpace(s)
	for _, kind := range []string{"Person", "Organization", "Tool"} {
		rest, ok := strings.CutPrefix(s, kind+":")
		if !ok {
			continue
		}
		a := actor{kind: kind, name: strings.TrimSpace(rest)}
		if kind != "Tool" && strings.HasSuffix(a.name, ")") {
			if open := strings.LastIndexByte(a.name, '('); open >= 0 {
				a.email = strings.TrimSpace(a.name[open+1 : len(a.name)-1])
				a.name = strings.TrimSpace(a.name[:open])
			}
		}
		return a, a.name != ""
	}
	return actor{}, false
}

// agent returns the IRI of the Agent (Person or Organization) or Tool for a, or
// of the SoftwareAgent standing for a Tool when software is true, adding the
// element the first time a is seen. Equal actors share one element; the IRI is
// <namespace>#<type>-<16 hex digits of SHA-256 of the actor>, so it is the same
// in every conversion of the document and never looks like an SPDX 2.3 ID.
func (c *converter) agent(a actor, software bool) string {
	typ := a.kind
	if software {
		typ = "SoftwareAgent"
	}
	key := typ + "\x00" + a.name + "\x00" + a.email
	if iri, ok := c.agentIRI[key]; ok {
		return iri
	}
	iri := c.ns + typ + "-" + shortHash(key)
	e := agent{element{Type: typ, SpdxID: iri, CreationInfo: creationInfoID, Name: a.name}}
	if a.email != "" {
		e.ExternalIdentifier = []externalIdentifier{{Type: "ExternalIdentifier", IDType: "email", Identifier: a.email}}
	}
	c.agentIRI[key] = iri
	c.agents = append(c.agents, e)
	c.agentList = append(c.agentList, iri)
	return iri
}
