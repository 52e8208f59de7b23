// Package locale owns language-dependent formatting: URL slugs, dates and
// numbers written the way readers of a language expect them.
//
// A date may be known only to a month, a season or a year (Precision):
// DateAt writes it as precisely as it is known, «september 2021», «høsten
// 2021», «2021».
//
// It knows languages, not sites: the site's language and time zone come from
// data/site.yaml. Norwegian bokmål ("nb") writes 24. juni 2025, 20 566 and
// 4,6 mill. kr; English ("en") writes 24 June 2025, 20,566 and NOK 4.6 million.
package locale

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Locale formats dates and numbers for one language.
type Locale struct {
	Lang     string
	months   [12]string
	decimal  string // decimal separator
	group    string // thousands separator
	dateFmt  func(l *Locale, t time.Time) string
	millions string    // format of an amount in millions of kroner, %s is the number
	percent  string    // format of a percentage, %s is the number
	seasons  [4]string // spring, summer, autumn, winter: «høsten» in «høsten 2021»
}

// Precision is how precisely a date is known. The zero value is a full date.
type Precision uint8

// The precisions of a date. A season is of a year: Winter is the winter at
// the start of the year (January and February).
const (
	Day Precision = iota
	Month
	Spring
	Summer
	Autumn
	Winter
	Year
)

// Seasons are the names of the seasons as written in dates (2021-autumn), in
// the order of the precisions Spring … Winter.
var Seasons = [4]string{"spring", "summer", "autumn", "winter"}

// SeasonStart returns the month a season starts in, which dates of that
// precision are placed at: March, June, September and January.
func SeasonStart(p Precision) time.Month {
	switch p {
	case Spring:
		return time.March
	case Summer:
		return time.June
	case Autumn:
		return time.September
	}
	return time.January
}

// IsSeason reports whether p is one of the seasons.
func (p Precision) IsSeason() bool { return p >= Spring && p <= Winter }

var nb = Locale{
	Lang:    "nb",
	months:  [12]string{"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"},
	decimal: ",",
	group:   "\u00a0",
	dateFmt: func(l *Locale, t time.Time) string {
		return fmt.Sprintf("%d. %s %d", t.Day(), l.months[t.Month()-1], t.Year())
	},
	millions: "%s\u00a0mill.\u00a0kr",
	percent:  "%s\u00a0%%",
	seasons:  [4]string{"våren", "sommeren", "høsten", "vinteren"},
}

var en = Locale{
	Lang:    "en",
	months:  [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	decimal: ".",
	group:   ",",
	dateFmt: func(l *Locale, t time.Time) string {
		return fmt.Sprintf("%d %s %d", t.Day(), l.months[t.Month()-1], t.Year())
	},
	millions: "NOK\u00a0%s million",
	percent:  "%s%%",
	seasons:  [4]string{"spring", "summer", "autumn", "winter"},
}

// For returns the locale of a language code, and false if it is not known.
func For(lang string) (*Locale, bool) {
	switch lang {
	case "nb", "no", "nn":
		l := nb
		return &l, true
	case "en":
		l := en
		return &l, true
	}
	return nil, false
}

// Date formats a date, e.g. "24. juni 2025".
func (l *Locale) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.dateFmt(l, t)
}

// DateAt formats a date as precisely as it is known: "24. juni 2025",
// "september 2021", "høsten 2021" or "2021".
func (l *Locale) DateAt(t time.Time, p Precision) string {
	if t.IsZero() {
		return ""
	}
	switch {
	case p == Month:
		return l.MonthYear(t)
	case p == Year:
		return strconv.Itoa(t.Year())
	case p.IsSeason():
		return l.seasons[p-Spring] + " " + strconv.Itoa(t.Year())
	}
	return l.Date(t)
}

// SeasonName returns the language's word for a season as used before a
// year: «høsten», "autumn"; "" for a precision that is not a season.
func (l *Locale) SeasonName(p Precision) string {
	if !p.IsSeason() {
		return ""
	}
	return l.seasons[p-Spring]
}

// MonthYear formats a month, e.g. "februar 2022".
func (l *Locale) MonthYear(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%s %d", l.months[t.Month()-1], t.Year())
}

// Month returns the name of month m (1–12).
func (l *Locale) Month(m int) string {
	if m < 1 || m > 12 {
		return ""
	}
	return l.months[m-1]
}

// Number formats x with as many decimals as it needs (at most three), grouping
// thousands (also in four-digit numbers, so that columns line up): 20566 →
// "20 566", 1052 → "1 052", 4.6 → "4,6". Years are not numbers: print them
// as they are.
func (l *Locale) Number(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > 3 {
		s = strconv.FormatFloat(x, 'f', 3, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return l.localize(s)
}

// Decimal formats x with exactly n decimals: Decimal(4, 1) → "4,0".
func (l *Locale) Decimal(x float64, n int) string {
	return l.localize(strconv.FormatFloat(x, 'f', max(n, 0), 64))
}

// Millions formats an amount in millions of kroner: 4.6 → "4,6 mill. kr".
func (l *Locale) Millions(x float64) string {
	return fmt.Sprintf(l.millions, l.Number(x))
}

// Percent formats a percentage, rounded to a whole number: 86.96 → "87 %".
func (l *Locale) Percent(x float64) string {
	return fmt.Sprintf(l.percent, l.Number(math.Round(x)))
}

// localize turns a number formatted by strconv into the locale's form.
func (l *Locale) localize(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "\u2212", s[1:] // a real minus sign
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if len(intPart) >= 4 {
		var b strings.Builder
		for i, r := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteString(l.group)
			}
			b.WriteRune(r)
		}
		intPart = b.String()
	}
	if hasFrac {
		return sign + intPart + l.decimal + frac
	}
	return sign + intPart
}

// Slug turns text into the part of a URL path that names it: lower case
// letters a–z, digits and hyphens; æ becomes ae, ø becomes o and å becomes a.
// "Bærekraft og mobilitet" → "baerekraft-og-mobilitet".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		repl, ok := translit[r]
		switch {
		case ok:
			b.WriteString(repl)
			dash = false
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

var translit = map[rune]string{
	'æ': "ae", 'ø': "o", 'å': "a", 'ä': "a", 'ö': "o", 'ü': "u", 'é': "e", 'è': "e",
	'ê': "e", 'á': "a", 'à': "a", 'ó': "o", 'ô': "o", 'í': "i", 'ñ': "n", 'ç': "c", 'ß': "ss",
}

// Quotes returns the language's primary and secondary quotation marks: «» and
// ‘’ in Norwegian, “” and ‘’ in English.
func (l *Locale) Quotes() (leftDouble, rightDouble, leftSingle, rightSingle string) {
	if l.Lang == "en" {
		return "“", "”", "‘", "’"
	}
	return "«", "»", "‘", "’"
}

// FileSize formats a size in bytes: 1234 → "1,2 kB", 3400000 → "3,2 MB".
func (l *Locale) FileSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d\u00a0B", n)
	case n < 1000*1000:
		return l.Decimal(float64(n)/1000, 1) + "\u00a0kB"
	}
	return l.Decimal(float64(n)/1000/1000, 1) + "\u00a0MB"
}
