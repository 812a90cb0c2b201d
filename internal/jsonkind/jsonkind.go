// Package jsonkind names JSON kinds for error messages that speak of the
// wire rather than of Go types: "want an array, got string" instead of
// "cannot unmarshal string into Go value of type []credit.Grant".
package jsonkind

import (
	"encoding/json"
	"reflect"
)

// Of names the JSON value that decodes into t: "an object", "an array",
// "a string", "a boolean", "an integer", "a number", or "another value".
func Of(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another value"
}

// Reason describes a type mismatch as "want <kind>, got <JSON kind>".
func Reason(e *json.UnmarshalTypeError) string {
	return "want " + Of(e.Type) + ", got " + e.Value
}
