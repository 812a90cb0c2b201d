package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const (
	readmePath = "../../README.md"
	goRun      = "go run ./cmd/billingkit"
	testdata   = "cmd/billingkit/testdata/" // as a README line, run from the repository root, names it
)

// readmeCommand is one line of a ```sh block that runs the command: a
// pipeline of invocations, the first of which may read a file.
type readmeCommand struct {
	line    string
	stages  [][]string // each stage's arguments after "go run ./cmd/billingkit"
	stdin   string     // the file after "<", relative to the repository root
	comment string
}

// readmeCommands returns every line of the README's ```sh blocks that
// contains "go run ./cmd/billingkit", joined across trailing backslashes.
func readmeCommands(t *testing.T) []readmeCommand {
	t.Helper()
	b, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	var cmds []readmeCommand
	inSh, pending := false, ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		trimmed := strings.TrimSpace(sc.Text())
		switch {
		case !inSh && (trimmed == "```sh" || trimmed == "```bash" || trimmed == "```shell"):
			inSh = true
			continue
		case inSh && strings.HasPrefix(trimmed, "```"):
			inSh = false
			continue
		case !inSh:
			continue
		}
		if strings.HasSuffix(trimmed, `\`) {
			pending += strings.TrimSuffix(trimmed, `\`) + " "
			continue
		}
		line := pending + trimmed
		pending = ""
		if strings.Contains(line, goRun) {
			c, err := parseReadmeCommand(line)
			if err != nil {
				t.Fatalf("README.md:%d: %v", n, err)
			}
			cmds = append(cmds, c)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cmds
}

// parseReadmeCommand reads "go run ./cmd/billingkit ARGS [< FILE] [| go run
// ./cmd/billingkit ARGS]... [# comment]". Anything else a shell would do
// (quotes, variables, other programs, output redirection) is an error
// rather than something run differently from a shell.
func parseReadmeCommand(line string) (readmeCommand, error) {
	c := readmeCommand{line: line}
	if i := strings.Index(line, " #"); i >= 0 {
		line, c.comment = line[:i], strings.TrimSpace(line[i+2:])
	}
	if strings.ContainsAny(line, "'\"$`>&;(){}*?\\") {
		return c, fmt.Errorf("%q: shell syntax this test does not run", c.line)
	}
	for i, stage := range strings.Split(line, "|") {
		stage = strings.TrimSpace(stage)
		rest, ok := strings.CutPrefix(stage, goRun)
		if !ok || (rest != "" && rest[0] != ' ') {
			return c, fmt.Errorf("%q: stage %q does not run %q", c.line, stage, goRun)
		}
		args := strings.Fields(rest)
		for j, a := range args {
			if !strings.HasPrefix(a, "<") {
				continue
			}
			file, last := a[1:], j == len(args)-1
			if file == "" && j == len(args)-2 {
				file, last = args[j+1], true
			}
			if i != 0 || file == "" || !last {
				return c, fmt.Errorf("%q: only the first stage may read a file, with < FILE at its end", c.line)
			}
			c.stdin, args = file, args[:j]
			break
		}
		c.stages = append(c.stages, args)
	}
	return c, nil
}

// runReadmeCommand runs c in-process, as a shell at the repository root
// would: the first stage reads the file named after "<" (which must be in
// cmd/billingkit/testdata), and each stage's standard output is the next
// one's standard input. It returns the last stage's standard output.
func runReadmeCommand(c readmeCommand) (string, error) {
	var in []byte
	if c.stdin != "" {
		name, found := strings.CutPrefix(path.Clean(c.stdin), testdata)
		if !found || strings.Contains(name, "/") {
			return "", fmt.Errorf("reads %q, which is not a file of %s", c.stdin, testdata)
		}
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			return "", err
		}
		in = b
	}
	for i, args := range c.stages {
		var out, errb bytes.Buffer
		if code := run(args, bytes.NewReader(in), &out, &errb); code != exitOK {
			return "", fmt.Errorf("stage %d (%q) exits %d: %s", i+1, args, code, errb.String())
		}
		if errb.Len() != 0 {
			return "", fmt.Errorf("stage %d (%q) writes to standard error: %s", i+1, args, errb.String())
		}
		in = out.Bytes()
	}
	return string(in), nil
}

var (
	commentAmount = regexp.MustCompile(`"amount": (\d+)`)
	commentTotal  = regexp.MustCompile(`"total": (-?\d+)`)
)

// Every command the README shows runs, in-process, against the files in
// testdata, exits 0 and prints JSON (the walk-through: some output), so the
// README cannot drift from the command.
func TestREADMECommands(t *testing.T) {
	cmds := readmeCommands(t)
	shown := map[string]bool{}
	for _, c := range cmds {
		for _, s := range c.stages {
			key := "walk-through"
			if len(s) > 0 {
				key = s[0]
				if (s[0] == "quote" || s[0] == "invoice") && len(s) > 1 {
					key += " " + s[1]
				}
			}
			shown[key] = true
		}
		if len(c.stages) > 1 {
			shown["a pipe"] = true
		}
		t.Run(strings.TrimSpace(strings.SplitN(c.line, " #", 2)[0]), func(t *testing.T) {
			out, err := runReadmeCommand(c)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.stages) == 1 && len(c.stages[0]) == 0 {
				if strings.TrimSpace(out) == "" {
					t.Error("the walk-through prints nothing")
				}
				return
			}
			if !json.Valid([]byte(out)) {
				t.Fatalf("output is not JSON:\n%.500s", out)
			}
			// A comment that promises an amount must be right.
			if m := commentAmount.FindStringSubmatch(c.comment); m != nil {
				var got struct{ Amount *int64 }
				_ = json.Unmarshal([]byte(out), &got)
				if want, _ := strconv.ParseInt(m[1], 10, 64); got.Amount == nil || *got.Amount != want {
					t.Errorf("the comment says amount %d; the output has %v", want, got.Amount)
				}
			}
			if m := commentTotal.FindStringSubmatch(c.comment); m != nil {
				var got struct{ Total *int64 }
				_ = json.Unmarshal([]byte(out), &got)
				if want, _ := strconv.ParseInt(m[1], 10, 64); got.Total == nil || *got.Total != want {
					t.Errorf("the comment says total %d; the output has %v", want, got.Total)
				}
			}
		})
	}
	// The README shows every subcommand, the walk-through and a pipe; a
	// rewrite that loses one (or this parser's view of the blocks) fails.
	for _, want := range []string{"walk-through", "price", "summary", "quote finalize", "quote accept", "quote cancel", "invoice preview", "invoice period", "a pipe"} {
		if !shown[want] {
			t.Errorf("README.md's sh blocks show no %s (found %d commands)", want, len(cmds))
		}
	}
}

// The README's pipe finalizes the shipped draft and accepts the result.
func TestREADMEPipe(t *testing.T) {
	var pipes int
	for _, c := range readmeCommands(t) {
		if len(c.stages) < 2 {
			continue
		}
		pipes++
		out, err := runReadmeCommand(c)
		if err != nil {
			t.Errorf("%q: %v", c.line, err)
			continue
		}
		last := c.stages[len(c.stages)-1]
		if len(last) < 2 || last[0] != "quote" || last[1] != "accept" {
			continue
		}
		var r map[string]json.RawMessage
		var q struct{ Status string }
		if err := json.Unmarshal([]byte(out), &r); err != nil || json.Unmarshal(r["quote"], &q) != nil {
			t.Fatalf("%q: output is not {\"quote\": ...}: %.300s", c.line, out)
		}
		if q.Status != "accepted" || (r["invoice"] == nil && r["subscription"] == nil && r["subscription_schedule"] == nil) {
			t.Errorf("%q: status %q, keys %v; want accepted with the created object", c.line, q.Status, keys(r))
		}
	}
	if pipes == 0 {
		t.Error("README.md shows no pipe between quote subcommands")
	}
}

// The parser refuses what it cannot run faithfully instead of skipping it.
func TestParseReadmeCommand(t *testing.T) {
	c, err := parseReadmeCommand("go run ./cmd/billingkit quote finalize -at 5 < cmd/billingkit/testdata/q.json | go run ./cmd/billingkit quote accept -at 6   # note")
	if err != nil || len(c.stages) != 2 || strings.Join(c.stages[0], " ") != "quote finalize -at 5" || strings.Join(c.stages[1], " ") != "quote accept -at 6" ||
		c.stdin != "cmd/billingkit/testdata/q.json" || c.comment != "note" {
		t.Errorf("parsed %+v, %v", c, err)
	}
	c, err = parseReadmeCommand("go run ./cmd/billingkit price -quantity 1 <cmd/billingkit/testdata/p.json")
	if err != nil || c.stdin != "cmd/billingkit/testdata/p.json" || strings.Join(c.stages[0], " ") != "price -quantity 1" {
		t.Errorf("parsed %+v, %v", c, err)
	}
	if c, err := parseReadmeCommand("go run ./cmd/billingkit"); err != nil || len(c.stages) != 1 || len(c.stages[0]) != 0 {
		t.Errorf("the walk-through parsed as %+v, %v", c, err)
	}
	for _, bad := range []string{
		`go run ./cmd/billingkit price -quantity "1" < cmd/billingkit/testdata/x.json`,
		`go run ./cmd/billingkit price -quantity 1 < cmd/billingkit/testdata/x.json > out.json`,
		`cat x.json | go run ./cmd/billingkit price -quantity 1`,
		`go run ./cmd/billingkit quote accept -at 1 | go run ./cmd/billingkit quote cancel -at 2 < cmd/billingkit/testdata/x.json`,
		`go run ./cmd/billingkit price < cmd/billingkit/testdata/x.json -quantity 1`,
		`go run ./cmd/billingkitx price -quantity 1`,
	} {
		if c, err := parseReadmeCommand(bad); err == nil {
			t.Errorf("%q was accepted as %+v", bad, c)
		}
	}
	for _, file := range []string{"price.json", "cmd/billingkit/testdata/../main.go", "cmd/billingkit/testdata/no-such-file.json"} {
		c := readmeCommand{line: "x", stages: [][]string{{"price", "-quantity", "1"}}, stdin: file}
		if _, err := runReadmeCommand(c); err == nil {
			t.Errorf("stdin %q was read", file)
		}
	}
	if _, err := runReadmeCommand(readmeCommand{line: "x", stages: [][]string{{"price", "-quantity", "010"}}, stdin: testdata + "graduated-price.json"}); err == nil {
		t.Error("a failing command passed")
	}
}
