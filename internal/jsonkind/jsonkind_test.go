package jsonkind

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestReason(t *testing.T) {
	tests := []struct {
		name, in string
		into     func() any
		want     string
	}{
		{"array for an object", `[1]`, func() any { return &struct{ A int }{} }, "want an object, got array"},
		{"string for an array", `"x"`, func() any { return &[]int{} }, "want an array, got string"},
		{"string for an integer", `"1"`, func() any { return new(int64) }, "want an integer, got string"},
		{"object for a float", `{}`, func() any { return new(float64) }, "want a number, got object"},
		{"number for a boolean", `1`, func() any { return new(bool) }, "want a boolean, got number"},
		{"number for a string behind a pointer", `1`, func() any { return new(*string) }, "want a string, got number"},
		{"number for a map", `1`, func() any { return &map[string]int{} }, "want an object, got number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := json.Unmarshal([]byte(tc.in), tc.into())
			var te *json.UnmarshalTypeError
			if !errors.As(err, &te) {
				t.Fatalf("json.Unmarshal error = %v, want an UnmarshalTypeError", err)
			}
			if got := Reason(te); got != tc.want {
				t.Errorf("Reason = %q, want %q", got, tc.want)
			}
		})
	}
	if got := Of(nil); got != "another value" {
		t.Errorf("Of(nil) = %q", got)
	}
}
