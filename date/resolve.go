package date

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// pubDate is the publication date at the precision it is known.
type pubDate struct {
	y, m, d int
	prec    int // 0 unknown, 1 year, 2 month, 3 day
}

func parsePub(s string) pubDate {
	s = strings.TrimSpace(s)
	if len(s) > 10 {
		s = s[:10]
	}
	parts := strings.Split(s, "-")
	var p pubDate
	for k, part := range parts {
		if k > 2 {
			break
		}
		n, err := strconv.Atoi(part)
		if err != nil {
			break
		}
		switch k {
		case 0:
			if len(part) != 4 {
				return pubDate{}
			}
			p.y = n
		case 1:
			if n < 1 || n > 12 {
				return p
			}
			p.m = n
		case 2:
			if n < 1 || n > daysIn(p.y, p.m) {
				return p
			}
			p.d = n
		}
		p.prec = k + 1
	}
	return p
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func (p pubDate) time() time.Time {
	return time.Date(p.y, time.Month(p.m), p.d, 0, 0, 0, 0, time.UTC)
}

type kind uint8

const (
	absolute   kind = iota // year, month, day as given (some may be 0)
	weekdayK               // a weekday, with an optional last/next modifier
	dayOff                 // a day relative to publication
	unitOff                // a calendar unit relative to publication
	agoK                   // n units before publication
	refK                   // PRESENT_REF and the like
	quarterK               // a quarter of a given or the publication year
	seasonK                // a season
	clockK                 // a clock time on the publication day
	unresolved             // understood but not resolvable
	decadeK                // the 1990s
)

// expr is what a date expression means, before resolution.
type expr struct {
	kind             kind
	year, month, day int
	wd               int // weekday, Sunday = 0
	mod              int // -1 last, +1 next, 0 none
	hasMod           bool
	unit             string
	off              int
	ref              string
	rel              string
	season           string
	quarter          int
	hh, mm           int
	decade           string
	future           bool // a future cue precedes it
}

// resolve gives the TIMEX3 value, or nil and a gloss of what it means.
func (e expr) resolve(p pubDate, weeks bool) (*string, string) {
	str := func(f string, a ...any) (*string, string) {
		v := fmt.Sprintf(f, a...)
		return &v, ""
	}
	switch e.kind {
	case absolute:
		y := e.year
		if y == 0 {
			if p.prec == 0 {
				return nil, e.gloss()
			}
			y = p.y
			if p.prec >= 2 && e.month != 0 {
				// The latest such date not after publication, or the
				// earliest not before it when the context looks ahead.
				after := e.month > p.m || (e.month == p.m && e.day != 0 && p.prec == 3 && e.day > p.d)
				before := e.month < p.m || (e.month == p.m && e.day != 0 && p.prec == 3 && e.day < p.d)
				switch {
				case e.hasMod && e.mod < 0:
					if !before {
						y--
					}
				case e.hasMod && e.mod > 0:
					if !after {
						y++
					}
				case e.future:
					// Looking ahead: the nearer of this year's date and
					// the next or previous year's.
					if before && e.ahead(p) < e.back(p) {
						y++
					}
				case after && !e.soon(p):
					// The latest such date not after publication, unless
					// the next one is much nearer ("Dec. 15" in a
					// November article announces, it does not recall).
					y--
				case before && e.soon(p):
					y++
				}
			} else if e.hasMod {
				y += e.mod
			}
		}
		switch {
		case e.month == 0:
			return str("%04d", y)
		case e.day == 0:
			return str("%04d-%02d", y, e.month)
		}
		return str("%04d-%02d-%02d", y, e.month, e.day)
	case weekdayK:
		if p.prec < 3 {
			return nil, e.gloss()
		}
		t := p.time()
		pw := int(t.Weekday())
		var delta int
		switch {
		case e.hasMod && e.mod > 0:
			delta = (e.wd - pw + 7) % 7
			if delta == 0 {
				delta = 7
			}
		case e.hasMod && e.mod < 0:
			delta = -((pw - e.wd + 7) % 7)
			if delta == 0 {
				delta = -7
			}
		case e.future:
			delta = (e.wd - pw + 7) % 7
		default:
			delta = -((pw - e.wd + 7) % 7)
		}
		return str("%s", t.AddDate(0, 0, delta).Format("2006-01-02"))
	case dayOff:
		if p.prec < 3 {
			return nil, e.gloss()
		}
		return str("%s", p.time().AddDate(0, 0, e.off).Format("2006-01-02"))
	case unitOff, agoK:
		off := e.off
		if e.kind == agoK {
			off = -off
		}
		switch e.unit {
		case "day":
			if p.prec < 3 {
				return nil, e.gloss()
			}
			return str("%s", p.time().AddDate(0, 0, off).Format("2006-01-02"))
		case "week":
			if p.prec < 3 {
				return nil, e.gloss()
			}
			t := p.time().AddDate(0, 0, 7*off)
			if e.kind == agoK {
				return str("%s", t.Format("2006-01-02"))
			}
			if !weeks {
				return nil, e.gloss()
			}
			y, w := t.ISOWeek()
			return str("%04d-W%02d", y, w)
		case "month":
			if p.prec < 2 {
				return nil, e.gloss()
			}
			t := time.Date(p.y, time.Month(p.m)+time.Month(off), 1, 0, 0, 0, 0, time.UTC)
			return str("%s", t.Format("2006-01"))
		case "quarter":
			if p.prec < 2 {
				return nil, e.gloss()
			}
			q := (p.y*4 + (p.m-1)/3) + off
			return str("%04d-Q%d", q/4, q%4+1)
		case "year":
			if p.prec < 1 {
				return nil, e.gloss()
			}
			return str("%04d", p.y+off)
		}
		return nil, e.gloss()
	case refK:
		return str("%s", e.ref)
	case quarterK:
		y := e.year
		if y == 0 {
			if p.prec < 1 {
				return nil, e.gloss()
			}
			y = p.y
		}
		return str("%04d-Q%d", y, e.quarter)
	case seasonK:
		y := e.year
		if y == 0 {
			if p.prec < 1 {
				return nil, e.gloss()
			}
			y = p.y + e.mod
		}
		return str("%04d-%s", y, e.season)
	case clockK:
		if p.prec < 3 {
			return nil, e.gloss()
		}
		return str("%04d-%02d-%02dT%02d:%02d", p.y, p.m, p.d, e.hh, e.mm)
	case decadeK:
		return str("%s", e.decade)
	}
	return nil, e.gloss()
}

// gloss describes an unresolved expression in English for Date.Relative.
func (e expr) gloss() string {
	if e.rel != "" {
		return e.rel
	}
	u := e.unit // the pack's unit values are the English unit names
	switch e.kind {
	case weekdayK:
		return time.Weekday(e.wd).String()
	case dayOff:
		switch e.off {
		case -1:
			return "yesterday"
		case 0:
			return "today"
		case 1:
			return "tomorrow"
		}
		return fmt.Sprintf("%+d days", e.off)
	case unitOff:
		switch e.off {
		case -1:
			return "last " + u
		case 0:
			return "this " + u
		case 1:
			return "next " + u
		}
		return fmt.Sprintf("%+d %ss", e.off, u)
	case agoK:
		return fmt.Sprintf("%d %ss ago", e.off, u)
	case absolute:
		if e.month != 0 {
			if e.day != 0 {
				return fmt.Sprintf("%s %d", time.Month(e.month), e.day)
			}
			return time.Month(e.month).String()
		}
	}
	return "relative"
}

// soon reports whether the next occurrence of a month (and day) is close
// ahead of publication while the previous one is far behind: news
// announce upcoming dates more often than they recall year-old ones.
func (e expr) soon(p pubDate) bool {
	a := e.ahead(p)
	return a <= 75 && 3*a < e.back(p)
}

// ahead and back are the distances in days from publication to the next
// and the previous occurrence of a month (and day) without a year.
func (e expr) ahead(p pubDate) int {
	t := p.anchor()
	for y := p.y; y <= p.y+1; y++ {
		if c := e.on(y); !c.Before(t) {
			return int(c.Sub(t).Hours() / 24)
		}
	}
	return 1 << 30
}

func (e expr) back(p pubDate) int {
	t := p.anchor()
	for y := p.y; y >= p.y-1; y-- {
		if c := e.on(y); !c.After(t) {
			return int(t.Sub(c).Hours() / 24)
		}
	}
	return 1 << 30
}

func (e expr) on(y int) time.Time {
	d := e.day
	if d == 0 {
		d = 15
	}
	return time.Date(y, time.Month(e.month), d, 0, 0, 0, 0, time.UTC)
}

// anchor is the publication day, or the middle of its month.
func (p pubDate) anchor() time.Time {
	d := p.d
	if p.prec < 3 {
		d = 15
	}
	return time.Date(p.y, time.Month(p.m), d, 0, 0, 0, 0, time.UTC)
}
