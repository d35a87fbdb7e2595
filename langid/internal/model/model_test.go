package model

import (
	"bytes"
	"reflect"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	m := &Model{Langs: []string{"sq", "en"}, Scripts: []uint8{2, 2}, Bits: 8, Scale: 16, Cost: make([]uint8, 2<<8)}
	m.Cost[7] = 200
	var b bytes.Buffer
	if err := m.Encode(&b); err != nil {
		t.Fatal(err)
	}
	enc := b.Bytes()
	got, err := Decode(bytes.NewReader(enc))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Errorf("round trip changed the model")
	}
	if _, err := Decode(bytes.NewReader(enc[:len(enc)/2])); err == nil {
		t.Error("truncated model decoded")
	}
}
