package tagger

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// The model file is gzip over: the magic, a format version, then
// varint-encoded fields (types, tags, the cluster table, the gazetteer,
// and the weight rows of each stage, sorted by row).
const (
	modelMagic   = "KRNKTAG\n"
	modelVersion = 1
)

// Save writes the model in its versioned binary format.
func (m *Model) Save(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("tagger: save: %w", err)
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	uv := func(x uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], x)]) }
	sv := func(x int64) { bw.Write(buf[:binary.PutVarint(buf[:], x)]) }
	str := func(s string) { uv(uint64(len(s))); bw.WriteString(s) }
	bw.WriteString(modelMagic)
	uv(modelVersion)
	uv(rowBits)
	uv(uint64(len(m.types)))
	for _, t := range m.types {
		str(t)
	}
	uv(uint64(len(m.tags)))
	for _, t := range m.tags {
		str(t)
	}
	for _, mp := range []*u64map{&m.clusters, &m.gaz} {
		var keys []uint64
		mp.each(func(k uint64, _ uint32) { keys = append(keys, k) })
		slices.Sort(keys)
		uv(uint64(len(keys)))
		for _, k := range keys {
			binary.LittleEndian.PutUint64(buf[:8], k)
			bw.Write(buf[:8])
			v, _ := mp.get(k)
			uv(uint64(v))
		}
	}
	uv(uint64(len(m.stages)))
	for _, st := range m.stages {
		uv(uint64(math.Float32bits(st.scale)))
		var rows []uint32
		for sl := range st.size() {
			if k := st.key(sl); k != 0 {
				rows = append(rows, k-1)
			}
		}
		slices.Sort(rows)
		uv(uint64(len(rows)))
		prev := uint32(0)
		for _, r := range rows {
			uv(uint64(r - prev))
			prev = r
		}
		for _, r := range rows {
			s := st.slot(r)
			for _, x := range st.wrow(s) {
				sv(int64(x))
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("tagger: save: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("tagger: save: %w", err)
	}
	return nil
}

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("tagger: load: %w", err)
	}
	br := bufio.NewReader(zr)
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(br, magic); err != nil || string(magic) != modelMagic {
		return nil, errors.New("tagger: load: not a tagger model")
	}
	var rerr error
	uv := func() uint64 {
		x, err := binary.ReadUvarint(br)
		if err != nil && rerr == nil {
			rerr = err
		}
		return x
	}
	sv := func() int64 {
		x, err := binary.ReadVarint(br)
		if err != nil && rerr == nil {
			rerr = err
		}
		return x
	}
	// Lengths come from the file: bound them before allocating.
	count := func(limit uint64) int {
		n := uv()
		if n > limit {
			if rerr == nil {
				rerr = fmt.Errorf("count %d over limit %d", n, limit)
			}
			return 0
		}
		return int(n)
	}
	str := func() string {
		b := make([]byte, count(1024))
		if _, err := io.ReadFull(br, b); err != nil && rerr == nil {
			rerr = err
		}
		return string(b)
	}
	if v := uv(); v != modelVersion {
		return nil, fmt.Errorf("tagger: load: model format version %d, want %d", v, modelVersion)
	}
	if b := uv(); b != rowBits {
		return nil, fmt.Errorf("tagger: load: model has %d row bits, want %d", b, rowBits)
	}
	m := &Model{}
	for range count(8) {
		m.types = append(m.types, str())
	}
	for range count(250) {
		m.tags = append(m.tags, str())
	}
	if rerr != nil {
		return nil, fmt.Errorf("tagger: load: %w", rerr)
	}
	for _, t := range m.tags {
		if t == "O" {
			m.tagKind, m.tagType = append(m.tagKind, 'O'), append(m.tagType, -1)
			continue
		}
		k, ty, ok := strings.Cut(t, "-")
		i := slices.Index(m.types, ty)
		if !ok || len(k) != 1 || !strings.Contains("BILU", k) || i < 0 {
			return nil, fmt.Errorf("tagger: load: bad tag %q", t)
		}
		m.tagKind, m.tagType = append(m.tagKind, k[0]), append(m.tagType, int8(i))
	}
	var b8 [8]byte
	for _, mp := range []*u64map{&m.clusters, &m.gaz} {
		n := count(1 << 24)
		*mp = newU64map(n)
		for range n {
			if _, err := io.ReadFull(br, b8[:]); err != nil {
				return nil, fmt.Errorf("tagger: load: %w", err)
			}
			mp.put(binary.LittleEndian.Uint64(b8[:]), uint32(uv()))
		}
	}
	nt := len(m.tags)
	for range count(4) {
		scale := math.Float32frombits(uint32(uv()))
		n := count(1 << rowBits)
		rows := make([]uint32, n)
		prev := uint64(0)
		for i := range rows {
			prev += uv()
			if prev >= 1<<rowBits {
				return nil, errors.New("tagger: load: row out of range")
			}
			rows[i] = uint32(prev)
		}
		st := newWeights(nt, n)
		st.scale = scale
		q := make([]int16, nt)
		for _, r := range rows {
			for k := range q {
				x := sv()
				if x < math.MinInt16 || x > math.MaxInt16 {
					return nil, errors.New("tagger: load: weight out of range")
				}
				q[k] = int16(x)
			}
			st.insert(r, q)
		}
		if rerr != nil {
			return nil, fmt.Errorf("tagger: load: %w", rerr)
		}
		m.stages = append(m.stages, st)
	}
	if rerr != nil {
		return nil, fmt.Errorf("tagger: load: %w", rerr)
	}
	if len(m.stages) == 0 || len(m.tags) == 0 {
		return nil, errors.New("tagger: load: empty model")
	}
	return m, nil
}
