package corpus

import (
	"reflect"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Ai erdhi. Ajo iku!", []string{"Ai erdhi.", "Ajo iku!"}},
		{"tha ai.Krasniqi tha", []string{"tha ai.", "Krasniqi tha"}},
		{"Rreth 5.2 milionë\nRreshti tjetër", []string{"Rreth 5.2 milionë", "Rreshti tjetër"}},
		{`"Po." Pastaj`, []string{`"Po."`, "Pastaj"}},
	}
	for _, tt := range tests {
		if got := Sentences(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Sentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTransliteration(t *testing.T) {
	for _, s := range []string{"Љубав и њива, ђак и ћерка, џеп и шума.", "Влада је усвојила буџет."} {
		if got := SerbianToCyrillic(SerbianToLatin(s)); got != s {
			t.Errorf("round trip of %q gave %q", s, got)
		}
	}
	if got := StripDiacritics("Është çështje e ëmbël"); got != "Eshte ceshtje e embel" {
		t.Errorf("StripDiacritics = %q", got)
	}
}
