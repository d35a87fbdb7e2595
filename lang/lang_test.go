package lang

import "testing"

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"en": "en", "en-US": "en", "sq_AL": "sq", "EN": "en", " sq ": "sq", "": "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
