package jsonschema

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// decimal is an exact JSON number: digits × 10^exp, normalised (no leading
// or trailing zeros in digits; zero is "" with exp 0 and not negative), so
// that equal numbers are equal structs. It keeps "1e999999999" cheap, where
// a big.Rat would not be.
type decimal struct {
	neg    bool
	digits string
	exp    int64
}

// maxExp bounds exponents; JSON texts long enough to need more do not exist.
const maxExp = 1 << 50

// parseDecimal parses the JSON number syntax.
func parseDecimal(s string) (decimal, bool) {
	if !isJSONNumber(s) {
		return decimal{}, false
	}
	var d decimal
	if s[0] == '-' {
		d.neg = true
		s = s[1:]
	}
	mant, expPart, hasExp := strings.Cut(strings.ToLower(s), "e")
	intPart, frac, _ := strings.Cut(mant, ".")
	var exp int64
	if hasExp {
		e := strings.TrimPrefix(expPart, "+")
		n, err := strconv.ParseInt(e, 10, 64)
		if err != nil || n > maxExp || n < -maxExp {
			// Only the sign matters now.
			n = maxExp
			if strings.HasPrefix(e, "-") {
				n = -maxExp
			}
		}
		exp = n
	}
	d.digits = intPart + frac
	d.exp = exp - int64(len(frac))
	return d.normalise(), true
}

func (d decimal) normalise() decimal {
	digits := strings.TrimLeft(d.digits, "0")
	trimmed := strings.TrimRight(digits, "0")
	d.exp += int64(len(digits) - len(trimmed))
	d.digits = trimmed
	if d.digits == "" {
		return decimal{}
	}
	return d
}

// toDecimal converts an instance or schema number.
func toDecimal(v any) (decimal, bool) {
	switch v := v.(type) {
	case json.Number:
		return parseDecimal(string(v))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return decimal{}, false
		}
		return parseDecimal(strconv.FormatFloat(v, 'e', -1, 64))
	case int:
		return parseDecimal(strconv.Itoa(v))
	case int64:
		return parseDecimal(strconv.FormatInt(v, 10))
	}
	return decimal{}, false
}

// cmp compares two decimals: -1, 0 or +1.
func (d decimal) cmp(e decimal) int {
	switch {
	case d == e:
		return 0
	case d.digits == "":
		if e.neg {
			return 1
		}
		return -1
	case e.digits == "":
		if d.neg {
			return -1
		}
		return 1
	case d.neg != e.neg:
		if d.neg {
			return -1
		}
		return 1
	}
	c := d.cmpAbs(e)
	if d.neg {
		return -c
	}
	return c
}

// cmpAbs compares the magnitudes of two non-zero decimals.
func (d decimal) cmpAbs(e decimal) int {
	// The position of the most significant digit decides first.
	dm, em := int64(len(d.digits))+d.exp, int64(len(e.digits))+e.exp
	if dm != em {
		if dm < em {
			return -1
		}
		return 1
	}
	// Then the digits, from the most significant; with no trailing zeros a
	// longer string that shares the shorter's prefix is larger.
	n := min(len(d.digits), len(e.digits))
	if c := strings.Compare(d.digits[:n], e.digits[:n]); c != 0 {
		return c
	}
	switch {
	case len(d.digits) < len(e.digits):
		return -1
	case len(d.digits) > len(e.digits):
		return 1
	}
	return 0
}

// multipleOf reports whether d is an integer multiple of m (m > 0).
func (d decimal) multipleOf(m decimal) bool {
	if d.digits == "" {
		return true
	}
	x, _ := new(big.Int).SetString(d.digits, 10)
	y, _ := new(big.Int).SetString(m.digits, 10)
	shift := d.exp - m.exp
	ten := big.NewInt(10)
	if shift >= 0 {
		// y | x·10^shift. Beyond the powers of 2 and 5 in y, a larger shift
		// changes nothing.
		shift = min(shift, int64(4*len(m.digits)+4))
		x.Mul(x, new(big.Int).Exp(ten, big.NewInt(shift), nil))
	} else {
		// y·10^-shift | x, impossible when that exceeds x.
		if -shift > int64(len(d.digits)) {
			return false
		}
		y.Mul(y, new(big.Int).Exp(ten, big.NewInt(-shift), nil))
	}
	return new(big.Int).Rem(x, y).Sign() == 0
}

func (d decimal) String() string {
	if d.digits == "" {
		return "0"
	}
	var b strings.Builder
	if d.neg {
		b.WriteByte('-')
	}
	switch {
	case d.exp >= 0 && d.exp <= 21:
		b.WriteString(d.digits)
		b.WriteString(strings.Repeat("0", int(d.exp)))
	case d.exp < 0 && -d.exp < int64(len(d.digits)):
		point := len(d.digits) + int(d.exp)
		b.WriteString(d.digits[:point])
		b.WriteByte('.')
		b.WriteString(d.digits[point:])
	case d.exp < 0 && -d.exp <= int64(len(d.digits))+6:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", int(-d.exp)-len(d.digits)))
		b.WriteString(d.digits)
	default:
		b.WriteString(d.digits[:1])
		if len(d.digits) > 1 {
			b.WriteByte('.')
			b.WriteString(d.digits[1:])
		}
		b.WriteByte('e')
		b.WriteString(strconv.FormatInt(d.exp+int64(len(d.digits))-1, 10))
	}
	return b.String()
}
