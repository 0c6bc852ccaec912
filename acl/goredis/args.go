package goredis

import (
	"encoding"
	"net"
	"reflect"
	"strconv"
	"time"
	"unsafe"
)

// formatArg returns argument v as go-redis's proto.Writer writes it: a
// view of a string or []byte, or a number formatted by appending to buf,
// with the number of bytes appended.
func formatArg(v any, buf []byte) (b []byte, n int, ok bool) {
	switch v := v.(type) {
	case nil:
		return nil, 0, true
	case string:
		return unsafe.Slice(unsafe.StringData(v), len(v)), 0, true
	case *string:
		if v == nil {
			return nil, 0, true
		}
		return unsafe.Slice(unsafe.StringData(*v), len(*v)), 0, true
	case []byte:
		return v, 0, true
	case net.IP:
		return v, 0, true
	case encoding.BinaryMarshaler:
		switch v.(type) {
		case time.Time, *time.Time: // written as RFC 3339, below
		default:
			m, err := v.MarshalBinary()
			return m, 0, err == nil
		}
	}
	// A pointer to a number, bool, time or duration is written as what it
	// points to, a nil one as the zero value.
	if p := reflect.ValueOf(v); p.Kind() == reflect.Pointer {
		if p.IsNil() {
			p = reflect.Zero(p.Type().Elem())
		}
		v = reflect.Indirect(p).Interface()
	}
	switch v := v.(type) {
	case time.Time:
		b = v.AppendFormat(buf, time.RFC3339Nano)
	case time.Duration:
		b = strconv.AppendInt(buf, v.Nanoseconds(), 10)
	default:
		// Numbers and bools of the predeclared types; go-redis does not
		// write types defined on them.
		p := reflect.ValueOf(v)
		if !p.IsValid() || p.Type().PkgPath() != "" {
			return nil, 0, false
		}
		switch {
		case p.CanInt():
			b = strconv.AppendInt(buf, p.Int(), 10)
		case p.CanUint():
			b = strconv.AppendUint(buf, p.Uint(), 10)
		case p.CanFloat():
			b = strconv.AppendFloat(buf, p.Float(), 'f', -1, 64)
		case p.Kind() == reflect.Bool:
			b = append(buf, b2c(p.Bool()))
		default:
			return nil, 0, false
		}
	}
	return b, len(b) - len(buf), true
}

func b2c(b bool) byte {
	if b {
		return '1'
	}
	return '0'
}
