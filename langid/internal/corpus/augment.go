package corpus

import "strings"

// Serbian is written in both scripts and the mapping between them is one to
// one, so each script's text is also trained in the other script; this
// gives Latin Serbian the Cyrillic man pages and Cyrillic Bosnian the Latin
// catalogues.
var (
	cyrToLat = strings.NewReplacer(
		"а", "a", "б", "b", "в", "v", "г", "g", "д", "d", "ђ", "đ", "е", "e", "ж", "ž", "з", "z", "и", "i",
		"ј", "j", "к", "k", "л", "l", "љ", "lj", "м", "m", "н", "n", "њ", "nj", "о", "o", "п", "p", "р", "r",
		"с", "s", "т", "t", "ћ", "ć", "у", "u", "ф", "f", "х", "h", "ц", "c", "ч", "č", "џ", "dž", "ш", "š",
		"А", "A", "Б", "B", "В", "V", "Г", "G", "Д", "D", "Ђ", "Đ", "Е", "E", "Ж", "Ž", "З", "Z", "И", "I",
		"Ј", "J", "К", "K", "Л", "L", "Љ", "Lj", "М", "M", "Н", "N", "Њ", "Nj", "О", "O", "П", "P", "Р", "R",
		"С", "S", "Т", "T", "Ћ", "Ć", "У", "U", "Ф", "F", "Х", "H", "Ц", "C", "Ч", "Č", "Џ", "Dž", "Ш", "Š")
	latToCyr = strings.NewReplacer(
		"lj", "љ", "nj", "њ", "dž", "џ", "Lj", "Љ", "Nj", "Њ", "Dž", "Џ", "LJ", "Љ", "NJ", "Њ", "DŽ", "Џ",
		"a", "а", "b", "б", "v", "в", "g", "г", "d", "д", "đ", "ђ", "e", "е", "ž", "ж", "z", "з", "i", "и",
		"j", "ј", "k", "к", "l", "л", "m", "м", "n", "н", "o", "о", "p", "п", "r", "р",
		"s", "с", "t", "т", "ć", "ћ", "u", "у", "f", "ф", "h", "х", "c", "ц", "č", "ч", "š", "ш",
		"A", "А", "B", "Б", "V", "В", "G", "Г", "D", "Д", "Đ", "Ђ", "E", "Е", "Ž", "Ж", "Z", "З", "I", "И",
		"J", "Ј", "K", "К", "L", "Л", "M", "М", "N", "Н", "O", "О", "P", "П", "R", "Р",
		"S", "С", "T", "Т", "Ć", "Ћ", "U", "У", "F", "Ф", "H", "Х", "C", "Ц", "Č", "Ч", "Š", "Ш")
)

// SerbianToLatin transliterates Serbian Cyrillic to Latin.
func SerbianToLatin(s string) string { return cyrToLat.Replace(s) }

// SerbianToCyrillic transliterates Serbo-Croatian Latin to Cyrillic. Words
// that are not Serbo-Croatian (names, English terms) come out garbled, as
// they would in a real transliterated text.
func SerbianToCyrillic(s string) string { return latToCyr.Replace(s) }

// plain maps the letters that informal writing drops to their bare forms.
var plain = strings.NewReplacer(
	"ë", "e", "Ë", "E", "ç", "c", "Ç", "C",
	"č", "c", "Č", "C", "ć", "c", "Ć", "C", "š", "s", "Š", "S", "ž", "z", "Ž", "Z", "đ", "dj", "Đ", "Dj",
	"ă", "a", "Ă", "A", "â", "a", "Â", "A", "î", "i", "Î", "I", "ș", "s", "Ș", "S", "ş", "s", "Ş", "S", "ț", "t", "Ț", "T", "ţ", "t", "Ţ", "T",
	"ı", "i", "İ", "I", "ğ", "g", "Ğ", "G", "ö", "o", "Ö", "O", "ü", "u", "Ü", "U")

// StripDiacritics writes s the way hurried or informal text does, without
// ë, ç, č, ş and the like: Albanian comments and chat drop them often.
func StripDiacritics(s string) string { return plain.Replace(s) }
