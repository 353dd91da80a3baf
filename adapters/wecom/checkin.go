package wecom

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Punch is one record of WeCom's own check-in (checkin/getcheckindata).
// CheckinType is 上班打卡 (in), 下班打卡 (out) or 外出打卡 (field);
// ExceptionType lists what WeCom found wrong, separated by ';'
// (时间异常, 地点异常, 未打卡, wifi异常, 非常用设备). Lat and Lng are
// degrees times 1,000,000.
type Punch struct {
	UserID        string `json:"userid"`
	GroupName     string `json:"groupname"`
	CheckinType   string `json:"checkin_type"`
	ExceptionType string `json:"exception_type"`
	CheckinTime   int64  `json:"checkin_time"`
	LocationTitle string `json:"location_title"`
	Lat           int64  `json:"lat,omitempty"`
	Lng           int64  `json:"lng,omitempty"`
}

// PunchKind is what a punch is to hrbot.
type PunchKind int

// Punch kinds.
const (
	PunchOther PunchKind = iota // a field punch or a missed one: not imported
	PunchIn
	PunchOut
)

// Kind says whether p is a check-in, a check-out or neither. A record
// WeCom writes for a punch that was never made (未打卡) is neither.
func (p Punch) Kind() PunchKind {
	if p.Has("未打卡") || p.CheckinTime == 0 {
		return PunchOther
	}
	switch p.CheckinType {
	case "上班打卡":
		return PunchIn
	case "下班打卡":
		return PunchOut
	}
	return PunchOther
}

// Has reports whether WeCom flagged p with exception.
func (p Punch) Has(exception string) bool {
	for _, e := range strings.Split(p.ExceptionType, ";") {
		if strings.TrimSpace(e) == exception {
			return true
		}
	}
	return false
}

// OutsideArea reports whether WeCom found p outside the check-in area.
func (p Punch) OutsideArea() bool { return p.Has("地点异常") }

// Time is when p was punched.
func (p Punch) Time() time.Time { return time.Unix(p.CheckinTime, 0) }

// Key is p's identity in WeCom (userid, time, type): the same punch read
// twice has the same key.
func (p Punch) Key() string {
	return p.UserID + "@" + strconv.FormatInt(p.CheckinTime, 10) + "@" + p.CheckinType
}

// Limits of one getcheckindata call.
const (
	checkinMaxUsers = 100
	checkinMaxSpan  = 30 * 24 * time.Hour
)

// Punches reads every punch (type 3: on-duty, off-duty and field) the
// members made from from to to, in calls of at most 100 members and 30
// days as WeCom allows.
func (a *API) Punches(ctx context.Context, userIDs []string, from, to time.Time) ([]Punch, error) {
	var out []Punch
	for start := from; start.Before(to); start = start.Add(checkinMaxSpan) {
		end := start.Add(checkinMaxSpan)
		if end.After(to) {
			end = to
		}
		for i := 0; i < len(userIDs); i += checkinMaxUsers {
			users := userIDs[i:min(i+checkinMaxUsers, len(userIDs))]
			req := map[string]any{"opencheckindatatype": 3, "starttime": start.Unix(), "endtime": end.Unix() - 1, "useridlist": users}
			var resp struct {
				CheckinData []Punch `json:"checkindata"`
			}
			if err := a.Do(ctx, http.MethodPost, "/cgi-bin/checkin/getcheckindata", req, &resp); err != nil {
				return nil, fmt.Errorf("punches from %s: %w", start.Format(time.DateOnly), err)
			}
			out = append(out, resp.CheckinData...)
		}
	}
	return out, nil
}
