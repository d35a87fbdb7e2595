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

func TestCacheGetAllocs(t *testing.T) {
	loads := 0
	c := NewCache(func(code string, p *Pack) (int, error) { loads++; return len(code), nil })
	c.Get("sq")
	if n := testing.AllocsPerRun(100, func() { c.Get("sq") }); n != 0 {
		t.Errorf("Get of a cached language: %v allocations, want 0", n)
	}
	if v, err := c.Get("sq"); v != 2 || err != nil || loads != 1 {
		t.Errorf("Get = %d, %v after %d loads; want 2, nil after 1", v, err, loads)
	}
}
