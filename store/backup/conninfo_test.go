package backup

import (
	"fmt"
	"strings"
	"testing"
)

// The client programs get the connection through libpq's environment:
// every form of DATABASE_URL is read as libpq would, and no error quotes it.
func TestConnParams(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		conn string
		want map[string]string
	}{
		{"postgres://hr:s%40cret@db.example:6432/hrbot?sslmode=require&pool_max_conns=10",
			map[string]string{"PGHOST": "db.example", "PGPORT": "6432", "PGUSER": "hr", "PGPASSWORD": "s@cret", "PGDATABASE": "hrbot", "PGSSLMODE": "require"}},
		{"postgresql://a:1,b,[::1]:3/db?application_name=x&connect_timeout=5",
			map[string]string{"PGHOST": "a,b,::1", "PGPORT": "1,,3", "PGDATABASE": "db", "PGAPPNAME": "x", "PGCONNECT_TIMEOUT": "5"}},
		{"postgres:///hrbot?host=/var/run/postgresql",
			map[string]string{"PGHOST": "/var/run/postgresql", "PGDATABASE": "hrbot"}},
		{"host=localhost  dbname=hrbot user = hr sslmode=disable",
			map[string]string{"PGHOST": "localhost", "PGDATABASE": "hrbot", "PGUSER": "hr", "PGSSLMODE": "disable"}},
		{`host=localhost dbname=hrbot password='it\'s a \\secret' statement_cache_capacity=0`,
			map[string]string{"PGHOST": "localhost", "PGDATABASE": "hrbot", "PGPASSWORD": `it's a \secret`}},
	} {
		p, err := connParams(c.conn)
		if err != nil {
			t.Errorf("%s: %v", c.conn, err)
			continue
		}
		env := libpqEnv([]string{"PATH=/bin", "PGPASSWORD=old"}, p)
		got := map[string]string{}
		for _, kv := range env {
			k, v, _ := strings.Cut(kv, "=")
			if strings.HasPrefix(k, "PG") {
				got[k] = v
			}
		}
		if _, ok := c.want["PGPASSWORD"]; !ok {
			c.want["PGPASSWORD"] = "old"
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.conn, got, c.want)
		}
	}
	if _, err := connParams("host=x password='unterminated"); err == nil || strings.Contains(err.Error(), "unterminated") {
		t.Errorf("bad keyword/value: %v", err)
	}
	if got := conninfoDBName(`it's\`); got != `dbname='it\'s\\'` {
		t.Errorf("conninfoDBName: %s", got)
	}
}
