package page

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ in, want string }{
		{"2025-08-15 15:37:00", "2025-08-15T15:37:00+08:00"},
		{"2025-08-15  15:37:00", "2025-08-15T15:37:00+08:00"},
		{"2025-08-15T15:37:00", "2025-08-15T15:37:00+08:00"},
		{"2025-08-15t15:37:00.5", "2025-08-15T15:37:00.5+08:00"},
		{"2025-08-15T07:37:00Z", "2025-08-15T15:37:00+08:00"},
		{"2025-08-15 10:37:00 +03:00", "2025-08-15T15:37:00+08:00"},
		{"2025-08-15T10:37:00+0300", "2025-08-15T15:37:00+08:00"},
		{"2025-08-15 15:37", "2025-08-15T15:37:00+08:00"},
		{"2025-08-15", "2025-08-15T00:00:00+08:00"},
		{"2025-8-5 9:07:03", "2025-08-05T09:07:03+08:00"},
		{"2013/7/13 20:46:25", "2013-07-13T20:46:25+08:00"},
		{"2013/07/13", "2013-07-13T00:00:00+08:00"},
		{"Fri, 15 Aug 2025 07:37:00 GMT", "2025-08-15T15:37:00+08:00"},
		{"Aug 15, 2025", "2025-08-15T00:00:00+08:00"},
		{"1755243420000", "2025-08-15T15:37:00+08:00"},
	} {
		got, err := ParseDate(tt.in, loc)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format(time.RFC3339Nano); s != tt.want {
			t.Errorf("ParseDate(%q) = %s, want %s", tt.in, s, tt.want)
		}
	}
	for _, bad := range []string{"", "soon", "2025-13-01", "15:37"} {
		if _, err := ParseDate(bad, loc); err == nil {
			t.Errorf("ParseDate(%q): no error", bad)
		}
	}
}

func TestFormatMoment(t *testing.T) {
	d := time.Date(2025, 8, 5, 15, 7, 3, 45e6, time.FixedZone("", 8*3600))
	for _, tt := range []struct{ format, want string }{
		{"YYYY-MM-DD", "2025-08-05"},
		{"HH:mm:ss", "15:07:03"},
		{"YY/M/D h:m:s A", "25/8/5 3:7:3 PM"},
		{"MMMM Do, YYYY", "August 5th, 2025"},
		{"ddd, MMM DD", "Tue, Aug 05"},
		{"[Week] E, [Q]Q, DDDD", "Week 2, Q3, 217"},
		{"YYYY年MM月DD日", "2025年08月05日"},
		{"SSS Z ZZ X", "045 +08:00 +0800 1754377623"},
	} {
		if got := FormatMoment(d, tt.format); got != tt.want {
			t.Errorf("FormatMoment(%q) = %q, want %q", tt.format, got, tt.want)
		}
	}
}
