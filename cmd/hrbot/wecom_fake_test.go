package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/hrbot/hrbot/adapters/wecom"
)

// fakeWeCom is a WeCom API server on loopback with the directory and
// punch records a test sets: gettoken, department/list, user/list and
// checkin/getcheckindata, each checking the token it handed out.
type fakeWeCom struct {
	*httptest.Server
	mu       sync.Mutex
	deps     []wecom.Department
	members  []wecom.Member
	punches  []wecom.Punch
	checkins int // getcheckindata calls
}

func newFakeWeCom(t *testing.T) *fakeWeCom {
	f := &fakeWeCom{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /cgi-bin/gettoken", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("corpid") != "corp1" || r.URL.Query().Get("corpsecret") != "s3cret" {
			wecomJSON(w, map[string]any{"errcode": 40001, "errmsg": "invalid credential"})
			return
		}
		wecomJSON(w, map[string]any{"errcode": 0, "access_token": "tok", "expires_in": 7200})
	})
	authed := func(h func(w http.ResponseWriter, r *http.Request)) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("access_token") != "tok" {
				wecomJSON(w, map[string]any{"errcode": 40014, "errmsg": "invalid access_token"})
				return
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			h(w, r)
		}
	}
	mux.HandleFunc("GET /cgi-bin/department/list", authed(func(w http.ResponseWriter, r *http.Request) {
		wecomJSON(w, map[string]any{"errcode": 0, "department": f.deps})
	}))
	mux.HandleFunc("GET /cgi-bin/user/list", authed(func(w http.ResponseWriter, r *http.Request) {
		dep, _ := strconv.ParseInt(r.URL.Query().Get("department_id"), 10, 64)
		var out []wecom.Member
		for _, m := range f.members {
			for _, d := range m.Departments {
				if d == dep {
					out = append(out, m)
				}
			}
		}
		wecomJSON(w, map[string]any{"errcode": 0, "userlist": out})
	}))
	mux.HandleFunc("POST /cgi-bin/checkin/getcheckindata", authed(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Type      int      `json:"opencheckindatatype"`
			StartTime int64    `json:"starttime"`
			EndTime   int64    `json:"endtime"`
			Users     []string `json:"useridlist"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Type != 3 || len(req.Users) > 100 ||
			req.EndTime-req.StartTime > 30*86400 || req.EndTime < req.StartTime {
			wecomJSON(w, map[string]any{"errcode": 301023, "errmsg": "invalid request"})
			return
		}
		f.checkins++
		want := map[string]bool{}
		for _, u := range req.Users {
			want[u] = true
		}
		out := []wecom.Punch{}
		for _, p := range f.punches {
			if want[p.UserID] && p.CheckinTime >= req.StartTime && p.CheckinTime <= req.EndTime {
				out = append(out, p)
			}
		}
		wecomJSON(w, map[string]any{"errcode": 0, "checkindata": out})
	}))
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func wecomJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
