package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Limits of an error line. An offending value (an unknown currency, an id, a
// flag value) can be as long as the input, and the line that names it must
// stay readable on a terminal and in a log.
const (
	keepChars = 40   // characters kept of a value that is cut, before "..."
	maxBare   = 80   // longest word outside quotes printed whole (field paths stay whole)
	maxLine   = 1000 // longest line, in characters, before it is cut
)

// printError writes err as the command's one error line on w. Every error
// the command prints goes through here.
func printError(w io.Writer, err error) {
	fmt.Fprintln(w, "billingkit: "+errorLine(err))
}

// errorLine renders err on one line: a (possibly joined) error's lines are
// joined with "; " and runs of white space become one space; a quoted value
// ("...", as %q writes it) longer than keepChars characters keeps its first
// keepChars followed by "..." inside the quotes; a word outside quotes
// longer than maxBare characters (an id printed bare) keeps its first
// keepChars followed by "..."; and a line still longer than maxLine
// characters (many problems at once) is cut there, ending in "...".
func errorLine(err error) string {
	s := strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
	s = shortenValues(s)
	if utf8.RuneCountInString(s) > maxLine {
		s = firstRunes(s, maxLine) + "..."
	}
	return s
}

// shortenValues cuts long quoted values and long bare words of s (a line
// whose white space is single spaces).
func shortenValues(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ':
			b.WriteByte(' ')
			i++
			continue
		case c == '"' && !(i > 0 && s[i-1] == '\'' && i+1 < len(s) && s[i+1] == '\''): // not the rune literal '"'
			if end := closingQuote(s, i+1); end >= 0 {
				b.WriteByte('"')
				b.WriteString(cutQuoted(s[i+1 : end]))
				b.WriteByte('"')
				i = end + 1
				continue
			}
		}
		// A bare word: up to the next space or opening quote.
		j := i + 1
		for j < len(s) && s[j] != ' ' && s[j] != '"' {
			j++
		}
		word := s[i:j]
		if utf8.RuneCountInString(word) > maxBare {
			// Keep the punctuation that ends the word ("id:" stays "id...:").
			body := strings.TrimRight(word, ":;,.)]")
			if len(word)-len(body) > 2 {
				body = word
			}
			word = firstRunes(body, keepChars) + "..." + word[len(body):]
		}
		b.WriteString(word)
		i = j
	}
	return b.String()
}

// closingQuote returns the index of the quote that closes a quoted string
// whose contents start at s[from], skipping backslash escapes, or -1.
func closingQuote(s string, from int) int {
	for i := from; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// cutQuoted shortens the contents q of a quoted string to keepChars
// characters and "...", counting an escape sequence (\n, \x00, \u00e9,
// \U0001f600, \000) as one character and never splitting one.
func cutQuoted(q string) string {
	n, i := 0, 0
	for i < len(q) {
		if n == keepChars {
			return q[:i] + "..."
		}
		if q[i] == '\\' && i+1 < len(q) {
			w := 2
			switch c := q[i+1]; {
			case c == 'x':
				w = 4
			case c == 'u':
				w = 6
			case c == 'U':
				w = 10
			case c >= '0' && c <= '7':
				w = 4
			}
			i = min(i+w, len(q))
		} else {
			_, w := utf8.DecodeRuneInString(q[i:])
			i += w
		}
		n++
	}
	return q
}

// firstRunes returns the first n characters of s.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
