// Package model holds the language identifier's trained table, its file
// format, and the scoring loop shared by the identifier and its trainer.
package model

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/kronika/kronika/langid/internal/ngram"
)

const magic = "KLID1\n"

// Model is a naive-Bayes table over hashed character n-grams. For each
// bucket and language it stores the cost of the n-gram in that language
// above the cheapest language for the bucket, in 1/Scale nats and capped
// at 255: subtracting a per-bucket constant changes every language's total
// alike, so the ranking is kept while one byte holds a cell.
type Model struct {
	Langs   []string // ISO 639-1 codes, "sh" for Serbo-Croatian
	Scripts []uint8  // per language: bit ngram.Latin etc. set for each script it is written in
	Bits    uint     // log2 of the number of buckets
	Scale   float32  // cost units per nat
	Cost    []uint8  // [bucket*len(Langs)+lang]
}

// Buckets is the table size.
func (m *Model) Buckets() int { return 1 << m.Bits }

// Encode writes m gzip-compressed.
func (m *Model) Encode(w io.Writer) error {
	z, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	var hdr bytes.Buffer
	hdr.WriteString(magic)
	hdr.WriteByte(byte(len(m.Langs)))
	for i, l := range m.Langs {
		if len(l) != 2 {
			return fmt.Errorf("model: language code %q is not two letters", l)
		}
		hdr.WriteString(l)
		hdr.WriteByte(m.Scripts[i])
	}
	hdr.WriteByte(byte(m.Bits))
	binary.Write(&hdr, binary.LittleEndian, m.Scale)
	if _, err := z.Write(hdr.Bytes()); err != nil {
		return fmt.Errorf("model: %w", err)
	}
	if _, err := z.Write(m.Cost); err != nil {
		return fmt.Errorf("model: %w", err)
	}
	return z.Close()
}

// Decode reads a model written by Encode.
func Decode(r io.Reader) (*Model, error) {
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	if !bytes.HasPrefix(b, []byte(magic)) || len(b) < len(magic)+1 {
		return nil, errors.New("model: bad magic")
	}
	b = b[len(magic):]
	n := int(b[0])
	b = b[1:]
	if len(b) < 3*n+5 {
		return nil, errors.New("model: truncated header")
	}
	m := &Model{}
	for i := 0; i < n; i++ {
		m.Langs = append(m.Langs, string(b[:2]))
		m.Scripts = append(m.Scripts, b[2])
		b = b[3:]
	}
	m.Bits = uint(b[0])
	m.Scale = float32frombits(binary.LittleEndian.Uint32(b[1:]))
	b = b[5:]
	if m.Bits < 8 || m.Bits > 24 || len(b) != n<<m.Bits {
		return nil, fmt.Errorf("model: table of %d bytes does not fit %d languages and %d bits", len(b), n, m.Bits)
	}
	m.Cost = b
	return m, nil
}

// Add accumulates into cost (one entry per language) the cost of each
// hashed n-gram; the language with the lowest total is the most likely.
func (m *Model) Add(hashes []uint64, cost []int32) {
	n := len(m.Langs)
	cost = cost[:n]
	for _, h := range hashes {
		i := int(ngram.Bucket(h, m.Bits)) * n
		row := m.Cost[i : i+n]
		for l, c := range row {
			cost[l] += int32(c)
		}
	}
}
